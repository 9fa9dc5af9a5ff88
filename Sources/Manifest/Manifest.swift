import JSON
import Schema

/// The deployment manifest of SPEC §5: what `build` writes and what `plan` reads as state.
///
/// A manifest is its resources: per kind, ``ManifestRecord``s, each its field values keyed by
/// field ID. Values are normalized: every optional field has its default, lists of names are
/// sorted (by code point) and deduplicated, principals are ordered by sequence, resources by
/// name. Records normalize every value stored in them and the manifest keeps each kind in name
/// order, so that no way of building or changing a manifest yields one whose bytes depend on how
/// it was built. ``providers``, ``externalCredentials`` and ``namedCredentials`` are typed views.
public struct Manifest: Hashable, Sendable {
    private var resources: [ResourceKind: [ManifestRecord]] = [:]
    /// The environment whose values this manifest holds (SPEC §7); outside the resources and
    /// their digest.
    public var environment: String?

    public init(providers: [ManifestRecord] = [], externalCredentials: [ManifestRecord] = [], namedCredentials: [ManifestRecord] = []) {
        self.providers = providers
        self.externalCredentials = externalCredentials
        self.namedCredentials = namedCredentials
    }

    /// The resources of `kind`, by name.
    public func records(of kind: ResourceKind) -> [ManifestRecord] { resources[kind] ?? [] }

