// SPEC §10's table of protocols and flows as data: what each flow requires, what else it takes,
// and which identity types its principals may have. The model builder checks a credential
// against its row, the manifest compiler fills in a protocol's default flow, `credc docs` prints
// the table, and the metadata mapping keys its rows by the same flow names.

/// A field, or a field of a field's mapping (`aws.service`).
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public let parts: [FieldID]

    public init(_ parts: FieldID...) { self.parts = parts }
    public init(_ parts: [FieldID]) { self.parts = parts }

    public var description: String { parts.map(\.name).joined(separator: ".") }
}

/// One row of SPEC §10's table.
public struct FlowSpec: Sendable {
    public let `protocol`: String
    /// The `flow` value; nil for a protocol that has none (Basic, Jwt).
    public let flow: String?
    /// The fields the flow cannot do without.
    public let required: [FieldPath]
    /// The other fields it takes, beyond those every credential has (``ProtocolTable/common``).
    public let optional: [FieldPath]
    public let identityTypes: [String]
    /// The provider flow a provider-linked flow needs.
    public let providerFlow: String?
    /// What the row rests on (SPEC §10's last column), for `credc docs` and messages.
    public let evidence: String
    /// Every path the flow takes, and each one's first field: ``takes(_:)`` runs for every
    /// field of every credential.
    private let taken: Set<FieldPath>
    private let takenFields: Set<FieldID>

    public init(
        protocol: String, flow: String?, required: [FieldPath], optional: [FieldPath], identityTypes: [String],
        providerFlow: String?, evidence: String
    ) {
        self.protocol = `protocol`
        self.flow = flow
        self.required = required
        self.optional = optional
        self.identityTypes = identityTypes
        self.providerFlow = providerFlow
        self.evidence = evidence
        taken = Set(required + optional)
        takenFields = Set((required + optional).map { $0.parts[0] })
    }

    /// The flow's name in messages: `JwtBearer`, or the protocol when it has no flows.
    public var displayName: String { flow ?? `protocol` }

    /// Whether the flow takes the top-level field `id`: ``takes(_:)`` of a one-part path, without
    /// making the path (every credential's every written field is asked about).
    public func takes(field id: FieldID) -> Bool {
        // A whole field is taken when the flow takes it or one of its fields (`aws`).
        ProtocolTable.common.contains(id) || takenFields.contains(id)
    }

    /// Whether the flow takes `path` (the whole field, or one field of its mapping).
    public func takes(_ path: FieldPath) -> Bool {
        guard path.parts.count > 1 else { return takes(field: path.parts[0]) }
        return ProtocolTable.common.contains(path.parts[0]) || taken.contains(path)
    }
}

public enum ProtocolTable {
    /// Fields every credential takes, whatever its protocol: AuthHeader rows included (SPEC §10:
    /// "every protocol may have them").
    public static let common: Set<FieldID> = [
        .apiVersion, .kind, .name, .label, .description, .protocol, .flow, .authHeaders, .principals, .environments,
    ]

    private static let named = ["NamedPrincipal"]
    private static let namedAndPerUser = ["NamedPrincipal", "PerUserPrincipal"]
    private static let refresh = FieldPath(.additionalRefreshStatusCodes)
    private static let scope = FieldPath(.scope)

