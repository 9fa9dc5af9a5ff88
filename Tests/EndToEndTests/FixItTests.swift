import Foundation
import Testing

/// SPEC §13: fix-its in JSON and SARIF, and `credc check --fix`.
@Suite struct FixItTests {
    /// One finding of every fix-it kind, multi-byte text in front, comments beside each.
    static let broken = """
        # 👨‍👩‍👧 éé providers
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentails  # enum value
        tokenUrl: https://acme.okta.com/oauth2/v1/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: "Billing API"
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: "Okta_Prd"   # reference, quoted
        scope: "{!$Usr.Department}"    # merge field
        principals:
          - name: Admin
            sequence: 1
            permissionSets: [Billing_Admins]
          - name: Support
            sequence: 1    # credc:ignore unknown-field -- suppresses nothing
            permissionSets: [Billing_Admins]
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Billing
        label: Billing
        url: https://billing.example.com/v2
        externalCredentail: Billing_API   # field
        enabled: "true"

        """

    static let fixed = """
        # 👨‍👩‍👧 éé providers
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentials  # enum value
        tokenUrl: https://acme.okta.com/oauth2/v1/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: "Billing API"
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: "Okta_Prod"   # reference, quoted
        scope: "{!$User.Department}"    # merge field
        principals:
          - name: Admin
            sequence: 1
            permissionSets: [Billing_Admins]
          - name: Support
            sequence: 2
            permissionSets: [Billing_Admins]
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Billing
        label: Billing
        url: https://billing.example.com/v2
        externalCredential: Billing_API   # field
        enabled: true

        """

    @Test func jsonListsEachFixWithItsEdits() throws {
        let folder = try makeFolder(["a.yaml": Self.broken])
        let result = try credc(["check", "a.yaml", "--format", "json"], in: folder)
        #expect(result.status == 1)
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        func fix(_ rule: String) -> [String: Any]? {
            (diagnostics.first { $0["rule"] as? String == rule }?["fixes"] as? [[String: Any]])?.first
        }
        let reference = try #require(fix("unknown-identity-provider"))
        #expect(reference["message"] as? String == "replace with 'Okta_Prod'")
        #expect(reference["safe"] as? Bool == true)
        let edit = try #require((reference["edits"] as? [[String: Any]])?.first)
        // The quotes stay; positions are 1-based, end exclusive.
        #expect(edit["line"] as? Int == 17 && edit["column"] as? Int == 19)
        #expect(edit["endLine"] as? Int == 17 && edit["endColumn"] as? Int == 29)
        #expect(edit["text"] as? String == "\"Okta_Prod\"")
        for rule in ["invalid-value", "scope-formula", "duplicate-sequence", "invalid-suppression", "unknown-field", "type-mismatch"] {
            #expect(fix(rule) != nil, "\(rule)")
        }
    }

    @Test func sarifCarriesFixesAsArtifactChanges() throws {
        let folder = try makeFolder(["a.yaml": Self.broken])
        let result = try credc(["check", "a.yaml", "--format", "sarif"], in: folder)
        let runs = try #require(try parseJSON(result.stdout)["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let reference = try #require(results.first { $0["ruleId"] as? String == "unknown-identity-provider" })
        let fix = try #require((reference["fixes"] as? [[String: Any]])?.first)
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        let region = try #require(replacement["deletedRegion"] as? [String: Any])
        #expect(region["startLine"] as? Int == 17 && region["startColumn"] as? Int == 19 && region["endColumn"] as? Int == 29)
        #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == "\"Okta_Prod\"")
        // The log stays valid SARIF 2.1.0.
        try expectValidSARIF(result.stdout)
    }

    @Test func fixAppliesTheSafeFixesKeepsCommentsAndIsIdempotent() throws {
        let folder = try makeFolder(["a.yaml": Self.broken])
        let first = try credc(["check", "a.yaml", "--fix"], in: folder)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8) == Self.fixed)
        #expect(first.stderr.contains("credc: fixed a.yaml:17:19: replace with 'Okta_Prod' [unknown-identity-provider]\n"))
        #expect(first.stderr.contains("credc: fixed a.yaml:24:35: remove the comment [invalid-suppression]\n"), "\(first.stderr)")
        #expect(first.stdout == "no problems in 1 file\n")
        let second = try credc(["check", "a.yaml", "--fix"], in: folder)
        #expect(second.status == 0)
        #expect(second.stderr.isEmpty)
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8) == Self.fixed)
    }

    @Test func aMisspeltFunctionIsFixed() throws {
        let config = validConfig.replacingOccurrences(
            of: "identityProvider: Okta_Prod", with: "identityProvider: Okta_Prod\nscope: '{!HAHS(\"SHA256\", $User.Department)}'")
        let folder = try makeFolder(["a.yaml": config])
        let result = try credc(["check", "a.yaml", "--fix"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("replace with 'HASH' [scope-formula]"))
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8)
            == config.replacingOccurrences(of: "HAHS", with: "HASH"))
    }

    @Test func anUnsafeFixIsOfferedButNotApplied() throws {
        let config = validConfig.replacingOccurrences(of: "sequence: 1\n", with: "sequence: 1\n    identityType: PerUserPrincipal\n")
        let folder = try makeFolder(["a.yaml": config])
        let json = try credc(["check", "a.yaml", "--format", "json"], in: folder)
        let diagnostics = try #require(try parseJSON(json.stdout)["diagnostics"] as? [[String: Any]])
        let fix = try #require((diagnostics.first?["fixes"] as? [[String: Any]])?.first)
        #expect(fix["safe"] as? Bool == false)
        let result = try credc(["check", "a.yaml", "--fix"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[identity-type]"))
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8) == config)
    }

    @Test func aValueFromAnEnvironmentIsNotReplaced() throws {
        // The reference comes from ${PROVIDER}: replacing it would drop the variable.
        let config = validConfig.replacingOccurrences(of: "identityProvider: Okta_Prod", with: "identityProvider: ${PROVIDER}") + """
            ---
            apiVersion: credc/v1
            kind: Environment
            name: prod
            variables: {PROVIDER: Okta_Prd}

            """
        let folder = try makeFolder(["a.yaml": config])
        let result = try credc(["check", "a.yaml", "--fix"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[unknown-identity-provider]"))
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8) == config)
    }
}
