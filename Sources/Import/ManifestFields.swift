import JSON
import Manifest
import Schema

/// The YAML fields of a manifest record, by the field table's names: one loop over the record's
/// fields, each written as its type and constraint say (a name, a reference or an enumerated
/// value verbatim, free text with its `${` escaped). A field of the table is imported unless
/// ``notImported`` says why not, so a field added to the table is imported with no change here.
enum ManifestFields {
    /// Fields that import never writes, and why.
    static let notImported: [FieldID: String] = [
        // A retrieved folder holds what the org has, so every provider in it is managed.
        .unmanaged: "a provider read from the org is managed",
        // Metadata carries no profile access to principals (SALESFORCE.md §4).
        .profiles: "profile access is not in metadata",
    ]

    /// Every imported field with a value (`null` text is left out), keyed by its name.
    static func fields(of record: ManifestRecord) -> [String: ImportedValue] {
        var fields: [String: ImportedValue] = [:]
        for field in record.type.fields where notImported[field.id] == nil {
            fields[field.name] = value(of: field, in: record)
        }
        return fields
    }

    /// The fields of a nested mapping (`aws`, a header row), as ``fields(of:)`` gives a record's.
    static func fields(_ specs: [FieldSpec], of value: JSONValue) -> [String: ImportedValue] {
        guard case .object(let members) = value else { return [:] }
        var fields: [String: ImportedValue] = [:]
        for field in specs { fields[field.name] = Self.value(of: field, json: members[field.name] ?? .null) }
        return fields
    }

    private static func value(of field: FieldSpec, in record: ManifestRecord) -> ImportedValue? {
        value(of: field, json: record[field.id])
    }

    private static func value(of field: FieldSpec, json: JSONValue) -> ImportedValue? {
        func strings() -> [String] {
            guard case .array(let items) = json else { return [] }
            return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        switch field.type {
        case .string:
            guard case .string(let text) = json else { return nil }
            return writtenVerbatim(field) ? .name(text) : .text(text)
        case .boolean: return .boolean(json == .bool(true))
        case .integer:
            guard case .integer(let number) = json else { return nil }
            return .integer(number)
        case .stringList: return .names(strings())
        case .scalarList:
            guard case .array(let items) = json else { return .integers([]) }
            return .integers(items.compactMap { if case .integer(let number) = $0 { number } else { nil } })
        case .principals:
            guard case .array(let items) = json else { return .principals([]) }
            return .principals(items.map { fields(ManifestRecordType.principal.fields.filter { notImported[$0.id] == nil }, of: $0) })
        case .object(let specs):
            guard case .object = json else { return nil }
            return .object(fields(specs, of: json))
        case .objectList(let specs):
            guard case .array(let items) = json else { return .objects([]) }
            return .objects(items.map { fields(specs, of: $0) })
        case .requestParameters: return .requestParameters(ManifestRequestParameters(json: json))
        case .stringMap, .secrets: preconditionFailure("no manifest record has a mapping of strings")
        }
    }

    /// Names, references and enumerated values never hold a variable (SPEC §7).
    private static func writtenVerbatim(_ field: FieldSpec) -> Bool {
        switch field.constraint {
        case .oneOf?, .developerName?, .principalName?: true
        case .length?, .range?, .httpsURL?, .statusCodes?, .scopeToken?, .requestPlaces?, nil: field.flags.contains(.sameInEveryOrg)
        }
    }

    static func provider(_ provider: ManifestRecord) -> [String: ImportedValue] { fields(of: provider) }

    static func externalCredential(_ credential: ManifestRecord) -> [String: ImportedValue] {
        fields(of: credential)
    }

    static func principal(_ principal: ManifestRecord) -> [String: ImportedValue] { fields(of: principal) }

    static func namedCredential(_ named: ManifestRecord) -> [String: ImportedValue] { fields(of: named) }
}
