import Schema

/// The deployment manifest of SPEC §5: what `build` writes and what `plan` reads as state.
///
/// Values are normalized: every optional field has its default, lists of names are sorted
/// (by code point) and deduplicated, principals are ordered by sequence, resources by name.
/// The initializers normalize, and so does every assignment to a list (its `didSet`), so that no
/// way of building or changing a manifest yields one whose bytes depend on how it was built.
public struct Manifest: Hashable, Sendable {
    public var providers: [ManifestProvider] { didSet { providers = byName(providers) } }
    public var externalCredentials: [ManifestExternalCredential] {
        didSet { externalCredentials = byName(externalCredentials) }
    }
    public var namedCredentials: [ManifestNamedCredential] { didSet { namedCredentials = byName(namedCredentials) } }
    /// The environment whose values this manifest holds (SPEC §7); outside the resources and
    /// their digest.
    public var environment: String?

    public init(
        providers: [ManifestProvider] = [], externalCredentials: [ManifestExternalCredential] = [],
        namedCredentials: [ManifestNamedCredential] = []
    ) {
        self.providers = byName(providers)
        self.externalCredentials = byName(externalCredentials)
        self.namedCredentials = byName(namedCredentials)
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

/// A resource of the manifest, kept in name order.
protocol NamedResource {
    var name: String { get }
}

extension ManifestProvider: NamedResource {}
extension ManifestExternalCredential: NamedResource {}
extension ManifestNamedCredential: NamedResource {}

private func byName<Resource: NamedResource>(_ resources: [Resource]) -> [Resource] {
    resources.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
}

/// `kind: ExternalAuthIdentityProvider`.
public struct ManifestProvider: Hashable, Sendable {
    public var name: String
    public var label: String
    public var description: String?
    public var `protocol`: String
    public var flow: String
    public var tokenUrl: String
    public var defaultScopes: [String] { didSet { defaultScopes = normalizedNames(defaultScopes) } }
    /// `header` (HTTP Basic, the default) or `body`.
    public var clientAuthentication: String
    /// AuthorizationCode providers only.
    public var authorizeUrl: String?
    public var userInfoUrl: String?
    public var pkce: Bool
    public var tokenRequest: ManifestRequestParameters
    public var refreshRequest: ManifestRequestParameters
    public var unmanaged: Bool

    public init(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String, tokenUrl: String, defaultScopes: [String] = [],
        clientAuthentication: String = Fields.providerClientAuthentication.defaultString,
        authorizeUrl: String? = nil, userInfoUrl: String? = nil, pkce: Bool = Fields.providerPKCE.defaultBool,
        tokenRequest: ManifestRequestParameters = ManifestRequestParameters(),
        refreshRequest: ManifestRequestParameters = ManifestRequestParameters(),
        unmanaged: Bool = Fields.providerUnmanaged.defaultBool
    ) {
        self.name = name
        self.label = label
        self.description = description
        self.protocol = `protocol`
        self.flow = flow
        self.tokenUrl = tokenUrl
        self.defaultScopes = normalizedNames(defaultScopes)
        self.clientAuthentication = clientAuthentication
        self.authorizeUrl = authorizeUrl
        self.userInfoUrl = userInfoUrl
        self.pkce = pkce
        self.tokenRequest = tokenRequest
        self.refreshRequest = refreshRequest
        self.unmanaged = unmanaged
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
}

/// `kind: ExternalCredential`.
public struct ManifestExternalCredential: Hashable, Sendable {
    public var name: String
    public var label: String
    public var description: String?
    public var `protocol`: String
    public var flow: String
    public var identityProvider: String
    public var scope: String?
    public var passClientCredentialsInBody: Bool
    public var additionalRefreshStatusCodes: [Int] {
        didSet { additionalRefreshStatusCodes = normalizedCodes(additionalRefreshStatusCodes) }
    }
    public var principals: [ManifestPrincipal] { didSet { principals = bySequence(principals) } }

    public init(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String = "ClientCredentialsExternalIdentityProvider", identityProvider: String,
        scope: String? = nil,
        passClientCredentialsInBody: Bool = Fields.credentialPassClientCredentialsInBody.defaultBool,
        additionalRefreshStatusCodes: [Int] = [], principals: [ManifestPrincipal] = []
    ) {
        self.name = name
        self.label = label
        self.description = description
        self.protocol = `protocol`
        self.flow = flow
        self.identityProvider = identityProvider
        self.scope = scope
        self.passClientCredentialsInBody = passClientCredentialsInBody
        self.additionalRefreshStatusCodes = normalizedCodes(additionalRefreshStatusCodes)
        self.principals = bySequence(principals)
    }
}

/// A principal of an external credential.
public struct ManifestPrincipal: Hashable, Sendable {
    public var name: String
    public var sequence: Int
    public var identityType: String
    public var permissionSets: [String] { didSet { permissionSets = normalizedNames(permissionSets) } }
    public var profiles: [String] { didSet { profiles = normalizedNames(profiles) } }

    public init(
        name: String, sequence: Int, identityType: String = Fields.principalIdentityType.defaultString,
        permissionSets: [String] = [], profiles: [String] = []
    ) {
        self.name = name
        self.sequence = sequence
        self.identityType = identityType
        self.permissionSets = normalizedNames(permissionSets)
        self.profiles = normalizedNames(profiles)
    }
}

/// `kind: NamedCredential`.
public struct ManifestNamedCredential: Hashable, Sendable {
    public var name: String
    public var label: String
    public var url: String
    public var externalCredential: String
    public var generateAuthorizationHeader: Bool
    public var allowFormulasInHeaders: Bool
    public var allowFormulasInBody: Bool
    public var allowedNamespaces: [String] { didSet { allowedNamespaces = normalizedNames(allowedNamespaces) } }
    public var enabled: Bool

    public init(
        name: String, label: String, url: String, externalCredential: String,
        generateAuthorizationHeader: Bool = Fields.namedGenerateAuthorizationHeader.defaultBool,
        allowFormulasInHeaders: Bool = Fields.namedAllowFormulasInHeaders.defaultBool,
        allowFormulasInBody: Bool = Fields.namedAllowFormulasInBody.defaultBool, allowedNamespaces: [String] = [],
        enabled: Bool = Fields.namedEnabled.defaultBool
    ) {
        self.name = name
        self.label = label
        self.url = url
        self.externalCredential = externalCredential
        self.generateAuthorizationHeader = generateAuthorizationHeader
        self.allowFormulasInHeaders = allowFormulasInHeaders
        self.allowFormulasInBody = allowFormulasInBody
        self.allowedNamespaces = normalizedNames(allowedNamespaces)
        self.enabled = enabled
    }
}

/// Sorted by code point and deduplicated by exact bytes, so that equal sets compare and print
/// equal. `Set<String>` would merge canonically equivalent spellings (`é` and `e` + U+0301)
/// and keep whichever came first, making the output depend on input order.
func normalizedNames(_ names: [String]) -> [String] {
    Set(names.map { Array($0.utf8) }).sorted { $0.lexicographicallyPrecedes($1) }
        .map { String(decoding: $0, as: UTF8.self) }
}

private func normalizedCodes(_ codes: [Int]) -> [Int] { Array(Set(codes)).sorted() }

private func bySequence(_ principals: [ManifestPrincipal]) -> [ManifestPrincipal] {
    principals.sorted {
        $0.sequence != $1.sequence
            ? $0.sequence < $1.sequence : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
    }
}
