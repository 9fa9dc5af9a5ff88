extension JSONValue {
    /// The text JavaScript's `JSON.stringify(value, null, 2)` writes, with object keys sorted by
    /// Unicode code point, **followed by one newline**.
    ///
    /// The newline is part of the result because every caller writes a file or a stream: the
    /// manifest and `--format json` outputs end with exactly one.
    public var prettyPrinted: String {
        var output = ""
        writePretty(to: &output, indent: "")
        output.append("\n")
        return output
    }

    /// The RFC 8785 (JSON Canonicalization Scheme) serialization: no whitespace, object keys
    /// sorted by UTF-16 code units, strings and numbers written as ECMAScript's `JSON.stringify`.
    public var canonical: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    /// One line, keys sorted by code point: how plans show a field's value.
    public var compact: String {
        var output = ""
        writeCompact(to: &output)
        return output
    }

    private func writePretty(to output: inout String, indent: String) {
        switch self {
        case .array(let elements) where !elements.isEmpty:
            let inner = indent + "  "
            output.append("[\n")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",\n") }
                output.append(inner)
                element.writePretty(to: &output, indent: inner)
            }
            output.append("\n\(indent)]")
        case .object(let members) where !members.isEmpty:
            let inner = indent + "  "
            output.append("{\n")
            for (index, key) in members.keys.sorted(by: codePointOrder).enumerated() {
                if index > 0 { output.append(",\n") }
                output.append(inner)
                writeJSONString(key, to: &output)
                output.append(": ")
                members[key]!.writePretty(to: &output, indent: inner)
            }
            output.append("\n\(indent)}")
        default:
            writeCompact(to: &output)
        }
    }

    private func writeCompact(to output: inout String) {
        writeFlat(to: &output, keyOrder: codePointOrder)
    }

    private func writeCanonical(to output: inout String) {
        writeFlat(to: &output, keyOrder: utf16Order)
    }

    private func writeFlat(to output: inout String, keyOrder: (String, String) -> Bool) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .integer(let value): output.append(String(value))
        case .float(let value): output.append(ecmaScriptNumber(value))
        case .string(let value): writeJSONString(value, to: &output)
        case .array(let elements):
            output.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",") }
                element.writeFlat(to: &output, keyOrder: keyOrder)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            for (index, key) in members.keys.sorted(by: keyOrder).enumerated() {
                if index > 0 { output.append(",") }
                writeJSONString(key, to: &output)
                output.append(":")
                members[key]!.writeFlat(to: &output, keyOrder: keyOrder)
            }
            output.append("}")
        }
    }
}

/// UTF-8 byte order is code point order.
private func codePointOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
}

/// RFC 8785 §3.2.3: keys compare as arrays of UTF-16 code units.
private func utf16Order(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
}

/// ECMAScript's `QuoteJSONString`: `"` and `\` escaped, the five short control escapes, other
/// control characters as lowercase `\u00xx`; `/`, DEL and non-ASCII written as they are.
private func writeJSONString(_ string: String, to output: inout String) {
    output.append("\"")
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": output.append("\\\"")
        case "\\": output.append("\\\\")
        case "\u{08}": output.append("\\b")
        case "\u{0C}": output.append("\\f")
        case "\n": output.append("\\n")
        case "\r": output.append("\\r")
        case "\t": output.append("\\t")
        case "\u{00}"..."\u{1F}":
            let hex = String(scalar.value, radix: 16)
            output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        default: output.unicodeScalars.append(scalar)
        }
    }
    output.append("\"")
}

/// ECMAScript's `Number::toString` for a finite double (RFC 8785 §3.2.2.3).
///
/// Swift's `description` already yields the shortest digits that round-trip, as ECMAScript
/// requires; only the layout (where the point goes, when to use an exponent) differs.
private func ecmaScriptNumber(_ value: Double) -> String {
    guard value.isFinite else { return "null" }  // JSON.stringify's choice; the parser never makes one
    if value == 0 { return "0" }
    let text = value.magnitude.description  // "1.5", "100.0", "1e-07", "1.2345e+20"
    let parts = text.split(separator: "e", maxSplits: 1)
    let exponent = parts.count == 2 ? Int(parts[1])! : 0
    let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    var digits = Array(mantissa[0]) + (mantissa.count > 1 ? Array(mantissa[1]) : [])
    // n: the position of the decimal point relative to the first digit (ECMAScript's n).
    var n = mantissa[0].count + exponent
    while digits.first == "0" {
        digits.removeFirst()
        n -= 1
    }
    while digits.last == "0" { digits.removeLast() }
    let k = digits.count
    let sign = value < 0 ? "-" : ""
    let all = String(digits)
    if k <= n, n <= 21 {
        return sign + all + String(repeating: "0", count: n - k)
    }
    if 0 < n, n <= 21 {
        return sign + String(digits[..<n]) + "." + String(digits[n...])
    }
    if -6 < n, n <= 0 {
        return sign + "0." + String(repeating: "0", count: -n) + all
    }
    let exponentText = (n - 1 >= 0 ? "+" : "-") + String((n - 1).magnitude)
    if k == 1 { return sign + all + "e" + exponentText }
    return sign + String(digits[0]) + "." + String(digits[1...]) + "e" + exponentText
}
