/// Validation of an external credential's `scope` (SPEC §1.1, rule `scope-formula`).
///
/// A scope is static text, optionally with formulas `{!EXPR}` embedded in it. Every `{!…}` in
/// the text is a formula of its own and is checked on its own, so `a {!$User.Email} b {!"c"}`
/// is valid; inside a formula, a `}` inside a string literal does not close it.
///
/// Offsets and lengths count Unicode scalars of the *decoded* scope string, the value YAML
/// produced. To point at the file, map them with
/// ``sourceRange(ofScalarOffset:length:rawSource:quoting:start:)``.

/// The longest scope Salesforce accepts: formulas "can contain up to 3,900 characters".
public let maximumScopeLength = maximumFormulaLength

/// One thing wrong with a scope: the same shape as every formula's issue.
public typealias ScopeFormulaIssue = FormulaIssue

/// Checks a scope value: its length and the syntax of every formula `{!…}` in it.
///
/// Reports at most one issue per formula (the first thing that goes wrong in it) and one for
/// the length, ordered by offset. An empty result means the scope is valid.
public func validateScope(_ text: String) -> [ScopeFormulaIssue] {
    let scalars = unicodeScalarArray(text)
    var issues: [ScopeFormulaIssue] = []

    if scalars.count > maximumScopeLength {
        issues.append(ScopeFormulaIssue(
            offset: maximumScopeLength,
            length: scalars.count - maximumScopeLength,
            message: "scope is \(scalars.count) characters long; Salesforce allows at most 3,900"
        ))
    }

    issues += eachFormula(in: scalars, end: ScopeFormulaLexer.formulaEnd) { formulaStart in
        var parser = ScopeFormulaParser(scalars: scalars, formulaStart: formulaStart)
        return parser.parseFormula()
    }
    return issues.sorted { ($0.offset, $0.length) < ($1.offset, $1.length) }
}
