/// A token of a credential formula's expression: a kind and where it is. The text is read
/// from the scalars only when a message or a lookup needs it.
struct FormulaToken: Equatable {
    enum Kind: Equatable {
        /// `'…'` or `"…"`, with backslash escapes.
        case string
        /// Digits, optionally with a fraction: `86400`, `1.5`.
        case number
        /// `$` followed by letters, digits, underscores and dots: `$User.Email`.
        case mergeField
        /// Letters, digits, underscores and dots, not after `$`: a function name, or a mistake.
        case word
        case leftParenthesis
        case rightParenthesis
        case comma
        /// `+ - * / ^ &`.
        case arithmetic
        /// `= == != <> < <= > >=`.
        case comparison
        /// `&&` and `||`.
        case logical
        /// The `}` that closes the formula.
        case closingBrace
        /// The end of the value, reached before the closing `}`.
        case endOfText
    }

    var kind: Kind
    var offset: Int
    var length: Int

    /// A binary operator: arithmetic, comparison or logical.
    var isOperator: Bool {
        switch kind {
        case .arithmetic, .comparison, .logical: true
        default: false
        }
    }
}

/// Splits a formula into tokens on demand of the parser. Works on the value's scalars by
/// offset: no token allocates.
struct FormulaLexer {
    let scalars: [Unicode.Scalar]
    private(set) var offset: Int

    init(scalars: [Unicode.Scalar], offset: Int) {
        self.scalars = scalars
        self.offset = offset
    }

    /// The offset of the next `{!` at or after `offset`.
    static func nextFormulaStart(in scalars: [Unicode.Scalar], from offset: Int) -> Int? {
        var index = offset
        while index + 1 < scalars.count {
            if scalars[index] == "{" && scalars[index + 1] == "!" { return index }
            index += 1
        }
        return nil
    }

    /// The offset just after the `}` that closes the formula at `formulaStart`, skipping string
    /// literals; nil if the formula or one of its strings is never closed.
    static func formulaEnd(in scalars: [Unicode.Scalar], formulaStart: Int) -> Int? {
        var lexer = FormulaLexer(scalars: scalars, offset: formulaStart + 2)
        while true {
            switch lexer.next() {
            case .success(let token) where token.kind == .closingBrace: return token.offset + 1
            case .success(let token) where token.kind == .endOfText: return nil
            case .success: continue
            case .failure: if lexer.offset >= scalars.count { return nil }
            }
        }
    }

    /// A two-character operator when `matches`, else the failure `message` at its first character.
    private mutating func pair(
        _ matches: Bool, _ kind: FormulaToken.Kind, from start: Int, else message: String
    ) -> Result<FormulaToken, FormulaFailure> {
        guard matches else { return .failure(FormulaFailure(offset: start, length: 1, message: message)) }
        offset += 1
        return token(kind, from: start)
    }

    /// The next token, or why there is none.
    mutating func next() -> Result<FormulaToken, FormulaFailure> {
        while offset < scalars.count, isFormulaWhitespace(scalars[offset]) { offset += 1 }
        let start = offset
        guard start < scalars.count else { return .success(FormulaToken(kind: .endOfText, offset: start, length: 0)) }
        let scalar = scalars[start]
        offset += 1
        let following = offset < scalars.count ? scalars[offset] : nil
        switch scalar {
        case "(": return token(.leftParenthesis, from: start)
        case ")": return token(.rightParenthesis, from: start)
        case ",": return token(.comma, from: start)
        case "}": return token(.closingBrace, from: start)
        case "+", "-", "*", "/", "^": return token(.arithmetic, from: start)
        case "&":
            if following == "&" { offset += 1; return token(.logical, from: start) }
            return token(.arithmetic, from: start)
        // `||` and `!=` have no one-character form.
        case "|": return pair(following == "|", .logical, from: start, else: FormulaMessages.singleBar)
        case "=":
            if following == "=" { offset += 1 }
            return token(.comparison, from: start)
        case "!": return pair(following == "=", .comparison, from: start, else: FormulaMessages.bang)
        case "<":
            if following == "=" || following == ">" { offset += 1 }
            return token(.comparison, from: start)
        case ">":
            if following == "=" { offset += 1 }
            return token(.comparison, from: start)
        case "\"", "'": return lexString(from: start, quote: scalar)
        case "$":
            while offset < scalars.count, Self.isWordCharacter(scalars[offset]) { offset += 1 }
            return token(.mergeField, from: start)
        case "0"..."9":
            skipDigits()
            if offset + 1 < scalars.count, scalars[offset] == ".", ("0"..."9").contains(scalars[offset + 1]) {
                offset += 1
                skipDigits()
            }
            return token(.number, from: start)
        case _ where Self.isWordCharacter(scalar):
            while offset < scalars.count, Self.isWordCharacter(scalars[offset]) { offset += 1 }
            return token(.word, from: start)
        default:
            return .failure(FormulaFailure(offset: start, length: 1, message: FormulaMessages.unexpectedCharacter(scalar)))
        }
    }

    private mutating func skipDigits() {
        while offset < scalars.count, ("0"..."9").contains(scalars[offset]) { offset += 1 }
    }

    private mutating func lexString(from start: Int, quote: Unicode.Scalar) -> Result<FormulaToken, FormulaFailure> {
        while offset < scalars.count {
            let scalar = scalars[offset]
            // Any escaped character is skipped, so that `\'` or `\"` never ends the literal.
            offset += scalar == "\\" ? 2 : 1
            if scalar == quote { return token(.string, from: start) }
        }
        offset = scalars.count
        return .failure(FormulaFailure(offset: start, length: 1, message: FormulaMessages.unterminatedString(quote)))
    }

    private func token(_ kind: FormulaToken.Kind, from start: Int) -> Result<FormulaToken, FormulaFailure> {
        .success(FormulaToken(kind: kind, offset: start, length: offset - start))
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".": true
        default: false
        }
    }
}

/// Unicode whitespace, with ASCII answered without a property lookup: formulas are mostly ASCII.
func isFormulaWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
    return scalar.properties.isWhitespace
}
