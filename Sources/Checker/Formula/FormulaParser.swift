import Diagnostics

/// A recursive-descent parser for one credential formula `{!EXPR}`:
///
///     formula    = "{!" expression "}"
///     expression = unary { operator unary }
///     operator   = "+" | "-" | "*" | "/" | "^" | "&" | "=" | "==" | "!=" | "<>"
///                | "<" | "<=" | ">" | ">=" | "&&" | "||"
///     unary      = ("-" | "+") unary | operand
///     operand    = string | number | merge-field | TRUE | FALSE | NULL | call
///                | "(" expression ")"
///     call       = function "(" [ expression { "," expression } ] ")"
///
/// Operators are one level: nothing evaluates formulas, so precedence changes no finding.
/// It checks syntax, function names and arities, `HASH`/`HMAC`'s algorithm, merge fields, and
/// `$Credential.NAME.PARAM` against the configuration; it builds no tree.
struct FormulaParser: OneFormulaParser {
    /// Deepest nesting of parentheses, calls and signs: the parser recurses per level (SPEC §6).
    static let maxNesting = 64

    private let scalars: [Unicode.Scalar]
    private var lexer: FormulaLexer
    private let formulaStart: Int
    private let environment: FormulaEnvironment
    private var token: FormulaToken
    private var nesting = 0

    /// `formulaStart` is the offset of the formula's `{!`.
    init(scalars: [Unicode.Scalar], formulaStart: Int, environment: FormulaEnvironment) {
        self.scalars = scalars
        lexer = FormulaLexer(scalars: scalars, offset: formulaStart + 2)
        self.formulaStart = formulaStart
        self.environment = environment
        token = FormulaToken(kind: .endOfText, offset: formulaStart, length: 0)
    }

    mutating func parseFormulaBody() throws(FormulaFailure) -> Int {
        try advance()
        if token.kind == .closingBrace {
            throw FormulaFailure(
                offset: formulaStart, length: token.offset + 1 - formulaStart, message: FormulaMessages.emptyFormula)
        }
        _ = try parseExpression(after: "'{!'")
        switch token.kind {
        case .closingBrace: return token.offset + 1
        case .rightParenthesis: throw FormulaFailure(at: token, message: FormulaMessages.unmatchedParenthesis)
        default: throw unexpectedAfterOperand(expected: "an operator or '}'")
        }
    }

    /// Parses an expression; returns its string literal when it is only one (`'SHA-256'`).
    private mutating func parseExpression(after previous: String) throws(FormulaFailure) -> FormulaToken? {
        var literal = try parseUnary(after: previous)
        while token.isOperator {
            let operatorToken = token
            try advance()
            _ = try parseUnary(after: "'\(text(of: operatorToken))'")
            literal = nil
        }
        return literal
    }

    private mutating func parseUnary(after previous: String) throws(FormulaFailure) -> FormulaToken? {
        guard token.kind == .arithmetic, scalars[token.offset] == "-" || scalars[token.offset] == "+" else {
            return try parseOperand(after: previous)
        }
        let sign = token
        try enterNesting(at: sign)
        defer { nesting -= 1 }
        try advance()
        _ = try parseUnary(after: "'\(text(of: sign))'")
        return nil
    }

    private mutating func parseOperand(after previous: String) throws(FormulaFailure) -> FormulaToken? {
        switch token.kind {
        case .string:
            let literal = token
            try advance()
            return literal
        case .number:
            try advance()
        case .mergeField:
            try checkMergeField(token)
            try advance()
        case .word:
            try parseWord()
        case .leftParenthesis:
            let open = token
            try enterNesting(at: open)
            defer { nesting -= 1 }
            try advance()
            let literal = try parseExpression(after: "'('")
            switch token.kind {
            case .rightParenthesis: try advance()
            case .closingBrace: throw FormulaFailure(at: open, message: FormulaMessages.unclosedParenthesis)
            default: throw unexpectedAfterOperand(expected: "an operator or ')'")
            }
            return literal
        default:
            throw FormulaFailure(at: token, message: FormulaMessages.expectedOperand(after: previous, found: describe(token)))
        }
        return nil
    }

    /// A function call, or one of the constants `TRUE`, `FALSE` and `NULL`.
    private mutating func parseWord() throws(FormulaFailure) {
        let name = token
        let nameScalars = scalars[name.offset..<name.offset + name.length]
        try advance()
        guard token.kind == .leftParenthesis else {
            if Self.constants.contains(where: { equalsIgnoringASCIICase(nameScalars, $0) }) { return }
            throw notACall(name, followedBy: token)
        }
        guard let function = FormulaFunction.named(nameScalars) else {
            let written = text(of: name)
            let suggestion = Suggestions.closest(to: written, in: FormulaFunction.names)
            throw FormulaFailure(
                at: name, message: FormulaMessages.unknownFunction(written, hasSuggestion: suggestion != nil),
                suggestion: suggestion)
        }
        let open = token
        try enterNesting(at: open)
        defer { nesting -= 1 }
        try advance()
        var argumentCount = 0
        var firstLiteral: FormulaToken?
        if token.kind != .rightParenthesis {
            argumentLoop: while true {
                let literal = try parseExpression(after: argumentCount == 0 ? "'('" : "','")
                if argumentCount == 0 { firstLiteral = literal }
                argumentCount += 1
                switch token.kind {
                case .comma: try advance()
                case .rightParenthesis: break argumentLoop
                case .closingBrace: throw FormulaFailure(at: open, message: FormulaMessages.unclosedParenthesis)
                default: throw unexpectedAfterOperand(expected: "an operator, ',' or ')'")
                }
            }
        }
        let close = token
        try advance()
        guard function.accepts(argumentCount: argumentCount) else {
            throw FormulaFailure(
                offset: name.offset, length: close.offset + 1 - name.offset,
                message: FormulaMessages.arity(function, given: argumentCount))
        }
        if function.takesSHA256Only, let literal = firstLiteral {
            let algorithm = decodedLiteral(literal)
            if algorithm.uppercased() != "SHA-256" {
                // The text inside the quotes: a fix-it then never has to write quotes inside a
                // quoted YAML scalar.
                throw FormulaFailure(
                    offset: literal.offset + 1, length: literal.length - 2,
                    message: FormulaMessages.algorithm(function, given: algorithm), suggestion: "SHA-256")
            }
        }
    }

