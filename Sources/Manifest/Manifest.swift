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

    public init(
        providers: [ManifestProvider] = [], externalCredentials: [ManifestExternalCredential] = [],
        namedCredentials: [ManifestNamedCredential] = []
    ) {
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

    public var providers: [ManifestProvider] {
        get { records(of: .externalAuthIdentityProvider).map(ManifestProvider.init(record:)) }
        set { setRecords(newValue.map(\.record), of: .externalAuthIdentityProvider) }
    }

    public var externalCredentials: [ManifestExternalCredential] {
        get { records(of: .externalCredential).map(ManifestExternalCredential.init(record:)) }
        set { setRecords(newValue.map(\.record), of: .externalCredential) }
    }

    public var namedCredentials: [ManifestNamedCredential] {
        get { records(of: .namedCredential).map(ManifestNamedCredential.init(record:)) }
        set { setRecords(newValue.map(\.record), of: .namedCredential) }
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

/// `kind: ExternalAuthIdentityProvider`: typed access to its ``ManifestRecord``.
public struct ManifestProvider: Hashable, Sendable {
    /// The values; replacing it keeps the record's type.
    public var record: ManifestRecord { didSet { precondition(record.type == oldValue.type) } }

    public init(record: ManifestRecord) {
        precondition(record.type == .resource(.externalAuthIdentityProvider))
        self.record = record
    }

    /// A field left `nil` takes the field table's default.
    public init(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String, tokenUrl: String, defaultScopes: [String] = [], clientAuthentication: String? = nil,
        authorizeUrl: String? = nil, userInfoUrl: String? = nil, pkce: Bool? = nil,
        tokenRequest: ManifestRequestParameters? = nil, refreshRequest: ManifestRequestParameters? = nil,
        unmanaged: Bool? = nil
    ) {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .description: JSONValue(description),
            .protocol: .string(`protocol`), .flow: .string(flow), .tokenUrl: .string(tokenUrl),
            .defaultScopes: JSONValue(defaultScopes), .authorizeUrl: JSONValue(authorizeUrl),
            .userInfoUrl: JSONValue(userInfoUrl),
        ]
        values[.clientAuthentication] = clientAuthentication.map(JSONValue.string)
        values[.pkce] = pkce.map(JSONValue.bool)
        values[.tokenRequest] = tokenRequest?.json
        values[.refreshRequest] = refreshRequest?.json
        values[.unmanaged] = unmanaged.map(JSONValue.bool)
        record = ManifestRecord(.resource(.externalAuthIdentityProvider), values)
    }

    public var name: String {
        get { record.name }
        set { record[.name] = .string(newValue) }
    }
    public var label: String {
        get { record.string(.label) }
        set { record[.label] = .string(newValue) }
    }
    public var description: String? {
        get { record.optionalString(.description) }
        set { record[.description] = JSONValue(newValue) }
    }
    public var `protocol`: String {
        get { record.string(.protocol) }
        set { record[.protocol] = .string(newValue) }
    }
    public var flow: String {
        get { record.string(.flow) }
        set { record[.flow] = .string(newValue) }
    }
    public var tokenUrl: String {
        get { record.string(.tokenUrl) }
        set { record[.tokenUrl] = .string(newValue) }
    }
    public var defaultScopes: [String] {
        get { record.strings(.defaultScopes) }
        set { record[.defaultScopes] = JSONValue(newValue) }
    }
    /// `header` (HTTP Basic, the default) or `body`.
    public var clientAuthentication: String {
        get { record.string(.clientAuthentication) }
        set { record[.clientAuthentication] = .string(newValue) }
    }
    /// AuthorizationCode providers only.
    public var authorizeUrl: String? {
        get { record.optionalString(.authorizeUrl) }
        set { record[.authorizeUrl] = JSONValue(newValue) }
    }
    public var userInfoUrl: String? {
        get { record.optionalString(.userInfoUrl) }
        set { record[.userInfoUrl] = JSONValue(newValue) }
    }
    public var pkce: Bool {
        get { record.bool(.pkce) }
        set { record[.pkce] = .bool(newValue) }
    }
    public var tokenRequest: ManifestRequestParameters {
        get { ManifestRequestParameters(json: record[.tokenRequest]) }
        set { record[.tokenRequest] = newValue.json }
    }
    public var refreshRequest: ManifestRequestParameters {
        get { ManifestRequestParameters(json: record[.refreshRequest]) }
        set { record[.refreshRequest] = newValue.json }
    }
    public var unmanaged: Bool {
        get { record.bool(.unmanaged) }
        set { record[.unmanaged] = .bool(newValue) }
    }
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

extension ManifestRecord {
    /// A request-parameters field (`tokenRequest`, `authorizeRequest`).
    public func requestParameters(_ id: FieldID) -> ManifestRequestParameters { ManifestRequestParameters(json: self[id]) }
}

/// `kind: ExternalCredential`: typed access to its ``ManifestRecord``.
public struct ManifestExternalCredential: Hashable, Sendable {
    /// The values; replacing it keeps the record's type.
    public var record: ManifestRecord { didSet { precondition(record.type == oldValue.type) } }

    public init(record: ManifestRecord) {
        precondition(record.type == .resource(.externalCredential))
        self.record = record
    }

    /// A field left `nil` takes the field table's default.
    public init(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String = "ClientCredentialsExternalIdentityProvider", identityProvider: String,
        scope: String? = nil, passClientCredentialsInBody: Bool? = nil,
        additionalRefreshStatusCodes: [Int] = [], principals: [ManifestPrincipal] = []
    ) {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .description: JSONValue(description),
            .protocol: .string(`protocol`), .flow: .string(flow), .identityProvider: .string(identityProvider),
            .scope: JSONValue(scope), .additionalRefreshStatusCodes: JSONValue(additionalRefreshStatusCodes),
            .principals: .array(principals.map(\.record.json)),
        ]
        values[.passClientCredentialsInBody] = passClientCredentialsInBody.map(JSONValue.bool)
        record = ManifestRecord(.resource(.externalCredential), values)
    }

    public var name: String {
        get { record.string(.name) }
        set { record[.name] = .string(newValue) }
    }
    public var label: String {
        get { record.string(.label) }
        set { record[.label] = .string(newValue) }
    }
    public var description: String? {
        get { record.optionalString(.description) }
        set { record[.description] = JSONValue(newValue) }
    }
    public var `protocol`: String {
        get { record.string(.protocol) }
        set { record[.protocol] = .string(newValue) }
    }
    public var flow: String {
        get { record.string(.flow) }
        set { record[.flow] = .string(newValue) }
    }
    public var identityProvider: String {
        get { record.string(.identityProvider) }
        set { record[.identityProvider] = .string(newValue) }
    }
    public var scope: String? {
        get { record.optionalString(.scope) }
        set { record[.scope] = JSONValue(newValue) }
    }
    public var passClientCredentialsInBody: Bool {
        get { record.bool(.passClientCredentialsInBody) }
        set { record[.passClientCredentialsInBody] = .bool(newValue) }
    }
    public var additionalRefreshStatusCodes: [Int] {
        get { record.integers(.additionalRefreshStatusCodes) }
        set { record[.additionalRefreshStatusCodes] = JSONValue(newValue) }
    }
    public var principals: [ManifestPrincipal] {
        get { record.records(.principals).map(ManifestPrincipal.init(record:)) }
        set { record[.principals] = .array(newValue.map(\.record.json)) }
    }
}

/// A principal of an external credential: typed access to its ``ManifestRecord``.
public struct ManifestPrincipal: Hashable, Sendable {
    /// The values; replacing it keeps the record's type.
    public var record: ManifestRecord { didSet { precondition(record.type == oldValue.type) } }

    public init(record: ManifestRecord) {
        precondition(record.type == .principal)
        self.record = record
    }

    /// A field left `nil` takes the field table's default.
    public init(
        name: String, sequence: Int, identityType: String? = nil, permissionSets: [String] = [], profiles: [String] = []
    ) {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .sequence: .integer(sequence), .permissionSets: JSONValue(permissionSets),
            .profiles: JSONValue(profiles),
        ]
        values[.identityType] = identityType.map(JSONValue.string)
        record = ManifestRecord(.principal, values)
    }

    public var name: String {
        get { record.string(.name) }
        set { record[.name] = .string(newValue) }
    }
    public var sequence: Int {
        get { record.integer(.sequence) }
        set { record[.sequence] = .integer(newValue) }
    }
    public var identityType: String {
        get { record.string(.identityType) }
        set { record[.identityType] = .string(newValue) }
    }
    public var permissionSets: [String] {
        get { record.strings(.permissionSets) }
        set { record[.permissionSets] = JSONValue(newValue) }
    }
    public var profiles: [String] {
        get { record.strings(.profiles) }
        set { record[.profiles] = JSONValue(newValue) }
    }
}

