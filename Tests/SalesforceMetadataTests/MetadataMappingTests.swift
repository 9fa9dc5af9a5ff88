import JSON
import Manifest
import Schema
import Testing

@testable import SalesforceMetadata

/// `MetadataMapping.fields(of:)` has one entry per manifest field: a field of the table that
/// the mapping forgets fails here instead of silently missing from every export.
struct MetadataMappingTests {
    static let recordTypes = ResourceKind.allCases.map(ManifestRecordType.resource) + [.principal]

    /// The fields of `fields` without an entry in `mappings`: what an export would drop.
    static func unmapped(_ fields: [FieldSpec], in mappings: [FieldID: FieldMapping]) -> [String] {
        fields.filter { mappings[$0.id] == nil }.map(\.name)
    }

    @Test(arguments: recordTypes)
    func everyFieldOfTheTableHasOneMappingEntry(_ type: ManifestRecordType) {
        let mappings = MetadataMapping.fields(of: type)
        #expect(Self.unmapped(type.fields, in: mappings).isEmpty, "\(type): no metadata mapping (or notExported reason)")
        let known = Set(type.fields.map(\.id))
        #expect(mappings.keys.filter { !known.contains($0) }.isEmpty, "\(type): a mapping for a field the table lacks")
    }

    /// The check above catches a new row: a field added to the table without a mapping entry.
    @Test func aFieldWithoutAMappingEntryIsReported() {
        let type = ManifestRecordType.resource(.namedCredential)
        let added = FieldSpec(FieldID("calloutTimeout"), .string, "A field the mapping does not know.")
        #expect(Self.unmapped(type.fields + [added], in: MetadataMapping.fields(of: type)) == ["calloutTimeout"])
    }

    /// The exporter and reader write and read a field from its mapping alone only for single
    /// values.
    @Test(arguments: recordTypes)
    func plainMappingsHoldSingleValues(_ type: ManifestRecordType) {
        for (field, _) in MetadataMapping.plainFields(of: type) {
            #expect([.string, .boolean, .integer].contains(field.type), "\(type).\(field.name)")
        }
    }

    /// Every field mapped alone comes back from the org as exported, with a value that is not
    /// its default: the exporter and the reader need no code of their own for it.
    @Test func plainFieldsRoundTrip() throws {
        var manifest = realisticManifest
        func varied(_ record: inout ManifestRecord) {
            for (field, _) in MetadataMapping.plainFields(of: record.type) {
                switch field.type {
                case .boolean: record[field.id] = .bool(!record.bool(field.id))
                case .integer: record[field.id] = .integer(record.integer(field.id) + 7)
                default: record[field.id] = .string("\(field.name) of \(record.name)")
                }
            }
        }
        for kind in ResourceKind.allCases {
            var records = manifest.records(of: kind)
            for index in records.indices { varied(&records[index]) }
            manifest.setRecords(records, of: kind)
        }
        let export = try MetadataExporter().export(manifest)
        let read = MetadataReader().read(files: export.files).manifest(observing: manifest)
        for kind in ResourceKind.allCases {
            let exported = manifest.records(of: kind).filter { !$0.bool(.unmanaged) }
            let readByName = Dictionary(uniqueKeysWithValues: read.records(of: kind).map { ($0.name, $0) })
            for record in exported {
                for (field, _) in MetadataMapping.plainFields(of: record.type) {
                    #expect(readByName[record.name]?[field.id] == record[field.id], "\(kind.rawValue) \(record.name).\(field.name)")
                }
            }
        }
    }
}

extension ManifestRecordType: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .resource(let kind): kind.rawValue
        case .principal: "Principal"
        }
    }
}
