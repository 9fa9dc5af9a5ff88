/// Resolves plain scalars the way YAML 1.2's core schema does: `yes`, `on` stay strings.
public enum CoreSchema {
    /// What a plain scalar with this text would resolve to.
    public static func resolvePlain(_ text: String) -> ScalarValue { resolve(plain: text) }

    static func resolve(plain text: String) -> ScalarValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text == "true" || text == "True" || text == "TRUE" { return .bool(true) }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text == "false" || text == "False" || text == "FALSE" { return .bool(false) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."):
            if let number = resolveNumber(text) { return number }
        default:
            break
        }
        return .string(text)
    }

    private static func resolveNumber(_ text: String) -> ScalarValue? {
        if let integer = shortDecimal(text) { return .int(integer) }
        let bytes = Array(text.utf8)
        if let integer = resolveInteger(bytes, text: text) { return integer }
        return resolveFloat(bytes, text: text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// `[-+]?[0-9]{1,18}`, which cannot overflow, read from the text in place: the common
    /// number (a sequence number) without copying its bytes into an array.
    private static func shortDecimal(_ text: String) -> Int? {
        var value = 0
        var digits = 0
        var negative = false
        for (offset, byte) in text.utf8.enumerated() {
            if offset == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
                continue
            }
            guard isDigit(byte), digits < 18 else { return nil }
            value = value * 10 + Int(byte - 48)
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    private static func resolveInteger(_ bytes: [UInt8], text: String) -> ScalarValue? {
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            let radix: Int? =
                switch bytes[1] {
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "x"): 16
                default: nil
                }
            if let radix {
                guard digits.utf8.allSatisfy({ Int(String(UnicodeScalar($0)), radix: radix) != nil })
                else { return nil }
                if let value = Int(digits, radix: radix) { return .int(value) }
                return .largeInt(text)
            }
        }
        var start = 0
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { start = 1 }
        guard start < bytes.count, bytes[start...].allSatisfy(isDigit) else { return nil }
        if let value = Int(text) { return .int(value) }
        return .largeInt(text)
    }

    private static func resolveFloat(_ bytes: [UInt8], text: String) -> ScalarValue? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let rest = String(decoding: bytes[index...], as: UTF8.self)
        if rest == ".inf" || rest == ".Inf" || rest == ".INF" {
            return .float(negative ? -.infinity : .infinity)
        }
        if index == 0, rest == ".nan" || rest == ".NaN" || rest == ".NAN" { return .float(.nan) }
        // [0-9]* ( . [0-9]* )? ( [eE] [-+]? [0-9]+ )? with at least one digit before the exponent.
        var mantissaDigits = 0
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
            mantissaDigits += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                index += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == bytes.count, let value = Double(text) else { return nil }
        return .float(value)
    }
}
