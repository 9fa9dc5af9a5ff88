import Diagnostics
import Schema
import YAML

/// A value with where it was written.
///
/// The path is kept in parts and joined only when a message asks for it: a large file has a
/// located value per field, almost none of which ever appears in a finding, and their parts
/// (the principal's prefix, a field name literal) are shared instead of allocated per value.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange
    @usableFromInline var pathPrefix: String
    @usableFromInline var pathKey: String
    /// A list item's index, or -1.
    @usableFromInline var pathItem: Int32

    /// YAML path within the document, e.g. `principals[1].sequence`.
    public var path: String {
        get {
            var path = pathPrefix
            if !pathKey.isEmpty { path += path.isEmpty ? pathKey : "." + pathKey }
            if pathItem >= 0 { path += "[\(pathItem)]" }
            return path
        }
        set {
            pathPrefix = newValue
            pathKey = ""
            pathItem = -1
        }
    }

    @inlinable
    public init(_ value: Value, range: SourceRange, path: String) {
        self.value = value
        self.range = range
        pathPrefix = path
        pathKey = ""
        pathItem = -1
    }

    /// At `prefix.key[item]`; `prefix` may be empty, `item` nil.
    @inlinable
    public init(_ value: Value, range: SourceRange, prefix: String, key: String, item: Int? = nil) {
        self.value = value
        self.range = range
        pathPrefix = prefix
        pathKey = key
        pathItem = item.map { Int32(clamping: $0) } ?? -1
    }
}

/// Where a resource was defined.
public struct ResourceOrigin: Sendable {
    public var file: String
    /// The document's index in its file.
    public var document: Int
    /// The range of the `kind` value, where resource-wide findings point.
    public var kindRange: SourceRange
    /// The whole document, to tell which earlier findings are about this resource.
    public var range: SourceRange
}

/// One field's value as written: what the model builder decoded for a row of the field table,
/// by the row's type.
///
/// A scalar is stored bare; its record keeps where it was written and how it was quoted, and
/// makes the located value when a rule asks (`ModelRecord.string(_:)`). A record holds a value
/// per field written, and a bare scalar keeps the record's entries 32 bytes wide, not 112: most
/// of a large file's model. Rarely written mappings are boxed (`indirect`) for the same reason.
public enum ModelValue: Sendable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    /// Items with where each was written; the record makes their paths (`LocatedList`).
    case strings(ItemSlice<String>)
    /// Items as written: the refresh-status-code rule checks their types and ranges.
    case scalars([Located<ScalarItem>])
    case principals(PrincipalList)
    indirect case object(ModelRecord)
    case objects([ModelRecord])
    indirect case requestParameters(RequestParameters)
    /// The entries of a `secrets:` mapping; the record's entry keeps where the mapping is.
    case secrets(SecretSlice)
}

/// A document's `secrets:` entries, appended while the document is read and read only after:
/// each key once (a credential's principals name the same few), the ranges packed, 48 bytes an
/// entry where a ``SecretEntry`` takes 64. One array per document, not one per mapping, saves
/// each principal's mapping its array header and its allocation.
public final class DocumentSecrets: @unchecked Sendable {
    // Unchecked: appended only by the document's reader, on its thread, never while a read of it
    // is under way, and read only once `trim()` has run; the runtime's exclusivity check on every
    // read of a class property would find nothing.
    @usableFromInline struct Stored: Sendable {
        @usableFromInline let variable: String
        @usableFromInline let key: UInt32
        @usableFromInline let keyRange: PackedRange
        @usableFromInline let variableRange: PackedRange
    }

    @exclusivity(unchecked) @usableFromInline private(set) var keys: [String] = []
    @exclusivity(unchecked) @usableFromInline private(set) var entries: [Stored] = []
    /// The ranges ``PackedRange`` cannot hold.
    @exclusivity(unchecked) @usableFromInline private(set) var overflow: [SourceRange] = []

    public init() {}

    var count: Int { entries.count }

    func append(_ entry: SecretEntry) {
        // The last few keys only: a mapping with many keys stores some twice, never loses one.
        let recent = keys.indices.suffix(8)
        let key = recent.first { keys[$0] == entry.key }.map(UInt32.init) ?? UInt32(keys.count)
        if Int(key) == keys.count { keys.append(entry.key) }
        entries.append(
            Stored(
                variable: entry.variable, key: key, keyRange: PackedRange(entry.keyRange, overflow: &overflow),
                variableRange: PackedRange(entry.variableRange, overflow: &overflow)))
    }

    /// The entries appended since `start` was ``count``.
    func slice(from start: Int) -> SecretSlice {
        SecretSlice(self, start: start, count: entries.count - start)
    }

    /// Gives back the room the appends left: done when the document has been read.
    func trim() {
        if entries.capacity > entries.count { entries = entries.withUnsafeBufferPointer { Array($0) } }
        if keys.capacity > keys.count { keys = keys.withUnsafeBufferPointer { Array($0) } }
    }
}

