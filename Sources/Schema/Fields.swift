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
    /// A mapping with fields of its own (`aws`, `jwt`): decoded, checked, compiled and written by
    /// the same loops as a resource's fields.
    case object([FieldSpec])
    /// A list of such mappings (`authHeaders`, `headers`, JWT claims). When the item has a
    /// `sequence`, an item without one takes its position (1-based) and the manifest orders the
    /// items by it; otherwise the list keeps its order.
    case objectList([FieldSpec])
}

extension FieldType {
    /// Whether values of this type are mappings of fields of their own (principals included).
    public var holdsFields: Bool {
        switch self {
        case .principals, .object, .objectList: true
        case .string, .boolean, .integer, .stringList, .scalarList, .stringMap, .requestParameters, .secrets: false
        }
    }
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
    /// The places a request's extra parameters may take (`body`, `query`, `headers`): the
    /// metadata has rows for these only.
    case requestPlaces([String])
}

/// The value an optional field has when it is absent.
public enum FieldDefault: Sendable, Hashable {
    case bool(Bool)
    case string(String)
}

/// A field's identity: its key in YAML and in the manifest, unique within its kind (or within a
/// principal). The table's rows are keyed by it; the manifest, the plan, the metadata mapping and
/// import find fields by it, never by spelling their names.
public struct FieldID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    /// A hash of the name's bytes: records find a field by comparing IDs many times a value, and
    /// two different names then differ here without a string comparison.
    public let code: UInt64

    public init(_ name: String) {
        self.name = name
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        code = hash
    }

    public static func == (lhs: FieldID, rhs: FieldID) -> Bool { lhs.code == rhs.code && lhs.name == rhs.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { name }

    public static func < (lhs: FieldID, rhs: FieldID) -> Bool { lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
}

/// What code does with a field beyond checking its value: each flag replaces a list of field
/// names that used to live where the decision is made.
public struct FieldFlags: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// It says what the document is (`apiVersion`, `kind`): not a field of the manifest resource.
    public static let header = FieldFlags(rawValue: 1 << 0)
    /// It names the resource or principal: resources are paired by it, so a plan never lists it
    /// as a changed field.
    public static let identifies = FieldFlags(rawValue: 1 << 1)
    /// It cannot change in place: a change replaces what holds it (`forcesReplacement`).
    public static let immutable = FieldFlags(rawValue: 1 << 2)
    /// A plan does not compare it as a field: it is a change of its own (principals, access
    /// grants) or it keeps the resource out of the plan (`unmanaged`).
    public static let plannedSeparately = FieldFlags(rawValue: 1 << 3)
    /// It names the same thing in every org (a reference, a profile), so `${NAME}` may not stand
    /// in it even though its values are open.
    public static let sameInEveryOrg = FieldFlags(rawValue: 1 << 4)
    /// Its headers may carry credentials themselves (`Authorization`): `secret-in-config` looks
    /// at their names.
    public static let secretBearing = FieldFlags(rawValue: 1 << 5)
    /// Added after the manifest's first version (contract 1.1's provider fields): a state file
    /// that an older credc wrote lacks it, and then means its default. Such a state's digest
    /// covers its resources as written, so it still verifies. A field added later gets it too.
    public static let optionalInState = FieldFlags(rawValue: 1 << 6)
    /// Required of managed providers only: an `unmanaged: true` provider exists in the org and
    /// is only referenced, so it needs its name (and its flow where a credential depends on it,
    /// which the checker asks for), not what a deploy would write. Unset, the manifest has `null`.
    public static let optionalWhenUnmanaged = FieldFlags(rawValue: 1 << 7)
    /// Read from the configuration only, never deployed: not a field of the manifest, the
    /// metadata or a plan (`secrets`, which names where `credc secrets` takes values from).
    public static let configurationOnly = FieldFlags(rawValue: 1 << 8)
}

/// One field of a resource or principal.
///
/// A class: the model builder and the rules hand rows of the field tables around for every
/// value of a large file, and a copy of a struct this wide retained each of its strings and
/// arrays (five atomic increments, and as many decrements); a reference is one.
public final class FieldSpec: Sendable, Hashable {
    public let id: FieldID
    public let type: FieldType
    public let isRequired: Bool
    public let description: String
    public let constraint: FieldConstraint?
    public let defaultValue: FieldDefault?
    public let flags: FieldFlags

