/// A JSON document as credc reads and writes it.
///
/// Integers are kept apart from other numbers so that a manifest's `sequence: 1` can never be
/// confused with `true` or `1.5`. Objects are dictionaries: every serializer sorts keys, and the
/// parser rejects duplicate keys, so member order carries no meaning.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other number (`1.5`, `1e3`, `1.0`, or an integer too large for `Int`). Always finite.
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What the value is, for messages such as "expected an integer, found string".
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .float: "non-integer number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// `.string(value)`, or `.null` when `value` is nil.
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }

    /// An array of strings.
    public init(_ values: [String]) { self = .array(values.map(JSONValue.string)) }

    /// An array of integers.
    public init(_ values: [Int]) { self = .array(values.map(JSONValue.integer)) }
}
