// The input format of SPEC §1 as data: one table gives every field's type, constraint and
// default. The model builder decodes with it, `credc schema` prints it, the manifest compiler,
// the manifest's initializers and the metadata reader take their defaults from it, so none of
// them can disagree with the others.

/// The type a field's value must have.
public enum FieldType: Sendable, Hashable {
    case string
    case boolean
    case integer
    case stringList
    /// Any scalars: the refresh-status-code rule explains a wrong item better than a type error.
    case scalarList
    case principals
    /// A mapping of names to strings: an environment's `variables`.
    case stringMap
    /// `{body: {NAME: VALUE}, query: {...}, headers: {...}}`: a provider's extra request parameters.
    case requestParameters
    /// `{KEY: ENVIRONMENT_VARIABLE}`: where `credc secrets` takes each secret from (SPEC §12).
    case secrets
}

/// What a value must satisfy beyond its type. On a list, the constraint applies to each item.
///
/// The model builder checks the closed sets, lengths and ranges itself (`invalid-value`,
/// `unsupported-flow`); names, URLs and status codes are checked by their own rules
/// (`name-format`, `insecure-url`, `refresh-status-code`), which explain more than a schema error.
public enum FieldConstraint: Sendable, Hashable {
    /// One of `supported`. Values in `recognised` are real Salesforce values that v1 does not
    /// support yet: `unsupported-flow` says so, rather than "unknown".
    case oneOf(_ supported: [String], recognised: [String] = [])
    /// A length in characters.
    case length(ClosedRange<Int>)
    /// An integer in a range.
    case range(ClosedRange<Int>)
    /// A developer name (SPEC §3, ``Naming/developerNameProblem(_:)``).
    case developerName
    /// A principal name (SPEC §3, ``Naming/principalNameProblem(_:)``).
    case principalName
    /// An absolute https URL; a named credential's URL ends at its path.
    case httpsURL(allowsQuery: Bool)
    /// Distinct integer HTTP status codes, each in one of the ranges.
    case statusCodes([ClosedRange<Int>])
    /// One OAuth scope per list item (RFC 6749 §3.3: scopes are separated by spaces): not empty,
    /// no whitespace. The metadata joins a provider's scopes with spaces, so an item holding a
    /// space would come back from the org as two scopes (found by fuzzing the export round trip).
    case scopeToken
}

/// The value an optional field has when it is absent.
public enum FieldDefault: Sendable, Hashable {
    case bool(Bool)
    case string(String)
}

/// One field of a resource or principal.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let type: FieldType
    public let isRequired: Bool
    public let description: String
    public let constraint: FieldConstraint?
    public let defaultValue: FieldDefault?
    /// Whether an `unmanaged: true` provider needs the field too: one that exists in the org
    /// and is only referenced needs its name (its flow where a credential depends on it, which
    /// the checker asks for), not what a deploy would write.
    public private(set) var isRequiredWhenUnmanaged: Bool

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, _ description: String,
        _ constraint: FieldConstraint? = nil, default defaultValue: FieldDefault? = nil
    ) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.description = description
        self.constraint = constraint
        self.defaultValue = defaultValue
        self.isRequiredWhenUnmanaged = required
    }

    /// This field, required of managed providers only.
    var requiredWhenManagedOnly: FieldSpec {
        var spec = self
        spec.isRequiredWhenUnmanaged = false
        return spec
    }

    /// The values a closed set allows, unsupported ones included; nil when the set is open.
    public var allowedValues: [String]? {
        guard case .oneOf(let supported, let recognised) = constraint else { return nil }
        return supported + recognised
    }

    /// The default of a boolean field. Only called with fields of the table that have one.
    public var defaultBool: Bool {
        guard case .bool(let value) = defaultValue else { preconditionFailure("'\(name)' has no boolean default") }
        return value
    }

    /// The default of a text field. Only called with fields of the table that have one.
    public var defaultString: String {
        guard case .string(let value) = defaultValue else { preconditionFailure("'\(name)' has no text default") }
        return value
    }
}

