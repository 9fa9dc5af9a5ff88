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

    /// SPEC §4 (1.2): a suppressed `secret-in-config` on a value means the team vouches for it:
    /// the model (and so the manifest and metadata) carries it as written; messages and source
    /// lines still mask it; `--no-inline-suppressions` makes it an error, and masked, again.
    @Test func aSuppressedSecretFindingOnAValueKeepsTheValueInTheModel() throws {
        let provider = broken.replacingFirst("Okta__Prod", with: "Okta_Prod").replacingFirst("http://", with: "https://")
        let text = provider + "# credc:ignore secret-in-config -- a documented example\ndescription: \(jwt)\n"
            + "tokenRequest: {query: {hint: 'https://x.example.com/?token=\(secret)'}}  # credc:ignore secret-in-config\n"
        let analysis = analyze(text)
        let findings = analysis.findings(.secretInConfig)
        #expect(findings.map { "\($0.range.start.line):\($0.range.start.column)" } == ["9:14", "10:60"])
        #expect(findings.allSatisfy { $0.suppression != nil })
        #expect(!analysis.hasErrors, "\(analysis.diagnostics)")
        #expect(analysis.model.providers.first?.description?.value == jwt)
        #expect(analysis.model.providers.first?.tokenRequest?.query.first?.value.value == "https://x.example.com/?token=\(secret)")
        let source = String(decoding: try #require(analysis.files["test.yaml"]).bytes, as: UTF8.self)
        #expect(!source.contains(jwt) && !source.contains(secret))
        for diagnostic in analysis.diagnostics {
            #expect(!"\(diagnostic.message) \(diagnostic.notes)".contains(jwt))
        }

        let strict = analyze(text, options: CheckOptions(honorsInlineSuppressions: false))
        #expect(strict.findings(.secretInConfig).map(\.suppression) == [nil, nil])
        #expect(strict.hasErrors)
        #expect(strict.model.providers.first?.description?.value == "****")
    }

    /// SPEC §4 (1.2): a key that holds a secret where the kind has no such field is also
    /// `unknown-field`, so that suppressing the secret finding never drops it silently.
    @Test func aSecretKeyTheKindDoesNotHaveIsAlsoAnUnknownField() {
        let provider = broken.replacingFirst("Okta__Prod", with: "Okta_Prod").replacingFirst("http://", with: "https://")
        let analysis = analyze(provider + "clientSecret: \(secret)  # credc:ignore secret-in-config -- vouched\n")
        #expect(analysis.diagnostics.filter { $0.suppression == nil }.map { "\($0.range.start.line):\($0.range.start.column) \($0.rule)" } == [
            "3:7 missing-secrets", "3:7 unused-identity-provider", "8:1 unknown-field",
        ])
        #expect(analysis.findings(.unknownField).first?.message.hasPrefix("unknown field 'clientSecret' in this resource") == true)
        #expect(analysis.hasErrors)
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

@Suite struct InvalidSuppressionTests {
    private let valid = broken.replacingFirst("name: Okta__Prod", with: "name: Okta_Prod")
        .replacingFirst("http://", with: "https://")

    @Test func anUnknownRuleIsReportedWithDidYouMean() {
        let text = broken.replacingFirst("tokenUrl: http://acme.okta.com/token", with: "tokenUrl: http://acme.okta.com/token  # credc:ignore insecure-ulr")
        let analysis = analyze(text)
        let finding = analysis.findings(.invalidSuppression).first
        #expect(analysis.findings(.invalidSuppression).count == 1)
        #expect(finding?.severity == .warning)
        #expect(finding?.range == SourceRange(start: SourcePosition(line: 7, column: 54), end: SourcePosition(line: 7, column: 66)))
        #expect(finding?.suggestion == "insecure-url")
        #expect(analysis.findings(.insecureURL).first?.suppression == nil)
    }

    @Test func aSuppressionThatSuppressesNothingIsReported() {
        let text = valid.replacingFirst("label: Okta", with: "label: Okta  # credc:ignore name-format, unused-identity-provider")
        let findings = analyze(text).findings(.invalidSuppression)
        #expect(findings.map(\.range.start) == [SourcePosition(line: 4, column: 29), SourcePosition(line: 4, column: 42)])
        #expect(findings.first?.message.contains("suppresses nothing") == true)
        // Used on its own line: quiet.
        let used = valid.replacingFirst("name: Okta_Prod", with: "name: Okta_Prod  # credc:ignore unused-identity-provider")
        #expect(analyze(used).findings(.invalidSuppression).isEmpty)
    }

    @Test func yamlSyntaxCannotBeSuppressed() {
        let text = "apiVersion: credc/v1\nkind: NamedCredential\nname: !secret Billing  # credc:ignore yaml-syntax\n"
        let analysis = analyze(text)
        #expect(analysis.findings(.yamlSyntax).first?.suppression == nil)
        #expect(analysis.findings(.invalidSuppression).map(\.message) == ["'yaml-syntax' cannot be suppressed; the finding stands"])
        #expect(analysis.hasErrors)
    }

