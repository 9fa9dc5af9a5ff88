import Diagnostics
import Testing

@testable import Reporters

@Suite struct ReportersTextTests {
    private func render(_ line: String, _ range: SourceRange, color: Bool = false) -> [Substring] {
        let source = SourceFile(path: "a.yaml", text: line + "\n")
        let diagnostic = Diagnostic(
            rule: .nameFormat, severity: .error, message: "bad", file: "a.yaml", range: range)
        let report = DiagnosticReport(diagnostics: [diagnostic], sources: ["a.yaml": source], fileCount: 1)
        return TextReporter(color: color).render(report).split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func specExampleShape() {
        let lines = render("  name: Billing__API", SourceRange(line: 1, column: 9, endLine: 1, endColumn: 21))
        #expect(lines == [
            "a.yaml:1:9: error: bad [name-format]",
            "   1 |   name: Billing__API",
            "     |         ^^^^^^^^^^^^",
            "1 error in 1 file",
            "",
        ])
    }

    /// Columns count scalars; the family emoji is five scalars in two cells, `é` one in one,
    /// and the tab stays a tab so that both lines reach the same tab stop.
    @Test func multiByteTextAndTabsBeforeTheColumnDoNotShiftTheCarets() {
        let line = "# 👨‍👩‍👧 éé\tname: X"
        let column = line.unicodeScalars.count - "name: X".unicodeScalars.count + 1
        let lines = render(line, SourceRange(line: 1, column: column, endLine: 1, endColumn: column + 4))
        #expect(lines[1] == "   1 | # 👨‍👩‍👧 éé\tname: X")
        #expect(lines[2] == "     | " + String(repeating: " ", count: 2 + 2 + 3) + "\t^^^^")
    }

    @Test func wideCharactersInsideTheRangeGetTwoCaretsEach() {
        let lines = render("name: 日本", SourceRange(line: 1, column: 7, endLine: 1, endColumn: 9))
        #expect(lines[2] == "     |       ^^^^")
    }

    @Test func emptyRangeGetsOneCaret() {
        let lines = render("name:", SourceRange(line: 1, column: 6, endLine: 1, endColumn: 6))
        #expect(lines[2] == "     |      ^")
    }

    @Test func multiLineRangeUnderlinesToTheEndOfTheFirstLine() {
        let lines = render("  - name: Admin", SourceRange(line: 1, column: 5, endLine: 3, endColumn: 1))
        #expect(lines[2] == "     |     ^^^^^^^^^^^")
    }

    @Test func controlCharactersInSourceAndMessageNeverReachTheTerminal() {
        let source = SourceFile(path: "a.yaml", text: "name: \"\u{1B}[31mX\"\n")
        let diagnostic = Diagnostic(
            rule: .nameFormat, severity: .error, message: "name '\u{1B}[31mX\u{202E}' is bad", file: "a.yaml",
            range: SourceRange(line: 1, column: 7, endLine: 1, endColumn: 15))
        let text = TextReporter().render(
            DiagnosticReport(diagnostics: [diagnostic], sources: ["a.yaml": source], fileCount: 1))
        #expect(!text.unicodeScalars.contains("\u{1B}"))
        #expect(!text.unicodeScalars.contains("\u{202E}"))
        #expect(text.contains("     |       ^^^^^^^^"))
    }

    @Test func colorOffHasNoEscapeCodesAndColorOnPaintsSeverityLocationAndCarets() {
        let report = ReporterFixture.report
        let plain = TextReporter(color: false).render(report)
        let colored = TextReporter(color: true).render(report)
        #expect(!plain.unicodeScalars.contains("\u{1B}"))
        #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;36minfo:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1mcredentials/billing.yaml:3:7:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;31m^^^^^^^^^^^^\u{1B}[0m"))
    }

    @Test func suppressedDiagnosticsAreNotShown() {
        let text = TextReporter().render(ReporterFixture.report)
        #expect(!text.contains("[refresh-status-code]"))
        #expect(text.contains("[redundant-401]"))
    }

    @Test(arguments: [
        ((0, 0, 0, 3), "no problems in 3 files"),
        ((1, 0, 0, 1), "1 error in 1 file"),
        ((2, 1, 0, 3), "2 errors, 1 warning in 3 files"),
        ((0, 2, 1, 2), "2 warnings, 1 info in 2 files"),
        ((3, 0, 2, 4), "3 errors, 2 infos in 4 files"),
    ])
    func summaryIsPluralized(counts: (Int, Int, Int, Int), expected: String) {
        var summary = DiagnosticSummary(diagnostics: [], files: counts.3)
        summary.errors = counts.0
        summary.warnings = counts.1
        summary.infos = counts.2
        #expect(TextReporter.summaryLine(summary) == expected)
    }
}