/// A run of a document's `secrets:` entries, as a field's value holds them.
public struct SecretSlice: RandomAccessCollection, Sendable {
    // Inlinable, with what it reads: rules in other modules then read entries in place.
    @usableFromInline let storage: DocumentSecrets?
    @usableFromInline let start: UInt32
    @usableFromInline let length: UInt32

    init(_ storage: DocumentSecrets, start: Int, count: Int) {
        self.storage = storage
        self.start = UInt32(start)
        length = UInt32(count)
    }

    /// No entries.
    @inlinable public init() {
        storage = nil
        start = 0
        length = 0
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    @inlinable
    func stored(_ position: Int) -> DocumentSecrets.Stored {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return storage!.entries[Int(start) + position]
    }

    /// The key of the entry at `position`, without unpacking its ranges.
    @inlinable public func key(at position: Int) -> String { storage!.keys[Int(stored(position).key)] }

    @inlinable
    public subscript(position: Int) -> SecretEntry {
        let entry = stored(position)
        let storage = storage!
        return SecretEntry(
            key: storage.keys[Int(entry.key)], keyRange: entry.keyRange.range(overflow: storage.overflow),
            variable: entry.variable, variableRange: entry.variableRange.range(overflow: storage.overflow))
    }
}

/// A document's list items: each text once, and per item its text's index and its range, 16
/// bytes where a ``ListItem`` takes 32. A principal's permission sets are a large model's most
/// numerous values, and a credential's principals repeat the same few.
public final class DocumentItems<Value: Sendable & Equatable>: @unchecked Sendable {
    // Unchecked as DocumentSecrets: appended only by the document's reader, read only after.
    @usableFromInline struct Item: Sendable {
        @usableFromInline let text: UInt32
        @usableFromInline let range: PackedRange
    }

    @exclusivity(unchecked) @usableFromInline private(set) var texts: [Value] = []
    @exclusivity(unchecked) @usableFromInline private(set) var items: [Item] = []
    /// The ranges ``PackedRange`` cannot hold.
    @exclusivity(unchecked) @usableFromInline private(set) var overflow: [SourceRange] = []
    /// The texts appended last, by index: a text is shared with the items it repeats among
    /// these, and stored again otherwise (a copy shares the string's storage).
    private var recent: [UInt32] = []
    private var next = 0

    public init() {}

    var count: Int { items.count }

    func append(_ value: Value, range: SourceRange) {
        let text: UInt32
        if let known = recent.first(where: { texts[Int($0)] == value }) {
            text = known
        } else {
            text = UInt32(texts.count)
            texts.append(value)
            if recent.count < 4 { recent.append(text) } else {
                recent[next] = text
                next = (next + 1) % 4
            }
        }
        items.append(Item(text: text, range: PackedRange(range, overflow: &overflow)))
    }

    /// The items appended since `start` was ``count``.
    func slice(from start: Int) -> ItemSlice<Value> {
        ItemSlice(self, start: start, count: items.count - start)
    }

    /// Gives back the room the appends left: done when the document has been read.
    func trim() {
        if items.capacity > items.count { items = items.withUnsafeBufferPointer { Array($0) } }
        if texts.capacity > texts.count { texts = texts.withUnsafeBufferPointer { Array($0) } }
        recent = []
    }
}

/// A run of a document's list items, as a field's value holds them.
public struct ItemSlice<Value: Sendable & Equatable>: RandomAccessCollection, Sendable {
    @usableFromInline let storage: DocumentItems<Value>?
    @usableFromInline let start: UInt32
    @usableFromInline let length: UInt32

    init(_ storage: DocumentItems<Value>, start: Int, count: Int) {
        self.storage = storage
        self.start = UInt32(start)
        length = UInt32(count)
    }

    /// No items.
    @inlinable public init() {
        storage = nil
        start = 0
        length = 0
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    @inlinable
    func item(_ position: Int) -> DocumentItems<Value>.Item {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return storage!.items[Int(start) + position]
    }

    /// The item's value alone, without unpacking its range.
    @inlinable public func value(at position: Int) -> Value { storage!.texts[Int(item(position).text)] }

    @inlinable public func range(at position: Int) -> SourceRange { item(position).range.range(overflow: storage!.overflow) }

    @inlinable
    public subscript(position: Int) -> ListItem<Value> {
        let item = item(position)
        return ListItem(storage!.texts[Int(item.text)], range: item.range.range(overflow: storage!.overflow))
    }
}

/// An item of a list field as stored: its value and where it was written. Its path follows
/// from the record's and its position, so it is made when asked (``LocatedList``), not stored:
/// a principal's permission sets are a large file's most numerous list items.
public struct ListItem<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange

