import Foundation
import Testing

/// Whole outputs of the binary on the bundled samples, against goldens in `Fixtures/`.
/// `RECORD=1` rewrites them and fails the run.
@Suite struct GoldenOutputTests {
    private func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/\(name)")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); run again without RECORD=1", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "differs from \(name)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["text", "json", "github"])
    func invalidSamples(format: String) throws {
        let result = try credc(["check", "Samples/invalid", "--format", format, "--color", "never"])
        #expect(result.status == 1)
        try expectGolden(result.stdout, "invalid.\(format == "text" ? "txt" : format)")
    }
}

@Suite struct SecretOutputTests {
    private let secret = "Zm9vYmFyLXN1cGVyLXNlY3JldC12YWx1ZQ"
    private let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbnRlZ3JhdGlvbiJ9.c2lnbmF0dXJlLXZhbHVl"

    @Test func noOutputFormatContainsASecret() throws {
        let config = validConfig + "---\n" + """
            apiVersion: credc/v1
            kind: NamedCredential
            name: \(jwt)
            label: Leaky
            url: https://leaky.example.com/?token=\(jwt)
            externalCredential: Billing_API
            password: \(secret)

            """
        let folder = try makeFolder(["a.yaml": config])
        var outputs: [String] = []
        for format in ["text", "json", "sarif", "github"] {
            let result = try credc(["check", "a.yaml", "--format", format, "--color", "always"], in: folder)
            #expect(result.status == 1)
            outputs.append(result.stdout + result.stderr)
        }
        for command in [["build", "a.yaml"], ["plan", "a.yaml", "--state", "a.yaml"]] {
            let result = try credc(command, in: folder)
            outputs.append(result.stdout + result.stderr)
        }
        for output in outputs {
            #expect(!output.contains(secret))
            #expect(!output.contains(jwt))
            #expect(!output.contains("eyJzdWIiOiJpbnRlZ3JhdGlvbiJ9"))
        }
        #expect(outputs[0].contains("[secret-in-config]"))
    }

    /// SPEC §4 (1.2): a documented example JWT in a description, suppressed inline, reaches the
    /// manifest and metadata as written (it was `"****"`, which a deploy put into the org); the
    /// check output still masks it; `--no-inline-suppressions` makes it an error again.
    @Test func aVouchedForValueIsWrittenAsIsAndStillMaskedInMessages() throws {
        let config = validConfig.replacingOccurrences(
            of: "label: Billing API\n",
            with: "label: Billing API\ndescription: \(jwt)  # credc:ignore secret-in-config -- a documented example\n")
        let folder = try makeFolder(["a.yaml": config])
        let build = try credc(["build", "a.yaml"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("\"description\": \"\(jwt)\""))
        #expect(try credc(["export", "a.yaml", "--out", "out"], in: folder).status == 0)
        #expect(try text(folder.appendingPathComponent("out"), "externalCredentials/Billing_API.externalCredential-meta.xml").contains(jwt))
        let sarif = try credc(["check", "a.yaml", "--format", "sarif"], in: folder)
        #expect(sarif.status == 0)
        #expect(sarif.stdout.contains("suppressions") && !sarif.stdout.contains(jwt))
        let strict = try credc(["build", "a.yaml", "--no-inline-suppressions"], in: folder)
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("a.yaml:14:14: error: this value looks like a JSON Web Token"), "\(strict.stderr)")
        #expect(!strict.stderr.contains(jwt))
    }

    /// When the YAML does not parse, no node says what is a value: lines that name or look
    /// like a secret are masked in the source lines shown with syntax errors.
    @Test func secretsOnLinesOfBrokenYAMLAreMasked() throws {
        let folder = try makeFolder([
            "a.yaml": "apiVersion: credc/v1\nclientSecret: \(secret): oops\n",
            "b.yaml": "apiVersion: credc/v1\ndescription: \"\(jwt)\n",
        ])
        let result = try credc(["check", "."], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[yaml-syntax]"))
        #expect(!result.stdout.contains(secret))
        #expect(!result.stdout.contains(jwt))
    }
}
