import Diagnostics

/// Why a text is not JSON, and where.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// The byte offset where the problem starts.
    public var offset: Int
    /// The 1-based line and column (in Unicode scalars) of `offset`.
    public var position: SourcePosition

    public var description: String { "line \(position.line), column \(position.column): \(message)" }
}

extension JSONValue {
    /// The default and the most nesting `parse` accepts: the limit SPEC §6 sets for input files.
    public static let defaultMaximumDepth = 64

    /// Parses strict RFC 8259 JSON: one value, no comments, no trailing commas, no duplicate
    /// object keys, no lone surrogates, valid UTF-8. A leading UTF-8 byte order mark is skipped.
    ///
    /// Never traps: nesting deeper than `maximumDepth` arrays and objects is an error, and
    /// numbers too large for a `Double` are rejected.
    public static func parse(
        _ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
        do {
            return try parser.parseDocument()
        } catch {
            let position = SourceFile(path: "", bytes: bytes).position(ofByteOffset: error.offset)
            throw JSONParseError(message: error.message, offset: error.offset, position: position)
        }
    }
}

extension JSONValue {
    /// Where the value at `path` is in `bytes`, for messages about a value that parsed but is
    /// wrong: `resources[2].principals[0].sequence`, keys joined by `.`, indexes in brackets.
    /// When no value has that path (a missing member), the nearest enclosing value's range;
    /// nil when `bytes` is not JSON. Parses again: only failures pay for positions.
    public static func range(of path: String, in bytes: [UInt8]) -> SourceRange? {
        var parser = JSONParser(bytes: bytes, maximumDepth: defaultMaximumDepth)
        parser.spans = [:]
        guard (try? parser.parseDocument()) != nil, let spans = parser.spans else { return nil }
        var path = Substring(path)
        while spans[String(path)] == nil, !path.isEmpty {
            let cut = path.lastIndex { $0 == "." || $0 == "[" } ?? path.startIndex
            path = path[..<cut]
        }
        guard let span = spans[String(path)] else { return nil }
        let source = SourceFile(path: "", bytes: bytes)
        return SourceRange(
            start: source.position(ofByteOffset: span.lowerBound), end: source.position(ofByteOffset: span.upperBound))
    }
}

/// A parse failure before its position is computed (line starts are only needed on failure).
private struct ParserFailure: Error {
    var message: String
    var offset: Int
}

private struct JSONParser {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    /// The byte range of every value by its path, when asked for (``JSONValue/range(of:in:)``).
    var spans: [String: Range<Int>]?

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    mutating func parseDocument() throws(ParserFailure) -> JSONValue {
        skipWhitespace()
        if index == bytes.count {
            throw ParserFailure(message: "expected a JSON value, found the end of the input", offset: index)
        }
        let value = try parseValue(depth: 0, path: spans == nil ? nil : "")
        skipWhitespace()
        if index < bytes.count {
            throw ParserFailure(message: "unexpected \(describeByte(at: index)) after the JSON value", offset: index)
        }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of the input" }
        let byte = bytes[offset]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func expect(_ literal: String, value: JSONValue) throws(ParserFailure) -> JSONValue {
        let start = index
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else {
                throw ParserFailure(message: "invalid literal: expected '\(literal)'", offset: start)
            }
            index += 1
        }
        return value
    }

