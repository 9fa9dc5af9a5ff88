import Foundation
import Testing

/// Three real-shaped org folders (dev, uat, prod) holding the same resources, whose hosts,
/// token URLs and audience differ, and a named credential only dev has.
private let orgFixtures = packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/orgs")
private let names = ["dev", "uat", "prod"]
private let envOptions = names.flatMap { ["--env", "\($0)=orgs/\($0)/force-app/main/default"] }

/// A temporary project holding `orgs/dev`, `orgs/uat` and `orgs/prod`.
private func project() throws -> URL {
    let folder = try makeFolder([:])
    try FileManager.default.copyItem(at: orgFixtures, to: folder.appendingPathComponent("orgs"))
    return folder
}

private func contents(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for path in filesUnder(folder) { files[path] = try Data(contentsOf: folder.appendingPathComponent(path)) }
    return files
}

@Suite struct MultiOrgImportTests {
    @Test func adoptsThreeOrgsAsOneConfiguration() throws {
        let folder = try project()
        let result = try credc(["import"] + envOptions + ["--out", "config", "--color", "never"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(
            "imported 2 identity providers, 2 external credentials and 3 named credentials for environments dev, uat, prod into 'config'"))
        let config = folder.appendingPathComponent("config")
        #expect(filesUnder(config) == [
            ".credc-export", "credc-v1.schema.json", "credentials/Billing_API.yaml", "credentials/Calendar_API.yaml",
            "environments/dev.yaml", "environments/prod.yaml", "environments/uat.yaml",
            "named-credentials/Billing.yaml", "named-credentials/Billing_Debug.yaml", "named-credentials/Calendar.yaml",
            "providers/Okta.yaml", "providers/Okta_Workforce.yaml",
        ])
        // Only the host differs: the variable holds the host, named after the domain.
        let okta = try text(config, "providers/Okta.yaml")
        #expect(okta.contains("\ntokenUrl: https://${OKTA_HOST}/oauth2/default/v1/token\n"), "\(okta)")
        #expect(okta.contains("\n    audience: ${OKTA_AUDIENCE}\n"), "\(okta)")
        // Equal values stay literal; the path differs, so the whole URL is the variable.
        let workforce = try text(config, "providers/Okta_Workforce.yaml")
        #expect(workforce.contains("\ntokenUrl: ${OKTA_WORKFORCE_TOKEN_URL}\n"), "\(workforce)")
        #expect(workforce.contains("\nauthorizeRequest:\n  query:\n    prompt: consent\n"), "\(workforce)")
        #expect(try text(config, "named-credentials/Billing.yaml").contains("\nurl: https://${EXAMPLE_HOST}/v2\n"))
        #expect(try text(config, "named-credentials/Calendar.yaml").contains("\nurl: https://calendar.example.com/api\n"))
        #expect(try text(config, "named-credentials/Billing_Debug.yaml").contains("\nenvironments: [dev]\n"))
        #expect(try text(config, "environments/uat.yaml") == """
            # yaml-language-server: $schema=../credc-v1.schema.json
            apiVersion: credc/v1
            kind: Environment
            name: uat
            variables:
              EXAMPLE_HOST: billing-uat.example.com
              OKTA_AUDIENCE: api://billing-uat
              OKTA_HOST: uat-acme.okta.com
              OKTA_WORKFORCE_AUTHORIZE_URL: https://acme.okta.com/oauth2/aus2uat/v1/authorize
              OKTA_WORKFORCE_TOKEN_URL: https://acme.okta.com/oauth2/aus2uat/v1/token

