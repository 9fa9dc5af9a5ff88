import YAML

/// Writes one string as a YAML scalar that reads back as exactly that string.
///
/// Plain when it is safe, since that is what a person writes; single-quoted when a plain
/// scalar would change meaning (a number, a boolean, an indicator in front, `: ` or ` #`
/// inside, surrounding spaces); double-quoted, with escapes, when the text holds a character
/// that a single-quoted scalar cannot carry verbatim (line breaks, tabs and other controls,
/// which libyaml folds or refuses). The plain check asks credc's own core-schema resolver, so
/// the writer and the reader cannot disagree on what `0x1F` or `~` mean; YAML 1.1's booleans
/// (`yes`, `off`) are quoted too, for the editors and tools that still read 1.1.
enum YAMLScalarText {
    /// The scalar for a value in block context (`key: VALUE`).
    static func block(_ text: String) -> String {
        isPlainSafe(text, inFlow: false) ? text : quoted(text)
    }

    /// The scalar for an item of a flow sequence (`[A, B]`), where `,[]{}` end a plain scalar.
    static func flow(_ text: String) -> String {
        isPlainSafe(text, inFlow: true) ? text : quoted(text)
    }

    /// Single quotes unless a character needs an escape, then double quotes.
    static func quoted(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isSingleQuotable) {
            return "'" + text.replacing("'", with: "''") + "'"
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isSingleQuotable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Printable in YAML's sense (c-printable) and not a line break: what a single-quoted
    /// scalar holds verbatim. The byte-order mark is excluded: libyaml drops it.
    private static func isSingleQuotable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: true
        case 0x85, 0x2028, 0x2029, 0xFEFF: false  // line breaks in YAML 1.1/1.2, and the BOM
        case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static let yaml11Booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    private static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard text.unicodeScalars.allSatisfy({ isSingleQuotable($0) }) else { return false }
        guard first != " ", last != " " else { return false }
        guard CoreSchema.resolvePlain(text) == .string(text), !yaml11Booleans.contains(text) else { return false }
        let scalars = Array(text.unicodeScalars)
        // c-indicator characters cannot start a plain scalar, except `-`, `?`, `:` followed by
        // a character that is safe after them (YAML 1.2 ns-plain-first); quoting those too
        // costs nothing and keeps the rule short.
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == ":", next == nil || next == " " { return false }
            if scalar == "#", index > 0, scalars[index - 1] == " " { return false }
            if inFlow, ",[]{}".unicodeScalars.contains(scalar) { return false }
            // libyaml ends a plain scalar at any `:` inside a flow collection.
            if inFlow, scalar == ":" { return false }
        }
        // A document marker at the start of a line would end the document.
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        return true
    }
}
