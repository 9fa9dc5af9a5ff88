import Diagnostics

/// How a scalar was written; quoting decides its type and how decoded text maps to columns.
public enum ScalarStyle: UInt8, Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// A scalar's value under the YAML 1.2 core schema.
public enum ScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer that does not fit 64 bits; kept as written so that the range check can say so.
    case largeInt(String)
    case float(Double)
    case string(String)

    /// The name of the type, for "expected an integer, found a string".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .largeInt: "integer"
        case .float: "float"
        case .string: "string"
        }
    }

    /// The type's name with its article, for "found an integer": "null" takes none.
    public var typeNameWithArticle: String { withArticle(typeName) }
}

/// A type name with its article for messages: "an integer", "a string", "null".
public func withArticle(_ typeName: String) -> String {
    if typeName == "null" { return typeName }
    return (typeName.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + typeName
}

/// A scalar: its decoded text, how it was written, and what it resolves to.
public struct Scalar: Hashable, Sendable {
    public var text: String
    public var style: ScalarStyle
    public var value: ScalarValue

    public init(text: String, style: ScalarStyle, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// One key-value pair of a mapping, in source order.
public struct MappingEntry: Sendable {
    public var key: Node
    public var value: Node
    /// True for entries brought in by a merge key `<<`.
    public var isMerged: Bool

    @inlinable
    public init(key: Node, value: Node, isMerged: Bool = false) {
        self.key = key
        self.value = value
        self.isMerged = isMerged
    }
}

/// A node of the YAML tree with its source range: a place in its document's ``NodeTree``.
///
/// The nodes of a document live in one arena, addressed by index: the reader appends each node
/// once and links collections to their children by index, so nothing is copied on the way into
/// the tree, and a node handed around is a reference and an index, one retain to copy.
///
/// An alias is a node of its own whose range is the alias's and whose children are the anchored
/// node's, so that findings about the value point where it is used.
public struct Node: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence(NodeList)
        case mapping(EntryList)
    }

    @usableFromInline let tree: NodeTree
    @usableFromInline let index: Int32

    @inlinable
    init(tree: NodeTree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    @inlinable var raw: RawNode { tree.nodes[Int(index)] }

    @inlinable public var range: SourceRange { raw.range }
    /// Nodes in this subtree, aliases expanded; bounds alias expansion.
    @inlinable public var weight: Int { Int(raw.weight) }
    /// Levels of nesting in this subtree, aliases expanded; bounds depth.
    @inlinable public var height: Int { Int(raw.height) }

    public var content: Content {
        let raw = raw
        switch raw.kind {
        case .scalar: return .scalar(tree.scalar(raw))
        case .sequence: return .sequence(NodeList(tree: tree, start: raw.start, count: raw.count))
        case .mapping: return .mapping(EntryList(tree: tree, start: raw.start, count: raw.count, explicit: raw.explicit))
        }
    }

    public var scalar: Scalar? {
        let raw = raw
        return raw.kind == .scalar ? tree.scalar(raw) : nil
    }

    /// The scalar's resolved value, made without its ``Scalar``.
    @inlinable
    public var scalarValue: ScalarValue? {
        let raw = raw
        return raw.kind == .scalar ? tree.value(raw) : nil
    }

    /// The scalar's text, made without its ``Scalar``.
    @inlinable
    public var scalarText: String? {
        let raw = raw
        return raw.kind == .scalar ? tree.texts[Int(raw.start)] : nil
    }

    /// How the scalar was written; nil for a collection.
    @inlinable
    public var scalarStyle: ScalarStyle? {
        let raw = raw
        return raw.kind == .scalar ? raw.style : nil
    }

    /// Whether this is a scalar that resolved to a string.
    @inlinable
    public var isStringScalar: Bool {
        let raw = raw
        return raw.kind == .scalar && raw.valueKind == .string
    }

    /// Whether this is the scalar `text` resolved as a string: a key compared in place, with
    /// no value made.
    @inlinable
    public func isString(_ text: String) -> Bool {
        let raw = raw
        return raw.kind == .scalar && raw.valueKind == .string && tree.texts[Int(raw.start)] == text
    }

    @inlinable
    public var entries: EntryList? {
        let raw = raw
        return raw.kind == .mapping ? EntryList(tree: tree, start: raw.start, count: raw.count, explicit: raw.explicit) : nil
    }

    @inlinable
    public var items: NodeList? {
        let raw = raw
        return raw.kind == .sequence ? NodeList(tree: tree, start: raw.start, count: raw.count) : nil
    }

    /// The kind of node, for type-mismatch messages.
    public var typeName: String {
        let raw = raw
        switch raw.kind {
        case .scalar: return tree.value(raw).typeName
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    /// The kind of node with its article: "a mapping", "an integer".
    public var typeNameWithArticle: String { withArticle(typeName) }

    /// The first entry whose key is the plain string `key`.
    public subscript(key: String) -> Node? {
        guard let entries else { return nil }
        for position in entries.indices where entries.key(at: position).isString(key) {
            return entries.value(at: position)
        }
        return nil
    }

    // MARK: Making nodes

    /// A scalar of its own tree.
    public static func scalar(_ scalar: Scalar, range: SourceRange) -> Node {
        var writer = TreeWriter()
        return writer.finish(root: writer.appendScalar(scalar, range: range))
    }

    /// A list of copies of `items`.
    public static func sequence(_ items: [Node], range: SourceRange) -> Node {
        var writer = TreeWriter()
        let children = items.map { writer.copy($0) }
        return writer.finish(root: writer.appendCollection(.sequence, links: children, explicit: Int32(children.count), range: range))
    }

    /// A mapping of copies of `entries`; merged entries must follow the others, as the reader
    /// leaves them.
    public static func mapping(_ entries: [MappingEntry], range: SourceRange) -> Node {
        var writer = TreeWriter()
        var links: [Int32] = []
        links.reserveCapacity(2 * entries.count)
        var explicit = Int32(entries.count)
        for (position, entry) in entries.enumerated() {
            if entry.isMerged, explicit == Int32(entries.count) { explicit = Int32(position) }
            links.append(writer.copy(entry.key))
            links.append(writer.copy(entry.value))
        }
        return writer.finish(root: writer.appendCollection(.mapping, links: links, explicit: explicit, range: range))
    }
}

/// The items of a sequence, in order.
public struct NodeList: RandomAccessCollection, Sendable {
    @usableFromInline let tree: NodeTree?
    @usableFromInline let start: Int32
    @usableFromInline let length: Int32

    @inlinable
    init(tree: NodeTree, start: Int32, count: Int32) {
        self.tree = tree
        self.start = start
        length = count
    }

    /// No items.
    public init() {
        tree = nil
        start = 0
        length = 0
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    @inlinable
    public subscript(position: Int) -> Node {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return Node(tree: tree!, index: tree!.links[Int(start) + position])
    }
}

extension NodeList: ExpressibleByArrayLiteral {
    /// Only `[]`: a list of given nodes is ``Node/sequence(_:range:)``.
    public init(arrayLiteral elements: Node...) {
        precondition(elements.isEmpty, "a NodeList literal must be empty; make nodes with Node.sequence")
        self.init()
    }
}

/// The entries of a mapping: the explicit ones in source order, then the merged ones.
public struct EntryList: RandomAccessCollection, Sendable {
    @usableFromInline let tree: NodeTree?
    @usableFromInline let start: Int32
    @usableFromInline let length: Int32
    /// Entries before the merged ones.
    @usableFromInline let explicit: Int32

    @inlinable
    init(tree: NodeTree, start: Int32, count: Int32, explicit: Int32) {
        self.tree = tree
        self.start = start
        length = count
        self.explicit = explicit
    }

    /// No entries.
    public init() {
        tree = nil
        start = 0
        length = 0
        explicit = 0
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(length) }

    /// The key at `position`, without making its entry.
    @inlinable
    public func key(at position: Int) -> Node {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return Node(tree: tree!, index: tree!.links[Int(start) + 2 * position])
    }

    /// The value at `position`, without making its entry.
    @inlinable
    public func value(at position: Int) -> Node {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return Node(tree: tree!, index: tree!.links[Int(start) + 2 * position + 1])
    }

    @inlinable
    public func isMerged(at position: Int) -> Bool { position >= Int(explicit) }

    @inlinable
    public subscript(position: Int) -> MappingEntry {
        MappingEntry(key: key(at: position), value: value(at: position), isMerged: isMerged(at: position))
    }
}

extension EntryList: ExpressibleByArrayLiteral {
    /// Only `[]`: a mapping of given entries is ``Node/mapping(_:range:)``.
    public init(arrayLiteral elements: MappingEntry...) {
        precondition(elements.isEmpty, "an EntryList literal must be empty; make nodes with Node.mapping")
        self.init()
    }
}

/// One YAML document of a file.
public struct Document: Sendable {
    public var root: Node
    /// Position of the document in its file, 0-based, for stable ordering.
    public var index: Int

    public init(root: Node, index: Int) {
        self.root = root
        self.index = index
    }
}

// MARK: The arena

/// What a node is, in its tree.
@usableFromInline
enum NodeKind: UInt8, Sendable {
    case scalar
    case sequence
    case mapping
}

/// A scalar's resolved type; its payload is in ``RawNode/payload``, its text in the tree's texts.
@usableFromInline
enum ValueKind: UInt8, Sendable {
    case null
    case bool
    case int
    case largeInt
    case float
    case string
}

/// One node as the arena stores it: 48 bytes, no references.
@usableFromInline
struct RawNode: Sendable {
    @usableFromInline var range: SourceRange
    /// A scalar's resolved value: the integer, the float's bits, or 1 for true.
    @usableFromInline var payload: UInt64
    /// A scalar's text in ``NodeTree/texts``; a collection's first link in ``NodeTree/links``.
    @usableFromInline var start: Int32
    /// A collection's items or entries.
    @usableFromInline var count: Int32
    /// A mapping's entries before its merged ones.
    @usableFromInline var explicit: Int32
    @usableFromInline var weight: Int32
    @usableFromInline var height: Int32
    @usableFromInline var kind: NodeKind
    @usableFromInline var style: ScalarStyle
    @usableFromInline var valueKind: ValueKind
}

extension RawNode {
    /// A scalar's resolved value, its text read from `texts`: the tree's, or the writer's while
    /// the reader builds it.
    @inlinable
    func value(texts: [String]) -> ScalarValue {
        switch valueKind {
        case .null: .null
        case .bool: .bool(payload != 0)
        case .int: .int(Int(Int64(bitPattern: payload)))
        case .largeInt: .largeInt(texts[Int(start)])
        case .float: .float(Double(bitPattern: payload))
        case .string: .string(texts[Int(start)])
        }
    }
}

/// The nodes of one document, written once by the reader (or a ``TreeWriter``) and only read
/// after, from any thread.
public final class NodeTree: Sendable {
    @usableFromInline let nodes: [RawNode]
    /// A sequence's items, and a mapping's keys and values in pairs, by node index.
    @usableFromInline let links: [Int32]
    @usableFromInline let texts: [String]

    init(nodes: [RawNode], links: [Int32], texts: [String]) {
        self.nodes = nodes
        self.links = links
        self.texts = texts
    }

    @inlinable
    func value(_ raw: RawNode) -> ScalarValue { raw.value(texts: texts) }

    func scalar(_ raw: RawNode) -> Scalar {
        Scalar(text: texts[Int(raw.start)], style: raw.style, value: value(raw))
    }
}

/// Appends nodes to a new arena: the reader's, and the one behind each node made by hand.
struct TreeWriter {
    var nodes: [RawNode] = []
    var links: [Int32] = []
    var texts: [String] = []
    /// Nodes already copied from another tree, so that an alias's subtree is copied once.
    private var copied: [ObjectIdentifier: [Int32: Int32]] = [:]

    init() {}

    /// Keeps room for a document like the last one.
    init(reservingLike previous: (nodes: Int, links: Int, texts: Int)) {
        nodes.reserveCapacity(previous.nodes)
        links.reserveCapacity(previous.links)
        texts.reserveCapacity(previous.texts)
    }

    mutating func appendScalar(_ scalar: Scalar, range: SourceRange) -> Int32 {
        appendScalar(text: scalar.text, style: scalar.style, value: scalar.value, range: range)
    }

    mutating func appendScalar(text: String, style: ScalarStyle, value: ScalarValue, range: SourceRange) -> Int32 {
        let (kind, payload): (ValueKind, UInt64) =
            switch value {
            case .null: (.null, 0)
            case .bool(let flag): (.bool, flag ? 1 : 0)
            case .int(let number): (.int, UInt64(bitPattern: Int64(number)))
            case .largeInt: (.largeInt, 0)
            case .float(let number): (.float, number.bitPattern)
            case .string: (.string, 0)
            }
        // The text stands for a large integer's and a string's value: they are the text as written.
        texts.append(text)
        nodes.append(
            RawNode(
                range: range, payload: payload, start: Int32(texts.count - 1), count: 0, explicit: 0,
                weight: 1, height: 1, kind: .scalar, style: style, valueKind: kind))
        return Int32(nodes.count - 1)
    }

    /// A collection whose children (`links`: items, or keys and values in pairs) are already here.
    mutating func appendCollection(
        _ kind: NodeKind, links children: some Collection<Int32>, explicit: Int32, range: SourceRange
    ) -> Int32 {
        var weight: Int32 = 1
        var height: Int32 = 0
        for child in children {
            let raw = nodes[Int(child)]
            weight = weight.addingReportingOverflow(raw.weight).overflow ? .max : weight + raw.weight
            height = max(height, raw.height)
        }
        let start = Int32(links.count)
        links.append(contentsOf: children)
        let count = Int32(kind == .mapping ? children.count / 2 : children.count)
        nodes.append(
            RawNode(
                range: range, payload: 0, start: start, count: count, explicit: explicit,
                weight: weight, height: height + 1, kind: kind, style: .plain, valueKind: .null))
        return Int32(nodes.count - 1)
    }

    /// A new node that is `index`'s with its own range: an alias.
    mutating func appendAlias(of index: Int32, range: SourceRange) -> Int32 {
        var raw = nodes[Int(index)]
        raw.range = range
        nodes.append(raw)
        return Int32(nodes.count - 1)
    }

    /// Copies `node`'s subtree from its tree into this one.
    mutating func copy(_ node: Node) -> Int32 {
        let tree = node.tree
        let key = ObjectIdentifier(tree)
        if let done = copied[key]?[node.index] { return done }
        let raw = node.raw
        let result: Int32
        switch raw.kind {
        case .scalar:
            texts.append(tree.texts[Int(raw.start)])
            var copy = raw
            copy.start = Int32(texts.count - 1)
            nodes.append(copy)
            result = Int32(nodes.count - 1)
        case .sequence, .mapping:
            let width = raw.kind == .mapping ? 2 : 1
            var children: [Int32] = []
            children.reserveCapacity(Int(raw.count) * width)
            for link in tree.links[Int(raw.start)..<Int(raw.start) + Int(raw.count) * width] {
                children.append(copy(Node(tree: tree, index: link)))
            }
            var copy = raw
            copy.start = Int32(links.count)
            links.append(contentsOf: children)
            nodes.append(copy)
            result = Int32(nodes.count - 1)
        }
        copied[key, default: [:]][node.index] = result
        return result
    }

    /// The tree, as a node at `root`.
    mutating func finish(root: Int32) -> Node {
        let tree = NodeTree(nodes: nodes, links: links, texts: texts)
        nodes = []
        links = []
        texts = []
        copied = [:]
        return Node(tree: tree, index: root)
    }
}