    public init(
        _ id: FieldID, _ type: FieldType, required: Bool = false, _ description: String,
        _ constraint: FieldConstraint? = nil, default defaultValue: FieldDefault? = nil, flags: FieldFlags = []
    ) {
        self.id = id
        self.type = type
        self.isRequired = required
        self.description = description
        self.constraint = constraint
        self.defaultValue = defaultValue
        self.flags = flags
    }

    /// A field outside the table (a request parameter's name), for messages about its value.
    public convenience init(_ name: String, _ type: FieldType, _ description: String) {
        self.init(FieldID(name), type, description)
    }

    public static func == (lhs: FieldSpec, rhs: FieldSpec) -> Bool {
        lhs === rhs
            || (lhs.id == rhs.id && lhs.type == rhs.type && lhs.isRequired == rhs.isRequired
                && lhs.description == rhs.description && lhs.constraint == rhs.constraint
                && lhs.defaultValue == rhs.defaultValue && lhs.flags == rhs.flags)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(type)
        hasher.combine(isRequired)
        hasher.combine(description)
        hasher.combine(constraint)
        hasher.combine(defaultValue)
        hasher.combine(flags)
    }

    /// The key in YAML and in the manifest.
    public var name: String { id.name }

    /// Whether an `unmanaged: true` provider needs the field too (``FieldFlags/optionalWhenUnmanaged``).
    public var isRequiredWhenUnmanaged: Bool { isRequired && !flags.contains(.optionalWhenUnmanaged) }

    /// This field, required of managed providers only.
    var requiredWhenManagedOnly: FieldSpec {
        FieldSpec(
            id, type, required: isRequired, description, constraint, default: defaultValue,
            flags: flags.union(.optionalWhenUnmanaged))
    }

    /// The values a closed set allows, unsupported ones included; nil when the set is open.
    public var allowedValues: [String]? {
        guard case .oneOf(let supported, let recognised) = constraint else { return nil }
        return supported + recognised
    }

    /// The places a request-parameters field takes: all, unless its constraint narrows them.
    public var requestPlaces: [String] {
        if case .requestPlaces(let places) = constraint { places } else { Vocabulary.requestParameterPlaces }
    }

