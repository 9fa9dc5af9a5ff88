import JSON
import Schema

/// Which rows of the field table a ``ManifestRecord`` holds: a resource kind's or a principal's.
public enum ManifestRecordType: Hashable, Sendable {
    case resource(ResourceKind)
    case principal

    /// The manifest's fields, in the table's order: every row but the document header.
    public var fields: [FieldSpec] {
        switch self {
        case .resource(let kind):
            switch kind {
            case .externalAuthIdentityProvider: Self.providerFields
            case .externalCredential: Self.credentialFields
            case .namedCredential: Self.namedCredentialFields
            }
        case .principal: Self.principalFields
        }
    }

    private static func manifestFields(_ kind: ResourceKind) -> [FieldSpec] {
        kind.fields.filter { $0.flags.isDisjoint(with: [.header, .configurationOnly]) }
    }

    private static let providerFields = manifestFields(.externalAuthIdentityProvider)
    private static let credentialFields = manifestFields(.externalCredential)
    private static let namedCredentialFields = manifestFields(.namedCredential)
    private static let principalFields = Fields.principal.filter { !$0.flags.contains(.configurationOnly) }

    /// The row of `id`; nil when this type has no such field.
    public func field(_ id: FieldID) -> FieldSpec? { fields.first { $0.id == id } }
}

/// A resource or principal of the manifest: its values keyed by field ID, one for every row of
/// its type in the field table (STYLE 13).
///
/// The record is the data: the manifest writes it, reads it and a plan compares it by looping
/// over ``ManifestRecordType/fields``; the typed structs (``ManifestRecord`` and the others)
/// are views of it for code that needs typed values. A field absent when the record is made
/// takes the table's default (``FieldSpec/manifestDefault``), and every value is normalized as it
/// is stored: lists of names sorted by code point and deduplicated, status codes ascending,
/// principals by sequence.
public struct ManifestRecord: Hashable, Sendable {
    public let type: ManifestRecordType
    public private(set) var values: [FieldID: JSONValue]

    /// `values` may leave out fields (they take their defaults); a field the type does not have is a bug.
    public init(_ type: ManifestRecordType, _ values: [FieldID: JSONValue] = [:]) {
        self.type = type
        var stored: [FieldID: JSONValue] = [:]
        for field in type.fields {
            stored[field.id] = field.normalized(values[field.id] ?? field.manifestDefault)
        }
        precondition(values.keys.allSatisfy { stored[$0] != nil }, "a field that \(type) does not have")
        self.values = stored
        unsetWhatUnmanagedLeavesOut()
    }

    /// An unmanaged provider may leave out what a deploy would write (it never writes it): such
    /// a field (``FieldFlags/optionalWhenUnmanaged``) left empty is `null`, as the manifest says.
    private mutating func unsetWhatUnmanagedLeavesOut() {
        guard type == .resource(.externalAuthIdentityProvider), values[.unmanaged] == .bool(true) else { return }
        for field in type.fields where field.flags.contains(.optionalWhenUnmanaged) && values[field.id] == .string("") {
            values[field.id] = .null
        }
    }

    public subscript(id: FieldID) -> JSONValue {
        get { values[id] ?? .null }
        set {
            guard let field = type.field(id) else { preconditionFailure("\(type) has no field '\(id)'") }
            values[id] = field.normalized(newValue)
            unsetWhatUnmanagedLeavesOut()
        }
    }

    /// Every field with its value, in the table's order: what a plan compares.
    public var fieldValues: [(field: FieldSpec, value: JSONValue)] {
        type.fields.map { ($0, values[$0.id] ?? .null) }
    }

    /// The object the manifest writes: every field, and `kind` for a resource.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(values.count + 1)
        for (id, value) in values { members[id.name] = value }
        if case .resource(let kind) = type { members["kind"] = .string(kind.rawValue) }
        return .object(members)
    }

    // MARK: Typed reads, for the views

    public var name: String { string(.name) }

    public func string(_ id: FieldID) -> String {
        if case .string(let text) = self[id] { text } else { "" }
    }

    public func optionalString(_ id: FieldID) -> String? {
        if case .string(let text) = self[id] { text } else { nil }
    }

    public func bool(_ id: FieldID) -> Bool {
        if case .bool(let flag) = self[id] { flag } else { false }
    }

    public func integer(_ id: FieldID) -> Int {
        if case .integer(let number) = self[id] { number } else { 0 }
    }

    public func strings(_ id: FieldID) -> [String] {
        guard case .array(let items) = self[id] else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    public func integers(_ id: FieldID) -> [Int] {
        guard case .array(let items) = self[id] else { return [] }
        return items.compactMap { if case .integer(let number) = $0 { number } else { nil } }
    }

    /// A principals field: each item as a principal record.
    public func records(_ id: FieldID) -> [ManifestRecord] {
        guard case .array(let items) = self[id] else { return [] }
        return items.map { ManifestRecord(principalJSON: $0) }
    }

    /// A principal from its manifest object (as ``json`` writes it).
    init(principalJSON value: JSONValue) {
        guard case .object(let members) = value else { preconditionFailure("a principal is an object") }
        type = .principal
        values = Dictionary(uniqueKeysWithValues: members.map { (FieldID($0.key), $0.value) })
    }
}

