import Diagnostics

/// How a scalar was written; quoting decides its type and how decoded text maps to columns.
public enum ScalarStyle: Sendable, Hashable {
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

    public init(key: consuming Node, value: consuming Node, isMerged: Bool = false) {
        self.key = consume key
        self.value = consume value
        self.isMerged = isMerged
    }
}

/// A node of the YAML tree with its source range.
///
/// An alias is a copy of the anchored node (arrays share storage) whose top-level `range`
/// is the alias's own, so that findings about the value point where it is used.
public struct Node: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([MappingEntry])
    }

    public var content: Content
    public var range: SourceRange
    /// Nodes in this subtree, aliases expanded; bounds alias expansion.
    public var weight: Int
    /// Levels of nesting in this subtree, aliases expanded; bounds depth.
    public var height: Int

    public init(content: Content, range: SourceRange) {
        self.content = content
        self.range = range
        switch content {
        case .scalar:
            weight = 1
            height = 1
        case .sequence(let items):
            // Loops, not map/max: this runs for every collection of every file.
            var weight = 1
            var height = 0
            for item in items {
                weight &+= item.weight
                height = max(height, item.height)
            }
            self.weight = weight
            self.height = height + 1
        case .mapping(let entries):
            var weight = 1
            var height = 0
            for entry in entries {
                weight &+= entry.key.weight &+ entry.value.weight
                height = max(height, entry.key.height, entry.value.height)
            }
            self.weight = weight
            self.height = height + 1
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The scalar's resolved value: ``scalar``'s, read in place. Reading `scalar?.value` copies the
    /// whole scalar first (both of its strings retained, then released), on every key of every
    /// mapping the model builder and the secret scan look at.
    public var scalarValue: ScalarValue? {
        if case .scalar(let scalar) = content { return scalar.value }
        return nil
    }

    /// The scalar's text: ``scalar``'s, read in place (see ``scalarValue``).
    public var scalarText: String? {
        if case .scalar(let scalar) = content { return scalar.text }
        return nil
    }

    /// Whether this is the plain scalar `<<`, a merge key.
    var isMergeKey: Bool {
        if case .scalar(let scalar) = content { return scalar.style == .plain && scalar.text == "<<" }
        return false
    }

    public var entries: [MappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var items: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The kind of node, for type-mismatch messages.
    public var typeName: String {
        switch content {
        case .scalar(let scalar): scalar.value.typeName
        case .sequence: "list"
        case .mapping: "mapping"
        }
    }

    /// The kind of node with its article: "a mapping", "an integer".
    public var typeNameWithArticle: String { withArticle(typeName) }

    /// The first entry whose key is the plain string `key`.
    public subscript(key: String) -> Node? {
        entries?.first { $0.key.scalarText == key && $0.key.scalarValue == .string(key) }?.value
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