    @inlinable
    public init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// The items of a list field, each located at `prefix.key[position]`.
public struct LocatedList<Value: Sendable & Equatable>: RandomAccessCollection, Sendable {
    @usableFromInline let items: ItemSlice<Value>
    @usableFromInline let prefix: String
    @usableFromInline let key: String

    @inlinable
    public init(_ items: ItemSlice<Value>, prefix: String, key: String) {
        self.items = items
        self.prefix = prefix
        self.key = key
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { items.count }

    /// No items: an absent list field.
    @inlinable public static var empty: LocatedList { LocatedList(ItemSlice(), prefix: "", key: "") }

    /// The item's value without its path: what a rule reads of most items.
    @inlinable public func value(at position: Int) -> Value { items.value(at: position) }

    @inlinable public func range(at position: Int) -> SourceRange { items.range(at: position) }

    @inlinable
    public subscript(position: Int) -> Located<Value> {
        let item = items[position]
        return Located(item.value, range: item.range, prefix: prefix, key: key, item: position)
    }
}

/// A resource, a principal or a nested mapping as written: its well-typed values by row of the
/// field table, each located (STYLE 13). Rules read it through the typed accessors of the
/// resource types; a field added to the table is decoded, compiled and written with no code
/// here.
public struct ModelRecord: Sendable {
    /// The mapping.
    public let range: SourceRange
    /// The table's rows, the path and the values, in one allocation: a rule that walks every
    /// principal copies each record, and a copy is then one retain, not one per array and string.
    private var shared: SharedEntries
    private var storage: EntryBuffer {
        get { shared.buffer }
        _modify { yield &shared.buffer }
    }

    /// The rows of the table this record holds values of.
    public var fields: [FieldSpec] { storage.withUnsafeMutablePointerToHeader { $0.pointee.fields } }
    /// YAML path of the mapping within the document (`principals[1]`, `aws`); empty for a resource.
    public var path: String { RecordPaths.shared.path(storage.withUnsafeMutablePointerToHeader { $0.pointee.path }) }

    /// 32 bytes: the value first (17), then the row and the tag in its tail padding, then the
    /// range in 12. A large model holds half a million; at 40 bytes they were its largest part.
    fileprivate struct Entry: Sendable {
        var value: ModelValue
        /// The field's row in ``fields`` (a table has at most 64).
        var index: UInt8
        /// A string's ``ScalarStyle`` in the top 3 bits, the low 13 bits of the field's
        /// ``FieldID/code`` below: a lookup compares these first, and the row's whole code only
        /// when they match.
        var tag: UInt16
        var range: PackedRange

        static let codeMask: UInt16 = 0x1FFF

        var style: ScalarStyle { ScalarStyle(rawValue: UInt8(tag >> 13)) ?? .plain }
    }

    /// The width of an entry, which `aRecordEntryIsFourWords` holds to.
    public static var entryStride: Int { MemoryLayout<Entry>.stride }

    /// The width of what precedes the entries, which `aRecordHeaderIsThreeWords` holds to.
    public static var headerStride: Int { MemoryLayout<EntryHeader>.stride }

    /// A record with room for `capacity` values, so that setting them allocates nothing more;
    /// `position` is its index in the list it is an item of.
    public init(fields: [FieldSpec], range: SourceRange, path: String, position: Int = 0, capacity: Int = 0) {
        precondition(capacity <= Int(UInt16.max), "a record holds at most one value per row of its table")
        self.range = range
        shared = SharedEntries(
            buffer: EntryBuffer.make(fields: fields, path: path, position: UInt32(clamping: position), capacity: capacity))
    }

    /// The record's index in the list it is an item of (a principal's in `principals`).
    public var position: Int { storage.withUnsafeMutablePointerToHeader { Int($0.pointee.position) } }

    /// The values written, in the table's order: most records set few of their fields.
    private func withEntries<Result>(_ body: (UnsafeBufferPointer<Entry>) -> Result) -> Result {
        storage.withUnsafeMutablePointers { header, elements in
            body(UnsafeBufferPointer(start: elements, count: Int(header.pointee.count)))
        }
    }

    /// The entry of `id`. Rules look values up many times each: the scan reads tags in place,
    /// copying no value, and reads the row's code only where the tag matches. Codes identify
    /// names: the tables' field names differ in their codes (`FieldFlagTests`).
    private func entry(of id: FieldID) -> Entry? {
        let code = UInt16(truncatingIfNeeded: id.code) & Entry.codeMask
        return storage.withUnsafeMutablePointers { header, elements in
            for offset in 0..<Int(header.pointee.count) where elements[offset].tag & Entry.codeMask == code {
                let entry = elements[offset]
                if header.pointee.fields[Int(entry.index)].id.code == id.code { return entry }
            }
            return nil
        }
    }

    /// Where `entry` was written.
    private func range(of entry: Entry) -> SourceRange { storage.range(entry.range) }

    public subscript(id: FieldID) -> ModelValue? { entry(of: id)?.value }

