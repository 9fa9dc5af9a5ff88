import Diagnostics
import Foundation
import Testing

@testable import Reporters

@Suite struct ReportersSARIFTests {
    @Test func cleanRunIsValidSARIF() throws {
        try validateAgainstSARIFSchema(ReporterFixture.sarifReporter.render(ReporterFixture.cleanReport))
    }

    @Test func runWithSuppressedFindingsAndNotesIsValidSARIF() throws {
        try validateAgainstSARIFSchema(ReporterFixture.sarifReporter.render(ReporterFixture.report))
    }

    @Test func cleanRunHasAnEmptyResultsArray() throws {
        let run = try firstRun(ReporterFixture.sarifReporter.render(ReporterFixture.cleanReport))
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }

    @Test func resultsPointAtTheirRuleAndKeepSuppressedFindings() throws {
        let run = try firstRun(ReporterFixture.sarifReporter.render(ReporterFixture.report))
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == ReporterFixture.diagnostics.count)
        let rules = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])["rules"] as? [[String: Any]]
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules?[index]["id"] as? String == result["ruleId"] as? String)
        }
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        #expect(suppressed.first?["suppressions"] as? [[String: String]]
            == [["kind": "inSource", "justification": "legacy gateway"]])
    }

    @Test(arguments: [
        ("credentials/billing.yaml", "credentials/billing.yaml"),
        ("./providers/okta prod.yaml", "providers/okta%20prod.yaml"),
        ("a/./b/ü#1.yaml", "a/b/%C3%BC%231.yaml"),
        ("c:x.yaml", "c%3Ax.yaml"),
        ("/abs/dir/a.yaml", "file:///abs/dir/a.yaml"),
    ])
    func artifactURIsAreRelativeAndPercentEncoded(path: String, uri: String) {
        #expect(SARIFReporter.artifactURI(path) == uri)
    }

    /// GitHub matches alerts across runs by fingerprint: lines inserted above a finding, or a
    /// re-indented line, must not make it a new alert; a changed line must.
    @Test func fingerprintSurvivesLinesInsertedAbove() {
        let before = SourceFile(path: "a.yaml", text: "kind: ExternalCredential\nname: Bad__Name\n")
        let after = SourceFile(path: "a.yaml", text: "# comment\n\nkind: ExternalCredential\n  name: Bad__Name\n")
        let changed = SourceFile(path: "a.yaml", text: "kind: ExternalCredential\nname: Bad__Name2\n")
        func diagnostic(line: Int) -> Diagnostic {
            Diagnostic(
                rule: .nameFormat, severity: .error, message: "two underscores", file: "a.yaml",
                range: SourceRange(line: line, column: 7, endLine: line, endColumn: 16), path: "name")
        }
        let original = SARIFReporter.fingerprint(diagnostic(line: 2), source: before)
        #expect(SARIFReporter.fingerprint(diagnostic(line: 4), source: after) == original)
        #expect(SARIFReporter.fingerprint(diagnostic(line: 2), source: changed) != original)
        var otherRule = diagnostic(line: 2)
        otherRule.rule = .duplicateName
        #expect(SARIFReporter.fingerprint(otherRule, source: before) != original)
    }

    @Test func identicalFindingsGetDistinctOccurrenceNumbers() throws {
        let source = SourceFile(path: "a.yaml", text: "name: A\nname: A\n")
        let diagnostics = [1, 2].map { line in
            Diagnostic(
                rule: .duplicateKey, severity: .error, message: "duplicate key 'name'", file: "a.yaml",
                range: SourceRange(line: line, column: 1, endLine: line, endColumn: 5), path: "name")
        }
        let run = try firstRun(ReporterFixture.sarifReporter.render(
            DiagnosticReport(diagnostics: diagnostics, sources: ["a.yaml": source], fileCount: 1)))
        let fingerprints = (run["results"] as? [[String: Any]] ?? []).compactMap {
            ($0["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey]
        }
        #expect(fingerprints.count == 2)
        #expect(fingerprints.map { $0.split(separator: ":").last } == ["1", "2"])
        #expect(Set(fingerprints.map { $0.split(separator: ":").first }).count == 1)
    }

    private func firstRun(_ sarif: String) throws -> [String: Any] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        return try #require((log["runs"] as? [[String: Any]])?.first)
    }
}

/// Validates with python3's `jsonschema` (Draft 4, as the OASIS schema declares) against
/// the copy of the OASIS schema (errata 01) in `Fixtures/`, or `CREDC_SARIF_SCHEMA`.
/// A missing python3, jsonschema or schema file fails the test: it is never skipped.
private func validateAgainstSARIFSchema(
    _ sarif: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let schemaPath = ProcessInfo.processInfo.environment["CREDC_SARIF_SCHEMA"]
        ?? packageRoot.appendingPathComponent("Tests/OutputTests/Fixtures/sarif-schema-2.1.0.json").path
    guard FileManager.default.fileExists(atPath: schemaPath) else {
        Issue.record("SARIF schema not found at \(schemaPath); set CREDC_SARIF_SCHEMA", sourceLocation: sourceLocation)
        return
    }
    let logURL = FileManager.default.temporaryDirectory
        .appendingPathComponent("credc-sarif-\(UUID().uuidString).sarif.json")
    try Data(sarif.utf8).write(to: logURL)
    defer { try? FileManager.default.removeItem(at: logURL) }
    // The validator the end-to-end and schema tests use too: python3 `jsonschema`.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "scripts/validate-json-schema.py", schemaPath, logURL.path]
    process.currentDirectoryURL = packageRoot
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        Issue.record("schema validation could not run (exit \(process.terminationStatus)):\n\(text)", sourceLocation: sourceLocation)
        return
    }
    if !text.contains("\"valid\": true") {
        Issue.record("SARIF schema validation failed:\n\(text)", sourceLocation: sourceLocation)
    }
}
