/// The input format of SPEC §1 as data: one table drives decoding, the manifest, `credc schema`
/// and the docs, so that the JSON Schema can never disagree with the checker.

/// The type a field's value must have.
public enum FieldType: Sendable, Hashable {
    case string
    case boolean
    case integer
    case stringList
    /// Any scalars: the refresh-status-code rule explains a wrong item better than a type error.
    case scalarList
    case principals
}

/// One field of a resource or principal.
public struct FieldSpec: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var isRequired: Bool
    public var description: String
    /// The values the checker accepts, when the set is closed.
    public var allowedValues: [String]?
    public var defaultValue: String?
    public var minLength: Int?
    public var maxLength: Int?

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, _ description: String,
        allowed: [String]? = nil, default defaultValue: String? = nil, minLength: Int? = nil,
        maxLength: Int? = nil
    ) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.description = description
        self.allowedValues = allowed
        self.defaultValue = defaultValue
        self.minLength = minLength
        self.maxLength = maxLength
    }
}

/// Values with their own rules beyond "one of these".
public enum Vocabulary {
    public static let apiVersion = "credc/v1"
    public static let protocols = ["OAuth"]
    public static let providerFlows = ["ClientCredentials", "AuthorizationCode"]
    public static let supportedCredentialFlows = ["ClientCredentialsExternalIdentityProvider"]
    /// Flows Salesforce has and v1 recognises, to say "not supported yet" rather than "unknown".
    public static let unsupportedCredentialFlows = [
        "BrowserFlow", "ClientCredentialsClientSecret", "ClientCredentialsJwtAssertion", "JwtBearer",
    ]
    public static let identityTypes = ["NamedPrincipal", "PerUserPrincipal"]
    /// Keys that only ever hold credentials on a principal: forbidden there, not unknown.
    public static let principalCredentialKeys = ["clientId", "clientSecret"]
    public static let maxLabelLength = 80
    public static let maxSequence = 2_147_483_647
}

public enum Fields {
    static let header = [
        FieldSpec("apiVersion", .string, required: true, "Always `credc/v1`.", allowed: [Vocabulary.apiVersion]),
        FieldSpec("kind", .string, required: true, "The resource kind.", allowed: ResourceKind.allCases.map(\.rawValue)),
    ]

    static let nameAndLabel = [
        FieldSpec(
            "name", .string, required: true,
            "Developer name: ASCII letters, digits and underscores; starts with a letter; no trailing or doubled underscores; at most 80 characters.",
            maxLength: 80),
        FieldSpec("label", .string, required: true, "Label shown in Setup, 1 to 80 characters.", minLength: 1, maxLength: 80),
        FieldSpec("description", .string, "Free text."),
    ]

    public static let provider =
        header + nameAndLabel + [
            FieldSpec("protocol", .string, required: true, "Authentication protocol.", allowed: Vocabulary.protocols),
            FieldSpec(
                "flow", .string, required: true, "OAuth flow the provider issues tokens with.",
                allowed: Vocabulary.providerFlows),
            FieldSpec("tokenUrl", .string, required: true, "Absolute https URL of the token endpoint."),
            FieldSpec("defaultScopes", .stringList, "Scopes requested when a credential sets none."),
            FieldSpec(
                "unmanaged", .boolean,
                "True when the provider exists in the org and is only referenced, never created, updated or deleted.",
                default: "false"),
        ]

    public static let externalCredential =
        header + nameAndLabel + [
            FieldSpec("protocol", .string, required: true, "Authentication protocol.", allowed: Vocabulary.protocols),
            FieldSpec(
                "flow", .string, required: true, "OAuth flow; v1 supports ClientCredentialsExternalIdentityProvider.",
                allowed: Vocabulary.supportedCredentialFlows + Vocabulary.unsupportedCredentialFlows),
            FieldSpec("identityProvider", .string, required: true, "Name of an ExternalAuthIdentityProvider."),
            FieldSpec("scope", .string, "Static scopes separated by spaces, or a formula `{!...}`."),
            FieldSpec(
                "passClientCredentialsInBody", .boolean,
                "Send client credentials in the request body instead of an HTTP Basic Authorization header.",
                default: "false"),
            FieldSpec(
                "additionalRefreshStatusCodes", .scalarList,
                "HTTP status codes that, besides 401, trigger a token refresh: 400..499 or 600..999."),
            FieldSpec("principals", .principals, "The principals users authenticate as."),
        ]

    public static let principal = [
        FieldSpec(
            "name", .string, required: true,
            "Parameter name, unique in the credential: 1 to 255 letters, digits, spaces, underscores and hyphens, starting with a letter.",
            minLength: 1, maxLength: 255),
        FieldSpec(
            "sequence", .integer, required: true,
            "Sequence number, unique in the credential, 1 to 2147483647; lower is applied first."),
        FieldSpec(
            "identityType", .string, "Identity type; this flow allows only NamedPrincipal.",
            allowed: Vocabulary.identityTypes, default: "NamedPrincipal"),
        FieldSpec("permissionSets", .stringList, "Permission sets that get access to this principal."),
        FieldSpec("profiles", .stringList, "Profiles that get access to this principal."),
    ]

    public static let namedCredential =
        header + nameAndLabel.filter { $0.name != "description" } + [
            FieldSpec("url", .string, required: true, "Absolute https URL of the endpoint, without a query string."),
            FieldSpec("externalCredential", .string, required: true, "Name of an ExternalCredential."),
            FieldSpec(
                "generateAuthorizationHeader", .boolean, "Add the Authorization header to callouts.",
                default: "true"),
            FieldSpec("allowFormulasInHeaders", .boolean, "Allow formulas in callout headers.", default: "false"),
            FieldSpec("allowFormulasInBody", .boolean, "Allow formulas in callout bodies.", default: "false"),
            FieldSpec("allowedNamespaces", .stringList, "Managed-package namespaces allowed to use this credential."),
            FieldSpec("enabled", .boolean, "Callout status: false disables callouts.", default: "true"),
        ]
}
