/// A token of a formula's expression.
struct ScopeFormulaToken: Equatable {
    enum Kind: Equatable {
        /// `"…"`, with `\"` and `\\` escapes.
        case string
        /// `$` followed by letters, digits, underscores and dots: `$User.Email`.
        case mergeField
        /// Letters, digits, underscores and dots not after `$`: a function name, or a mistake.
        case word
        case leftParenthesis
        case rightParenthesis
        case comma
        case plus
        case ampersand
        /// The `}` that closes the formula.
        case closingBrace
        /// The end of the scope text, reached before the closing `}`.
        case endOfText
    }

    var kind: Kind
    var offset: Int
    var length: Int
    var text: String

    /// How a message names this token: `'+'`, `string literal "a"`, `end of scope`.
    var description: String {
        switch kind {
        case .string: "string literal \(text)"
        case .endOfText: "end of scope"
        default: "'\(text)'"
        }
    }
}

/// Splits a formula into tokens, one at a time, on demand of the parser.
struct ScopeFormulaLexer {
    let scalars: [Unicode.Scalar]
    private(set) var offset: Int

    init(scalars: [Unicode.Scalar], offset: Int) {
        self.scalars = scalars
        self.offset = offset
    }

    /// The offset just after the `}` that closes the formula at `formulaStart`, skipping string
    /// literals; `nil` if the formula or one of its strings is never closed.
    static func formulaEnd(in scalars: [Unicode.Scalar], formulaStart: Int) -> Int? {
        var lexer = ScopeFormulaLexer(scalars: scalars, offset: formulaStart + 2)
        while true {
            switch lexer.next() {
            case .success(let token) where token.kind == .closingBrace: return token.offset + 1
            case .success(let token) where token.kind == .endOfText: return nil
            case .success: continue
            case .failure:
                // The lexer has moved past an unexpected character; an unterminated string has
                // taken it to the end of the text.
                if lexer.offset >= scalars.count { return nil }
            }
        }
    }

    /// The next token, or why there is none.
    mutating func next() -> Result<ScopeFormulaToken, ScopeFormulaFailure> {
        while offset < scalars.count, isFormulaWhitespace(scalars[offset]) { offset += 1 }
        let start = offset
        guard start < scalars.count else {
            return .success(ScopeFormulaToken(kind: .endOfText, offset: start, length: 0, text: ""))
        }
        let scalar = scalars[start]
        offset += 1
        switch scalar {
        case "(": return .success(token(.leftParenthesis, from: start))
        case ")": return .success(token(.rightParenthesis, from: start))
        case ",": return .success(token(.comma, from: start))
        case "+": return .success(token(.plus, from: start))
        case "&": return .success(token(.ampersand, from: start))
        case "}": return .success(token(.closingBrace, from: start))
        case "\"": return lexString(from: start)
        case "$":
            while offset < scalars.count, Self.isWordCharacter(scalars[offset]) { offset += 1 }
            return .success(token(.mergeField, from: start))
        case _ where Self.isWordCharacter(scalar):
            while offset < scalars.count, Self.isWordCharacter(scalars[offset]) { offset += 1 }
            return .success(token(.word, from: start))
        default:
            return .failure(ScopeFormulaFailure(unexpectedCharacter: scalar, at: start))
        }
    }

    private mutating func lexString(from start: Int) -> Result<ScopeFormulaToken, ScopeFormulaFailure> {
        while offset < scalars.count {
            switch scalars[offset] {
            case "\\":
                // `\"` and `\\` are the escapes that matter here; any escaped character is
                // skipped so that `\"` never ends the literal.
                offset += 2
            case "\"":
                offset += 1
                return .success(token(.string, from: start))
            default:
                offset += 1
            }
        }
        offset = scalars.count
        return .failure(ScopeFormulaFailure(
            offset: start, length: 1,
            message: "unterminated string literal: add a closing '\"'"))
    }

    private func token(_ kind: ScopeFormulaToken.Kind, from start: Int) -> ScopeFormulaToken {
        ScopeFormulaToken(kind: kind, offset: start, length: offset - start, text: String(scalars: scalars[start..<offset]))
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".": true
        default: false
        }
    }
}

extension ScopeFormulaFailure {
    fileprivate init(unexpectedCharacter scalar: Unicode.Scalar, at offset: Int) {
        switch scalar {
        case "'":
            self.init(offset: offset, length: 1,
                      message: "unexpected character \"'\": string literals in scope formulas use double quotes")
        case "-", "*", "/", "|":
            self.init(offset: offset, length: 1,
                      message: "unexpected character '\(scalar)': scope formulas only concatenate, with '+' or '&'")
        default:
            self.init(offset: offset, length: 1,
                      message: "unexpected character '\(scalar)': expected a string literal, a merge field, "
                          + "a function call, '(', ')', ',', '+', '&' or '}'")
        }
    }
}
