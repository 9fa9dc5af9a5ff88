import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func samplesAreClean() throws {
        let result = try credc(["check", "Samples"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "no problems in 9 files\n", "\(result.stdout)")
    }

    @Test func invalidSamplesFailWithCarets() throws {
        let result = try credc(["check", "Samples/invalid", "--color", "never"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("""
            Samples/invalid/names.yaml:4:7: error: name 'Billing__API' contains two consecutive underscores [name-format]
               4 | name: Billing__API
                 |       ^^^^^^^^^^^^
            """))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func jsonOutputFollowsTheSpec() throws {
        let folder = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "sequence: 1", with: "sequence: \"1\"")])
        let result = try credc(["check", "--format", "json", "."], in: folder)
        #expect(result.status == 1)
        let json = try parseJSON(result.stdout)
        #expect(json["version"] as? Int == 1)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["rule"] as? String == "type-mismatch")
        #expect(first["severity"] as? String == "error")
        #expect(first["file"] as? String == "a.yaml")
        #expect(first["line"] as? Int == 19)
        #expect(first["column"] as? Int == 15)
        #expect(first["endLine"] as? Int == 19)
        #expect(first["endColumn"] as? Int == 18)
        #expect(first["path"] as? String == "principals[0].sequence")
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary == ["errors": 1, "warnings": 0, "infos": 0, "files": 1])
    }

    @Test func relativePathsStayRelative() throws {
        let folder = try makeFolder(["sub/dir/a.yaml": "a: [\n"])
        let result = try credc(["check", "--format", "json", "sub"], in: folder)
        let json = try parseJSON(result.stdout)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["file"] as? String == "sub/dir/a.yaml")
    }

    @Test func pathDefaultsToTheWorkingDirectory() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        let result = try credc(["check"], in: folder)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout == "no problems in 1 file\n")
    }

    @Test func missingPathIsExit66() throws {
        let result = try credc(["check", "does-not-exist"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("does-not-exist"))
    }

    @Test func folderWithoutYAMLIsExit66() throws {
        let folder = try makeFolder(["notes.txt": "hello", ".hidden/a.yaml": validConfig])
        let result = try credc(["check", "."], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr.contains("no .yaml or .yml file"))
    }

    @Test func unknownOptionIsExit64() throws {
        #expect(try credc(["check", "--bogus"]).status == 64)
        #expect(try credc(["explain", "no-such-rule"]).status == 64)
        #expect(try credc(["plan", "Samples"]).status == 64)
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let result = try credc(["chek", "Samples"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command 'chek'; did you mean 'check'?"), "\(result.stderr)")
        let unlike = try credc(["frobnicate"])
        #expect(unlike.status == 64)
        #expect(unlike.stderr.contains("unknown command 'frobnicate'"))
        #expect(!unlike.stderr.contains("did you mean"))
    }

    @Test func strictFailsOnWarnings() throws {
        let warningOnly = validConfig.replacingOccurrences(of: "    permissionSets: [Billing_Admins]\n", with: "")
        let folder = try makeFolder(["a.yaml": warningOnly])
        #expect(try credc(["check", "a.yaml"], in: folder).status == 0)
        #expect(try credc(["check", "--strict", "a.yaml"], in: folder).status == 1)
    }

    @Test func oneBadFileNeverStopsTheOthers() throws {
        let folder = try makeFolder(["a.yaml": "a: [\n", "b.yaml": validConfig.replacingOccurrences(of: "name: Billing\n", with: "name: Billing__X\n")])
        let result = try credc(["check", "--format", "json", "."], in: folder)
        let json = try parseJSON(result.stdout)
        let files = try #require(json["diagnostics"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        #expect(Set(files) == ["a.yaml", "b.yaml"])
    }

    @Test func badBytesGetDiagnosticsNotCrashes() throws {
        let folder = try makeFolder(bytes: [
            "nul.yaml": Array("a: b".utf8) + [0, 1, 2],
            "latin1.yaml": Array("name: caf".utf8) + [0xE9, 0x0A],
            "empty.yaml": [],
            "comments.yml": Array("# nothing\n".utf8),
            "bom.yaml": [0xEF, 0xBB, 0xBF] + Array(validConfig.utf8),
            "crlf.yaml": Array(validConfig.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "Okta_Prod", with: "Okta_Two").replacingOccurrences(of: "Billing", with: "Crlf").utf8),
        ])
        let result = try credc(["check", "--format", "json", "."], in: folder)
        #expect(result.status == 1)
        let json = try parseJSON(result.stdout)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let byFile = Dictionary(grouping: diagnostics) { $0["file"] as? String ?? "" }
        #expect(byFile["nul.yaml"]?.first?["rule"] as? String == "yaml-syntax")
        #expect(byFile["latin1.yaml"]?.first?["rule"] as? String == "yaml-syntax")
        #expect(byFile["latin1.yaml"]?.first?["column"] as? Int == 10)
        #expect(byFile["empty.yaml"] == nil)
        #expect(byFile["comments.yml"] == nil)
        #expect(byFile["bom.yaml"] == nil, "\(byFile["bom.yaml"] ?? [])")
        #expect(byFile["crlf.yaml"] == nil, "\(byFile["crlf.yaml"] ?? [])")
        // The empty and the comment-only file have no apiVersion or kind: a directory search
        // skips them as not credc files (SPEC §1), so four files are checked.
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary["files"] == 4)
    }

    @Test func oversizedFileIsALimitError() throws {
        let folder = try makeFolder(["big.yaml": validConfig])
        let result = try credc(["check", "--format", "json", "--max-file-size", "100", "."], in: folder)
        let json = try parseJSON(result.stdout)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String } == ["yaml-limits"])
    }

    /// A large input is mapped, not read; one cut short while it is checked (rewritten in
    /// place) is a read error, exit 66, naming the file, not a crash. The debug build cuts it
    /// right after mapping it when CREDC_TEST_TRUNCATE_MAPPED is set.
    @Test func aMappedInputCutShortIsAReadError() throws {
        let padding = String(repeating: "# padding padding padding padding padding padding padding\n", count: 30_000)
        let folder = try makeFolder(["big.yaml": padding + validConfig, "small.yaml": validConfig])
        let whole = try credc(["check", "big.yaml"], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        let cut = try credc(["check", "big.yaml"], in: folder, environment: ["CREDC_TEST_TRUNCATE_MAPPED": "1"])
        #expect(cut.status == 66)
        #expect(cut.stderr.hasPrefix("credc: error: cannot read 'big.yaml': reading it failed"), "\(cut.stderr)")
        #expect(cut.stdout.isEmpty)
        // A small file is read into memory, never mapped: the variable changes nothing.
        let small = try credc(["check", "small.yaml"], in: folder, environment: ["CREDC_TEST_TRUNCATE_MAPPED": "1"])
        #expect(small.status == 0, "\(small.stderr)")
    }

    @Test func depthLimitIsConfigurable() throws {
        let folder = try makeFolder(["deep.yaml": "a: [[[x]]]\n", "other.yaml": "a: [\n"])
        let fine = try credc(["check", "--format", "json", "--max-depth", "4", "deep.yaml"], in: folder)
        #expect(try rules(fine).contains("yaml-limits") == false)
        let limited = try credc(["check", "--format", "json", "--max-depth", "3", "."], in: folder)
        #expect(limited.status == 1)
        // Past a limit the file gets a yaml-limits error and the run goes on with the other files.
        #expect(try rules(limited) == ["yaml-limits", "yaml-syntax"])
    }

    @Test func aliasExpansionLimitIsConfigurable() throws {
        let folder = try makeFolder(["alias.yaml": "a: &a [1, 2, 3]\nb: [*a, *a]\n"])
        // Named, not searched for: a directory search would skip a file without apiVersion or kind.
        let fine = try credc(["check", "--format", "json", "--max-alias-expansion", "8", "alias.yaml"], in: folder)
        #expect(try rules(fine).contains("yaml-limits") == false)
        let limited = try credc(["check", "--format", "json", "--max-alias-expansion", "7", "alias.yaml"], in: folder)
        #expect(limited.status == 1)
        #expect(try rules(limited) == ["yaml-limits"])
        let invalid = try credc(["check", "--max-depth", "0", "."], in: folder)
        #expect(invalid.status == 64, "\(invalid.stderr)")
    }

    private func rules(_ result: RunResult) throws -> [String] {
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        return diagnostics.compactMap { $0["rule"] as? String }
    }

    @Test func versionAndHelp() throws {
        let version = try credc(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
        #expect(try credc(["--help"]).stdout.contains("check"))
    }

    @Test func colorIsHonoured() throws {
        let folder = try makeFolder(["a.yaml": "a: [\n"])
        #expect(try credc(["check", "--color", "always", "."], in: folder).stdout.contains("\u{1B}["))
        #expect(!(try credc(["check", "."], in: folder).stdout.contains("\u{1B}[")))
        #expect(try credc(["check", "."], in: folder, environment: ["FORCE_COLOR": "1"]).stdout.contains("\u{1B}["))
        #expect(!(try credc(["check", "."], in: folder, environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"]).stdout.contains("\u{1B}[")))
    }

    @Test func rulesListsEveryRule() throws {
        let result = try credc(["rules"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 41)
        #expect(result.stdout.contains("redundant-401"))
        let explain = try credc(["explain", "duplicate-sequence"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("Fails:"))
        #expect(explain.stdout.contains("Passes:"))
        #expect(explain.stdout.contains("[duplicate-sequence]"))
    }

    @Test func argumentOrderDoesNotChangeOutput() throws {
        let first = try credc(["check", "--format", "json", "Samples/invalid/names.yaml", "Samples/invalid/principals.yaml"])
        let second = try credc(["check", "--format", "json", "Samples/invalid/principals.yaml", "Samples/invalid/names.yaml"])
        #expect(first.stdout == second.stdout)
    }
}
