import Diagnostics

// Credential formulas (SPEC §10, rule `formula-syntax`): the values of auth headers, JWT
// claims and headers, and named-credential headers. A value is static text with zero or more
// formulas `{!EXPR}` in it; each formula is checked on its own, and a `}` inside a string
// literal does not close it.
//
// Offsets and lengths count Unicode scalars of the decoded value, as YAML produced it; map
// them to the file with `SourceFile.range(ofScalarOffset:length:in:style:)`.

/// The longest value with a formula Salesforce accepts: "Formula fields can contain up to
/// 3,900 characters, including spaces, return characters, and comments" (Help
/// `xcloud.nc_named_creds_formula_functions`).
public let maximumFormulaLength = 3_900

/// One thing wrong with a formula value or a scope.
public struct FormulaIssue: Hashable, Sendable {
    /// Where the problem starts, in Unicode scalars from the start of the decoded value.
    public var offset: Int
    /// How many Unicode scalars the problem covers (at least 1 unless it is at the end).
    public var length: Int
    /// What is wrong and what would be right, lowercase first.
    public var message: String
    /// The text that should replace the issue's range ("did you mean 'BASE64ENCODE'?").
    public var suggestion: String?

    public init(offset: Int, length: Int, message: String, suggestion: String? = nil) {
        self.offset = offset
        self.length = length
        self.message = message
        self.suggestion = suggestion
    }
}

/// What `$Credential.NAME.PARAM` may name: the configuration's external credentials and, for
/// those whose principals declare `secrets:`, their parameters (SPEC §12).
public struct FormulaEnvironment: Sendable {
    public struct Credential: Sendable {
        /// The developer name, as written.
        public var name: String
        /// The keys of its principals' `secrets:`; nil when no principal declares any, and
        /// then any parameter name is accepted.
        public var parameters: [String]?

        public init(name: String, parameters: [String]?) {
            self.name = name
            self.parameters = parameters
        }
    }

    /// By lowercased name: Salesforce compares developer names ignoring case (SPEC §3).
    private let credentials: [String: Credential]?
    let credentialNames: [String]
    private let undecidable: Set<String>
    /// By name: why a credential of other environments only is not here (SPEC §7, 1.2).
    private let elsewhere: [String: String]

    /// `undecidable`: names a file that did not parse may define, which are not reported;
    /// `elsewhere`: credentials that exist in other environments only, with why.
    public init(credentials: [Credential], undecidable: Set<String> = [], elsewhere: [String: String] = [:]) {
        var byName: [String: Credential] = [:]
        byName.reserveCapacity(credentials.count)
        for credential in credentials {
            let key = credential.name.lowercased()
            if byName[key] == nil { byName[key] = credential }
        }
        self.credentials = byName
        credentialNames = credentials.map(\.name)
        self.undecidable = undecidable
        self.elsewhere = elsewhere
    }

    private init() {
        credentials = nil
        credentialNames = []
        undecidable = []
        elsewhere = [:]
    }

    /// Checks the syntax only: any credential name is accepted.
    public static let unchecked = FormulaEnvironment()

    /// `.known` with the credential, `.unknown` when the configuration has none of that name,
    /// `.unchecked` when names are not checked.
    func lookUp(_ name: String) -> CredentialLookup {
        guard let credentials else { return .unchecked }
        if let credential = credentials[name.lowercased()] { return .known(credential) }
        if let why = elsewhere[name] { return .elsewhere(why) }
        return undecidable.contains(name) ? .unchecked : .unknown
    }

    enum CredentialLookup {
        case known(Credential)
        /// In other environments only, and why.
        case elsewhere(String)
        case unknown
        case unchecked
    }

    /// Parameters every external credential has besides its principals' own: `Body`, "the
    /// evaluated request body as a BLOB" (`nc-formula-functions` and Help
    /// `nc_named_creds_formula_functions`, the `$Credential.myExternalCredential.Body` example).
    /// The legacy `$Credential.OAuthToken`-style fields are Apex merge fields of legacy named
    /// credentials, not parameters of an external credential.
    static let standardParameters = ["Body"]
}

/// Checks a header or claim value: its length when it holds a formula, and every formula
/// `{!…}` in it. At most one issue per formula (the first thing wrong in it), ordered by offset;
/// empty when the value is valid. A value without `{!` is static text and costs one scan.
public func validateFormulaValue(_ text: String, environment: FormulaEnvironment = .unchecked) -> [FormulaIssue] {
    guard containsFormula(text) else { return [] }
    let scalars = unicodeScalarArray(text)
    var issues: [FormulaIssue] = []
    if scalars.count > maximumFormulaLength {
        issues.append(
            FormulaIssue(
                offset: maximumFormulaLength, length: scalars.count - maximumFormulaLength,
                message: FormulaMessages.tooLong(scalars.count)))
    }
    issues += eachFormula(in: scalars, end: FormulaLexer.formulaEnd) { formulaStart in
        var parser = FormulaParser(scalars: scalars, formulaStart: formulaStart, environment: environment)
        return parser.parseFormula()
    }
    return issues.sorted { ($0.offset, $0.length) < ($1.offset, $1.length) }
}

/// A parser of one formula `{!…}`: the credential formulas' and the scope's.
protocol OneFormulaParser {
    /// Parses the formula; returns the offset just after its closing `}`.
    mutating func parseFormulaBody() throws(FormulaFailure) -> Int
}

