import Foundation
import Testing

/// #11: every rule goes through one pipeline; #15: credentials inside URLs never leave it.
@Suite struct RulesPipelineTests {
    private let renamed = validConfig.replacingOccurrences(of: "- name: Admin", with: "- name: Administrators")

    private func deploy(_ config: String, in folder: URL) throws {
        let source = try makeFolder(["a.yaml": config])
        let built = try credc(["build", "a.yaml", "-o", folder.appendingPathComponent("state.json").path], in: source)
        try #require(built.status == 0, "\(built.stderr)")
    }

    @Test func aSuppressedImmutableFieldStillBlocksThePlan() throws {
        let suppressed = renamed.replacingOccurrences(
            of: "- name: Administrators", with: "- name: Administrators  # credc:ignore immutable-field")
        let folder = try makeFolder(["a.yaml": suppressed])
        try deploy(validConfig, in: folder)
        let plan = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("a.yaml:18:11: error: "), "\(plan.stderr)")
        #expect(plan.stderr.contains("[immutable-field]"))
        #expect(plan.stderr.contains("a.yaml:18:42: warning: 'immutable-field' cannot be suppressed"))
        let check = try credc(["check", "a.yaml", "--state", "state.json", "--format", "json"], in: folder)
        #expect(check.status == 1)
        let diagnostics = try #require(try parseJSON(check.stdout)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String } == ["immutable-field", "invalid-suppression"])
    }

    @Test func settingImmutableFieldOffIsAnErrorWithItsPosition() throws {
        let folder = try makeFolder(["a.yaml": renamed, ".credc.yaml": "rules:\n  immutable-field: off\n"])
        try deploy(validConfig, in: folder)
        let result = try credc(["check", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains(".credc.yaml:2:3: error: rule 'immutable-field' cannot be turned off or changed"), "\(result.stdout)")
        #expect(result.stdout.contains("[immutable-field]"))
    }

    @Test func checkReportsUnknownAndUnusedSuppressionsInJSON() throws {
        let config = validConfig
            .replacingOccurrences(of: "label: Okta\n", with: "label: Okta  # credc:ignore insecure-ulr\n")
            .replacingOccurrences(of: "label: Billing\n", with: "label: Billing  # credc:ignore name-format\n")
        let folder = try makeFolder(["a.yaml": config])
        let result = try credc(["check", "a.yaml", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stdout)")
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String } == ["invalid-suppression", "invalid-suppression"])
        #expect(diagnostics.map { $0["line"] as? Int } == [4, 25])
        #expect(diagnostics.first?["suggestion"] as? String == "insecure-url")
        #expect((diagnostics.last?["message"] as? String)?.contains("suppresses nothing") == true)
    }

    @Test func credentialsInURLsAppearInNoOutputManifestOrMetadata() throws {
        let password = "Pa55w0rdInUserinfo"
        let clientSecret = "ClientSecretInQuery42"
        let config = validConfig
            .replacingOccurrences(
                of: "tokenUrl: https://acme.okta.com/oauth2/v1/token",
                with: "tokenUrl: https://acme.okta.com/oauth2/v1/token?client_id=abc&client_secret=\(clientSecret)")
            .replacingOccurrences(
                of: "url: https://billing.example.com/v2", with: "url: https://svc:\(password)@billing.example.com/v2")
        let folder = try makeFolder(["a.yaml": config])
        var outputs: [String] = []
        for format in ["text", "json", "sarif", "github"] {
            let result = try credc(["check", "a.yaml", "--format", format, "--color", "always"], in: folder)
            #expect(result.status == 1)
            #expect(result.stdout.contains("secret-in-config"))
            outputs.append(result.stdout + result.stderr)
        }
        // Turned off, the findings no longer stop build and export: the files still hold no secret.
        try Data("rules:\n  secret-in-config: off\n".utf8).write(to: folder.appendingPathComponent(".credc.yaml"))
        let build = try credc(["build", "a.yaml", "-o", "manifest.json"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        outputs.append(build.stdout + build.stderr + (try text(folder, "manifest.json")))
        #expect(try text(folder, "manifest.json").contains("https://svc:****@billing.example.com/v2"))
        let export = try credc(["export", "a.yaml", "--out", "metadata"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        outputs.append(export.stdout + export.stderr)
        let exported = filesUnder(folder.appendingPathComponent("metadata"))
        #expect(!exported.isEmpty)
        for path in exported { outputs.append(try text(folder.appendingPathComponent("metadata"), path)) }
        // Suppressed inline instead, the team vouches for the values (contract 1.2, SPEC §4): the
        // manifest carries them as written, while every check output still masks them.
        try FileManager.default.removeItem(at: folder.appendingPathComponent(".credc.yaml"))
        let suppressed = try makeFolder([
            "a.yaml": config.replacingOccurrences(of: "@billing.example.com/v2", with: "@billing.example.com/v2  # credc:ignore secret-in-config")
                .replacingOccurrences(of: clientSecret, with: "\(clientSecret)  # credc:ignore secret-in-config")
        ])
        let suppressedBuild = try credc(["build", "a.yaml"], in: suppressed)
        #expect(suppressedBuild.status == 0, "\(suppressedBuild.stderr)")
        #expect(suppressedBuild.stdout.contains("https://svc:\(password)@billing.example.com/v2"))
        #expect(suppressedBuild.stdout.contains("client_secret=\(clientSecret)"))
        for format in ["text", "json", "sarif", "github"] {
            let result = try credc(["check", "a.yaml", "--format", format, "--color", "always"], in: suppressed)
            outputs.append(result.stdout + result.stderr)
        }
        for output in outputs {
            #expect(!output.contains(password))
            #expect(!output.contains(clientSecret))
        }
    }
}
