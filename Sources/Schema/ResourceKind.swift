/// The kinds of resource credc manages: the one list every layer (model, manifest, plan,
/// metadata) switches over. Switches over it are exhaustive, never `default:`, so that a new
/// kind does not compile until every layer says what it does with it.
///
/// `allCases` is the dependency order: what must exist before what refers to it. Deploys apply
/// kinds in this order and delete them in reverse; nothing else defines the order.
public enum ResourceKind: String, CaseIterable, Sendable, Hashable {
    case externalAuthIdentityProvider = "ExternalAuthIdentityProvider"
    case externalCredential = "ExternalCredential"
    case namedCredential = "NamedCredential"

    public var summary: String {
        switch self {
        case .externalAuthIdentityProvider:
            "An OAuth identity provider (token endpoint) that external credentials get tokens from."
        case .externalCredential:
            "How Salesforce authenticates to an external system, and which principals may use it."
        case .namedCredential:
            "A callout endpoint (URL) that authenticates through an external credential."
        }
    }

    /// The fields of a document of this kind, header included.
    public var fields: [FieldSpec] {
        switch self {
        case .externalAuthIdentityProvider: Fields.provider
        case .externalCredential: Fields.externalCredential
        case .namedCredential: Fields.namedCredential
        }
    }

    /// The kinds as a list for messages: `A, B, C`.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