/// `kind: NamedCredential`: typed access to its ``ManifestRecord``.
public struct ManifestNamedCredential: Hashable, Sendable {
    /// The values; replacing it keeps the record's type.
    public var record: ManifestRecord { didSet { precondition(record.type == oldValue.type) } }

    public init(record: ManifestRecord) {
        precondition(record.type == .resource(.namedCredential))
        self.record = record
    }

    /// A field left `nil` takes the field table's default.
    public init(
        name: String, label: String, url: String, externalCredential: String,
        generateAuthorizationHeader: Bool? = nil, allowFormulasInHeaders: Bool? = nil,
        allowFormulasInBody: Bool? = nil, allowedNamespaces: [String] = [], enabled: Bool? = nil
    ) {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .url: .string(url),
            .externalCredential: .string(externalCredential), .allowedNamespaces: JSONValue(allowedNamespaces),
        ]
        values[.generateAuthorizationHeader] = generateAuthorizationHeader.map(JSONValue.bool)
        values[.allowFormulasInHeaders] = allowFormulasInHeaders.map(JSONValue.bool)
        values[.allowFormulasInBody] = allowFormulasInBody.map(JSONValue.bool)
        values[.enabled] = enabled.map(JSONValue.bool)
        record = ManifestRecord(.resource(.namedCredential), values)
    }

    public var name: String {
        get { record.string(.name) }
        set { record[.name] = .string(newValue) }
    }
    public var label: String {
        get { record.string(.label) }
        set { record[.label] = .string(newValue) }
    }
    public var url: String {
        get { record.string(.url) }
        set { record[.url] = .string(newValue) }
    }
    public var externalCredential: String {
        get { record.string(.externalCredential) }
        set { record[.externalCredential] = .string(newValue) }
    }
    public var generateAuthorizationHeader: Bool {
        get { record.bool(.generateAuthorizationHeader) }
        set { record[.generateAuthorizationHeader] = .bool(newValue) }
    }
    public var allowFormulasInHeaders: Bool {
        get { record.bool(.allowFormulasInHeaders) }
        set { record[.allowFormulasInHeaders] = .bool(newValue) }
    }
    public var allowFormulasInBody: Bool {
        get { record.bool(.allowFormulasInBody) }
        set { record[.allowFormulasInBody] = .bool(newValue) }
    }
    public var allowedNamespaces: [String] {
        get { record.strings(.allowedNamespaces) }
        set { record[.allowedNamespaces] = JSONValue(newValue) }
    }
    public var enabled: Bool {
        get { record.bool(.enabled) }
        set { record[.enabled] = .bool(newValue) }
    }
}
