import JSON
import Manifest
import Model
import Schema

/// Turns a checked model into the normalized manifest: one loop over each record's fields, by
/// the field table, so a field added to the table is compiled with no code here. Call it only
/// on a model without errors: it does not re-validate. A field the input leaves out takes the
/// table's default in the manifest record.
public enum ManifestCompiler {
    public static func compile(_ model: Model) -> Manifest {
        // A provider-linked client-credentials credential that does not say sends client
        // credentials as its provider does: its metadata has no row for it (SALESFORCE.md §11).
        var sendsInBody: [String: Bool] = [:]
        for provider in model.providers where !provider.isUnmanaged && sendsInBody[provider.name.value] == nil {
            sendsInBody[provider.name.value] = provider.clientAuthentication?.value == "body"
        }
        var manifest = Manifest()
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider:
                manifest.setRecords(model.providers.map { ManifestRecord(.resource(kind), values(of: $0.record)) }, of: kind)
            case .externalCredential:
                manifest.setRecords(model.externalCredentials.map { compile($0, sendsInBody: sendsInBody) }, of: kind)
            case .namedCredential:
                manifest.setRecords(model.namedCredentials.map { ManifestRecord(.resource(kind), values(of: $0.record)) }, of: kind)
            }
        }
        return manifest
    }

    private static func compile(_ credential: ExternalCredential, sendsInBody: [String: Bool]) -> ManifestRecord {
        var values = values(of: credential.record)
        if credential.flow == nil, let flow = ProtocolTable.defaultFlows[credential.protocol?.value ?? ""] {
            values[.flow] = .string(flow)
        }
        if credential.passClientCredentialsInBody == nil, credential.flow?.value == "ClientCredentialsExternalIdentityProvider",
            let provider = credential.identityProvider, let inBody = sendsInBody[provider.value]
        {
            values[.passClientCredentialsInBody] = .bool(inBody)
        }
        return ManifestRecord(.resource(.externalCredential), values)
    }

    /// The manifest values of the fields `record` has; the header and configuration-only
    /// fields (`secrets`) are not deployed.
    static func values(of record: ModelRecord) -> [FieldID: JSONValue] {
        var values: [FieldID: JSONValue] = [:]
        for (field, value) in record.written where field.flags.isDisjoint(with: [.header, .configurationOnly]) {
            values[field.id] = json(value)
        }
        return values
    }

    private static func json(_ value: ModelValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .strings(let items): return .array(items.map { .string($0.value) })
        case .scalars(let items):
            return .array(items.compactMap { if case .integer(let code) = $0.value { .integer(code) } else { nil } })
        case .principals(let principals):
            return .array(principals.principals.map { ManifestRecord(.principal, values(of: $0.record)).json })
        case .object(let record): return .object(members(values(of: record)))
        // A row without a `sequence` takes its position when the manifest record normalizes it.
        case .objects(let rows): return .array(rows.map { .object(members(values(of: $0))) })
        case .requestParameters(let parameters):
            // A parameter written twice in one place is a `duplicate-key` error, so the first is kept.
            func values(_ list: [RequestParameter]) -> [String: String] {
                Dictionary(list.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { first, _ in first })
            }
            return ManifestRequestParameters(
                body: values(parameters.body), query: values(parameters.query), headers: values(parameters.headers)
            ).json
        case .secrets: return .null
        }
    }

    private static func members(_ values: [FieldID: JSONValue]) -> [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.name, $0.value) })
    }
}