    /// `$Namespace.Name[.Name]` as scope formulas check it, then `$Credential.NAME.PARAM`
    /// against the configuration (SPEC §10, §12).
    private func checkMergeField(_ field: FormulaToken) throws(FormulaFailure) {
        let fieldText = text(of: field)
        do {
            try ScopeFormulaParser.checkMergeField(
                ScopeFormulaToken(kind: .mergeField, offset: field.offset, length: field.length, text: fieldText))
        } catch {
            throw FormulaFailure(
                offset: error.issue.offset, length: error.issue.length, message: error.issue.message,
                suggestion: error.issue.suggestion)
        }
        let parts = dotSeparatedParts(fieldText.dropFirst())
        guard parts.count == 3, parts[0].lowercased() == "credential" else { return }
        let name = parts[1]
        let parameter = parts[2]
        let nameOffset = field.offset + 1 + parts[0].unicodeScalars.count + 1
        switch environment.lookUp(name) {
        case .unchecked:
            return
        case .elsewhere(let why):
            throw FormulaFailure(offset: nameOffset, length: name.unicodeScalars.count, message: "'\(fieldText)': \(why)")
        case .unknown:
            let suggestion = Suggestions.closest(to: name, in: environment.credentialNames)
            throw FormulaFailure(
                offset: nameOffset, length: name.unicodeScalars.count,
                message: FormulaMessages.unknownCredential(
                    name, field: fieldText, hasSuggestion: suggestion != nil, known: environment.credentialNames),
                suggestion: suggestion)
        case .known(let credential):
            guard let declared = credential.parameters else { return }
            let accepted = declared + FormulaEnvironment.standardParameters
            if accepted.contains(where: { $0.lowercased() == parameter.lowercased() }) { return }
            throw FormulaFailure(
                offset: nameOffset + name.unicodeScalars.count + 1, length: parameter.unicodeScalars.count,
                message: FormulaMessages.unknownParameter(parameter, credential: credential.name, declared: declared),
                suggestion: Suggestions.closest(to: parameter, in: accepted))
        }
    }

    private mutating func enterNesting(at open: FormulaToken) throws(FormulaFailure) {
        nesting += 1
        if nesting > Self.maxNesting {
            throw FormulaFailure(at: open, message: FormulaMessages.tooDeep(Self.maxNesting))
        }
    }

    /// Moves to the next token. The end of the value inside a formula means its `}` is missing.
    private mutating func advance() throws(FormulaFailure) {
        token = try lexer.next().get()
        if token.kind == .endOfText {
            throw FormulaFailure(offset: formulaStart, length: 2, message: FormulaMessages.unterminatedFormula)
        }
    }

    private func unexpectedAfterOperand(expected: String) -> FormulaFailure {
        FormulaFailure(at: token, message: FormulaMessages.expectedAfterOperand(expected, found: describe(token)))
    }

    /// A word not followed by `(`: a function without its arguments, or a merge field without `$`.
    private func notACall(_ word: FormulaToken, followedBy next: FormulaToken) -> FormulaFailure {
        let written = text(of: word)
        if let function = FormulaFunction.named(scalars[word.offset..<word.offset + word.length]) {
            return FormulaFailure(at: next, message: FormulaMessages.expectedCall(function, found: describe(next)))
        }
        let namespace = written.split(separator: ".", omittingEmptySubsequences: false)[0]
        if written.contains("."), MergeFieldNamespace.named(String(namespace)) != nil {
            return FormulaFailure(at: word, message: FormulaMessages.missingDollar(written), suggestion: "$" + written)
        }
        return FormulaFailure(at: word, message: FormulaMessages.notAnOperand(written))
    }

    private func text(of token: FormulaToken) -> String {
        String(scalars: scalars[token.offset..<token.offset + token.length])
    }

    /// How a message names a token: `'+'`, `string literal 'a'`, `end of value`.
    private func describe(_ token: FormulaToken) -> String {
        switch token.kind {
        case .string: "string literal \(text(of: token))"
        case .number: "number \(text(of: token))"
        case .endOfText: "end of value"
        default: "'\(text(of: token))'"
        }
    }

    /// A string literal's value: without its quotes, each escape its escaped character.
    private func decodedLiteral(_ literal: FormulaToken) -> String {
        var decoded = String.UnicodeScalarView()
        var index = literal.offset + 1
        let end = literal.offset + literal.length - 1
        while index < end {
            if scalars[index] == "\\", index + 1 < end { index += 1 }
            decoded.append(scalars[index])
            index += 1
        }
        return String(decoded)
    }

    /// The formula language's constants (Help `customize_functions`: NULL, TRUE, FALSE).
    private static let constants: [[Unicode.Scalar]] = ["TRUE", "FALSE", "NULL"].map { Array($0.unicodeScalars) }
}
