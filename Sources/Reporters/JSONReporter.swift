import Diagnostics

/// `--format json` (SPEC §5): a versioned document with one entry per unsuppressed
/// diagnostic and the summary counts. Keys are sorted and `/` is not escaped.
public struct JSONReporter: DiagnosticReporter {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        let summary = report.summary
        return ReporterJSON.encode(Document(
            version: 1,
            diagnostics: report.unsuppressed.map(Entry.init),
            summary: Summary(
                errors: summary.errors, warnings: summary.warnings, infos: summary.infos,
                files: summary.files),
            messages: report.messages.isEmpty
                ? nil : report.messages.map { Message(level: $0.level.rawValue, message: $0.text) }))
    }

    private struct Document: Encodable {
        var version: Int
        var diagnostics: [Entry]
        var summary: Summary
        /// The tool's own messages; absent when there are none.
        var messages: [Message]?
    }

    private struct Message: Encodable {
        var level: String
        var message: String
    }

    private struct Entry: Encodable {
        var rule: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var path: String
        var note: String?
        var suggestion: String?
        /// SPEC §13; absent when the diagnostic has none.
        var fixes: [Fix]?

        init(_ diagnostic: Diagnostic) {
            rule = diagnostic.rule.rawValue
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
            file = diagnostic.file
            line = diagnostic.range.start.line
            column = diagnostic.range.start.column
            endLine = diagnostic.range.end.line
            endColumn = diagnostic.range.end.column
            path = diagnostic.path
            note = diagnostic.notes.first?.textWithLocation(defaultFile: diagnostic.file)
            suggestion = diagnostic.suggestion
            fixes = diagnostic.fixes.isEmpty ? nil : diagnostic.fixes.map(Fix.init)
        }
    }

    private struct Fix: Encodable {
        var message: String
        /// Whether `credc check --fix` applies it (an addition to SPEC §13's shape).
        var safe: Bool
        var edits: [Edit]

        init(_ fix: FixIt) {
            message = fix.message
            safe = fix.isSafe
            edits = fix.edits.map(Edit.init)
        }
    }

    private struct Edit: Encodable {
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var text: String

        init(_ edit: TextEdit) {
            line = edit.range.start.line
            column = edit.range.start.column
            endLine = edit.range.end.line
            endColumn = edit.range.end.column
            text = edit.text
        }
    }

    private struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var infos: Int
        var files: Int
    }
}
