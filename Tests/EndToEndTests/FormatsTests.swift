import Foundation
import Testing

/// `--format sarif` and `--format github` through the binary, as code scanning and the
/// Actions runner read them.
@Suite struct FormatsTests {
    // MARK: SARIF

    @Test func sarifOfTheInvalidSamplesIsValidAndComplete() throws {
        let result = try credc(["check", "--format", "sarif", "Samples/invalid"])
        #expect(result.status == 1, "\(result.stderr)")
        try expectValidSARIF(result.stdout)

        let run = try sarifRun(result.stdout)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "credc")
        #expect((driver["version"] as? String)?.hasPrefix("0.") == true)
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let listed = try credc(["rules"]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }
        #expect(rules.compactMap { $0["id"] as? String } == listed.map(String.init))
        for rule in rules {
            #expect(rule["shortDescription"] != nil && rule["fullDescription"] != nil && rule["help"] != nil)
            #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] is String)
        }

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count > 10)
        #expect(Set(results.compactMap { $0["ruleId"] as? String }).isSuperset(of: [
            "yaml-syntax", "name-format", "duplicate-principal", "unknown-identity-provider", "insecure-url",
        ]))
        for result in results {
            let location = try physicalLocation(result)
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(uri.hasPrefix("Samples/invalid/"), "\(uri)")
            let region = try #require(location["region"] as? [String: Int])
            #expect(region["startLine", default: 0] >= 1 && region["startColumn", default: 0] >= 1)
            #expect(region["endLine"] != nil && region["endColumn"] != nil)
            #expect(result["message"] != nil && result["level"] != nil)
            #expect((result["partialFingerprints"] as? [String: String])?.isEmpty == false)
        }
    }

    @Test func sarifOfACleanRunHasEmptyResults() throws {
        let folder = try makeFolder(["a.yaml": validConfig])
        let result = try credc(["check", "--format", "sarif", "."], in: folder)
        #expect(result.status == 0, "\(result.stdout)")
        try expectValidSARIF(result.stdout)
        let results = try #require(try sarifRun(result.stdout)["results"] as? [Any])
        #expect(results.isEmpty)
    }

    @Test func suppressedFindingsStayInSARIFWithTheirReason() throws {
        let suppressed = validConfig.replacingOccurrences(
            of: "name: Billing\n", with: "# credc:ignore name-format -- legacy name, renamed in Q3\nname: Billing__Legacy\n")
        let folder = try makeFolder(["a.yaml": suppressed])

        let honoured = try credc(["check", "--format", "sarif", "a.yaml"], in: folder)
        #expect(honoured.status == 0, "\(honoured.stdout)")
        try expectValidSARIF(honoured.stdout)
        let results = try #require(try sarifRun(honoured.stdout)["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results.first?["ruleId"] as? String == "name-format")
        #expect(results.first?["suppressions"] as? [[String: String]]
            == [["kind": "inSource", "justification": "legacy name, renamed in Q3"]])
        // Annotations show only what needs fixing.
        #expect(try credc(["check", "--format", "github", "a.yaml"], in: folder).stdout == "")

        let ignored = try credc(["check", "--format", "sarif", "--no-inline-suppressions", "a.yaml"], in: folder)
        #expect(ignored.status == 1)
        let unsuppressed = try #require(try sarifRun(ignored.stdout)["results"] as? [[String: Any]])
        #expect(unsuppressed.count == 1)
        #expect(unsuppressed.first?["suppressions"] == nil)
    }

    @Test func sarifURIsAreRelativeToTheCheckout() throws {
        let folder = try makeFolder(["config/okta prod.yaml": "a: [\n"])
        let result = try credc(["check", "--format", "sarif", "./config"], in: folder)
        try expectValidSARIF(result.stdout)
        let results = try #require(try sarifRun(result.stdout)["results"] as? [[String: Any]])
        let first = try #require(results.first)
        let artifact = try #require(try physicalLocation(first)["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "config/okta%20prod.yaml", "uriBaseId": "%SRCROOT%"])
    }

    /// Code scanning matches alerts across runs by `partialFingerprints`: inserting lines above
    /// a finding must keep its fingerprint, changing the offending line must not.
    @Test func fingerprintsSurviveLinesInsertedAbove() throws {
        let broken = validConfig.replacingOccurrences(of: "name: Billing\n", with: "name: Billing__X\n")
        let folder = try makeFolder(["a.yaml": broken])
        let before = try findings(try credc(["check", "--format", "sarif", "a.yaml"], in: folder).stdout)

        let moved = "# Owned by the integration team.\n# Reviewed quarterly.\n\n" + broken
        try Data(moved.utf8).write(to: folder.appendingPathComponent("a.yaml"))
        let after = try findings(try credc(["check", "--format", "sarif", "a.yaml"], in: folder).stdout)

        #expect(before.count == 1 && after.count == 1)
        #expect(after.first?.line == (before.first?.line ?? 0) + 3)
        #expect(after.first?.fingerprints == before.first?.fingerprints)

        let changed = broken.replacingOccurrences(of: "Billing__X", with: "Billing__Y")
        try Data(changed.utf8).write(to: folder.appendingPathComponent("a.yaml"))
        let other = try findings(try credc(["check", "--format", "sarif", "a.yaml"], in: folder).stdout)
        #expect(other.first?.fingerprints != before.first?.fingerprints)
    }

    // MARK: GitHub workflow commands

    @Test func githubCommandsPointAtTheFinding() throws {
        let result = try credc(["check", "--format", "github", "Samples/invalid/names.yaml"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == """
            ::error file=Samples/invalid/names.yaml,line=4,col=7,endLine=4,endColumn=19,title=name-format::\
            name 'Billing__API' contains two consecutive underscores
            """)
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
    }

    /// The runner reads `%`, CR and LF as escapes in a message, and `:` and `,` too in a
    /// property; unescaped, a file name with a comma or a message with a newline breaks the
    /// annotation.
    @Test func githubCommandsEscapeMessagesAndProperties() throws {
        let access = "    permissionSets: [Billing_Admins]\n"
        let principals = """
              - name: Ops 100%
                sequence: 2
                permissionSets: [Ops]
              - name: "Ops\\nTeam"
                sequence: 3
                permissionSets: [Ops]
              - name: "Ops\\rNight"
                sequence: 4
                permissionSets: [Ops]

            """
        let config = validConfig.replacingOccurrences(of: access, with: access + principals)
        let folder = try makeFolder(["team,ops:billing.yaml": config])
        let result = try credc(["check", "--format", "github", "."], in: folder)
        #expect(result.status == 1, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 3, "\(result.stdout)")
        #expect(!result.stdout.contains("\r"))
        for line in lines {
            #expect(line.hasPrefix("::error file=team%2Cops%3Abilling.yaml,line="), "\(line)")
            #expect(line.contains(",title=name-format::principal name 'Ops"), "\(line)")
        }
        #expect(lines.contains { $0.hasSuffix("::principal name 'Ops 100%25' contains '%25'; only letters, digits, spaces, underscores and hyphens are allowed") })
        #expect(lines.contains { $0.contains("::principal name 'Ops%0ATeam' contains '%0A'") })
        #expect(lines.contains { $0.contains("::principal name 'Ops%0DNight' contains '%0D'") })
    }

    // MARK: Helpers

    private func sarifRun(_ text: String) throws -> [String: Any] {
        let log = try parseJSON(text)
        #expect(log["version"] as? String == "2.1.0")
        return try #require((log["runs"] as? [[String: Any]])?.first)
    }

    private func physicalLocation(_ result: [String: Any]) throws -> [String: Any] {
        let locations = try #require(result["locations"] as? [[String: Any]])
        return try #require(locations.first?["physicalLocation"] as? [String: Any])
    }

    private func findings(_ sarif: String) throws -> [(line: Int, fingerprints: [String: String])] {
        try #require(try sarifRun(sarif)["results"] as? [[String: Any]]).map { result in
            let region = try physicalLocation(result)["region"] as? [String: Int]
            return (region?["startLine"] ?? 0, result["partialFingerprints"] as? [String: String] ?? [:])
        }
    }
}

/// Validates a SARIF log with python3's `jsonschema` against the OASIS SARIF 2.1.0 schema
/// (errata 01, a copy in `Tests/OutputTests/Fixtures/`; Draft 4, as the schema declares). A missing
/// python3, jsonschema or schema file fails the test, never skips it.
func expectValidSARIF(_ sarif: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let schema = packageRoot.appendingPathComponent("Tests/OutputTests/Fixtures/sarif-schema-2.1.0.json")
    guard FileManager.default.fileExists(atPath: schema.path) else {
        Issue.record("the SARIF 2.1.0 schema is missing at \(schema.path)", sourceLocation: sourceLocation)
        return
    }
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("credc-e2e-\(UUID().uuidString).sarif.json")
    try Data(sarif.utf8).write(to: log)
    defer { try? FileManager.default.removeItem(at: log) }
    for verdict in try validate(schema: schema.path, [log.path]) where !verdict.valid {
        Issue.record("SARIF is not valid against the 2.1.0 schema:\n\(verdict.errors.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }
}