    /// `path` is the value's path when spans are recorded, nil otherwise.
    mutating func parseValue(depth: Int, path: String? = nil) throws(ParserFailure) -> JSONValue {
        guard index < bytes.count else {
            throw ParserFailure(message: "expected a JSON value, found the end of the input", offset: index)
        }
        let start = index
        let value: JSONValue
        switch bytes[index] {
        case UInt8(ascii: "{"): value = try parseObject(depth: depth + 1, path: path)
        case UInt8(ascii: "["): value = try parseArray(depth: depth + 1, path: path)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): value = try expect("true", value: .bool(true))
        case UInt8(ascii: "f"): value = try expect("false", value: .bool(false))
        case UInt8(ascii: "n"): value = try expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
        default:
            throw ParserFailure(message: "expected a JSON value, found \(describeByte(at: index))", offset: index)
        }
        if let path { spans?[path] = start..<index }
        return value
    }

    func checkDepth(_ depth: Int) throws(ParserFailure) {
        if depth > maximumDepth {
            throw ParserFailure(
                message: "arrays and objects are nested more than \(maximumDepth) levels deep", offset: index)
        }
    }

    mutating func parseArray(depth: Int, path: String?) throws(ParserFailure) -> JSONValue {
        try checkDepth(depth)
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth, path: path.map { "\($0)[\(elements.count)]" }))
            skipWhitespace()
            guard index < bytes.count else {
                throw ParserFailure(message: "unterminated array: expected ',' or ']'", offset: index)
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw ParserFailure(
                    message: "expected ',' or ']' in an array, found \(describeByte(at: index))", offset: index)
            }
        }
    }

    mutating func parseObject(depth: Int, path: String?) throws(ParserFailure) -> JSONValue {
        try checkDepth(depth)
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw ParserFailure(
                    message: "expected a string key in an object, found \(describeByte(at: index))", offset: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw ParserFailure(
                    message: "expected ':' after an object key, found \(describeByte(at: index))", offset: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth, path: path.map { $0.isEmpty ? key : "\($0).\(key)" })
            if members.updateValue(value, forKey: key) != nil {
                throw ParserFailure(message: "duplicate key '\(key)' in an object", offset: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw ParserFailure(message: "unterminated object: expected ',' or '}'", offset: index)
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw ParserFailure(
                    message: "expected ',' or '}' in an object, found \(describeByte(at: index))", offset: index)
            }
        }
    }

    mutating func parseString() throws(ParserFailure) -> String {
        let start = index
        index += 1  // "
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(upTo end: Int) throws(ParserFailure) {
            guard runStart < end else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw ParserFailure(message: "invalid UTF-8 in a string", offset: runStart)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else {
                throw ParserFailure(message: "unterminated string", offset: start)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flushRun(upTo: index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw ParserFailure(
                    message: "control character 0x\(String(byte, radix: 16, uppercase: true)) in a string must be escaped",
                    offset: index)
            }
            if byte == UInt8(ascii: "\\") {
                try flushRun(upTo: index)
                scalars.append(try parseEscape())
                runStart = index
                continue
            }
            index += 1
        }
    }

    /// Reads an escape sequence starting at the backslash.
    mutating func parseEscape() throws(ParserFailure) -> Unicode.Scalar {
        let start = index
        index += 1
        guard index < bytes.count else { throw ParserFailure(message: "unterminated string", offset: start) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4(escapeStart: start)
            if (0xDC00...0xDFFF).contains(high) {
                throw ParserFailure(message: "lone low surrogate \\u\(hex(high)) in a string", offset: start)
            }
            if (0xD800...0xDBFF).contains(high) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw ParserFailure(message: "lone high surrogate \\u\(hex(high)) in a string", offset: start)
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw ParserFailure(message: "lone high surrogate \\u\(hex(high)) in a string", offset: start)
                }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            return Unicode.Scalar(high)!
        default:
            throw ParserFailure(message: "invalid escape sequence in a string", offset: start)
        }
    }

    func hex(_ value: UInt32) -> String { String(value, radix: 16, uppercase: true) }

    mutating func parseHex4(escapeStart: Int) throws(ParserFailure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexDigitValue(bytes[index]) else {
                throw ParserFailure(message: "invalid \\u escape: expected four hexadecimal digits", offset: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func isDigit(at offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
    }

    mutating func skipDigits() {
        while isDigit(at: index) { index += 1 }
    }

    mutating func parseNumber() throws(ParserFailure) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(at: index) else {
            throw ParserFailure(message: "invalid number: expected a digit after '-'", offset: start)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(at: index) {
                throw ParserFailure(message: "invalid number: leading zeros are not allowed", offset: start)
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(at: index) else {
                throw ParserFailure(message: "invalid number: expected a digit after '.'", offset: start)
            }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(at: index) else {
                throw ParserFailure(message: "invalid number: expected a digit in the exponent", offset: start)
            }
            skipDigits()
        }
        // The lexeme is ASCII digits and signs only, so this decoding cannot fail.
        let lexeme = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(lexeme) { return .integer(value) }
        guard let value = Double(lexeme), value.isFinite else {
            throw ParserFailure(message: "number \(lexeme) is out of range", offset: start)
        }
        return .float(value)
    }
}