/// Values with their own rules beyond "one of these".
public enum Vocabulary {
    public static let apiVersion = "credc/v1"
    /// Keys that only ever hold credentials on a principal: forbidden there, not unknown.
    public static let principalCredentialKeys = ["clientId", "clientSecret"]
    /// Additional refresh status codes Salesforce accepts: no 5xx (SPEC §4 `refresh-status-code`).
    public static let refreshStatusCodes = [400...499, 600...999]
    /// The provider flow each supported credential flow needs (SPEC §1).
    public static let providerFlowOfCredentialFlow = [
        "ClientCredentialsExternalIdentityProvider": "ClientCredentials",
        "BrowserFlowExternalIdentityProvider": "AuthorizationCode",
    ]
    /// The places of a request's extra parameters.
    public static let requestParameterPlaces = ["body", "query", "headers"]
}

/// The fields of every kind and of a principal. Fields used elsewhere by name (for their
/// defaults or allowed values) are constants; the lists below give each kind's fields in order.
public enum Fields {
    // MARK: Shared

    static let apiVersion = FieldSpec(
        "apiVersion", .string, required: true, "Always `credc/v1`.", .oneOf([Vocabulary.apiVersion]))
    static let kind = FieldSpec(
        "kind", .string, required: true, "The resource kind.", .oneOf(ResourceKind.allCases.map(\.rawValue)))
    static let name = FieldSpec(
        "name", .string, required: true,
        "Developer name: ASCII letters, digits and underscores; starts with a letter; no trailing or doubled underscores; at most 80 characters.",
        .developerName)
    static let label = FieldSpec(
        "label", .string, required: true, "Label shown in Setup, 1 to 80 characters.", .length(1...80))
    static let description = FieldSpec("description", .string, "Free text.")
    public static let `protocol` = FieldSpec(
        "protocol", .string, required: true, "Authentication protocol.", .oneOf(["OAuth"]))

    // MARK: ExternalAuthIdentityProvider

    public static let providerFlow = FieldSpec(
        "flow", .string, required: true, "OAuth flow the provider issues tokens with.",
        .oneOf(["ClientCredentials", "AuthorizationCode"]))
    public static let providerUnmanaged = FieldSpec(
        "unmanaged", .boolean,
        "True when the provider exists in the org and is only referenced, never created, updated or deleted.",
        default: .bool(false))

    /// `header` = HTTP Basic (Metadata `ClientSecretBasic`), `body` = `ClientSecretPost`.
    public static let providerClientAuthentication = FieldSpec(
        "clientAuthentication", .string, "How the client ID and secret are sent: header (HTTP Basic) or body.",
        .oneOf(["header", "body"]), default: .string("header"))
    public static let providerPKCE = FieldSpec(
        "pkce", .boolean, "Use PKCE; AuthorizationCode only.", default: .bool(false))

    public static let provider = [
        apiVersion, kind, name, label.requiredWhenManagedOnly, description, `protocol`.requiredWhenManagedOnly,
        providerFlow.requiredWhenManagedOnly,
        FieldSpec(
            "tokenUrl", .string, required: true, "Absolute https URL of the token endpoint.",
            .httpsURL(allowsQuery: true)).requiredWhenManagedOnly,
        FieldSpec("defaultScopes", .stringList, "Scopes requested when a credential sets none.", .scopeToken),
        providerClientAuthentication,
        FieldSpec(
            "authorizeUrl", .string,
            "Absolute https URL of the authorization endpoint; AuthorizationCode only, and required there.",
            .httpsURL(allowsQuery: true)),
        FieldSpec(
            "userInfoUrl", .string, "Absolute https URL of the user-info endpoint; AuthorizationCode only.",
            .httpsURL(allowsQuery: true)),
        providerPKCE,
        FieldSpec(
            "tokenRequest", .requestParameters,
            "Extra parameters of the token request: body, query and headers, each NAME: VALUE."),
        FieldSpec(
            "refreshRequest", .requestParameters,
            "Extra parameters of the refresh request: body, query and headers, each NAME: VALUE."),
        providerUnmanaged,
        secrets,
    ]

