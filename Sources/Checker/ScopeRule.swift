import Diagnostics
import Model
import YAML

extension Checker {
    /// `scope-formula`: parse the decoded scope, then map the problem back into the file.
    mutating func checkScopeFormula(_ scope: Located<String>, style: ScalarStyle?, file: String) {
        guard let issue = validateScope(scope.value).first else { return }
        var range = scope.range
        if let source = sourceFile(file) {
            let start = source.byteOffset(of: scope.range.start)
            let end = min(max(source.byteOffset(of: scope.range.end), start), source.bytes.count)
            let raw = String(decoding: source.bytes[start..<end], as: UTF8.self)
            range = sourceRange(
                ofScalarOffset: issue.offset, length: issue.length, rawSource: Substring(raw),
                quoting: Self.quoting(style), start: scope.range.start)
        }
        append(
            Diagnostic(
                rule: .scopeFormula, severity: Rules.descriptor(.scopeFormula).defaultSeverity,
                message: issue.message, file: file, range: range, path: scope.path, suggestion: issue.suggestion))
    }

    private static func quoting(_ style: ScalarStyle?) -> ScalarQuoting {
        switch style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        case .plain, nil: .plain
        }
    }
}