    /// For an https-URL field, whether its URL may have a query string; nil for other fields.
    public var httpsURLAllowsQuery: Bool? {
        guard case .httpsURL(let allowsQuery) = constraint else { return nil }
        return allowsQuery
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
    /// The places of a request's extra parameters.
    public static let requestParameterPlaces = ["body", "query", "headers"]
}

extension FieldID {
    // Every field of the table, by kind, in the table's order. A field shared by kinds (`name`,
    // `label`, `flow`) is one ID: it is unique within each kind.
    public static let apiVersion = FieldID("apiVersion")
    public static let kind = FieldID("kind")
    public static let name = FieldID("name")
    public static let label = FieldID("label")
    public static let description = FieldID("description")
    public static let `protocol` = FieldID("protocol")
    public static let flow = FieldID("flow")
    // ExternalAuthIdentityProvider
    public static let tokenUrl = FieldID("tokenUrl")
    public static let defaultScopes = FieldID("defaultScopes")
    public static let clientAuthentication = FieldID("clientAuthentication")
    public static let authorizeUrl = FieldID("authorizeUrl")
    public static let userInfoUrl = FieldID("userInfoUrl")
    public static let pkce = FieldID("pkce")
    public static let tokenRequest = FieldID("tokenRequest")
    public static let refreshRequest = FieldID("refreshRequest")
    public static let authorizeRequest = FieldID("authorizeRequest")
    public static let standardExternalIdentityProvider = FieldID("standardExternalIdentityProvider")
    public static let createdByNamespace = FieldID("createdByNamespace")
    public static let managedByComponent = FieldID("managedByComponent")
    public static let managedByFeature = FieldID("managedByFeature")
    public static let unmanaged = FieldID("unmanaged")
    /// Providers and principals.
    public static let secrets = FieldID("secrets")
    /// Every resource: the environments it exists in (SPEC §7, 1.2).
    public static let environments = FieldID("environments")
    // ExternalCredential
    public static let identityProvider = FieldID("identityProvider")
    public static let scope = FieldID("scope")
    public static let passClientCredentialsInBody = FieldID("passClientCredentialsInBody")
    public static let additionalRefreshStatusCodes = FieldID("additionalRefreshStatusCodes")
    public static let principals = FieldID("principals")
    // Principal
    public static let sequence = FieldID("sequence")
    public static let identityType = FieldID("identityType")
    public static let permissionSets = FieldID("permissionSets")
    public static let profiles = FieldID("profiles")
    // NamedCredential
    public static let url = FieldID("url")
    public static let externalCredential = FieldID("externalCredential")
    public static let generateAuthorizationHeader = FieldID("generateAuthorizationHeader")
    public static let allowFormulasInHeaders = FieldID("allowFormulasInHeaders")
    public static let allowFormulasInBody = FieldID("allowFormulasInBody")
    public static let allowedNamespaces = FieldID("allowedNamespaces")
    public static let enabled = FieldID("enabled")
    // Environment
    public static let variables = FieldID("variables")
    // Contract 1.2 §10: the other protocols and flows
    public static let authProvider = FieldID("authProvider")
    public static let signingCertificate = FieldID("signingCertificate")
    public static let jwt = FieldID("jwt")
    public static let aws = FieldID("aws")
    public static let authHeaders = FieldID("authHeaders")
    public static let value = FieldID("value")
    /// JWT header claims, inside `jwt`.
    public static let header = FieldID("header")
    public static let claims = FieldID("claims")
    public static let service = FieldID("service")
    public static let region = FieldID("region")
    public static let accountId = FieldID("accountId")
    public static let externalId = FieldID("externalId")
    public static let duration = FieldID("duration")
    public static let trustAnchorArn = FieldID("trustAnchorArn")
    public static let profileArn = FieldID("profileArn")
    /// A named credential's `namedCredentialType`.
    public static let type = FieldID("type")
    public static let outboundNetworkConnection = FieldID("outboundNetworkConnection")
    public static let clientCertificate = FieldID("clientCertificate")
    /// A named credential's HttpHeader rows.
    public static let headers = FieldID("headers")
}

/// The fields of every kind and of a principal. Fields used elsewhere for their defaults or
/// allowed values are constants; the lists below give each kind's fields in order, the order
/// the manifest's plan lists them in.
public enum Fields {
    // MARK: Shared

    static let apiVersion = FieldSpec(
        .apiVersion, .string, required: true, "Always `credc/v1`.", .oneOf([Vocabulary.apiVersion]), flags: .header)
    static let kind = FieldSpec(
        .kind, .string, required: true, "The resource kind.", .oneOf(ResourceKind.allCases.map(\.rawValue)), flags: .header)
    static let name = FieldSpec(
        .name, .string, required: true,
        "Developer name: ASCII letters, digits and underscores; starts with a letter; no trailing or doubled underscores; at most 80 characters.",
        .developerName, flags: .identifies)
    static let label = FieldSpec(
        .label, .string, required: true, "Label shown in Setup, 1 to 80 characters.", .length(1...80))
    static let description = FieldSpec(.description, .string, "Free text.")
    public static let `protocol` = FieldSpec(
        .protocol, .string, required: true, "Authentication protocol.", .oneOf(["OAuth"]))

    // MARK: ExternalAuthIdentityProvider

    public static let providerFlow = FieldSpec(
        .flow, .string, required: true, "OAuth flow the provider issues tokens with.",
        .oneOf(["ClientCredentials", "AuthorizationCode"]))
    public static let providerUnmanaged = FieldSpec(
        .unmanaged, .boolean,
        "True when the provider exists in the org and is only referenced, never created, updated or deleted.",
        default: .bool(false), flags: .plannedSeparately)