    /// Sets the value of the field at `index` of ``fields``, found at `range` (a string quoted
    /// as `style`); fields are set in the table's order.
    public mutating func set(_ value: ModelValue, at index: Int, range: SourceRange, style: ScalarStyle = .plain) {
        let (count, capacity) = storage.withUnsafeMutablePointerToHeader { (Int($0.pointee.count), Int($0.pointee.capacity)) }
        if count == capacity || !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(capacity: max(count + 1, 2 * count))
        }
        storage.withUnsafeMutablePointers { header, elements in
            let code = UInt16(truncatingIfNeeded: header.pointee.fields[index].id.code) & Entry.codeMask
            let packed = storage.pack(range, header: header)
            (elements + count).initialize(
                to: Entry(value: value, index: UInt8(index), tag: UInt16(style.rawValue) << 13 | code, range: packed))
            header.pointee.count += 1
        }
    }

    /// Every field that has a value, in the table's order.
    public var written: [(field: FieldSpec, value: ModelValue)] {
        let fields = fields
        return withEntries { entries in entries.map { (fields[Int($0.index)], $0.value) } }
    }

    /// The fields that have a value, in the table's order: ``written`` without copying values.
    public var writtenFields: [FieldSpec] {
        let fields = fields
        return withEntries { entries in entries.map { fields[Int($0.index)] } }
    }

    /// Where the value of `id` is; nil when it is absent or mistyped.
    public func range(of id: FieldID) -> SourceRange? { entry(of: id).map(range(of:)) }

    /// The scalar of `id` at its place: `path.field`, where the entry says it was written.
    private func located<Value>(_ id: FieldID, _ value: (ModelValue) -> Value?) -> Located<Value>? {
        guard let entry = entry(of: id), let bare = value(entry.value) else { return nil }
        let range = storage.range(entry.range)
        return storage.withUnsafeMutablePointerToHeader { header in
            Located(
                bare, range: range, prefix: RecordPaths.shared.path(header.pointee.path),
                key: header.pointee.fields[Int(entry.index)].name)
        }
    }

    /// The text of `id` without its place: what a rule reads when it reports nothing.
    public func text(_ id: FieldID) -> String? {
        if case .string(let text)? = self[id] { text } else { nil }
    }

    public func string(_ id: FieldID) -> Located<String>? {
        located(id) { if case .string(let text) = $0 { text } else { nil } }
    }

    /// How a text value was quoted, to map offsets inside it back to file columns.
    public func style(_ id: FieldID) -> ScalarStyle? {
        guard let entry = entry(of: id), case .string = entry.value else { return nil }
        return entry.style
    }

    public func bool(_ id: FieldID) -> Located<Bool>? {
        located(id) { if case .bool(let flag) = $0 { flag } else { nil } }
    }

    public func integer(_ id: FieldID) -> Located<Int>? {
        located(id) { if case .integer(let number) = $0 { number } else { nil } }
    }

    public func strings(_ id: FieldID) -> LocatedList<String>? {
        guard let entry = entry(of: id), case .strings(let items) = entry.value else { return nil }
        return storage.withUnsafeMutablePointerToHeader { header in
            LocatedList(items, prefix: RecordPaths.shared.path(header.pointee.path), key: header.pointee.fields[Int(entry.index)].name)
        }
    }

    public func object(_ id: FieldID) -> ModelRecord? {
        if case .object(let value)? = self[id] { value } else { nil }
    }

    /// The rows of a list of mappings; empty when absent.
    public func objects(_ id: FieldID) -> [ModelRecord] {
        if case .objects(let value)? = self[id] { value } else { [] }
    }
}

/// What a ``ModelRecord`` holds: its table's rows and path, then its entries in place. 24
/// bytes: with the object's 16 and malloc's 8, a principal of three or four values fills a
/// 16-byte size class less than it did with its path and overflow ranges here (40 bytes).
private struct EntryHeader {
    var fields: [FieldSpec]
    /// The record's path, by its index in ``RecordPaths``.
    var path: UInt32
    /// The record's index in the list it is an item of (a principal's in `principals`); 0
    /// for a record that is no item. Here, in room the header had, and not beside each record.
    var position: UInt32
    /// Entries initialized, from the start of the elements (at most one per row of `fields`).
    var count: UInt16
    /// Entries there is room for; kept here because `ManagedBuffer.capacity` asks malloc.
    var capacity: UInt16
    /// Whether some entry's range is kept whole in ``OverflowRanges``: almost never.
    var hasOverflow = false
}

/// A range in 12 bytes: its start, and its end as lines after the start (8 bits) and column
/// (24 bits). A range these cannot hold (a value over 254 lines, or ending past column 2^24)
/// is kept whole in the record's header, and the end then holds its index there.
@usableFromInline struct PackedRange: Sendable {
    @usableFromInline var line: Int32
    @usableFromInline var column: Int32
    @usableFromInline var end: UInt32

