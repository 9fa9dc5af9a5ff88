import Foundation
import Testing

/// `--env` on check, build, plan and export (SPEC §7), with the issue's acceptance scenario.
@Suite struct EnvironmentCommandTests {
    static func configuration(tokenURL: String = "https://${OKTA_HOST}/oauth2/v1/token") -> String {
        validConfig
            .replacingOccurrences(of: "tokenUrl: https://acme.okta.com/oauth2/v1/token", with: "tokenUrl: \(tokenURL)")
            .replacingOccurrences(of: "url: https://billing.example.com/v2", with: "url: ${BILLING_URL}")
    }

    static func environments(prodURL: String) -> String {
        """
        apiVersion: credc/v1
        kind: Environment
        name: dev
        variables:
          OKTA_HOST: acme.oktapreview.com
          BILLING_URL: https://billing.dev.example.com/v2
        ---
        apiVersion: credc/v1
        kind: Environment
        name: prod
        variables:
          OKTA_HOST: acme.okta.com
          BILLING_URL: \(prodURL)

        """
    }

    /// The issue's "Done when": only prod's URL is http.
    static func insecureProd() throws -> URL {
        try makeFolder([
            "config/credentials.yaml": configuration(),
            "config/environments.yaml": environments(prodURL: "http://billing.example.com/v2"),
        ])
    }

    static func secureProd() throws -> URL {
        try makeFolder([
            "config/credentials.yaml": configuration(),
            "config/environments.yaml": environments(prodURL: "https://billing.example.com/v2"),
        ])
    }

    /// The line of `${BILLING_URL}` in `configuration()`, and its column.
    static var billingURLPosition: (line: Int, column: Int) {
        let lines = configuration().split(separator: "\n", omittingEmptySubsequences: false)
        let index = lines.firstIndex { $0.contains("url: ${BILLING_URL}") } ?? 0
        return (index + 1, 6)
    }