    /// `header` = HTTP Basic (Metadata `ClientSecretBasic`), `body` = `ClientSecretPost`.
    public static let providerClientAuthentication = FieldSpec(
        .clientAuthentication, .string, "How the client ID and secret are sent: header (HTTP Basic) or body.",
        .oneOf(["header", "body"]), default: .string("header"), flags: .optionalInState)
    public static let providerPKCE = FieldSpec(
        .pkce, .boolean, "Use PKCE; AuthorizationCode only.", default: .bool(false), flags: .optionalInState)

    public static let provider = [
        apiVersion, kind, name, label.requiredWhenManagedOnly, description, `protocol`.requiredWhenManagedOnly,
        providerFlow.requiredWhenManagedOnly,
        FieldSpec(
            .tokenUrl, .string, required: true, "Absolute https URL of the token endpoint.",
            .httpsURL(allowsQuery: true)).requiredWhenManagedOnly,
        FieldSpec(.defaultScopes, .stringList, "Scopes requested when a credential sets none.", .scopeToken),
        providerClientAuthentication,
        FieldSpec(
            .authorizeUrl, .string,
            "Absolute https URL of the authorization endpoint; AuthorizationCode only, and required there.",
            .httpsURL(allowsQuery: true), flags: .optionalInState),
        FieldSpec(
            .userInfoUrl, .string, "Absolute https URL of the user-info endpoint; AuthorizationCode only.",
            .httpsURL(allowsQuery: true), flags: .optionalInState),
        providerPKCE,
        FieldSpec(
            .tokenRequest, .requestParameters,
            "Extra parameters of the token request: body, query and headers, each NAME: VALUE.",
            flags: [.secretBearing, .optionalInState]),
        FieldSpec(
            .refreshRequest, .requestParameters,
            "Extra parameters of the refresh request: body, query and headers, each NAME: VALUE.",
            flags: [.secretBearing, .optionalInState]),
        FieldSpec(
            .authorizeRequest, .requestParameters,
            "Extra query parameters of the authorization request (AuthorizationCode): query, each NAME: VALUE.",
            .requestPlaces(["query"]), flags: .optionalInState),
        FieldSpec(
            .standardExternalIdentityProvider, .string,
            "The standard external auth identity provider this one is based on, as the org names it.",
            flags: [.sameInEveryOrg, .optionalInState]),
        // Set by Salesforce for packaged providers: kept so that a deploy does not remove them.
        FieldSpec(
            .createdByNamespace, .string, "The namespace of the package that created the provider, as the org holds it.",
            flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(
            .managedByComponent, .string, "The component that manages the provider, as the org holds it.",
            flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(
            .managedByFeature, .string, "The feature that manages the provider, as the org holds it.",
            flags: [.sameInEveryOrg, .optionalInState]),
        providerUnmanaged,
        secrets,
        environments,
    ]

    /// On providers and principals: which environment variable each secret comes from.
    public static let secrets = FieldSpec(
        .secrets, .secrets,
        "Environment variables `credc secrets` enters the secrets from after a deploy, KEY: VARIABLE_NAME (never the value); a provider takes clientId and clientSecret, a principal the keys of its protocol (Custom: any parameter name; AwsSv4: awsAccessKeyId, awsSecretAccessKey, awsRoleArn; Basic: username, password; ClientCredentialsClientSecret: clientId, clientSecret).",
        flags: .configurationOnly)

    /// On every resource (SPEC §7, 1.2): absent, the resource is in every environment.
    public static let environments = FieldSpec(
        .environments, .stringList,
        "The environments the resource exists in (names of Environment documents); absent, it is in every one.",
        .developerName, flags: .configurationOnly)

    // MARK: ExternalCredential

    /// Contract 1.2 §10. The metadata page marks `JwtExchange` and `Password` reserved: recognised,
    /// so that the message says "not supported yet".
    public static let credentialProtocol = FieldSpec(
        .protocol, .string, required: true, "Authentication protocol: OAuth, Custom, Basic, AwsSv4 or Jwt.",
        .oneOf(["OAuth", "Custom", "Basic", "AwsSv4", "Jwt"], recognised: ["JwtExchange", "Password"]))
    public static let credentialFlow = FieldSpec(
        .flow, .string,
        "Authentication flow type; the protocols table says which flows each protocol takes, and which one it takes when none is given.",
        .oneOf(ProtocolTable.flows.compactMap(\.flow)))
    public static let credentialPassClientCredentialsInBody = FieldSpec(
        .passClientCredentialsInBody, .boolean,
        "Send client credentials in the request body instead of an HTTP Basic Authorization header; must agree with a managed provider's clientAuthentication, which is the default (not allowed with the browser flow).",
        default: .bool(false))

    /// `name: VALUE` rows sent with each callout (`AuthHeader`, `HttpHeader`); names may repeat.
    // Static, so that a global holds each table: inside an enum payload alone, a table is a
    // pointer with tag bits that LeakSanitizer cannot see (the fuzz target reported them).
    public static let authHeaderRows = headerRows("credential's headers")
    public static let httpHeaderRows = headerRows("named credential's headers")

    static func headerRows(_ what: String) -> [FieldSpec] {
        [
            FieldSpec(.name, .string, required: true, "The HTTP header's name.", .length(1...255)),
            // A formula's 3,900-character limit is formula-syntax's: it points at the formula.
            FieldSpec(.value, .string, required: true, "The header's value: text, a formula `{!...}`, or both."),
            FieldSpec(
                .sequence, .integer, "Order among the \(what), 1 to 2147483647; default: its position in the list.",
                .range(1...2_147_483_647)),
        ]
    }

    public static let jwtHeaderClaim = [
        FieldSpec(.name, .string, required: true, "The JWT header claim's name (alg, kid, typ).", .length(1...255)),
        FieldSpec(.value, .string, required: true, "Its value: text or a formula."),
        // Real JWT bearer files carry a description on every claim, header claims too.
        FieldSpec(.description, .string, "Free text.", flags: .optionalInState),
    ]
    public static let jwtBodyClaim = [
        FieldSpec(.name, .string, required: true, "The claim's name (iss, sub, aud, exp, ...).", .length(1...255)),
        FieldSpec(
            .value, .string, required: true,
            "Its value: text, a JSON value (`aud`) or a formula (`exp`, per-user `sub`)."),
        FieldSpec(.description, .string, "Free text."),
    ]
    public static let jwt = [
        FieldSpec(.header, .objectList(jwtHeaderClaim), "JwtHeaderClaim rows, in order."),
        FieldSpec(.claims, .objectList(jwtBodyClaim), "JwtBodyClaim rows, in order."),
    ]
    public static let aws = [
        FieldSpec(.service, .string, "The AWS service the requests are signed for, e.g. s3."),
        FieldSpec(.region, .string, "The AWS region, e.g. us-east-1."),
        FieldSpec(.accountId, .string, "The 12-digit AWS account ID."),
        FieldSpec(.externalId, .string, "STS only: the external ID the role's trust policy requires."),
        FieldSpec(.duration, .integer, "STS and RolesAnywhere: session duration in seconds.", .range(1...2_147_483_647)),
        FieldSpec(.trustAnchorArn, .string, "RolesAnywhere only: the trust anchor's ARN."),
        FieldSpec(.profileArn, .string, "RolesAnywhere only: the profile's ARN."),
    ]

    public static let externalCredential = [
        apiVersion, kind, name, label, description, credentialProtocol, credentialFlow,
        FieldSpec(
            .identityProvider, .string, "Name of an ExternalAuthIdentityProvider (the *ExternalIdentityProvider flows).",
            flags: .sameInEveryOrg),
        FieldSpec(
            .authProvider, .string, "Name of a legacy Auth. Provider (flow BrowserFlow); referenced, never managed.",
            .developerName, flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(
            .tokenUrl, .string, "Absolute https URL of the token endpoint (credential-owned OAuth flows).",
            .httpsURL(allowsQuery: true), flags: .optionalInState),
        FieldSpec(
            .signingCertificate, .string, "Developer name of the certificate that signs the JWT (JwtBearer, Jwt, RolesAnywhere).",
            .developerName, flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(.scope, .string, "Static scopes separated by spaces, or a formula `{!...}`."),
        credentialPassClientCredentialsInBody,
        FieldSpec(
            .additionalRefreshStatusCodes, .scalarList,
            "HTTP status codes that, besides 401, trigger a token refresh: 400..499 or 600..999.",
            .statusCodes(Vocabulary.refreshStatusCodes)),
        // Secret-bearing: an org's claim value may be a key typed into Setup, never printed.
        FieldSpec(.jwt, .object(jwt), "The JWT's header and body claims (JwtBearer, Jwt).", flags: [.secretBearing, .optionalInState]),
        FieldSpec(.aws, .object(aws), "AwsSv4: the service, region and account the requests are signed for.", flags: .optionalInState),
        FieldSpec(
            .authHeaders, .objectList(authHeaderRows),
            "AuthHeader rows: HTTP headers every callout through this credential carries.",
            flags: [.secretBearing, .optionalInState]),
        FieldSpec(.principals, .principals, "The principals users authenticate as.", flags: .plannedSeparately),
        environments,
    ]

    // MARK: Principal

    public static let principalIdentityType = FieldSpec(
        .identityType, .string, "Identity type; the protocols table says which ones each flow allows.",
        .oneOf(["NamedPrincipal", "PerUserPrincipal", "AwsStsPrincipal"]), default: .string("NamedPrincipal"),
        flags: .immutable)

    public static let principal = [
        FieldSpec(
            .name, .string, required: true,
            "Parameter name, unique in the credential: 1 to 255 letters, digits, spaces, underscores and hyphens, starting with a letter.",
            .principalName, flags: [.identifies, .immutable]),
        FieldSpec(
            .sequence, .integer, required: true,
            "Sequence number, unique in the credential, 1 to 2147483647; lower is applied first.",
            .range(1...2_147_483_647)),
        principalIdentityType,
        FieldSpec(.scope, .string, "OAuth: this principal's own scope, replacing the credential's.", flags: .optionalInState),
        FieldSpec(
            .permissionSets, .stringList, "Permission sets that get access to this principal.", .developerName,
            flags: .plannedSeparately),
        FieldSpec(
            .profiles, .stringList, "Profiles that get access to this principal.",
            flags: [.plannedSeparately, .sameInEveryOrg]),
        secrets,
    ]

    // MARK: NamedCredential

    public static let namedGenerateAuthorizationHeader = FieldSpec(
        .generateAuthorizationHeader, .boolean, "Add the Authorization header to callouts.", default: .bool(true))
    public static let namedAllowFormulasInHeaders = FieldSpec(
        .allowFormulasInHeaders, .boolean, "Allow formulas in callout headers.", default: .bool(false))
    public static let namedAllowFormulasInBody = FieldSpec(
        .allowFormulasInBody, .boolean, "Allow formulas in callout bodies.", default: .bool(false))
    public static let namedEnabled = FieldSpec(
        .enabled, .boolean, "Callout status: false disables callouts.", default: .bool(true))

    public static let namedCredential = [
        apiVersion, kind, name, label,
        FieldSpec(
            .url, .string, required: true, "Absolute https URL of the endpoint, without a query string.",
            .httpsURL(allowsQuery: false)),
        FieldSpec(.externalCredential, .string, required: true, "Name of an ExternalCredential.", flags: .sameInEveryOrg),
        namedGenerateAuthorizationHeader, namedAllowFormulasInHeaders, namedAllowFormulasInBody,
        FieldSpec(.allowedNamespaces, .stringList, "Managed-package namespaces allowed to use this credential."),
        namedEnabled,
        namedType,
        FieldSpec(
            .outboundNetworkConnection, .string, "PrivateEndpoint: the outbound network connection's developer name.",
            .developerName, flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(
            .clientCertificate, .string, "Developer name of the certificate presented for mutual TLS.",
            .developerName, flags: [.sameInEveryOrg, .optionalInState]),
        FieldSpec(
            .headers, .objectList(httpHeaderRows),
            "HttpHeader rows: HTTP headers every callout carries; they come before the external credential's.",
            flags: [.secretBearing, .optionalInState]),
        environments,
    ]

    public static let namedType = FieldSpec(
        .type, .string, "SecuredEndpoint, or PrivateEndpoint (needs outboundNetworkConnection).",
        .oneOf(["SecuredEndpoint", "PrivateEndpoint"]), default: .string("SecuredEndpoint"), flags: .optionalInState)
}