    @usableFromInline static var overflowMark: UInt32 { 0xFF }

    /// Whether the range is kept whole elsewhere.
    var isOverflow: Bool { end >> 24 == Self.overflowMark }

    init(_ range: SourceRange, overflow: inout [SourceRange]) {
        line = Int32(clamping: range.start.line)
        column = Int32(clamping: range.start.column)
        let lines = range.end.line - range.start.line
        if (0..<Int(Self.overflowMark)).contains(lines), (0..<(1 << 24)).contains(range.end.column) {
            end = UInt32(lines) << 24 | UInt32(range.end.column)
        } else {
            end = Self.overflowMark << 24 | UInt32(overflow.count)
            overflow.append(range)
        }
    }

    @inlinable
    func range(overflow: [SourceRange]) -> SourceRange {
        let lines = end >> 24
        if lines == Self.overflowMark { return overflow[Int(end & 0xFF_FFFF)] }
        return SourceRange(
            line: Int(line), column: Int(column), endLine: Int(line) + Int(lines), endColumn: Int(end & 0xFF_FFFF))
    }
}

/// ManagedBuffer is not Sendable; a record's buffer is written only while unique, so sharing it
/// across threads is reading it.
private struct SharedEntries: @unchecked Sendable {
    var buffer: EntryBuffer
}

/// A record's storage. Written only while uniquely referenced (`ModelRecord.set`), as an
/// array's storage is; shared records are read only.
private final class EntryBuffer: ManagedBuffer<EntryHeader, ModelRecord.Entry> {
    static func make(fields: [FieldSpec], path: String, position: UInt32, capacity: Int) -> EntryBuffer {
        let buffer = create(minimumCapacity: capacity) { _ in
            EntryHeader(
                fields: fields, path: RecordPaths.shared.index(path), position: position, count: 0,
                capacity: UInt16(capacity))
        }
        return unsafeDowncast(buffer, to: EntryBuffer.self)
    }

    /// `range` packed for an entry of this buffer, which the caller is writing.
    func pack(_ range: SourceRange, header: UnsafeMutablePointer<EntryHeader>) -> PackedRange {
        var overflow: [SourceRange] = header.pointee.hasOverflow ? OverflowRanges.shared.ranges(of: ObjectIdentifier(self)) : []
        let count = overflow.count
        let packed = PackedRange(range, overflow: &overflow)
        if overflow.count != count {
            OverflowRanges.shared.set(overflow, of: ObjectIdentifier(self))
            header.pointee.hasOverflow = true
        }
        return packed
    }

    /// The range an entry of this buffer packed.
    func range(_ packed: PackedRange) -> SourceRange {
        packed.range(overflow: packed.isOverflow ? OverflowRanges.shared.ranges(of: ObjectIdentifier(self)) : [])
    }

    /// A buffer with the same header and entries and room for `capacity` of them.
    func copy(capacity: Int) -> EntryBuffer {
        withUnsafeMutablePointers { header, elements in
            let count = Int(header.pointee.count)
            let copy = unsafeDowncast(
                EntryBuffer.create(minimumCapacity: max(capacity, count)) { _ in
                    var copied = header.pointee
                    copied.capacity = UInt16(max(capacity, count))
                    return copied
                }, to: EntryBuffer.self)
            copy.withUnsafeMutablePointers { copyHeader, copyElements in
                copyElements.initialize(from: elements, count: count)
                if header.pointee.hasOverflow { OverflowRanges.shared.set(OverflowRanges.shared.ranges(of: ObjectIdentifier(self)), of: ObjectIdentifier(copy)) }
            }
            return copy
        }
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            elements.deinitialize(count: Int(header.pointee.count))
            if header.pointee.hasOverflow { OverflowRanges.shared.remove(ObjectIdentifier(self)) }
        }
    }
}

/// A resource of the model: where it was defined, its name, and its record. The kinds are
/// this type with their marker; their typed accessors are extensions for rules.
///
/// Its values live in one box: rules walk every resource of a large model, and a copy of the
/// resource is then one retain, not one for each string and array it holds. A change copies
/// the box first unless this resource holds the only reference, so values stay values.
public struct Resource<Kind: ResourceKindMarker>: Sendable {
    private final class Storage: @unchecked Sendable {
        // Changed only through a uniquely referenced box (see `unique`), as an array's storage is:
        // no access can overlap a change, and the runtime's check on each read is skipped.
        @exclusivity(unchecked) var origin: ResourceOrigin
        @exclusivity(unchecked) var name: Located<String>
        @exclusivity(unchecked) var record: ModelRecord

        init(origin: ResourceOrigin, name: Located<String>, record: ModelRecord) {
            self.origin = origin
            self.name = name
            self.record = record
        }
    }

    private var storage: Storage