extension FieldSpec {
    /// The manifest's value of this field when nothing sets it: the table's default, else the
    /// type's empty value (`null` for text, an empty list or mapping).
    public var manifestDefault: JSONValue {
        switch defaultValue {
        case .bool(let flag)?: return .bool(flag)
        case .string(let text)?: return .string(text)
        case nil: break
        }
        switch type {
        case .string, .boolean, .integer: return .null
        case .stringList, .scalarList, .principals, .objectList: return .array([])
        case .stringMap, .secrets: return .object([:])
        case .object: return .null
        case .requestParameters: return ManifestRequestParameters().json
        }
    }

    /// `value` in its one stored form, so that equal manifests have equal bytes however they
    /// were built.
    func normalized(_ value: JSONValue) -> JSONValue {
        switch type {
        case .stringList: return JSONValue(normalizedNames(ManifestRecord.strings(in: value)))
        case .scalarList:
            guard case .array(let items) = value else { return value }
            let codes = items.compactMap { if case .integer(let code) = $0 { code } else { nil } }
            return JSONValue(Array(Set(codes)).sorted())
        case .principals:
            guard case .array(let items) = value else { return value }
            let principals = items.map { ManifestRecord(principalJSON: $0) }
            return .array(bySequence(principals).map(\.json))
        case .object(let fields):
            guard case .object(let members) = value else { return value }
            return .object(Self.normalizedMembers(members, fields))
        case .objectList(let fields):
            guard case .array(let items) = value else { return value }
            let sequenced = fields.contains { $0.id == .sequence }
            let rows: [[String: JSONValue]] = items.enumerated().map { index, item in
                guard case .object(var members) = item else { return [:] }
                // A row without a sequence takes its position: the order it was written in.
                if sequenced, members[FieldID.sequence.name] ?? .null == .null { members[FieldID.sequence.name] = .integer(index + 1) }
                return Self.normalizedMembers(members, fields)
            }
            guard sequenced else { return .array(rows.map(JSONValue.object)) }
            // Rows that share a sequence are ordered by their text, not by where they were
            // written: an org's rows come back in any order (the platform orders by sequence).
            let ordered = rows.enumerated().sorted { left, right in
                let (a, b) = (Self.sequence(left.element), Self.sequence(right.element))
                if a != b { return a < b }
                let (l, r) = (JSONValue.object(left.element).canonical, JSONValue.object(right.element).canonical)
                return l != r ? l.utf8.lexicographicallyPrecedes(r.utf8) : left.offset < right.offset
            }
            return .array(ordered.map { .object($0.element) })
        case .string, .boolean, .integer, .stringMap, .secrets, .requestParameters: return value
        }
    }

    /// Every field of a nested mapping, with its default when absent.
    private static func normalizedMembers(_ members: [String: JSONValue], _ fields: [FieldSpec]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for field in fields { result[field.name] = field.normalized(members[field.name] ?? field.manifestDefault) }
        return result
    }

    private static func sequence(_ row: [String: JSONValue]) -> Int {
        if case .integer(let number)? = row[FieldID.sequence.name] { number } else { Int.max }
    }
}

extension ManifestRecord {
    static func strings(in value: JSONValue) -> [String] {
        guard case .array(let items) = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}

/// Sorted by code point and deduplicated by exact bytes, so that equal sets compare and print
/// equal. `Set<String>` would merge canonically equivalent spellings (`é` and `e` + U+0301)
/// and keep whichever came first, making the output depend on input order.
func normalizedNames(_ names: [String]) -> [String] {
    Set(names.map { Array($0.utf8) }).sorted { $0.lexicographicallyPrecedes($1) }
        .map { String(decoding: $0, as: UTF8.self) }
}

private func bySequence(_ principals: [ManifestRecord]) -> [ManifestRecord] {
    principals.sorted {
        let (left, right) = ($0.integer(.sequence), $1.integer(.sequence))
        return left != right ? left < right : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
    }
}
