import Checker
import Diagnostics
import Driver
import Schema
import Testing

/// `environments: [NAME, ...]` (SPEC §7, 1.2): a resource in some environments only.
@Suite struct EnvironmentMembershipTests {
    static let environments = [
        ("environments.yaml",
         EnvironmentTests.environment("dev", [("BILLING_URL", "https://billing.dev.example.com")]) + "---\n"
            + EnvironmentTests.environment("prod", [("BILLING_URL", "https://billing.example.com")])),
    ]

    /// The provider and credential of ``EnvironmentTests/provider``, the credential limited by
    /// `credentialLine`, and a named credential limited by `namedLine`.
    static func configuration(credential credentialLine: String = "", named namedLine: String = "") -> String {
        EnvironmentTests.provider.replacingFirst("SCOPE\n", with: credentialLine.isEmpty ? "" : credentialLine + "\n") + """
            apiVersion: credc/v1
            kind: NamedCredential
            name: Billing
            label: Billing
            url: ${BILLING_URL}
            externalCredential: Billing_API
            \(namedLine)

            """
    }

    @Test func aReferenceThatBreaksInAnEnvironmentIsAnErrorThere() throws {
        let text = Self.configuration(credential: "environments: [dev]")
        let findings = analyze([("config.yaml", text)] + Self.environments).findings(.unknownExternalCredential)
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .error)
        var start = try EnvironmentTests.position(of: "externalCredential: Billing_API", in: text)
        start.column += "externalCredential: ".count
        #expect(findings.first?.range.start == start)
        #expect(findings.first?.message == "externalCredential 'Billing_API' is not in this environment: its `environments:` lists only 'dev'; list the same environments on this resource, or add them to 'Billing_API' (environment prod)")
    }

    @Test func aReferenceBetweenResourcesOfTheSameEnvironmentsIsQuiet() {
        let text = Self.configuration(credential: "environments: [dev]", named: "environments: [dev]")
        let analysis = analyze([("config.yaml", text)] + Self.environments)
        #expect(analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(analysis.diagnostics)")
        // Only dev needs the variable of a dev-only resource.
        let devOnly = EnvironmentTests.environment("dev", [("BILLING_URL", "https://billing.dev.example.com")]) + "---\n"
            + EnvironmentTests.environment("prod", [("OTHER", "x")])
        let other = analyze([("config.yaml", text), ("environments.yaml", devOnly)])
        #expect(other.findings(.unknownVariable).isEmpty, "\(other.diagnostics)")
    }

    @Test func anUnknownEnvironmentNameIsAnErrorWithASuggestion() throws {
        let text = Self.configuration(named: "environments: [dev, prd]")
        let findings = analyze([("config.yaml", text)] + Self.environments).findings(.unknownVariable)
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.range.start == (try EnvironmentTests.position(of: "prd", in: text)))
        #expect(findings.first?.message == "environment 'prd' is not defined; defined: dev, prod")
        #expect(findings.first?.suggestion == "prod")
    }

    @Test func environmentsWithoutAnyEnvironmentDocumentIsAnError() throws {
        let text = Self.configuration(named: "environments: [dev]").replacingFirst("${BILLING_URL}", with: "https://billing.example.com")
        let findings = analyze(text).findings(.unknownVariable)
        #expect(findings.map(\.range.start) == [try EnvironmentTests.position(of: "dev]", in: text)])
        #expect(findings.first?.message.contains("the configuration has no Environment document") == true)
    }

    /// `build --env prod` leaves the dev-only named credential out.
    @Test func aResourceOutsideTheEnvironmentIsNotInItsModel() {
        let text = Self.configuration(named: "environments: [dev]")
        let prod = analyze([("config.yaml", text)] + Self.environments, options: CheckOptions(environment: "prod"))
        #expect(prod.model.namedCredentials.isEmpty)
        let dev = analyze([("config.yaml", text)] + Self.environments, options: CheckOptions(environment: "dev"))
        #expect(dev.model.namedCredentials.map(\.name.value) == ["Billing"])
    }

    @Test func environmentsTakesNoVariable() throws {
        let text = Self.configuration(named: "environments:\n  - ${ENV}")
        let findings = analyze([("config.yaml", text)] + Self.environments).findings(.variableSyntax)
        #expect(findings.map(\.range.start) == [try EnvironmentTests.position(of: "${ENV}", in: text)], "\(findings)")
    }

    /// `$Credential.NAME` naming a credential of other environments only says so, as a reference does.
    @Test func aFormulaNamingACredentialOfAnotherEnvironmentSaysWhy() throws {
        let text = Self.configuration(credential: "environments: [dev]") + """
            ---
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Signer
            label: Signer
            protocol: Custom
            authHeaders:
              - {name: X-Key, value: '{!$Credential.Billing_API.Token}'}
            principals:
              - {name: Signer, sequence: 1, permissionSets: [Signers]}

            """
        let findings = analyze([("config.yaml", text)] + Self.environments).findings(.formulaSyntax)
        #expect(findings.map(\.message) == [
            "auth header 'X-Key': '$Credential.Billing_API.Token': 'Billing_API' is not in this environment: its `environments:` lists only 'dev'; list the same environments on this resource, or add them to 'Billing_API' (environment prod)"
        ])
        var start = try EnvironmentTests.position(of: "$Credential.Billing_API", in: text)
        start.column += "$Credential.".count
        #expect(findings.first?.range.start == start)
    }
}