    public init(origin: ResourceOrigin, name: Located<String>, record: ModelRecord) {
        storage = Storage(origin: origin, name: name, record: record)
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(origin: storage.origin, name: storage.name, record: storage.record)
        }
        return storage
    }

    public var origin: ResourceOrigin {
        get { storage.origin }
        _modify { yield &unique().origin }
    }

    public var name: Located<String> {
        get { storage.name }
        _modify { yield &unique().name }
    }

    public var record: ModelRecord {
        get { storage.record }
        _modify { yield &unique().record }
    }

    public var label: Located<String>? { record.string(.label) }
    public var description: Located<String>? { record.string(.description) }
    public var `protocol`: Located<String>? { record.string(.protocol) }
    public var flow: Located<String>? { record.string(.flow) }
}

/// Which kind a ``Resource`` is.
public protocol ResourceKindMarker: Sendable {}
public enum IdentityProviderKind: ResourceKindMarker {}
public enum ExternalCredentialKind: ResourceKindMarker {}
public enum NamedCredentialKind: ResourceKindMarker {}

/// `kind: ExternalAuthIdentityProvider`.
public typealias IdentityProvider = Resource<IdentityProviderKind>
/// `kind: ExternalCredential`.
public typealias ExternalCredential = Resource<ExternalCredentialKind>
/// `kind: NamedCredential`.
public typealias NamedCredential = Resource<NamedCredentialKind>

extension Resource where Kind == IdentityProviderKind {
    public var tokenURL: Located<String>? { record.string(.tokenUrl) }
    public var defaultScopes: LocatedList<String>? { record.strings(.defaultScopes) }
    public var clientAuthentication: Located<String>? { record.string(.clientAuthentication) }
    public var authorizeURL: Located<String>? { record.string(.authorizeUrl) }
    public var userInfoURL: Located<String>? { record.string(.userInfoUrl) }
    public var pkce: Located<Bool>? { record.bool(.pkce) }
    public var tokenRequest: RequestParameters? {
        if case .requestParameters(let value)? = record[.tokenRequest] { value } else { nil }
    }
    public var refreshRequest: RequestParameters? {
        if case .requestParameters(let value)? = record[.refreshRequest] { value } else { nil }
    }
    public var unmanaged: Located<Bool>? { record.bool(.unmanaged) }
    /// `secrets:`: where `credc secrets` takes the client ID and secret from (SPEC §12).
    public var secrets: SecretSources? { record.secretSources }

    public var isUnmanaged: Bool { unmanaged?.value ?? Fields.providerUnmanaged.defaultBool }
}

extension ModelRecord {
    var secretSources: SecretSources? {
        guard let entry = entry(of: .secrets), case .secrets(let entries) = entry.value else { return nil }
        return storage.withUnsafeMutablePointerToHeader { header in
            let field = header.pointee.fields[Int(entry.index)].name
            return SecretSources(
                range: storage.range(entry.range),
                entries: SecretSourceList(entries, prefix: RecordPaths.shared.path(header.pointee.path), field: field))
        }
    }
}

/// A provider's extra token- or refresh-request parameters, as written.
public struct RequestParameters: Sendable {
    /// Where the `tokenRequest:`/`refreshRequest:` key is.
    public var range: SourceRange
    public var body: [RequestParameter] = []
    public var query: [RequestParameter] = []
    public var headers: [RequestParameter] = []

    public init(range: SourceRange) { self.range = range }
}

/// One `NAME: VALUE` of a request's body, query or headers.
public struct RequestParameter: Sendable {
    public var name: Located<String>
    public var value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}

/// A `secrets:` mapping of a provider or principal: each key's environment variable, as written.
public struct SecretSources: Sendable {
    /// Where the `secrets:` mapping is.
    public var range: SourceRange
    /// The entries whose key is a string and whose value names an environment variable; the
    /// model builder reported the others.
    public var entries: SecretSourceList

    public init(range: SourceRange, entries: SecretSourceList) {
        self.range = range
        self.entries = entries
    }

    /// Whether `key` names a variable: ``variable(for:)`` without making the located value.
    public func hasVariable(for key: String) -> Bool {
        entries.keys.contains(key)
    }

    /// The variable `key` comes from.
    public func variable(for key: String) -> Located<String>? {
        entries.source(forKey: key)?.variable
    }
}

/// `KEY: VARIABLE` under `secrets:` as stored; ``SecretSourceList`` locates both at
/// `prefix.secrets.KEY` when asked.
public struct SecretEntry: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var variable: String
    public var variableRange: SourceRange

    public init(key: String, keyRange: SourceRange, variable: String, variableRange: SourceRange) {
        self.key = key
        self.keyRange = keyRange
        self.variable = variable
        self.variableRange = variableRange
    }
}

/// The entries of a `secrets:` mapping, located under the record's path.
public struct SecretSourceList: RandomAccessCollection, Sendable {
    private let entries: SecretSlice
    private let prefix: String
    private let field: String