            """)

        let check = try credc(["check", "config", "--color", "never"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(!check.stdout.contains("error"), "\(check.stdout)")
        for name in names {
            let plan = try credc(
                ["plan", "config", "--env", name, "--state-metadata", "orgs/\(name)", "--detailed-exitcode"], in: folder)
            #expect(plan.status == 0, "\(name): \(plan.stdout)\(plan.stderr)")
        }

        // The same orgs give the same bytes, into a new folder or over the one written.
        let first = try contents(config)
        #expect(try credc(["import"] + envOptions + ["--out", "again"], in: folder).status == 0)
        #expect(try contents(folder.appendingPathComponent("again")) == first)
        #expect(try credc(["import"] + envOptions + ["--out", "config"], in: folder).status == 0)
        #expect(try contents(config) == first)
    }

    /// The dev-only named credential is in dev's export only; the provider keeps its
    /// AuthorizeRequestQueryParameter row.
    @Test func exportsEachEnvironmentWithItsResources() throws {
        let folder = try project()
        #expect(try credc(["import"] + envOptions + ["--out", "config"], in: folder).status == 0)
        for name in names {
            #expect(try credc(["export", "config", "--env", name, "--out", "exported-\(name)"], in: folder).status == 0)
            let exported = folder.appendingPathComponent("exported-\(name)")
            #expect(filesUnder(exported).contains("namedCredentials/Billing_Debug.namedCredential-meta.xml") == (name == "dev"))
            let provider = try text(exported, "externalAuthIdentityProviders/Okta_Workforce.externalAuthIdentityProvider-meta.xml")
            #expect(provider.contains("""
                        <parameterName>prompt</parameterName>
                        <parameterType>AuthorizeRequestQueryParameter</parameterType>
                        <parameterValue>consent</parameterValue>
                """), "\(provider)")
        }
    }

    /// One org alone: the AuthorizeRequestQueryParameter row is imported, planned as no
    /// change and exported.
    @Test func authorizeRequestQueryParameterRoundTrips() throws {
        let folder = try project()
        #expect(try credc(["import", "orgs/dev", "--out", "config"], in: folder).status == 0)
        let workforce = try text(folder.appendingPathComponent("config"), "providers/Okta_Workforce.yaml")
        #expect(workforce.contains("\nauthorizeRequest:\n  query:\n    prompt: consent\n"), "\(workforce)")
        let plan = try credc(["plan", "config", "--state-metadata", "orgs/dev", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(try credc(["export", "config", "--out", "exported"], in: folder).status == 0)
        #expect(try text(folder.appendingPathComponent("exported"), "externalAuthIdentityProviders/Okta_Workforce.externalAuthIdentityProvider-meta.xml")
            .contains("<parameterType>AuthorizeRequestQueryParameter</parameterType>"))
    }

    /// An enumerated value cannot become a variable: the first org's is written, the org that
    /// differs is told at its file, and its plan shows the change.
    @Test func aDifferenceThatMayNotVaryIsReported() throws {
        let folder = try project()
        let file = folder.appendingPathComponent(
            "orgs/uat/force-app/main/default/externalAuthIdentityProviders/Okta_Workforce.externalAuthIdentityProvider-meta.xml")
        let xml = try String(decoding: Data(contentsOf: file), as: UTF8.self)
        try Data(xml.replacingOccurrences(of: "ClientSecretPost", with: "ClientSecretBasic").utf8).write(to: file)
        let result = try credc(["import"] + envOptions + ["--out", "config", "--color", "never"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(
            "orgs/uat/force-app/main/default/externalAuthIdentityProviders/Okta_Workforce.externalAuthIdentityProvider-meta.xml:2:1: "
                + "warning: ExternalAuthIdentityProvider 'Okta_Workforce': 'clientAuthentication' differs from environment 'dev' "
                + "and cannot become a variable (it takes one of a fixed set of values); written as 'dev' has it, so a plan for "
                + "'uat' shows the change [unrepresented-state]"), "\(result.stdout)")
        #expect(try text(folder.appendingPathComponent("config"), "providers/Okta_Workforce.yaml").contains("\nclientAuthentication: body\n"))
        let plan = try credc(
            ["plan", "config", "--env", "uat", "--state-metadata", "orgs/uat", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
    }

    @Test func envOptionsAreChecked() throws {
        let folder = try project()
        for arguments in [
            ["import", "orgs/dev", "--env", "dev=orgs/dev", "--out", "config"],
            ["import", "--env", "dev", "--out", "config"],
            ["import", "--env", "dev=orgs/dev", "--env", "dev=orgs/uat", "--out", "config"],
            ["import", "--env", "not a name=orgs/dev", "--out", "config"],
            ["import", "--out", "config"],
        ] {
            let result = try credc(arguments, in: folder)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("credc: error: "), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
    }
}