    /// The rows, in SPEC §10's order. The first row of a protocol whose flow is nil, or the row
    /// ``defaultFlows`` names, is what a credential without `flow` gets.
    public static let flows: [FlowSpec] = [
        FlowSpec(
            protocol: "OAuth", flow: "ClientCredentialsExternalIdentityProvider", required: [FieldPath(.identityProvider)],
            optional: [scope, FieldPath(.passClientCredentialsInBody), refresh], identityTypes: named,
            providerFlow: "ClientCredentials", evidence: "real file"),
        FlowSpec(
            protocol: "OAuth", flow: "BrowserFlowExternalIdentityProvider", required: [FieldPath(.identityProvider)],
            optional: [scope, refresh], identityTypes: namedAndPerUser, providerFlow: "AuthorizationCode",
            evidence: "real file"),
        FlowSpec(
            protocol: "OAuth", flow: "BrowserFlow", required: [FieldPath(.authProvider)], optional: [scope, refresh],
            identityTypes: namedAndPerUser, providerFlow: nil, evidence: "real file"),
        FlowSpec(
            protocol: "OAuth", flow: "ClientCredentialsClientSecret", required: [FieldPath(.tokenUrl)],
            optional: [scope, FieldPath(.passClientCredentialsInBody), refresh], identityTypes: named, providerFlow: nil,
            evidence: "real file, validator"),
        FlowSpec(
            protocol: "OAuth", flow: "JwtBearer",
            required: [FieldPath(.tokenUrl), FieldPath(.signingCertificate), FieldPath(.jwt)], optional: [scope],
            identityTypes: namedAndPerUser, providerFlow: nil, evidence: "real file, Connect example"),
        // Documented as a variant; which parameters it needs is not: a token endpoint at least
        // (every client-credentials grant has one), and the assertion's certificate and claims.
        FlowSpec(
            protocol: "OAuth", flow: "ClientCredentialsJwtAssertion", required: [FieldPath(.tokenUrl)],
            optional: [FieldPath(.signingCertificate), FieldPath(.jwt), scope, refresh], identityTypes: named,
            providerFlow: nil, evidence: "documented variant; its parameters inferred"),
        FlowSpec(
            protocol: "Jwt", flow: nil, required: [FieldPath(.signingCertificate), FieldPath(.jwt)], optional: [],
            identityTypes: named, providerFlow: nil,
            evidence: "a Help page documents it, the metadata page marks Jwt reserved: unverified"),
        FlowSpec(
            protocol: "AwsSv4", flow: "AccessKey", required: [FieldPath(.aws, .service), FieldPath(.aws, .region)],
            optional: [FieldPath(.aws, .accountId)], identityTypes: named, providerFlow: nil, evidence: "real file"),
        FlowSpec(
            protocol: "AwsSv4", flow: "STS", required: [],
            optional: [
                FieldPath(.aws, .service), FieldPath(.aws, .region), FieldPath(.aws, .accountId),
                FieldPath(.aws, .externalId), FieldPath(.aws, .duration),
            ],
            identityTypes: ["AwsStsPrincipal"], providerFlow: nil, evidence: "documented, unverified"),
        FlowSpec(
            protocol: "AwsSv4", flow: "RolesAnywhere", required: [],
            optional: [
                FieldPath(.aws, .service), FieldPath(.aws, .region), FieldPath(.aws, .trustAnchorArn),
                FieldPath(.aws, .profileArn), FieldPath(.aws, .duration), FieldPath(.signingCertificate),
            ],
            identityTypes: named, providerFlow: nil, evidence: "documented, unverified"),
        FlowSpec(
            protocol: "Custom", flow: "Custom", required: [], optional: [], identityTypes: namedAndPerUser,
            providerFlow: nil, evidence: "real file"),
        FlowSpec(
            protocol: "Custom", flow: "NoAuthentication", required: [], optional: [], identityTypes: namedAndPerUser,
            providerFlow: nil, evidence: "real file"),
        FlowSpec(
            protocol: "Basic", flow: nil, required: [], optional: [], identityTypes: namedAndPerUser, providerFlow: nil,
            evidence: "real file"),
    ]

    /// The flow a protocol takes when `flow` is left out; a protocol not listed needs one (OAuth).
    public static let defaultFlows: [String: String] = ["AwsSv4": "AccessKey", "Custom": "Custom"]

    /// The protocols whose credentials have no `flow` at all.
    public static let protocolsWithoutFlow: Set<String> = Set(flows.filter { $0.flow == nil }.map(\.protocol))

    /// The row of a credential with `protocol` and `flow` as written (nil: left out); nil when
    /// the pair is not in the table.
    public static func row(protocol: String, flow: String?) -> FlowSpec? {
        let flow = flow ?? defaultFlows[`protocol`]
        return flows.first { $0.protocol == `protocol` && $0.flow == flow }
    }

    /// The table row of a path into an external credential.
    public static func spec(of path: FieldPath) -> FieldSpec? {
        var fields = Fields.externalCredential
        var found: FieldSpec?
        for part in path.parts {
            found = fields.first { $0.id == part }
            if case .object(let nested)? = found?.type { fields = nested }
        }
        return found
    }

    /// Whether `flow` is a flow of `protocol`: ``flows(of:)`` contains it.
    public static func hasFlow(_ flow: String, of protocol: String) -> Bool {
        flows.contains { $0.protocol == `protocol` && $0.flow == flow }
    }

    /// The flows of `protocol`, in the table's order.
    public static func flows(of protocol: String) -> [String] {
        flows.filter { $0.protocol == `protocol` }.compactMap(\.flow)
    }

    /// The flows whose credential names an external auth identity provider, with the provider flow each needs.
    public static let providerFlowOfCredentialFlow: [String: String] = Dictionary(
        uniqueKeysWithValues: flows.compactMap { row in row.providerFlow.map { (row.flow ?? "", $0) } })
}