    public init(_ entries: SecretSlice, prefix: String, field: String) {
        self.entries = entries
        self.prefix = prefix
        self.field = field
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }

    /// The keys as written: a key is looked up far more often than its located entry is made
    /// (whose path is a string of its own).
    public var keys: some Sequence<String> { entries.indices.lazy.map(entries.key(at:)) }

    /// The entry of `key`, made only when found.
    public func source(forKey key: String) -> SecretSource? {
        entries.indices.first { entries.key(at: $0) == key }.map { self[$0] }
    }

    public subscript(position: Int) -> SecretSource {
        let entry = entries[position]
        let key = "\(field).\(entry.key)"
        return SecretSource(
            key: Located(entry.key, range: entry.keyRange, prefix: prefix, key: key),
            variable: Located(entry.variable, range: entry.variableRange, prefix: prefix, key: key))
    }
}

/// `KEY: VARIABLE` under `secrets:`.
public struct SecretSource: Sendable {
    public var key: Located<String>
    public var variable: Located<String>

    public init(key: Located<String>, variable: Located<String>) {
        self.key = key
        self.variable = variable
    }
}

/// A principal of an external credential.
/// A credential's `principals:`: the principals that are mappings, and the keys the credential's
/// flow forbids on them, kept here rather than on each principal because almost none has one.
public struct PrincipalList: Sendable {
    public var principals: [Principal]
    /// `clientId` / `clientSecret` keys, forbidden on a principal, in the order written.
    public var credentialKeys: [Located<String>]

    public init(_ principals: [Principal], credentialKeys: [Located<String>] = []) {
        self.principals = principals
        self.credentialKeys = credentialKeys
    }
}

public struct Principal: Sendable {
    /// The values; a principal is its record alone (24 bytes): a large model holds a hundred
    /// thousand in the credentials' arrays.
    public var record: ModelRecord

    public init(record: ModelRecord) {
        self.record = record
    }

    /// Index in the credential's `principals` list.
    public var index: Int { record.position }

    public var range: SourceRange { record.range }
    public var name: Located<String>? { record.string(.name) }
    /// ``name``'s text alone.
    public var nameText: String? { record.text(.name) }
    public var sequence: Located<Int>? { record.integer(.sequence) }
    public var identityType: Located<String>? { record.string(.identityType) }
    /// (OAuth) the principal's own Scope row.
    public var scope: Located<String>? { record.string(.scope) }
    public var permissionSets: LocatedList<String> { record.strings(.permissionSets) ?? .empty }
    public var profiles: LocatedList<String> { record.strings(.profiles) ?? .empty }
    /// `secrets:` (SPEC §12).
    public var secrets: SecretSources? { record.secretSources }
}

extension Resource where Kind == ExternalCredentialKind {
    public var identityProvider: Located<String>? { record.string(.identityProvider) }
    public var authProvider: Located<String>? { record.string(.authProvider) }
    public var tokenURL: Located<String>? { record.string(.tokenUrl) }
    public var signingCertificate: Located<String>? { record.string(.signingCertificate) }
    public var scope: Located<String>? { record.string(.scope) }
    /// How `scope` was quoted, to map formula offsets back to file columns.
    public var scopeStyle: ScalarStyle? { record.style(.scope) }
    public var passClientCredentialsInBody: Located<Bool>? { record.bool(.passClientCredentialsInBody) }
    public var additionalRefreshStatusCodes: [Located<ScalarItem>]? {
        if case .scalars(let value)? = record[.additionalRefreshStatusCodes] { value } else { nil }
    }
    /// `jwt:` (JwtBearer, Jwt): `header` and `claims`, each rows of `name` and `value`.
    public var jwt: ModelRecord? { record.object(.jwt) }
    /// `aws:` (AwsSv4).
    public var aws: ModelRecord? { record.object(.aws) }
    /// AuthHeader rows: `name`, `value`, `sequence`.
    public var authHeaders: [ModelRecord] { record.objects(.authHeaders) }
    public var principals: [Principal] {
        if case .principals(let value)? = record[.principals] { value.principals } else { [] }
    }
    /// `clientId` / `clientSecret` keys written on the principals, forbidden there.
    public var principalCredentialKeys: [Located<String>] {
        if case .principals(let value)? = record[.principals] { value.credentialKeys } else { [] }
    }
    /// Where `principals:` is, or nil when absent.
    public var principalsRange: SourceRange? { record.range(of: .principals) }

    /// The row of SPEC §10's table this credential's protocol and flow select; nil when they
    /// select none (the model builder reported why).
    public var flowSpec: FlowSpec? {
        guard let `protocol` = `protocol`?.value else { return nil }
        return ProtocolTable.row(protocol: `protocol`, flow: flow?.value)
    }
}

/// A list item whose type a rule, not the schema, judges.
public enum ScalarItem: Sendable, Hashable {
    case integer(Int)
    case other(text: String, typeName: String)
}

