/// The naming rules of SPEC §3. Each check returns what a name breaks, or nil.
public enum Naming {
    public static let maxDeveloperNameLength = 80
    public static let maxPrincipalNameLength = 255

    /// Developer names: resources and permission sets.
    public static func developerNameProblem(_ name: String) -> String? {
        if withBytes(name, isWellFormedDeveloperName) { return nil }
        guard let first = name.unicodeScalars.first else { return "is empty" }
        if let bad = name.unicodeScalars.first(where: { !isASCIIAlphanumeric($0) && $0 != "_" }) {
            return "contains \(describe(bad)); only ASCII letters, digits and underscores are allowed"
        }
        if !isASCIILetter(first) { return "must begin with a letter" }
        if hasDoubleUnderscore(name) { return "contains two consecutive underscores" }
        if name.hasSuffix("_") { return "ends with an underscore" }
        if name.unicodeScalars.count > maxDeveloperNameLength {
            return "is \(name.unicodeScalars.count) characters long; at most \(maxDeveloperNameLength) are allowed"
        }
        return nil
    }

    /// True when `name` breaks no rule of ``developerNameProblem(_:)``.
    public static func isDeveloperName(_ name: String) -> Bool { developerNameProblem(name) == nil }

    /// Principal (parameter) names.
    public static func principalNameProblem(_ name: String) -> String? {
        // Characters, their properties and `count` break graphemes; an ASCII name needs none of
        // that, and every principal of a large file passes here.
        if withBytes(name, { $0.allSatisfy { $0 < 0x80 } }) { return withBytes(name, asciiPrincipalNameProblem) }
        guard let first = name.first else { return "is empty" }
        if first.isWhitespace { return "begins with whitespace" }
        if name.last?.isWhitespace == true { return "ends with whitespace" }
        if !first.isLetter { return "must begin with a letter" }
        if let bad = name.unicodeScalars.first(where: {
            // ASCII first: the Unicode property lookup is slow, and in ASCII only letters are alphabetic.
            !(isASCIIAlphanumeric($0) || $0 == " " || $0 == "_" || $0 == "-" || (!$0.isASCII && $0.properties.isAlphabetic))
        }) {
            return "contains \(describe(bad)); only letters, digits, spaces, underscores and hyphens are allowed"
        }
        if name.count > maxPrincipalNameLength {
            return "is \(name.count) characters long; at most \(maxPrincipalNameLength) are allowed"
        }
        return nil
    }

    /// One pass over the bytes that accepts exactly the names ``developerNameProblem(_:)`` finds
    /// nothing wrong with; every resource and permission-set name of a large file passes here.
    private static func isWellFormedDeveloperName(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, isASCIILetter(first), utf8.count <= maxDeveloperNameLength else {
            return false
        }
        var previous: UInt8 = 0
        for byte in utf8 {
            let underscore = byte == UInt8(ascii: "_")
            guard underscore || isASCIIAlphanumeric(byte), !(underscore && previous == byte) else {
                return false
            }
            previous = byte
        }
        return previous != UInt8(ascii: "_")
    }

    /// ``principalNameProblem(_:)`` for an ASCII name, by bytes.
    private static func asciiPrincipalNameProblem(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = utf8.first, let last = utf8.last else { return "is empty" }
        if isWhitespace(first) { return "begins with whitespace" }
        if isWhitespace(last) { return "ends with whitespace" }
        if !isASCIILetter(first) { return "must begin with a letter" }
        func isAllowed(_ byte: UInt8) -> Bool {
            isASCIIAlphanumeric(byte) || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        if let bad = utf8.first(where: { !isAllowed($0) }) {
            return "contains \(describe(Unicode.Scalar(bad))); only letters, digits, spaces, underscores and hyphens are allowed"
        }
        // Each byte left is one character: CR LF, the one two-byte ASCII grapheme, was refused.
        if utf8.count > maxPrincipalNameLength {
            return "is \(utf8.count) characters long; at most \(maxPrincipalNameLength) are allowed"
        }
        return nil
    }

    /// The name's UTF-8 bytes in one buffer: a loop over them is a loop over memory, where one over
    /// `String.UTF8View` asks the string how it is stored at every byte.
    private static func withBytes<Result>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var name = name
        return name.withUTF8(body)
    }

    /// A byte scan; `String.contains(_:)` goes through the generic substring searcher.
    private static func hasDoubleUnderscore(_ name: String) -> Bool {
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if byte == UInt8(ascii: "_"), previous == byte { return true }
            previous = byte
        }
        return false
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && isASCIILetter(UInt8(scalar.value))
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && isASCIIAlphanumeric(UInt8(scalar.value))
    }

    // By byte: every name of a large file passes here (and every secret source's variable,
    // `SecretInputs.isEnvironmentVariableName`).
    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte &- UInt8(ascii: "0") < 10
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": "a space"
        case "\t": "a tab"
        default: "'\(Character(scalar))'"
        }
    }
}
