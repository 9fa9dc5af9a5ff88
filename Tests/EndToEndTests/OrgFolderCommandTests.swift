import Foundation
import Testing

/// A real-shaped org folder (`Tests/SalesforceMetadataTests/Fixtures/org`: foreign resources,
/// a decomposed permission set) against the configuration in `Fixtures/org-config`.
@Suite struct OrgFolderCommandTests {
    /// The org folder and the configuration copied into a fresh folder, as `org/` and `config/`.
    private func workspace() throws -> URL {
        let folder = try makeFolder([:])
        let fixtures = packageRoot.appendingPathComponent("Tests")
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("SalesforceMetadataTests/Fixtures/org"), to: folder.appendingPathComponent("org"))
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("EndToEndTests/Fixtures/org-config"), to: folder.appendingPathComponent("config"))
        return folder
    }

    @Test func aRealOrgFolderPlansWithoutErrorsAndDeletesNothingWithoutPrune() throws {
        let folder = try workspace()
        #expect(try credc(["check", "config"], in: folder).status == 0)
        let result = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == """
            Plan against the org as retrieved in 'org'.

            ~ update ExternalAuthIdentityProvider Entra_Portal
                metadata: IdentityProviderOptions 'prompt': (value hidden) -> null

            Kept: not in the configuration, left in the org (--prune deletes them):
              = NamedCredential Billing_Reports

            Plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 1 kept.

            """)
        // Each foreign resource once, as info.
        let infos = result.stderr.split(separator: "\n").filter {
            $0.contains("credc cannot represent it and leaves it as it is [foreign-resource]")
        }
        #expect(infos.count == 2, "\(result.stderr)")
        #expect(!result.stderr.contains("error"))

        let pruned = try credc(["plan", "config", "--state-metadata", "org", "--prune", "--format", "json"], in: folder)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains(#""name": "Billing_Reports""#))
        #expect(pruned.stdout.contains(#""delete": 1"#))
    }

    /// A retrieved file over the size limit is an invalid-state error, quickly, with no
    /// source line (the line could be megabytes).
    @Test func aHugeRetrievedFileIsAnErrorWithoutItsLine() throws {
        let folder = try workspace()
        let huge = folder.appendingPathComponent("org/namedCredentials/Huge.namedCredential-meta.xml")
        try Data("<NamedCredential><label>".utf8 + Array(repeating: UInt8(ascii: "a"), count: 33 * 1024 * 1024)).write(to: huge)
        let result = try credc(["plan", "config", "--state-metadata", "org"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("larger than 32 MiB"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.count < 10_000)
    }

    /// Removals are shown only for resources the configuration manages: not for a kept
    /// resource, nor for a provider it marks unmanaged.
    @Test func removalsOnlyForManagedResources() throws {
        let folder = try workspace()
        let config = folder.appendingPathComponent("config/providers.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "description: Employee portal sign-in\n", with: "description: Employee portal sign-in\nunmanaged: true\n")
            .replacingOccurrences(of: "secrets: {clientId: ENTRA_PORTAL_CLIENT_ID, clientSecret: ENTRA_PORTAL_CLIENT_SECRET}\n", with: "")
        try Data(text.utf8).write(to: config)
        let result = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("prompt"))
    }

    /// A browser-flow credential of a provider that sends client credentials in the body:
    /// the credential takes no body switch of its own, and the export plans no changes.
    @Test func browserFlowThroughABodyProviderRoundTrips() throws {
        let folder = try workspace()
        let config = folder.appendingPathComponent("config/providers.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "pkce: true\n", with: "pkce: true\nclientAuthentication: body\n")
        try Data(text.utf8).write(to: config)
        #expect(try credc(["export", "config", "--out", "out"], in: folder).status == 0)
        let plan = try credc(["plan", "config", "--state-metadata", "out", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    /// #26: the summary counts every file findings are in, the org folder's too, not only the
    /// configuration's two files.
    @Test func theSummaryCountsTheOrgFilesFindingsAreIn() throws {
        let folder = try workspace()
        let text = try credc(["check", "config", "--state-metadata", "org", "--color", "never"], in: folder)
        #expect(text.status == 0, "\(text.stdout)")
        #expect(text.stdout.hasSuffix("\n4 warnings, 8 infos in 8 files\n"), "\(text.stdout.suffix(200))")
        let json = try credc(["check", "config", "--state-metadata", "org", "--format", "json"], in: folder)
        let summary = try #require(try parseJSON(json.stdout)["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 8)
    }

    /// #26: one warning for every permission set it is about, not the same long one each.
    @Test func aWarningAboutSeveralPermissionSetsIsPrintedOnce() throws {
        let folder = try workspace()
        let config = folder.appendingPathComponent("config")
        let credentials = try FileManager.default.subpathsOfDirectory(atPath: config.path).filter { $0.hasSuffix(".yaml") }
        for path in credentials {
            let url = config.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "permissionSets: [Billing_Users]", with: "permissionSets: [Billing_Users, Billing_Auditors, Billing_Admins]").utf8).write(to: url)
        }
        let several = try credc(["export", "config", "--out", "several"], in: folder)
        #expect(several.status == 0, "\(several.stderr)")
        let lines = several.stderr.split(separator: "\n").filter { $0.contains("replaces the permission set's content") }
        #expect(lines.count == 1, "\(several.stderr)")
        #expect(lines.first?.hasPrefix("credc: warning: each of PermissionSet Billing_Admins, Billing_Auditors, Billing_Users and Portal_Users: written with only its") == true, "\(several.stderr)")
    }

    @Test func exportMergesGrantsIntoTheOrgsPermissionSets() throws {
        let folder = try workspace()
        let plain = try credc(["export", "config", "--out", "plain"], in: folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("credc: warning: each of PermissionSet Billing_Users and Portal_Users: written with only its external credential principal accesses and a label: deploying it replaces the permission set's content"))

        let merged = try credc(["export", "config", "--out", "merged", "--state-metadata", "org"], in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(!merged.stderr.contains("replaces the permission set's content"))
        let billing = try String(
            contentsOf: folder.appendingPathComponent("merged/permissionsets/Billing_Users.permissionset-meta.xml"), encoding: .utf8)
        #expect(billing.contains("<label>Billing users</label>"))
        #expect(billing.contains("<object>UserExternalCredential</object>"))
        #expect(billing.contains("Weather_Service-Weather Reader"))
        // A state folder that cannot be read is an error: nothing is written.
        try Data("<PermissionSet>".utf8).write(to: folder.appendingPathComponent("org/permissionsets/Broken.permissionset-meta.xml"))
        let broken = try credc(["export", "config", "--out", "broken", "--state-metadata", "org"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("Broken.permissionset-meta.xml:1:"), "\(broken.stderr)")
        #expect(broken.stderr.contains("[invalid-state]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("broken").path))
        // Export, then plan against the export: no changes.
        let again = try credc(["plan", "config", "--state-metadata", "merged", "--detailed-exitcode"], in: folder)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    }

    /// Where `needle` starts in `file`, as `line:column` (1-based).
    private func position(of needle: String, in file: URL) throws -> String {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains(needle) })
        let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: needle)!.lowerBound)
        return "\(line + 1):\(column + 1)"
    }

    /// A provider credc cannot represent (another flow) named like a configured one: the
    /// manifest leaves it out, so the plan would create the configured one and its deploy
    /// replace the org's. That is an error at the foreign flow; nothing is written.
    @Test func aForeignOrgProviderNamedLikeAConfiguredOneIsAnError() throws {
        let folder = try workspace()
        #expect(try credc(["export", "config", "--out", "out"], in: folder).status == 0)
        let provider = folder.appendingPathComponent("out/externalAuthIdentityProviders/Auth0_Billing.externalAuthIdentityProvider-meta.xml")
        let text = try String(contentsOf: provider, encoding: .utf8)
        #expect(text.contains("<authenticationFlow>ClientCredentials</authenticationFlow>"))
        try Data(text.replacingOccurrences(of: "<authenticationFlow>ClientCredentials<", with: "<authenticationFlow>DeviceCode<").utf8)
            .write(to: provider)
        let at = try position(of: "<authenticationFlow>", in: provider)
        let result = try credc(
            ["plan", "config", "--state-metadata", "out", "--metadata-out", "md", "--detailed-exitcode"], in: folder)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stderr.contains(
                "out/externalAuthIdentityProviders/Auth0_Billing.externalAuthIdentityProvider-meta.xml:\(at): error: the org "
                    + "holds ExternalAuthIdentityProvider 'Auth0_Billing' that credc cannot represent (uses "
                    + "authenticationFlow 'DeviceCode'); the configuration defines one of the same name, so a deploy would "
                    + "replace it — rename the configured resource or remove the org's one in Setup [invalid-state]"),
            "\(result.stderr)")
        // The error replaces the note: the resource is reported once.
        #expect(!result.stderr.contains("'Auth0_Billing' uses authenticationFlow 'DeviceCode'; credc cannot represent it"))
        #expect(!result.stdout.contains("+ create"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("md").path))
        let export = try credc(["export", "config", "--out", "again", "--state-metadata", "out"], in: folder)
        #expect(export.status == 1)
        #expect(export.stderr.contains("[invalid-state]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("again").path))
    }

    /// The same for a JWT-flow credential, named like a configured one but for case: Salesforce
    /// API names are case-insensitive.
    @Test func aForeignOrgCredentialNamedLikeAConfiguredOneIsAnError() throws {
        let folder = try workspace()
        let credentials = folder.appendingPathComponent("org/externalCredentials")
        try FileManager.default.removeItem(at: credentials.appendingPathComponent("Billing_API.externalCredential-meta.xml"))
        // A variant credc does not know: a flow it cannot represent.
        let jwt = credentials.appendingPathComponent("billing_api.externalCredential-meta.xml")
        try Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationProtocol>Oauth</authenticationProtocol>
                <externalCredentialParameters>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>Oauth</parameterName>
                    <parameterType>AuthProtocolVariant</parameterType>
                    <parameterValue>TokenExchange</parameterValue>
                </externalCredentialParameters>
                <label>Billing API</label>
            </ExternalCredential>

            """.utf8
        ).write(to: jwt)
        let result = try credc(["plan", "config", "--state-metadata", "org", "--metadata-out", "md"], in: folder)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stderr.contains(
                "org/externalCredentials/billing_api.externalCredential-meta.xml:4:5: error: the org holds ExternalCredential "
                    + "'billing_api' that credc cannot represent (uses the TokenExchange flow); the configuration defines one of "
                    + "the same name ('Billing_API'), so a deploy would replace it"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("md").path))
    }
}