    /// Replaces the resources of `kind`; each must be of that kind.
    public mutating func setRecords(_ records: [ManifestRecord], of kind: ResourceKind) {
        precondition(records.allSatisfy { $0.type == .resource(kind) })
        resources[kind] = records.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The external auth identity providers, by name.
    public var providers: [ManifestRecord] {
        get { records(of: .externalAuthIdentityProvider) }
        set { setRecords(newValue, of: .externalAuthIdentityProvider) }
    }

    /// The external credentials, by name.
    public var externalCredentials: [ManifestRecord] {
        get { records(of: .externalCredential) }
        set { setRecords(newValue, of: .externalCredential) }
    }

    /// The named credentials, by name.
    public var namedCredentials: [ManifestRecord] {
        get { records(of: .namedCredential) }
        set { setRecords(newValue, of: .namedCredential) }
    }

    /// The same manifest with every principal's `profiles` emptied: what a state read from
    /// metadata is compared against, since metadata carries no profile access.
    public func withoutProfileGrants() -> Manifest {
        var manifest = self
        manifest.externalCredentials = externalCredentials.map { credential in
            var credential = credential
            credential.principals = credential.principals.map { principal in
                var principal = principal
                principal.profiles = []
                return principal
            }
            return credential
        }
        return manifest
    }
}

/// Typed access to the fields of records, for code that needs typed values: one accessor per
/// field ID, whatever kinds have the field (a kind without it reads its empty value). Records are
/// made from values keyed by field ID (``ManifestRecord/init(_:_:)``), never from per-kind
/// initializers with defaulted parameters, so no field can be left out by forgetting it.
extension ManifestRecord {
    public var label: String { get { string(.label) } set { self[.label] = .string(newValue) } }
    public var description: String? { get { optionalString(.description) } set { self[.description] = JSONValue(newValue) } }
    public var `protocol`: String { get { string(.protocol) } set { self[.protocol] = .string(newValue) } }
    public var flow: String { get { string(.flow) } set { self[.flow] = .string(newValue) } }
    // ExternalAuthIdentityProvider
    public var tokenUrl: String { get { string(.tokenUrl) } set { self[.tokenUrl] = .string(newValue) } }
    public var defaultScopes: [String] { get { strings(.defaultScopes) } set { self[.defaultScopes] = JSONValue(newValue) } }
    /// `header` (HTTP Basic, the default) or `body`.
    public var clientAuthentication: String {
        get { string(.clientAuthentication) }
        set { self[.clientAuthentication] = .string(newValue) }
    }
    /// AuthorizationCode providers only.
    public var authorizeUrl: String? { get { optionalString(.authorizeUrl) } set { self[.authorizeUrl] = JSONValue(newValue) } }
    public var userInfoUrl: String? { get { optionalString(.userInfoUrl) } set { self[.userInfoUrl] = JSONValue(newValue) } }
    public var pkce: Bool { get { bool(.pkce) } set { self[.pkce] = .bool(newValue) } }
    public var tokenRequest: ManifestRequestParameters {
        get { ManifestRequestParameters(json: self[.tokenRequest]) }
        set { self[.tokenRequest] = newValue.json }
    }
    public var refreshRequest: ManifestRequestParameters {
        get { ManifestRequestParameters(json: self[.refreshRequest]) }
        set { self[.refreshRequest] = newValue.json }
    }
    public var authorizeRequest: ManifestRequestParameters {
        get { ManifestRequestParameters(json: self[.authorizeRequest]) }
        set { self[.authorizeRequest] = newValue.json }
    }
    public var unmanaged: Bool { get { bool(.unmanaged) } set { self[.unmanaged] = .bool(newValue) } }
    // ExternalCredential
    public var identityProvider: String { get { string(.identityProvider) } set { self[.identityProvider] = .string(newValue) } }
    public var scope: String? { get { optionalString(.scope) } set { self[.scope] = JSONValue(newValue) } }
    public var passClientCredentialsInBody: Bool {
        get { bool(.passClientCredentialsInBody) }
        set { self[.passClientCredentialsInBody] = .bool(newValue) }
    }
    public var additionalRefreshStatusCodes: [Int] {
        get { integers(.additionalRefreshStatusCodes) }
        set { self[.additionalRefreshStatusCodes] = JSONValue(newValue) }
    }
    public var principals: [ManifestRecord] {
        get { records(.principals) }
        set { self[.principals] = .array(newValue.map(\.json)) }
    }
    // Principal
    public var sequence: Int { get { integer(.sequence) } set { self[.sequence] = .integer(newValue) } }
    public var identityType: String { get { string(.identityType) } set { self[.identityType] = .string(newValue) } }
    public var permissionSets: [String] { get { strings(.permissionSets) } set { self[.permissionSets] = JSONValue(newValue) } }
    public var profiles: [String] { get { strings(.profiles) } set { self[.profiles] = JSONValue(newValue) } }
    // NamedCredential
    public var url: String { get { string(.url) } set { self[.url] = .string(newValue) } }
    public var externalCredential: String {
        get { string(.externalCredential) }
        set { self[.externalCredential] = .string(newValue) }
    }
    public var generateAuthorizationHeader: Bool {
        get { bool(.generateAuthorizationHeader) }
        set { self[.generateAuthorizationHeader] = .bool(newValue) }
    }
    public var allowFormulasInHeaders: Bool {
        get { bool(.allowFormulasInHeaders) }
        set { self[.allowFormulasInHeaders] = .bool(newValue) }
    }
    public var allowFormulasInBody: Bool { get { bool(.allowFormulasInBody) } set { self[.allowFormulasInBody] = .bool(newValue) } }
    public var allowedNamespaces: [String] {
        get { strings(.allowedNamespaces) }
        set { self[.allowedNamespaces] = JSONValue(newValue) }
    }
    public var enabled: Bool { get { bool(.enabled) } set { self[.enabled] = .bool(newValue) } }
}

/// Extra parameters of a provider's token or refresh request: name → value in the body, the
/// query string and the HTTP headers.
public struct ManifestRequestParameters: Hashable, Sendable {
    public var body: [String: String]
    public var query: [String: String]
    public var headers: [String: String]

    public init(body: [String: String] = [:], query: [String: String] = [:], headers: [String: String] = [:]) {
        self.body = body
        self.query = query
        self.headers = headers
    }

    public var isEmpty: Bool { body.isEmpty && query.isEmpty && headers.isEmpty }

    /// `{"body": {...}, "headers": {...}, "query": {...}}`, every place present.
    public var json: JSONValue {
        func object(_ parameters: [String: String]) -> JSONValue { .object(parameters.mapValues { .string($0) }) }
        return .object(["body": object(body), "query": object(query), "headers": object(headers)])
    }

    /// The parameters of a manifest value as ``json`` writes it.
    public init(json: JSONValue) {
        func strings(_ place: String) -> [String: String] {
            guard case .object(let members) = json, case .object(let values)? = members[place] else { return [:] }
            return values.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
        }
        self.init(body: strings("body"), query: strings("query"), headers: strings("headers"))
    }
}