extension OneFormulaParser {
    /// The offset just after the formula's closing `}`, or what is wrong with it.
    mutating func parseFormula() -> Result<Int, FormulaFailure> {
        do throws(FormulaFailure) {
            return .success(try parseFormulaBody())
        } catch {
            return .failure(error)
        }
    }
}

/// The first issue of each formula `{!…}` of a value, each parsed by `parse` (the offset just
/// after it, or what is wrong); after a broken formula the next is found where `end` says this
/// one ends, if it can tell.
func eachFormula(
    in scalars: [Unicode.Scalar], end: ([Unicode.Scalar], Int) -> Int?, parse: (Int) -> Result<Int, FormulaFailure>
) -> [FormulaIssue] {
    var issues: [FormulaIssue] = []
    var offset = 0
    while let formulaStart = FormulaLexer.nextFormulaStart(in: scalars, from: offset) {
        switch parse(formulaStart) {
        case .success(let next):
            offset = next
        case .failure(let failure):
            issues.append(failure.issue)
            offset = end(scalars, formulaStart) ?? scalars.count
        }
    }
    return issues
}

/// Whether `text` holds `{!`, scanning its UTF-8 bytes.
public func containsFormula(_ text: String) -> Bool {
    var previous: UInt8 = 0
    for byte in text.utf8 {
        if previous == UInt8(ascii: "{") && byte == UInt8(ascii: "!") { return true }
        previous = byte
    }
    return false
}

/// The first thing wrong in a formula: thrown inside the parser as an early exit only.
struct FormulaFailure: Error {
    var issue: FormulaIssue

    init(offset: Int, length: Int, message: String, suggestion: String? = nil) {
        issue = FormulaIssue(offset: offset, length: length, message: message, suggestion: suggestion)
    }

    init(at token: FormulaToken, message: String, suggestion: String? = nil) {
        self.init(offset: token.offset, length: token.length, message: message, suggestion: suggestion)
    }
}

/// The words of `formula-syntax`, in one place.
enum FormulaMessages {
    static func tooLong(_ count: Int) -> String {
        "formula value is \(count) characters long; Salesforce allows at most 3,900"
    }

    static let unterminatedFormula = "unterminated formula: '{!' has no closing '}'"
    static let emptyFormula = "empty formula: expected an expression between '{!' and '}'"
    static let unmatchedParenthesis = "unmatched ')': there is no '(' for it to close"
    static let unclosedParenthesis = "unclosed '(': expected ')' before the formula's closing '}'"
    static let singleBar = "unexpected '|': the OR operator is '||'"
    static let bang = "unexpected '!': 'not equal' is '!=' or '<>', and NOT(logical) negates"

    static func unterminatedString(_ quote: Unicode.Scalar) -> String {
        "unterminated string literal: add a closing \(quote == "'" ? "\"'\"" : "'\"'")"
    }

    static func unexpectedCharacter(_ scalar: Unicode.Scalar) -> String {
        "unexpected character '\(scalar)': expected a string literal, a number, a merge field, a function call, "
            + "an operator, '(', ')', ',' or '}'"
    }

    static func expectedOperand(after previous: String, found: String) -> String {
        "expected an operand after \(previous), found \(found)"
    }

    static func expectedAfterOperand(_ expected: String, found: String) -> String {
        "expected \(expected) after an operand, found \(found)"
    }

    static func tooDeep(_ limit: Int) -> String {
        "formula nests deeper than \(limit) levels; simplify it"
    }

    static func unknownFunction(_ name: String, hasSuggestion: Bool) -> String {
        "unknown function '\(name)'"
            + (hasSuggestion ? "" : ": credential formulas can call \(FormulaFunction.names.sorted().joined(separator: ", "))")
    }

    static func expectedCall(_ function: FormulaFunction, found: String) -> String {
        "expected '(' after '\(function.name)', found \(found): \(function.signature)"
    }

    static func notAnOperand(_ word: String) -> String {
        "unexpected '\(word)': expected a string literal, a number, a merge field, a function call or '('"
    }

    static func missingDollar(_ word: String) -> String {
        "merge fields start with '$': '\(word)' should be '$\(word)'"
    }

    static func arity(_ function: FormulaFunction, given: Int) -> String {
        let expected = function.parameters.count
        let takes =
            function.isVariadic
            ? "at least \(count(expected, "argument"))" : count(expected, "argument")
        let was = given == 0 ? "none was" : given == 1 ? "1 was" : "\(given) were"
        return "'\(function.name)' takes \(takes) but \(was) given: \(function.signature)"
    }

    static func algorithm(_ function: FormulaFunction, given: String) -> String {
        "'\(function.name)' supports only the algorithm 'SHA-256', not '\(given)'"
    }

    static func unknownCredential(_ name: String, field: String, hasSuggestion: Bool, known: [String]) -> String {
        "'\(field)' names no external credential '\(name)' of this configuration"
            // A list helps in a small configuration; in a large one it would bury the message.
            + (hasSuggestion || known.isEmpty || known.count > 10
                ? "" : " (external credentials: \(known.sorted().joined(separator: ", ")))")
    }

    static func unknownParameter(_ parameter: String, credential: String, declared: [String]) -> String {
        "external credential '\(credential)' has no parameter '\(parameter)': its principals' secrets declare "
            + declared.sorted().map { "'\($0)'" }.joined(separator: ", ")
            + ", and 'Body' is the evaluated request body"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }
}