    @Test func ignoredSuppressionsAreNotJudged() {
        let text = valid.replacingFirst("label: Okta", with: "label: Okta  # credc:ignore nonsense")
        #expect(analyze(text, options: CheckOptions(honorsInlineSuppressions: false)).findings(.invalidSuppression).isEmpty)
    }

    @Test func aSuppressionInAFileThatStoppedParsingIsNotCalledUnused() {
        let text = "# credc:ignore insecure-url\nurl: http://x\nbroken: [\n"
        #expect(analyze(text).findings(.invalidSuppression).isEmpty)
    }
}

@Suite struct StateRuleTests {
    private let deployed = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: Billing
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Okta_Prod
        principals:
          - name: Admin
            sequence: 1
            permissionSets: [Admins]
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Billing
        label: Billing
        url: https://billing.example.com
        externalCredential: Billing_API

        """

    private func state(allowsReplace: Bool = false) -> StateInput {
        StateInput(manifest: ManifestCompiler.compile(analyze(deployed).model), allowsReplace: allowsReplace)
    }

    private func check(_ text: String, state: StateInput, options: CheckOptions = CheckOptions()) -> Analysis {
        Pipeline.analyze([SourceFile(path: "test.yaml", text: text)], state: state, options: options)
    }

    @Test func aRenameIsAnImmutableFieldInThePipeline() {
        let renamed = deployed.replacingFirst("- name: Admin", with: "- name: Administrator")
        let finding = check(renamed, state: state()).findings(.immutableField).first
        #expect(finding?.severity == .error)
        #expect(finding?.range.start == SourcePosition(line: 18, column: 11))
        #expect(check(renamed, state: state(allowsReplace: true)).findings(.immutableField).isEmpty)
        #expect(check(deployed, state: state()).findings(.immutableField).isEmpty)
    }

    @Test func aSuppressedImmutableFieldStillStandsAndTheSuppressionIsReported() {
        let renamed = deployed.replacingFirst("- name: Admin", with: "- name: Administrator  # credc:ignore immutable-field")
        let analysis = check(renamed, state: state())
        #expect(analysis.findings(.immutableField).first?.suppression == nil)
        #expect(analysis.hasErrors)
        let invalid = analysis.findings(.invalidSuppression)
        #expect(invalid.map(\.range.start) == [SourcePosition(line: 18, column: 41)])
        #expect(invalid.first?.message == "'immutable-field' cannot be suppressed; the finding stands")
    }

    /// #26: fixing one error must not reveal the next; an error elsewhere leaves the
    /// rename check sound.
    @Test func aRenameIsReportedBesideErrorsElsewhere() {
        let broken = deployed.replacingFirst("- name: Admin", with: "- name: Administrator")
            .replacingFirst("https://billing", with: "http://billing")
        let analysis = check(broken, state: state())
        #expect(analysis.diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.rule)" } == [
            "18:11 immutable-field", "26:6 insecure-url",
        ])
    }

    /// What tells a rename (sequence numbers, names) must be sound: an error in the principals
    /// involved, or in a state that cannot be read, leaves the comparison out.
    @Test func aRenameIsNotReportedWhenItsPrincipalsOrTheStateHaveErrors() {
        let renamed = deployed.replacingFirst("- name: Admin", with: "- name: Administrator")
        let twice = renamed.replacingFirst(
            "    permissionSets: [Admins]\n", with: "    permissionSets: [Admins]\n  - name: Other\n    sequence: 1\n    permissionSets: [Admins]\n")
        #expect(check(twice, state: state()).findings(.duplicateSequence).count == 1)
        #expect(check(twice, state: state()).findings(.immutableField).isEmpty)
        var unreadable = state()
        unreadable.deployed.findings = [Finding(rule: .invalidState, message: "digest mismatch", file: "state.json", range: .fileStart)]
        #expect(check(renamed, state: unreadable).findings(.immutableField).isEmpty)
    }
}

@Suite struct UnconfigurableRuleSettingsTests {
    @Test(arguments: ["immutable-field: off", "yaml-syntax: warning"])
    func aSettingForAnUnconfigurableRuleIsAnError(line: String) {
        let (settings, problems) = Settings.parse(SourceFile(path: ".credc.yaml", text: "rules:\n  \(line)\n"))
        #expect(problems.map(\.rule) == [.invalidValue])
        #expect(problems.map(\.severity) == [.error])
        #expect(problems.first?.range.start == SourcePosition(line: 2, column: 3))
        #expect(problems.first?.message.contains("cannot be turned off or changed") == true)
        #expect(settings.severities.isEmpty)
    }
}

@Suite struct URLSecretTests {
    private let password = "pa55-w0rd-xyz"
    private let clientSecret = "s3cr3tValue42"

    private func named(_ url: String) -> String {
        "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: \(url)\nexternalCredential: Billing_API\n"
    }

    @Test func userinfoPasswordIsASecretAtItsColumns() throws {
        let analysis = analyze(named("https://svc:\(password)@billing.example.com/v2"))
        let findings = analysis.findings(.secretInConfig)
        #expect(findings.map(\.range) == [
            SourceRange(start: SourcePosition(line: 5, column: 18), end: SourcePosition(line: 5, column: 31))
        ])
        #expect(findings.first?.message.contains("https://svc:****@billing.example.com/v2") == true)
        let masked = try #require(analysis.files["test.yaml"])
        #expect(masked.lineText(5) == "url: https://svc:*************@billing.example.com/v2")
        #expect(analysis.model.namedCredentials.first?.url?.value == "https://svc:****@billing.example.com/v2")
    }

    @Test(arguments: ["client_secret", "password", "token", "api_key", "Client-Secret", "apiKey"])
    func queryParametersNamedLikeSecrets(name: String) {
        let url = "https://acme.okta.com/token?client_id=abc&\(name)=\(clientSecret)&x=1"
        let text = "apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: Okta\nlabel: Okta\nprotocol: OAuth\nflow: ClientCredentials\ntokenUrl: '\(url)'\n"
        let analysis = analyze(text)
        let findings = analysis.findings(.secretInConfig)
        #expect(findings.count == 1, "\(name)")
        #expect(findings.first?.range.start.column == 12 + url.distance(from: url.startIndex, to: url.range(of: clientSecret)!.lowerBound))
        #expect(analysis.model.providers.first?.tokenURL?.value.contains(clientSecret) == false)
        for diagnostic in analysis.diagnostics {
            #expect(!"\(diagnostic.message) \(diagnostic.notes)".contains(clientSecret))
        }
    }

    @Test func aURLInsideAnyTextIsChecked() {
        let text = named("https://billing.example.com/v2") + "description: see https://svc:\(password)@wiki.example.com for access\n"
        let findings = analyze(text).findings(.secretInConfig)
        #expect(findings.map(\.range.start) == [SourcePosition(line: 7, column: 30)])
        #expect(findings.first?.message == "the URL in 'description' carries a password; credentials in URLs are secrets and must not be kept in config or git")
    }

    @Test func ordinaryURLsAreNotSecrets() {
        for url in ["https://billing.example.com/v2", "https://x.example.com/a?client_id=abc&scope=read", "https://user@x.example.com/"] {
            #expect(analyze(named(url)).findings(.secretInConfig).isEmpty, "\(url)")
        }
    }

    @Test func aURLSecretOnALineOfBrokenYAMLIsMasked() throws {
        let text = "url: https://svc:\(password)@billing.example.com/v2?token=\(clientSecret)\nbroken: [\n"
        let analysis = analyze(text)
        #expect(analysis.findings(.yamlSyntax).count == 1)
        let masked = try #require(analysis.files["test.yaml"])
        #expect(masked.lineText(1) == "url: https://svc:*************@billing.example.com/v2?token=*************")
    }

    @Test func aURLSecretIsMaskedInSourceLinesEvenWhenTheRuleIsOff() throws {
        let (settings, _) = Settings.parse(SourceFile(path: ".credc.yaml", text: "rules:\n  secret-in-config: off\n"))
        let analysis = analyze(named("http://svc:\(password)@billing.example.com/v2"), options: CheckOptions(settings: settings))
        #expect(analysis.findings(.secretInConfig).isEmpty)
        #expect(analysis.findings(.insecureURL).count == 1)
        let masked = try #require(analysis.files["test.yaml"])
        #expect(!masked.lineText(5).contains(password))
    }

    /// A short secret (`clientSecret: x`) is masked where it stands as a value, not inside every
    /// word of every message ("E****ternalAuthIdentityProvider").
    @Test func aShortSecretDoesNotMangleOtherWords() {
        let text = named("https://billing.example.com/v2") + "clientSecret: x\n"
        let analysis = analyze(text)
        #expect(analysis.findings(.secretInConfig).count == 1)
        let unknown = analysis.findings(.unknownExternalCredential)
        #expect(unknown.first?.message.contains("ExternalCredential") == true, "\(unknown.map(\.message))")
    }

    /// Contract 1.2 (SPEC §4): a suppressed finding on a URL means the team vouches for it, so
    /// the model carries the URL as written (1.1 masked it, which a deploy put into the org).
    @Test func aSuppressedURLSecretIsCarriedAsWrittenButStillMaskedInTheSource() throws {
        let text = named("https://svc:\(password)@billing.example.com/v2  # credc:ignore secret-in-config")
        let analysis = analyze(text)
        #expect(analysis.findings(.secretInConfig).first?.suppression != nil)
        #expect(analysis.model.namedCredentials.first?.url?.value.contains(password) == true)
        let source = String(decoding: try #require(analysis.files["test.yaml"]).bytes, as: UTF8.self)
        #expect(!source.contains(password))
    }
}
