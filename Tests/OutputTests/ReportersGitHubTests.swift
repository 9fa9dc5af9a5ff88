import Diagnostics
import Testing

@testable import Reporters

@Suite struct ReportersGitHubTests {
    @Test func dataEscapesPercentCarriageReturnAndLineFeedOnly() {
        #expect(GitHubReporter.escapeData("100% a:b,c\r\nnext") == "100%25 a:b,c%0D%0Anext")
    }

    @Test func propertiesAlsoEscapeColonAndComma() {
        #expect(GitHubReporter.escapeProperty("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A")
    }

    @Test func commandEscapesFileTitleAndMessage() {
        let diagnostic = Diagnostic(
            rule: .invalidValue, severity: .info, message: "50% off:\nsecond line", file: "dir,x/a:b.yaml",
            range: SourceRange(line: 2, column: 3, endLine: 2, endColumn: 5), suggestion: "x,y")
        let output = GitHubReporter().render(DiagnosticReport(diagnostics: [diagnostic], sources: [:], fileCount: 1))
        #expect(output == "::notice file=dir%2Cx/a%3Ab.yaml,line=2,col=3,endLine=2,endColumn=5,title=invalid-value"
            + "::50%25 off:%0Asecond line; did you mean 'x,y'?\n")
    }

    @Test func cleanRunPrintsNothing() {
        #expect(GitHubReporter().render(ReporterFixture.cleanReport) == "")
    }
}
