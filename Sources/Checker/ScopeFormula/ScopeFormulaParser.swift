import Diagnostics
/// The first thing wrong in a scope formula: the parser stops at it, a formula gets one issue.
typealias ScopeFormulaFailure = FormulaFailure

extension FormulaFailure {
    init(at token: ScopeFormulaToken, message: String, suggestion: String? = nil) {
        self.init(offset: token.offset, length: token.length, message: message, suggestion: suggestion)
    }
}

/// A recursive-descent parser for one formula `{!EXPR}`:
///
///     formula    = "{!" expression "}"
///     expression = operand { ("+" | "&") operand }
///     operand    = string | merge-field | call | "(" expression ")"
///     call       = function "(" expression { "," expression } ")"
///
/// It checks the syntax, the function names and arities, and the merge-field namespaces and
/// shapes; it builds no tree, since nothing downstream evaluates formulas.
struct ScopeFormulaParser: OneFormulaParser {
    /// Deepest nesting of parentheses and calls. The parser recurses per level, so deeper
    /// formulas are refused rather than followed into a stack overflow (SPEC §6).
    static let maxNesting = 64

    private var lexer: ScopeFormulaLexer
    private let formulaStart: Int
    private var token: ScopeFormulaToken
    private var nesting = 0

    /// `formulaStart` is the offset of the formula's `{!`.
    init(scalars: [Unicode.Scalar], formulaStart: Int) {
        lexer = ScopeFormulaLexer(scalars: scalars, offset: formulaStart + 2)
        self.formulaStart = formulaStart
        token = ScopeFormulaToken(kind: .endOfText, offset: formulaStart, length: 0, text: "")
    }

    mutating func parseFormulaBody() throws(ScopeFormulaFailure) -> Int {
        try advance()
        if token.kind == .closingBrace {
            throw ScopeFormulaFailure(
                offset: formulaStart, length: token.offset + 1 - formulaStart,
                message: "empty formula: expected an expression between '{!' and '}'")
        }
        try parseExpression(after: "'{!'")
        switch token.kind {
        case .closingBrace:
            return token.offset + 1
        case .rightParenthesis:
            throw ScopeFormulaFailure(at: token, message: "unmatched ')': there is no '(' for it to close")
        default:
            throw unexpectedAfterOperand(expected: "'+', '&' or '}'")
        }
    }

    private mutating func parseExpression(after previous: String) throws(ScopeFormulaFailure) {
        try parseOperand(after: previous)
        while token.kind == .plus || token.kind == .ampersand {
            let operatorText = token.text
            try advance()
            try parseOperand(after: "'\(operatorText)'")
        }
    }

    private mutating func parseOperand(after previous: String) throws(ScopeFormulaFailure) {
        switch token.kind {
        case .string:
            try advance()
        case .mergeField:
            try Self.checkMergeField(token)
            try advance()
        case .word:
            try parseCall()
        case .leftParenthesis:
            let open = token
            try enterNesting(at: open)
            defer { nesting -= 1 }
            try advance()
            try parseExpression(after: "'('")
            switch token.kind {
            case .rightParenthesis: try advance()
            case .closingBrace: throw Self.unclosed(open)
            default: throw unexpectedAfterOperand(expected: "'+', '&' or ')'")
            }
        default:
            throw ScopeFormulaFailure(
                at: token, message: "expected an operand after \(previous), found \(token.description)")
        }
    }

    private mutating func parseCall() throws(ScopeFormulaFailure) {
        let name = token
        try advance()
        guard token.kind == .leftParenthesis else {
            throw Self.notACall(name, followedBy: token)
        }
        guard let function = ScopeFormulaFunction.named(name.text) else {
            let suggestion = Suggestions.closest(to: name.text, in: ScopeFormulaFunction.all.map(\.name))
            let known = ScopeFormulaFunction.all.map(\.name)
            throw ScopeFormulaFailure(
                at: name,
                message: "unknown function '\(name.text)'" + (suggestion == nil
                    ? ": scope formulas can call \(known.dropLast().joined(separator: ", ")) and \(known.last ?? "")"
                    : ""),
                suggestion: suggestion)
        }
        let open = token
        try enterNesting(at: open)
        defer { nesting -= 1 }
        try advance()
        var argumentCount = 0
        if token.kind != .rightParenthesis {
            argumentLoop: while true {
                try parseExpression(after: argumentCount == 0 ? "'('" : "','")
                argumentCount += 1
                switch token.kind {
                case .comma: try advance()
                case .rightParenthesis: break argumentLoop
                case .closingBrace: throw Self.unclosed(open)
                default: throw unexpectedAfterOperand(expected: "'+', '&', ',' or ')'")
                }
            }
        }
        let close = token
        try advance()
        let expected = function.parameters.count
        if argumentCount != expected {
            throw ScopeFormulaFailure(
                offset: name.offset, length: close.offset + 1 - name.offset,
                message: "'\(function.name)' takes \(Self.count(expected, "argument")) but "
                    + (argumentCount == 0 ? "none was" : argumentCount == 1 ? "1 was" : "\(argumentCount) were")
                    + " given: \(function.signature)")
        }
    }

