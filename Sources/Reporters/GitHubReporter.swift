import Diagnostics

/// `--format github`: one GitHub Actions workflow command per unsuppressed diagnostic,
/// which the runner turns into an annotation on the file and line.
///
/// ```
/// ::error file=credentials/billing.yaml,line=7,col=9,endLine=7,endColumn=21,title=name-format::name 'Billing__API' …
/// ```
/// Info findings become `::notice`. Notes and the suggestion are appended to the message,
/// since an annotation has no other place for them.
public struct GitHubReporter: DiagnosticReporter {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        report.unsuppressed.map { command(for: $0) + "\n" }.joined()
            + report.messages.map { "::\($0.level == .warning ? "warning" : "notice")::\(Self.escapeData($0.text))\n" }
            .joined()
    }

    private func command(for diagnostic: Diagnostic) -> String {
        let name = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        let range = diagnostic.range
        let properties = [
            ("file", diagnostic.file),
            ("line", String(range.start.line)),
            ("col", String(range.start.column)),
            ("endLine", String(range.end.line)),
            ("endColumn", String(range.end.column)),
            ("title", diagnostic.rule.rawValue),
        ].map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
        var message = diagnostic.message
        for note in diagnostic.notes {
            message += "; note: " + note.textWithLocation(defaultFile: diagnostic.file)
        }
        if let suggestion = diagnostic.suggestion { message += "; did you mean '\(suggestion)'?" }
        return "::\(name) \(properties)::\(Self.escapeData(message))"
    }

    /// The runner's escaping of a command's message: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        escape(text, isProperty: false)
    }

    /// The runner's escaping of a property value: as data, plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escape(text, isProperty: true)
    }

    private static func escape(_ text: String, isProperty: Bool) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            case ":" where isProperty: escaped += "%3A"
            case "," where isProperty: escaped += "%2C"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
