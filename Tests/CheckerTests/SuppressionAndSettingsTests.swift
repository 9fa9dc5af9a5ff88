import Diagnostics
import Driver
import Testing

private let broken = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta__Prod
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: http://acme.okta.com/token

    """

@Suite struct InlineSuppressionTests {
    @Test func commentAtTheEndOfTheLine() {
        let text = broken.replacingFirst("name: Okta__Prod", with: "name: Okta__Prod  # credc:ignore name-format -- legacy name")
        let analysis = analyze(text)
        let finding = analysis.findings(.nameFormat).first
        #expect(finding?.suppression == Suppression(justification: "legacy name"))
        #expect(analysis.findings(.insecureURL).first?.suppression == nil)
        #expect(analysis.hasErrors)
    }

    @Test func commentAloneOnTheLineAbove() {
        let text = broken.replacingFirst("tokenUrl:", with: "# credc:ignore insecure-url,unused-identity-provider\ntokenUrl:")
            .replacingFirst("name: Okta__Prod", with: "name: Okta_Prod")
        let analysis = analyze(text)
        #expect(analysis.findings(.insecureURL).first?.suppression == Suppression(justification: nil))
        #expect(!analysis.hasErrors)
    }

    @Test func otherRulesAndOtherLinesAreNotSuppressed() {
        let text = broken.replacingFirst("label: Okta", with: "label: Okta  # credc:ignore name-format")
        #expect(analyze(text).findings(.nameFormat).first?.suppression == nil)
        let wrongRule = broken.replacingFirst("name: Okta__Prod", with: "name: Okta__Prod  # credc:ignore insecure-url")
        #expect(analyze(wrongRule).findings(.nameFormat).first?.suppression == nil)
    }

    @Test func aHashInsideAValueIsNotAComment() {
        let text = broken.replacingFirst("label: Okta", with: "label: 'Okta#credc:ignore name-format'")
        #expect(analyze(text).findings(.nameFormat).first?.suppression == nil)
    }

    @Test func textInsideBlockAndQuotedScalarsIsNoComment() {
        let block = broken.replacingFirst("tokenUrl:", with: "description: |\n  text\n  # credc:ignore insecure-url\ntokenUrl:")
        #expect(analyze(block).findings(.insecureURL).first?.suppression == nil)
        let quoted = broken.replacingFirst("name: Okta__Prod", with: "name: \"Okta__Prod # credc:ignore name-format\"")
        let finding = analyze(quoted).findings(.nameFormat).first
        #expect(finding?.range.start == SourcePosition(line: 3, column: 7))
        #expect(finding?.suppression == nil)
    }

    @Test func noInlineSuppressionsIgnoresThem() {
        let text = broken.replacingFirst("name: Okta__Prod", with: "name: Okta__Prod  # credc:ignore name-format")
        let analysis = analyze(text, options: CheckOptions(honorsInlineSuppressions: false))
        #expect(analysis.findings(.nameFormat).first?.suppression == nil)
    }
}

@Suite struct SettingsTests {
    private func settings(_ text: String) -> (Settings, [Diagnostic]) {
        Settings.parse(SourceFile(path: ".credc.yaml", text: text))
    }

    @Test func severitiesAndOff() {
        let (parsed, problems) = settings("rules:\n  insecure-url: warning\n  name-format: off\n")
        #expect(problems.isEmpty)
        let analysis = analyze(broken, options: CheckOptions(settings: parsed))
        #expect(analysis.findings(.insecureURL).map(\.severity) == [.warning])
        #expect(analysis.findings(.nameFormat).isEmpty)
        #expect(!analysis.hasErrors)
    }

    @Test func problemsHavePositions() {
        let (_, problems) = settings("rules:\n  insecure-ur1: warning\n  name-format: loud\nrulez: {}\n")
        #expect(problems.map(\.rule) == [.unknownField, .invalidValue, .unknownField])
        #expect(problems.map(\.range.start) == [
            SourcePosition(line: 2, column: 3), SourcePosition(line: 3, column: 16), SourcePosition(line: 4, column: 1),
        ])
        #expect(problems[0].suggestion == "insecure-url")
        #expect(problems[2].suggestion == "rules")
    }

    @Test func wrongShapes() {
        #expect(settings("- a\n").1.map(\.rule) == [.typeMismatch])
        #expect(settings("rules: [a]\n").1.map(\.rule) == [.typeMismatch])
        #expect(settings("exclude: a\n").1.map(\.rule) == [.typeMismatch])
        #expect(settings("exclude: [a, b]\n").0.exclude == ["a", "b"])
        #expect(settings("").1.isEmpty)
    }
}

@Suite struct SecretRedactionTests {
    private let secret = "Zm9vYmFyLXN1cGVyLXNlY3JldC12YWx1ZQ"
    private let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbnRlZ3JhdGlvbiJ9.c2lnbmF0dXJlLXZhbHVl"

    @Test func secretsAreMaskedInMessagesAndSources() throws {
        let text = broken + "clientSecret: \(secret)\ndescription: \(jwt)\n"
            + "---\napiVersion: credc/v1\nkind: NamedCredential\nname: \(jwt)\n"
        let analysis = analyze(text)
        #expect(analysis.findings(.secretInConfig).count == 3)
        for diagnostic in analysis.diagnostics {
            let rendered = "\(diagnostic.message) \(diagnostic.notes) \(diagnostic.suggestion ?? "")"
            #expect(!rendered.contains(secret) && !rendered.contains(jwt), "\(diagnostic)")
        }
        let masked = try #require(analysis.files["test.yaml"])
        let source = String(decoding: masked.bytes, as: UTF8.self)
        #expect(!source.contains(secret) && !source.contains(jwt))
        #expect(masked.lineText(8) == "clientSecret: " + String(repeating: "*", count: secret.count))
        #expect(masked.lineCount == SourceFile(path: "x", text: text).lineCount)
    }

    @Test func privateKeysAnywhereAreFound() {
        let text = broken + "description: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEow\n  -----END RSA PRIVATE KEY-----\n"
        let findings = analyze(text).findings(.secretInConfig)
        #expect(findings.map(\.range.start) == [SourcePosition(line: 8, column: 14)])
        #expect(findings.first?.message.contains("private key") == true)
    }

    @Test func ordinaryTextIsNotASecret() {
        let text = broken + "description: tokens are fetched from eyJ-like endpoints. Not a.jwt.value\n"
        #expect(analyze(text).findings(.secretInConfig).isEmpty)
    }
}
