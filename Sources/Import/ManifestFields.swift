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

    private static func value(of field: FieldSpec, in record: ManifestRecord) -> ImportedValue? {
        switch field.type {
        case .string:
            guard let text = record.optionalString(field.id) else { return nil }
            return writtenVerbatim(field) ? .name(text) : .text(text)
        case .boolean: return .boolean(record.bool(field.id))
        case .integer: return .integer(record.integer(field.id))
        case .stringList: return .names(record.strings(field.id))
        case .scalarList: return .integers(record.integers(field.id))
        case .principals: return .principals(record.records(field.id).map(fields(of:)))
        case .requestParameters: return .requestParameters(ManifestRequestParameters(json: record[field.id]))
        case .stringMap, .secrets: preconditionFailure("no manifest record has a mapping of strings")
        }
    }

    /// Names, references and enumerated values never hold a variable (SPEC §7).
    private static func writtenVerbatim(_ field: FieldSpec) -> Bool {
        switch field.constraint {
        case .oneOf?, .developerName?, .principalName?: true
        case .length?, .range?, .httpsURL?, .statusCodes?, .scopeToken?, nil: field.flags.contains(.sameInEveryOrg)
        }
    }

    static func provider(_ provider: ManifestProvider) -> [String: ImportedValue] { fields(of: provider.record) }

    static func externalCredential(_ credential: ManifestExternalCredential) -> [String: ImportedValue] {
        fields(of: credential.record)
    }

    static func principal(_ principal: ManifestPrincipal) -> [String: ImportedValue] { fields(of: principal.record) }

    static func namedCredential(_ named: ManifestNamedCredential) -> [String: ImportedValue] { fields(of: named.record) }
}