extension Resource where Kind == NamedCredentialKind {
    public var url: Located<String>? { record.string(.url) }
    public var externalCredential: Located<String>? { record.string(.externalCredential) }
    public var generateAuthorizationHeader: Located<Bool>? { record.bool(.generateAuthorizationHeader) }
    public var allowFormulasInHeaders: Located<Bool>? { record.bool(.allowFormulasInHeaders) }
    public var allowFormulasInBody: Located<Bool>? { record.bool(.allowFormulasInBody) }
    public var allowedNamespaces: LocatedList<String>? { record.strings(.allowedNamespaces) }
    public var enabled: Located<Bool>? { record.bool(.enabled) }
    public var type: Located<String>? { record.string(.type) }
    public var outboundNetworkConnection: Located<String>? { record.string(.outboundNetworkConnection) }
    public var clientCertificate: Located<String>? { record.string(.clientCertificate) }
    /// HttpHeader rows: `name`, `value`, `sequence`.
    public var headers: [ModelRecord] { record.objects(.headers) }
}

/// Every resource of every input, in input order.
public struct Model: Sendable {
    public var providers: [IdentityProvider] = []
    public var externalCredentials: [ExternalCredential] = []
    public var namedCredentials: [NamedCredential] = []
    /// `kind: Environment` documents (SPEC §7); not resources.
    public var environments: [Environment] = []
    /// The text of each file from where its YAML stopped parsing: what resources it defines and
    /// which it refers to is unknown, so references into it and uses from it cannot be checked.
    public var unparsed: [UnparsedText] = []
    /// In one environment's model: the resources left out because their `environments:` does not
    /// list it, by kind and name, with the environments they are in.
    public var elsewhere: [ResourceKind: [String: [String]]] = [:]

    public init() {}

    /// The model of environment `name` (SPEC §7, 1.2): a resource whose `environments:` does not
    /// list it is left out, and kept in ``elsewhere`` so that a reference to it says why.
    public func inEnvironment(_ name: String) -> Model {
        var model = self
        func keep(_ kind: ResourceKind, _ resource: String, _ record: ModelRecord) -> Bool {
            guard let listed = record.strings(.environments)?.map(\.value), !listed.contains(name) else { return true }
            model.elsewhere[kind, default: [:]][resource] = listed
            return false
        }
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider:
                model.providers = providers.filter { keep(kind, $0.name.value, $0.record) }
            case .externalCredential:
                model.externalCredentials = externalCredentials.filter { keep(kind, $0.name.value, $0.record) }
            case .namedCredential:
                model.namedCredentials = namedCredentials.filter { keep(kind, $0.name.value, $0.record) }
            }
        }
        return model
    }

    /// Appends every resource of `other` (the model of a later file) after this model's own.
    public mutating func merge(_ other: Model) {
        // Appending to an empty array copies every element; taking the other's shares its storage.
        func append<T>(_ items: [T], to list: inout [T]) {
            if list.isEmpty { list = items } else { list += items }
        }
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: append(other.providers, to: &providers)
            case .externalCredential: append(other.externalCredentials, to: &externalCredentials)
            case .namedCredential: append(other.namedCredentials, to: &namedCredentials)
            }
        }
        append(other.environments, to: &environments)
        append(other.unparsed, to: &unparsed)
    }

    /// Numbers the documents from `base` on: for a model read from a chunk of its file that
    /// does not start at the file's first document.
    public mutating func numberDocuments(from base: Int) {
        guard base != 0 else { return }
        for index in providers.indices { providers[index].origin.document += base }
        for index in externalCredentials.indices { externalCredentials[index].origin.document += base }
        for index in namedCredentials.indices { namedCredentials[index].origin.document += base }
        for index in environments.indices { environments[index].origin.document += base }
    }

    /// The first file whose unparsed text holds `name` as a word: the file that may define or
    /// use it. Nil when every file parsed, or none holds it.
    public func unparsedFile(mentioning name: String) -> String? {
        unparsed.first { $0.words.contains(name) }?.file
    }
}

/// The part of a file that did not parse as YAML: from the start of the document where reading
/// stopped to the end of the file.
public struct UnparsedText: Sendable {
    public var file: String
    /// Every word that could be a developer name (`[A-Za-z0-9_]+` outside comments).
    public var words: Set<String>

    public init(file: String, text: some Sequence<UInt8>) {
        self.file = file
        var words: Set<String> = []
        var word: [UInt8] = []
        var inComment = false
        var previous: UInt8 = UInt8(ascii: "\n")
        for byte in text {
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") { inComment = false }
            if inComment { continue }
            if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\n") {
                inComment = true
            }
            let isWordByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            if isWordByte {
                word.append(byte)
            } else if !word.isEmpty {
                words.insert(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.insert(String(decoding: word, as: UTF8.self)) }
        self.words = words
    }
}