    /// On providers and principals: which environment variable each secret comes from.
    public static let secrets = FieldSpec(
        "secrets", .secrets,
        "Environment variables `credc secrets` enters the secrets from after a deploy, KEY: VARIABLE_NAME (never the value); a provider takes clientId and clientSecret.")

    // MARK: ExternalCredential

    public static let credentialFlow = FieldSpec(
        "flow", .string, required: true,
        "OAuth flow: ClientCredentialsExternalIdentityProvider or BrowserFlowExternalIdentityProvider.",
        .oneOf(
            ["ClientCredentialsExternalIdentityProvider", "BrowserFlowExternalIdentityProvider"],
            recognised: ["BrowserFlow", "ClientCredentialsClientSecret", "ClientCredentialsJwtAssertion", "JwtBearer"]))
    public static let credentialPassClientCredentialsInBody = FieldSpec(
        "passClientCredentialsInBody", .boolean,
        "Send client credentials in the request body instead of an HTTP Basic Authorization header; must agree with a managed provider's clientAuthentication, which is the default (not allowed with the browser flow).",
        default: .bool(false))

    public static let externalCredential = [
        apiVersion, kind, name, label, description, `protocol`, credentialFlow,
        FieldSpec("identityProvider", .string, required: true, "Name of an ExternalAuthIdentityProvider."),
        FieldSpec("scope", .string, "Static scopes separated by spaces, or a formula `{!...}`."),
        credentialPassClientCredentialsInBody,
        FieldSpec(
            "additionalRefreshStatusCodes", .scalarList,
            "HTTP status codes that, besides 401, trigger a token refresh: 400..499 or 600..999.",
            .statusCodes(Vocabulary.refreshStatusCodes)),
        FieldSpec("principals", .principals, "The principals users authenticate as."),
    ]

    // MARK: Principal

    public static let principalIdentityType = FieldSpec(
        "identityType", .string, "Identity type; the client-credentials flow allows only NamedPrincipal.",
        .oneOf(["NamedPrincipal", "PerUserPrincipal"]), default: .string("NamedPrincipal"))

    public static let principal = [
        FieldSpec(
            "name", .string, required: true,
            "Parameter name, unique in the credential: 1 to 255 letters, digits, spaces, underscores and hyphens, starting with a letter.",
            .principalName),
        FieldSpec(
            "sequence", .integer, required: true,
            "Sequence number, unique in the credential, 1 to 2147483647; lower is applied first.",
            .range(1...2_147_483_647)),
        principalIdentityType,
        FieldSpec(
            "permissionSets", .stringList, "Permission sets that get access to this principal.", .developerName),
        FieldSpec("profiles", .stringList, "Profiles that get access to this principal."),
        secrets,
    ]

    // MARK: NamedCredential

    public static let namedGenerateAuthorizationHeader = FieldSpec(
        "generateAuthorizationHeader", .boolean, "Add the Authorization header to callouts.", default: .bool(true))
    public static let namedAllowFormulasInHeaders = FieldSpec(
        "allowFormulasInHeaders", .boolean, "Allow formulas in callout headers.", default: .bool(false))
    public static let namedAllowFormulasInBody = FieldSpec(
        "allowFormulasInBody", .boolean, "Allow formulas in callout bodies.", default: .bool(false))
    public static let namedEnabled = FieldSpec(
        "enabled", .boolean, "Callout status: false disables callouts.", default: .bool(true))

    public static let namedCredential = [
        apiVersion, kind, name, label,
        FieldSpec(
            "url", .string, required: true, "Absolute https URL of the endpoint, without a query string.",
            .httpsURL(allowsQuery: false)),
        FieldSpec("externalCredential", .string, required: true, "Name of an ExternalCredential."),
        namedGenerateAuthorizationHeader, namedAllowFormulasInHeaders, namedAllowFormulasInBody,
        FieldSpec("allowedNamespaces", .stringList, "Managed-package namespaces allowed to use this credential."),
        namedEnabled,
    ]
}
