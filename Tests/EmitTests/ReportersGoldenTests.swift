import Diagnostics
import Testing

@testable import Emit

@Suite struct ReportersGoldenTests {
    @Test func text() throws {
        try expectGolden(TextReporter().render(ReporterFixture.report), "text.txt")
    }

    @Test func textInColor() throws {
        try expectGolden(TextReporter(color: true).render(ReporterFixture.report), "text-color.txt")
    }

    @Test func textCleanRun() throws {
        try expectGolden(TextReporter().render(ReporterFixture.cleanReport), "text-clean.txt")
    }

    @Test func json() throws {
        try expectGolden(JSONReporter().render(ReporterFixture.report), "diagnostics.json")
    }

    @Test func jsonCleanRun() throws {
        try expectGolden(JSONReporter().render(ReporterFixture.cleanReport), "diagnostics-clean.json")
    }

    @Test func sarif() throws {
        try expectGolden(ReporterFixture.sarifReporter.render(ReporterFixture.report), "diagnostics.sarif")
    }

    @Test func sarifCleanRun() throws {
        try expectGolden(ReporterFixture.sarifReporter.render(ReporterFixture.cleanReport), "diagnostics-clean.sarif")
    }

    @Test func github() throws {
        try expectGolden(GitHubReporter().render(ReporterFixture.report), "github.txt")
    }
}
