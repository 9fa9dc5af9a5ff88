/// A function a credential formula may call, with its documented parameters.
struct FormulaFunction: Sendable {
    /// Upper case, as Salesforce documents it; calls match it ignoring ASCII case.
    var name: String
    var parameters: [String]
    /// For functions that take any number of arguments from `parameters.count` on (`MAX`).
    var isVariadic = false

    var signature: String {
        "\(name)(\(parameters.joined(separator: ", "))\(isVariadic ? ", ..." : ""))"
    }

    /// Whether the algorithm argument (the first) must be `'SHA-256'`.
    var takesSHA256Only: Bool { name == "HASH" || name == "HMAC" }

    func accepts(argumentCount count: Int) -> Bool {
        isVariadic ? count >= parameters.count : count == parameters.count
    }

    /// The functions credc accepts in auth-header, HTTP-header and JWT-claim formulas.
    ///
    /// - The named-credential functions of Salesforce Help "Use Named Credential Formula
    ///   Functions in Custom Headers" (`xcloud.nc_named_creds_formula_functions`), which also
    ///   says HASH and HMAC support SHA-256 only and that "not all Salesforce formula functions
    ///   are supported".
    /// - What real JWT claims use (SALESFORCE.md §12; Help `nc_jwt_claims`): NOW, DATETIMEVALUE,
    ///   FLOOR, TEXT.
    /// - A small set of common functions of "Formula Operators and Functions by Context"
    ///   (Help `customize_functions`), with the parameters documented there. Which of them the
    ///   callout runtime evaluates is not documented: they are accepted so that a plausible
    ///   formula is not a false error; an unknown name still is one.
    static let all: [FormulaFunction] = [
        // Named-credential functions.
        FormulaFunction(name: "BASE64DECODE", parameters: ["expr"]),
        FormulaFunction(name: "BASE64ENCODE", parameters: ["expr"]),
        FormulaFunction(name: "BLOB", parameters: ["expr"]),
        FormulaFunction(name: "HASH", parameters: ["algorithm", "expr"]),
        FormulaFunction(name: "HEX", parameters: ["expr"]),
        FormulaFunction(name: "HMAC", parameters: ["algorithm", "valueToSign", "secretSigningKey"]),
        FormulaFunction(name: "SIGN", parameters: ["algorithmName", "input", "privateKey"]),
        FormulaFunction(name: "SIGN_WITH_CERTIFICATE", parameters: ["algorithmName", "input", "certDevName"]),
        // Used by real JWT claims.
        FormulaFunction(name: "DATETIMEVALUE", parameters: ["expression"]),
        FormulaFunction(name: "FLOOR", parameters: ["number"]),
        FormulaFunction(name: "NOW", parameters: []),
        FormulaFunction(name: "TEXT", parameters: ["value"]),
        // Common Salesforce formula functions.
        FormulaFunction(name: "ABS", parameters: ["number"]),
        FormulaFunction(name: "AND", parameters: ["logical"], isVariadic: true),
        FormulaFunction(name: "BLANKVALUE", parameters: ["expression", "substitute_expression"]),
        FormulaFunction(name: "CEILING", parameters: ["number"]),
        FormulaFunction(name: "DATEVALUE", parameters: ["expression"]),
        FormulaFunction(name: "IF", parameters: ["logical_test", "value_if_true", "value_if_false"]),
        FormulaFunction(name: "ISBLANK", parameters: ["expression"]),
        FormulaFunction(name: "LEFT", parameters: ["text", "num_chars"]),
        FormulaFunction(name: "LEN", parameters: ["text"]),
        FormulaFunction(name: "LOWER", parameters: ["text"]),
        FormulaFunction(name: "MAX", parameters: ["number"], isVariadic: true),
        FormulaFunction(name: "MID", parameters: ["text", "start_num", "num_chars"]),
        FormulaFunction(name: "MIN", parameters: ["number"], isVariadic: true),
        FormulaFunction(name: "MOD", parameters: ["number", "divisor"]),
        FormulaFunction(name: "NOT", parameters: ["logical"]),
        FormulaFunction(name: "OR", parameters: ["logical"], isVariadic: true),
        FormulaFunction(name: "RIGHT", parameters: ["text", "num_chars"]),
        FormulaFunction(name: "ROUND", parameters: ["number", "num_digits"]),
        FormulaFunction(name: "SUBSTITUTE", parameters: ["text", "old_text", "new_text"]),
        FormulaFunction(name: "TODAY", parameters: []),
        FormulaFunction(name: "TRIM", parameters: ["text"]),
        FormulaFunction(name: "UPPER", parameters: ["text"]),
        FormulaFunction(name: "VALUE", parameters: ["text"]),
    ]

    static let names: [String] = all.map(\.name)

    /// The names as scalars, once: a lookup compares without building a string.
    private static let nameScalars: [[Unicode.Scalar]] = all.map { Array($0.name.unicodeScalars) }

    /// The function whose name is `scalars`, ignoring ASCII case.
    static func named(_ scalars: ArraySlice<Unicode.Scalar>) -> FormulaFunction? {
        nameScalars.firstIndex { equalsIgnoringASCIICase(scalars, $0) }.map { all[$0] }
    }
}

/// Whether `scalars` is `upper` (upper case) ignoring ASCII case.
func equalsIgnoringASCIICase(_ scalars: ArraySlice<Unicode.Scalar>, _ upper: [Unicode.Scalar]) -> Bool {
    guard scalars.count == upper.count else { return false }
    var index = scalars.startIndex
    for expected in upper {
        let scalar = scalars[index]
        let folded = ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
        if folded != expected { return false }
        index += 1
    }
    return true
}
