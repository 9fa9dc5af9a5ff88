import Diagnostics

/// The human format of SPEC §5: a compiler-style header, the source line with carets under
/// the range, notes, a "did you mean" help line, and a summary.
///
/// ```
/// credentials/billing.yaml:7:9: error: name 'Billing__API' contains two consecutive underscores [name-format]
///    7 |   name: Billing__API
///      |         ^^^^^^^^^^^^
/// 1 error in 1 file
/// ```
/// Suppressed diagnostics are not shown. Source text and messages are sanitized so that a
/// YAML value cannot send escape sequences to the terminal.
public struct TextReporter: DiagnosticReporter {
    /// Whether to use ANSI colors; without it the output holds no escape codes at all.
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ report: DiagnosticReport) -> String {
        var output = report.unsuppressed
            .map { block(for: $0, sources: report.sources) }
            .joined(separator: "\n\n")
        if !output.isEmpty { output += "\n" }
        output += paint(Self.summaryLine(report.summary), .bold) + "\n"
        return output + report.messages.map { "credc: \($0.level.rawValue): \($0.text)\n" }.joined()
    }

    /// `2 errors, 1 warning, 1 info in 3 files`, or `no problems in 3 files`.
    static func summaryLine(_ summary: DiagnosticSummary) -> String {
        let counts = [(summary.errors, "error"), (summary.warnings, "warning"), (summary.infos, "info")]
            .filter { $0.0 > 0 }
            .map { count(of: $0.0, $0.1) }
        let problems = counts.isEmpty ? "no problems" : counts.joined(separator: ", ")
        return "\(problems) in \(count(of: summary.files, "file"))"
    }

    private static func count(of number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private func block(for diagnostic: Diagnostic, sources: [String: SourceFile]) -> String {
        let locatedNotes = diagnostic.notes.compactMap { note in
            note.range.map { (note, note.file ?? diagnostic.file, $0) }
        }
        let largestLine = ([diagnostic.range.start.line] + locatedNotes.map { $0.2.start.line }).max() ?? 1
        let gutterWidth = max(4, String(largestLine).count)

        var lines = [
            paint(location(diagnostic.file, diagnostic.range) + ":", .bold) + " "
                + paint(diagnostic.severity.rawValue + ":", Style(diagnostic.severity)) + " "
                + TerminalText.sanitized(diagnostic.message) + " [\(diagnostic.rule)]",
        ]
        lines += snippet(sources[diagnostic.file], diagnostic.range, Style(diagnostic.severity), gutterWidth)
        for note in diagnostic.notes {
            let message = TerminalText.sanitized(note.message)
            if let range = note.range {
                let file = note.file ?? diagnostic.file
                lines.append(paint(location(file, range) + ":", .bold) + " " + paint("note:", .bold) + " " + message)
                lines += snippet(sources[file], range, .bold, gutterWidth)
            } else if let file = note.file {
                lines.append(paint(TerminalText.sanitized(file) + ":", .bold) + " " + paint("note:", .bold) + " " + message)
            } else {
                lines.append(paint("note:", .bold) + " " + message)
            }
        }
        if let suggestion = diagnostic.suggestion {
            lines.append(paint("help:", .help) + " did you mean '\(TerminalText.sanitized(suggestion))'?")
        }
        return lines.joined(separator: "\n")
    }

    private func location(_ file: String, _ range: SourceRange) -> String {
        "\(TerminalText.sanitized(file)):\(range.start.line):\(range.start.column)"
    }

    /// The range's first line and a caret line under it; nothing when the line is unknown.
    private func snippet(_ source: SourceFile?, _ range: SourceRange, _ caretStyle: Style, _ gutterWidth: Int) -> [String] {
        guard let source, !source.isEmpty, range.start.line <= source.lineCount else { return [] }
        let text = TerminalText.sanitized(source.lineText(range.start.line))
        let endColumn = range.end.line == range.start.line ? range.end.column : Int.max
        let (padding, carets) = TerminalText.underline(
            line: text, startColumn: range.start.column, endColumn: endColumn)
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: gutterWidth - number.count) + number
        let blank = String(repeating: " ", count: gutterWidth)
        return [
            paint(gutter + " |", .gutter) + (text.isEmpty ? "" : " " + text),
            paint(blank + " |", .gutter) + " " + padding + paint(String(repeating: "^", count: carets), caretStyle),
        ]
    }

    private enum Style: String {
        case bold = "1"
        case error = "1;31"
        case warning = "1;33"
        case info = "1;36"
        case help = "1;32"
        case gutter = "1;34"

        init(_ severity: Severity) {
            switch severity {
            case .error: self = .error
            case .warning: self = .warning
            case .info: self = .info
            }
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
