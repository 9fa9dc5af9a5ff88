import Diagnostics
import Testing

@testable import Reporters

@Suite struct ReportersGoldenTests {
    @Test func text() {
        expectGolden(TextReporter().render(ReporterFixture.report), "reporters/text.txt")
    }

    @Test func textInColor() {
        expectGolden(TextReporter(color: true).render(ReporterFixture.report), "reporters/text-color.txt")
    }

    @Test func textCleanRun() {
        expectGolden(TextReporter().render(ReporterFixture.cleanReport), "reporters/text-clean.txt")
    }

    @Test func json() {
        expectGolden(JSONReporter().render(ReporterFixture.report), "reporters/diagnostics.json")
    }

    @Test func jsonCleanRun() {
        expectGolden(JSONReporter().render(ReporterFixture.cleanReport), "reporters/diagnostics-clean.json")
    }

    @Test func sarif() {
        expectGolden(ReporterFixture.sarifReporter.render(ReporterFixture.report), "reporters/diagnostics.sarif")
    }

    @Test func sarifCleanRun() {
        expectGolden(ReporterFixture.sarifReporter.render(ReporterFixture.cleanReport), "reporters/diagnostics-clean.sarif")
    }

    @Test func github() {
        expectGolden(GitHubReporter().render(ReporterFixture.report), "reporters/github.txt")
    }
}