    private mutating func enterNesting(at open: ScopeFormulaToken) throws(ScopeFormulaFailure) {
        nesting += 1
        if nesting > Self.maxNesting {
            throw ScopeFormulaFailure(
                at: open, message: "formula nests deeper than \(Self.maxNesting) levels of parentheses; simplify it")
        }
    }

    /// Moves to the next token. Reaching the end of the text inside a formula means its `}` is missing.
    private mutating func advance() throws(ScopeFormulaFailure) {
        token = try lexer.next().get()
        if token.kind == .endOfText {
            throw ScopeFormulaFailure(
                offset: formulaStart, length: 2, message: "unterminated formula: '{!' has no closing '}'")
        }
    }

    private func unexpectedAfterOperand(expected: String) -> ScopeFormulaFailure {
        ScopeFormulaFailure(at: token, message: "expected \(expected) after an operand, found \(token.description)")
    }

    private static func unclosed(_ open: ScopeFormulaToken) -> ScopeFormulaFailure {
        ScopeFormulaFailure(at: open, message: "unclosed '(': expected ')' before the formula's closing '}'")
    }

    /// A word not followed by `(`: a function without its arguments, or a merge field without `$`.
    private static func notACall(_ word: ScopeFormulaToken, followedBy next: ScopeFormulaToken) -> ScopeFormulaFailure {
        if let function = ScopeFormulaFunction.named(word.text) {
            return ScopeFormulaFailure(
                at: next, message: "expected '(' after '\(word.text)', found \(next.description): \(function.signature)")
        }
        let namespace = word.text.split(separator: ".", omittingEmptySubsequences: false)[0]
        if MergeFieldNamespace.named(String(namespace)) != nil {
            return ScopeFormulaFailure(
                at: word, message: "merge fields start with '$': '\(word.text)' should be '$\(word.text)'",
                suggestion: "$" + word.text)
        }
        return ScopeFormulaFailure(
            at: word,
            message: "unexpected '\(word.text)': expected a string literal, a merge field, a function call or '('")
    }

    /// Checks `$Namespace.Name[.Name]`: a known namespace, and as many names as it takes, each an identifier.
    /// Shared with the credential formulas of SPEC §10, whose merge fields are the same.
    static func checkMergeField(_ field: ScopeFormulaToken) throws(ScopeFormulaFailure) {
        let parts = dotSeparatedParts(field.text.dropFirst())
        let namespaceName = parts[0]
        guard !namespaceName.isEmpty else {
            throw ScopeFormulaFailure(
                offset: field.offset, length: 1, message: "expected a merge-field namespace after '$', as in '$User.Email'")
        }
        guard let namespace = MergeFieldNamespace.named(namespaceName) else {
            let suggestion = Suggestions.closest(to: namespaceName, in: MergeFieldNamespace.all.map(\.name)).map { "$" + $0 }
            let known = MergeFieldNamespace.all.map { "$" + $0.name }
            throw ScopeFormulaFailure(
                offset: field.offset, length: 1 + namespaceName.unicodeScalars.count,
                message: "unknown merge-field namespace '$\(namespaceName)'" + (suggestion == nil
                    ? ": expected \(known.dropLast().joined(separator: ", ")) or \(known.last ?? "")"
                    : ""),
                suggestion: suggestion)
        }
        var offset = field.offset + 1 + namespaceName.unicodeScalars.count
        for (index, part) in parts.dropFirst().enumerated() {
            let dotOffset = offset
            offset += 1
            guard index < namespace.parts.count else {
                throw ScopeFormulaFailure(
                    at: field, message: "merge field '\(field.text)' has too many parts: expected '\(namespace.template)'")
            }
            let expected = namespace.parts[index]
            if part.isEmpty {
                let prefix = field.text.unicodeScalars.prefix(dotOffset + 1 - field.offset)
                throw ScopeFormulaFailure(
                    offset: dotOffset, length: 1,
                    message: "expected a \(expected.description) after '\(String(String.UnicodeScalarView(prefix)))'")
            }
            if !isIdentifier(part) {
                throw ScopeFormulaFailure(
                    offset: offset, length: part.unicodeScalars.count,
                    message: "invalid \(expected.description) '\(part)' in '\(field.text)': a name starts with a letter "
                        + "and has only letters, digits and underscores")
            }
            if index == 0, let standard = namespace.standardFields, !part.lowercased().hasSuffix("__c"), !standard.contains(part) {
                let suggestion = Suggestions.closest(to: part, in: standard.names)
                throw ScopeFormulaFailure(
                    offset: offset, length: part.unicodeScalars.count,
                    message: "unknown field '\(part)' of $\(namespace.name): not a standard field, and a custom field's name ends in '__c'",
                    suggestion: suggestion)
            }
            offset += part.unicodeScalars.count
        }
        if parts.count - 1 < namespace.parts.count {
            throw ScopeFormulaFailure(
                at: field, message: "incomplete merge field '\(field.text)': expected '\(namespace.template)'")
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ScopeFormulaLexer.isWordCharacter($0) && $0 != "." }
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }
}