    @Test func checkReportsTheInsecureURLAtTheVariableNamingProd() throws {
        let folder = try Self.insecureProd()
        let result = try credc(["check", "config"], in: folder)
        #expect(result.status == 1)
        let (line, column) = Self.billingURLPosition
        #expect(
            result.stdout.contains(
                "config/credentials.yaml:\(line):\(column): error: url 'http://billing.example.com/v2' uses http; use https (environment prod) [insecure-url]"),
            "\(result.stdout)")
        #expect(result.stdout.contains("environment 'prod' sets BILLING_URL here"))
        #expect(!result.stdout.contains("environment dev"))
    }

    @Test func checkOneEnvironment() throws {
        let folder = try Self.insecureProd()
        #expect(try credc(["check", "config", "--env", "dev"], in: folder).status == 0)
        #expect(try credc(["check", "config", "--env", "prod"], in: folder).status == 1)
    }

    @Test func buildWritesTheSubstitutedValuesAndTheEnvironment() throws {
        let folder = try Self.secureProd()
        let result = try credc(["build", "config", "--env", "prod"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"url\": \"https://billing.example.com/v2\""))
        #expect(result.stdout.contains("\"tokenUrl\": \"https://acme.okta.com/oauth2/v1/token\""))
        #expect(!result.stdout.contains("${"))
        // Keys sorted by code point: digest, environment, manifestVersion, resources.
        #expect(result.stdout.hasPrefix("{\n  \"digest\": \"sha256:"))
        #expect(result.stdout.contains("\",\n  \"environment\": \"prod\",\n  \"manifestVersion\": 1,"))
        let manifest = try parseJSON(result.stdout)
        #expect(manifest["environment"] as? String == "prod")
        // The digest covers the substituted values, not the environment name.
        let dev = try parseJSON(try credc(["build", "config", "--env", "dev"], in: folder).stdout)
        #expect(dev["environment"] as? String == "dev")
        #expect(dev["digest"] as? String != manifest["digest"] as? String)
        let verdicts = try validate(
            schema: "Schemas/manifest-v1.schema.json", [try write(result.stdout, to: folder, "prod.json")])
        let errors = verdicts.flatMap(\.errors)
        #expect(errors.isEmpty && !verdicts.isEmpty, "\(errors)")
    }

    @Test func planRefusesTheStateOfAnotherEnvironment() throws {
        let folder = try Self.secureProd()
        #expect(try credc(["build", "config", "--env", "dev", "-o", "dev.json"], in: folder).status == 0)
        #expect(try credc(["build", "config", "--env", "prod", "-o", "prod.json"], in: folder).status == 0)
        let refused = try credc(["plan", "config", "--env", "prod", "--state", "dev.json"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the manifest of environment 'dev'"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        let same = try credc(["plan", "config", "--env", "prod", "--state", "prod.json", "--detailed-exitcode"], in: folder)
        #expect(same.status == 0, "\(same.stderr)")
    }

    @Test func planRefusesAnEnvironmentStateForAConfigurationWithout() throws {
        let folder = try makeFolder(["config/credentials.yaml": validConfig])
        try Data(#"{"digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "environment": "prod", "manifestVersion": 1, "resources": []}"#.utf8)
            .write(to: folder.appendingPathComponent("state.json"))
        let result = try credc(["plan", "config", "--state", "state.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("environment 'prod', and this configuration has no environments"), "\(result.stderr)")
    }

    @Test func checkAgainstAStateNeedsTheEnvironment() throws {
        let folder = try Self.secureProd()
        #expect(try credc(["build", "config", "--env", "dev", "-o", "dev.json"], in: folder).status == 0)
        #expect(try credc(["check", "config", "--state", "dev.json"], in: folder).status == 64)
        #expect(try credc(["check", "config", "--state", "dev.json", "--env", "prod"], in: folder).status == 1)
        #expect(try credc(["check", "config", "--state", "dev.json", "--env", "dev"], in: folder).status == 0)
    }

    @Test(arguments: [
        ["build", "config"], ["plan", "config", "--state", "state.json"], ["export", "config", "--out", "out"],
    ])
    func environmentIsRequiredWhenTheConfigurationHasSome(arguments: [String]) throws {
        let folder = try Self.secureProd()
        try Data(#"{"digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "manifestVersion": 1, "resources": []}"#.utf8)
            .write(to: folder.appendingPathComponent("state.json"))
        let missing = try credc(arguments, in: folder)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("this configuration has environments 'dev', 'prod'; choose one with --env NAME"), "\(missing.stderr)")
        let unknown = try credc(arguments + ["--env", "staging"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--env 'staging' names no environment; the configuration has 'dev', 'prod'\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        // #26: a name credc knows is suggested, whatever its case.
        let misspelt = try credc(arguments + ["--env", "Prod"], in: folder)
        #expect(misspelt.status == 64)
        #expect(misspelt.stderr.contains(
            "--env 'Prod' names no environment; the configuration has 'dev', 'prod'; did you mean 'prod'?"), "\(misspelt.stderr)")
    }

    @Test(arguments: [
        ["check", "config"], ["build", "config"], ["plan", "config", "--state", "state.json"],
        ["export", "config", "--out", "out"],
    ])
    func environmentIsRejectedWithoutEnvironments(arguments: [String]) throws {
        let folder = try makeFolder(["config/credentials.yaml": validConfig])
        try Data(#"{"digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "manifestVersion": 1, "resources": []}"#.utf8)
            .write(to: folder.appendingPathComponent("state.json"))
        let result = try credc(arguments + ["--env", "prod"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains("this configuration has no environment"), "\(result.stderr)")
        #expect(try credc(arguments, in: folder).status != 64)
    }

    @Test func checkRejectsAnUnknownEnvironment() throws {
        let result = try credc(["check", "config", "--env", "qa"], in: try Self.secureProd())
        #expect(result.status == 64)
        #expect(result.stderr.contains("'dev', 'prod'"))
    }

    @Test func exportWritesTheSubstitutedValues() throws {
        let folder = try Self.secureProd()
        let result = try credc(["export", "config", "--env", "dev", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let named = try String(
            contentsOf: folder.appendingPathComponent("out/namedCredentials/Billing.namedCredential-meta.xml"), encoding: .utf8)
        #expect(named.contains("https://billing.dev.example.com/v2"))
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(!files.contains { $0.lowercased().contains("environment") })
    }

    @Test func withoutEnvironmentsAVariableIsAnErrorAndTheEscapeIsText() throws {
        let folder = try makeFolder([
            "config/credentials.yaml": validConfig.replacingOccurrences(of: "label: Billing API", with: "label: \"Billing $${API}\"")
        ])
        let built = try credc(["build", "config"], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("\"label\": \"Billing ${API}\""))
        #expect(!built.stdout.contains("\"environment\""))
        let typo = try makeFolder(["config/credentials.yaml": Self.configuration()])
        let checked = try credc(["check", "config"], in: typo)
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("[unknown-variable]"))
    }

    @Test func explainDocumentsTheNewRules() throws {
        for rule in ["unknown-variable", "unused-variable", "variable-syntax"] {
            let result = try credc(["explain", rule])
            #expect(result.status == 0)
            #expect(result.stdout.contains("kind: Environment"), "\(rule)")
        }
        let rules = try credc(["rules"]).stdout
        #expect(rules.contains("unknown-variable") && rules.contains("unused-variable") && rules.contains("variable-syntax"))
    }

    @Test func theInputSchemaAcceptsVariablesWhereTheyAreAllowed() throws {
        let folder = try Self.secureProd()
        let good = try validate(
            schema: "Schemas/credc-v1.schema.json",
            [folder.appendingPathComponent("config/credentials.yaml").path, folder.appendingPathComponent("config/environments.yaml").path])
        let errors = good.flatMap(\.errors)
        #expect(errors.isEmpty && good.count == 5, "\(errors)")
        let bad = try write(
            validConfig.replacingOccurrences(of: "identityProvider: Okta_Prod", with: "identityProvider: ${PROVIDER}"),
            to: folder, "bad.yaml")
        let verdicts = try validate(schema: "Schemas/credc-v1.schema.json", [bad])
        #expect(verdicts.contains { !$0.valid })
    }

    /// A value harmless on its own becomes a secret where it is used (`password`): the note at
    /// the variable's definition shows that line, which must be masked too.
    @Test func aSecretThroughAVariableIsMaskedAtItsDefinition() throws {
        let folder = try makeFolder([
            "config/credentials.yaml": validConfig.replacingOccurrences(
                of: "tokenUrl: https://acme.okta.com/oauth2/v1/token",
                with: "tokenUrl: https://acme.okta.com/oauth2/v1/token\ntokenRequest:\n  body: {password: \"${PASS}\"}"),
            "config/environments.yaml": """
                apiVersion: credc/v1
                kind: Environment
                name: dev
                variables:
                  PASS: Hunter2SecretValue

                """,
        ])
        for format in ["text", "json", "sarif", "github"] {
            let result = try credc(["check", "config", "--format", format], in: folder)
            #expect(result.status == 1, "\(format)")
            #expect(result.stdout.contains("secret-in-config"), "\(format)")
            #expect(!(result.stdout + result.stderr).contains("Hunter2"), "\(format): \(result.stdout)")
        }
    }

    private func write(_ text: String, to folder: URL, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
