import Foundation
import Testing

/// Builds `config` into a state file inside `folder`.
private func deploy(_ config: String, in folder: URL, as name: String = "state.json") throws {
    let source = try makeFolder(["a.yaml": config])
    let result = try credc(["build", "a.yaml", "-o", folder.appendingPathComponent(name).path], in: source)
    try #require(result.status == 0, "\(result.stderr)")
}

private let renamed = validConfig.replacingOccurrences(of: "  - name: Admin\n", with: "  - name: Administrators\n")
private let perUser = validConfig.replacingOccurrences(
    of: "    sequence: 1\n", with: "    sequence: 1\n    identityType: PerUserPrincipal\n")

@Suite struct PlanCommandTests {
    @Test func identicalStateHasNoChanges() throws {
        let folder = try makeFolder(["a.yaml": validConfig])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "--detailed-exitcode"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete.\n"))
    }

    @Test func emptyStateCreatesEverythingInDependencyOrder() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "state.json": emptyManifest])
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "--format", "json", "--detailed-exitcode"], in: folder)
        #expect(result.status == 2, "\(result.stderr)")
        let json = try parseJSON(result.stdout)
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["action"]!) \($0["kind"]!) \($0["name"]!)" } == [
            "create ExternalAuthIdentityProvider Okta_Prod", "create ExternalCredential Billing_API",
            "create Principal Billing_API/Admin", "create NamedCredential Billing",
            "create PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
        ])
        #expect(json["summary"] as? [String: Int] == ["create": 5, "update": 0, "replace": 0, "delete": 0])
    }

    @Test func deletesComeInReverseOrder() throws {
        let folder = try makeFolder(["a.yaml": validConfig.components(separatedBy: "---\n")[0]])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("- ") }
        #expect(lines == [
            "- delete PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins", "- delete NamedCredential Billing",
            "- delete Principal Billing_API/Admin", "- delete ExternalCredential Billing_API",
        ])
        #expect(result.stdout.hasSuffix("Plan: 0 to create, 0 to update, 0 to replace, 4 to delete.\n"))
    }

    @Test func updatesShowBeforeAndAfter() throws {
        let folder = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "label: Billing API", with: "label: Billing v2")])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.stdout.contains("~ update ExternalCredential Billing_API\n    label: \"Billing API\" -> \"Billing v2\"\n"))
    }

    @Test func renameIsBlockedWithAPositionedDiagnostic() throws {
        let folder = try makeFolder(["a.yaml": renamed])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.yaml:18:11: error: "))
        #expect(result.stderr.contains("[immutable-field]"))
        #expect(result.stderr.contains("`credc plan --allow-replace`"))
        let check = try credc(["check", "a.yaml", "--state", "state.json", "--format", "json"], in: folder)
        #expect(check.status == 1)
        let diagnostics = try #require(try parseJSON(check.stdout)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String } == ["immutable-field"])
        #expect(diagnostics.first?["line"] as? Int == 18)
        // `check` takes no --allow-replace: the hint names the command that does.
        #expect((diagnostics.first?["message"] as? String)?.hasSuffix("Plan it as a replace with `credc plan --allow-replace`") == true)
    }

    @Test func blockedPlanShowsEveryChangeAndWritesNothing() throws {
        let folder = try makeFolder(["a.yaml": renamed.replacingOccurrences(of: "label: Billing API", with: "label: Billing v2")])
        try deploy(validConfig, in: folder)
        let result = try credc(
            ["plan", "a.yaml", "--state", "state.json", "-o", "plan.json", "--metadata-out", "deploy", "--detailed-exitcode"],
            in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Plan against the manifest 'state.json'.\n\nPlan blocked: 1 principal change cannot be made in place (marked `# blocked`)"))
        #expect(result.stdout.contains("~ update ExternalCredential Billing_API\n    label: \"Billing API\" -> \"Billing v2\"\n"))
        #expect(result.stdout.contains("-/+ replace Principal Billing_API/Administrators  # blocked\n"))
        #expect(result.stdout.hasSuffix("Plan: 1 to create, 1 to update, 1 to replace, 0 to delete.\n"))
        #expect(result.stderr.contains("[immutable-field]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("deploy").path))

        let json = try credc(["plan", "a.yaml", "--state", "state.json", "--format", "json"], in: folder)
        #expect(json.status == 1)
        let plan = try parseJSON(json.stdout)
        #expect(plan["planVersion"] as? Int == 1)
        #expect(plan["blocked"] as? Bool == true)
        let changes = try #require(plan["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["action"]!) \($0["name"]!) \($0["blocked"] as? Bool ?? false)" } == [
            "update Billing_API false", "replace Billing_API/Administrators true",
            "create Billing_API/Administrators/permissionSet:Billing_Admins false",
        ])
    }

    @Test func createdProvidersNeedTheirClientCredentialsEntered() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "state.json": emptyManifest])
        let text = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("""
            + create ExternalAuthIdentityProvider Okta_Prod
                label: "Okta"
            """))
        #expect(text.stdout.contains("""
                # after the deploy, `credc secrets --apply` enters the client ID and client secret of 'Okta_Prod' \
            (clientId from $OKTA_CLIENT_ID, clientSecret from $OKTA_CLIENT_SECRET); a deploy never carries them

            + create ExternalCredential Billing_API
            """))
        let json = try parseJSON(try credc(["plan", "a.yaml", "--state", "state.json", "--format", "json"], in: folder).stdout)
        let followUps = try #require(json["followUp"] as? [[String: String]])
        #expect(followUps.count == 1)
        #expect(followUps.first?["task"] == "enterProviderCredentials")
        #expect(followUps.first?["kind"] == "ExternalAuthIdentityProvider")
        #expect(followUps.first?["name"] == "Okta_Prod")
        #expect(json["blocked"] as? Bool == false)

        // An update carries no follow-up: the org keeps the credentials it has.
        try deploy(validConfig, in: folder)
        let updated = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "label: Okta\n", with: "label: Okta 2\n")])
        let update = try credc(
            ["plan", "a.yaml", "--state", folder.appendingPathComponent("state.json").path, "--format", "json"], in: updated)
        #expect(try #require(try parseJSON(update.stdout)["followUp"] as? [Any]).isEmpty)
    }

    @Test func createdPrincipalsNeedTheirSecretsEntered() throws {
        let config = """
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Legacy_ERP
            label: Legacy ERP
            protocol: Basic
            principals:
              - {name: Integration, sequence: 1, permissionSets: [ERP_Users], secrets: {username: ERP_USERNAME, password: ERP_PASSWORD}}
              - {name: Batch, sequence: 2, permissionSets: [ERP_Users]}
              - {name: Each_User, sequence: 3, identityType: PerUserPrincipal, permissionSets: [ERP_Users]}

            """
        let folder = try makeFolder(["a.yaml": config, "state.json": emptyManifest])
        let text = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(
            "    # after the deploy, `credc secrets --apply` enters the credentials of principal 'Integration' of 'Legacy_ERP' "
                + "(username from $ERP_USERNAME, password from $ERP_PASSWORD); a deploy never carries them\n"), "\(text.stdout)")
        #expect(text.stdout.contains(
            "    # after the deploy, enter the credentials of principal 'Batch' of 'Legacy_ERP' in the org (username, password): "))
        let json = try parseJSON(try credc(["plan", "a.yaml", "--state", "state.json", "--format", "json"], in: folder).stdout)
        let followUps = try #require(json["followUp"] as? [[String: String]])
        #expect(followUps.map { "\($0["task"]!) \($0["kind"]!) \($0["name"]!)" } == [
            "enterPrincipalCredentials Principal Legacy_ERP/Batch", "enterPrincipalCredentials Principal Legacy_ERP/Integration",
        ])
    }

    @Test func renameWithAllowReplaceIsAReplace() throws {
        let folder = try makeFolder(["a.yaml": renamed])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "--allow-replace", "--detailed-exitcode"], in: folder)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.contains("-/+ replace Principal Billing_API/Administrators"))
        #expect(result.stdout.contains("# forces replacement"))
        #expect(result.stdout.contains("+ create PrincipalAccess Billing_API/Administrators/permissionSet:Billing_Admins"))
        #expect(result.stdout.hasSuffix("Plan: 1 to create, 0 to update, 1 to replace, 0 to delete.\n"))
    }

    @Test func identityTypeChangeIsBlockedAtTheIdentityType() throws {
        // This flow allows only NamedPrincipal, so the PerUserPrincipal state is built with the
        // identity-type rule turned off in that folder's settings.
        let stateSource = try makeFolder(["a.yaml": perUser, ".credc.yaml": "rules:\n  identity-type: off\n"])
        let folder = try makeFolder(["a.yaml": validConfig])
        let built = try credc(["build", "a.yaml", "-o", folder.appendingPathComponent("state.json").path], in: stateSource)
        try #require(built.status == 0, "\(built.stderr)")
        let result = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.yaml:18:11: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("[immutable-field]"))
        let allowed = try credc(["plan", "a.yaml", "--state", "state.json", "--allow-replace"], in: folder)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("-/+ replace Principal Billing_API/Admin"))
    }

    @Test func accessGrantChangesAreTheirOwnChanges() throws {
        let folder = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "[Billing_Admins]", with: "[Billing_Auditors]\n    profiles: [Finance User]")])
        try deploy(validConfig, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "--format", "json"], in: folder)
        let changes = try #require(try parseJSON(result.stdout)["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["action"]!) \($0["name"]!)" } == [
            "create Billing_API/Admin/permissionSet:Billing_Auditors", "create Billing_API/Admin/profile:Finance User",
            "delete Billing_API/Admin/permissionSet:Billing_Admins",
        ])
    }

    @Test func unmanagedProvidersNeverChange() throws {
        let unmanaged = validConfig.replacingOccurrences(of: "tokenUrl: https://acme.okta.com/oauth2/v1/token\n\(validConfigSecrets)\n", with: "tokenUrl: https://acme.okta.com/oauth2/v1/token\nunmanaged: true\n")
        let folder = try makeFolder(["a.yaml": unmanaged.replacingOccurrences(of: "label: Okta\n", with: "label: Okta renamed\n")])
        try deploy(unmanaged, in: folder)
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "--detailed-exitcode"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func missingAndCorruptStates() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "bad.json": "{\"manifestVersion\": 1, \"resources\": [", "other.json": "{\"manifestVersion\": 2, \"digest\": \"x\", \"resources\": []}"])
        let missing = try credc(["plan", "a.yaml", "--state", "nope.json"], in: folder)
        #expect(missing.status == 66)
        let corrupt = try credc(["plan", "a.yaml", "--state", "bad.json"], in: folder)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("not a valid credc manifest"))
        let wrongVersion = try credc(["plan", "a.yaml", "--state", "other.json"], in: folder)
        #expect(wrongVersion.status == 1)
        #expect(wrongVersion.stderr.contains("manifestVersion"), "\(wrongVersion.stderr)")
    }

    @Test func planWritesItsJSONAtomically() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "state.json": emptyManifest])
        let result = try credc(["plan", "a.yaml", "--state", "state.json", "-o", "plan.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("plan.json"), encoding: .utf8)
        #expect(try parseJSON(written)["planVersion"] as? Int == 1)
        // Missing folders above the file are created (OutputFolderTests has every command).
        #expect(try credc(["plan", "a.yaml", "--state", "state.json", "-o", "missing/plan.json"], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing/plan.json").path))
    }

    /// SPEC §4: findings about the state are diagnostics in the chosen format (exit 1, no plan).
    @Test func corruptStatesAreInvalidStateDiagnosticsInJSON() throws {
        let wrongDigest = emptyManifest.replacingOccurrences(of: "sha256:4f53", with: "sha256:0000")
        let folder = try makeFolder([
            "a.yaml": validConfig, "bad.json": "{\"manifestVersion\": 1,\n  \"resources\": [", "edited.json": wrongDigest,
        ])
        let malformed = try credc(["plan", "a.yaml", "--state", "bad.json", "--format", "json"], in: folder)
        #expect(malformed.status == 1)
        #expect(malformed.stdout.isEmpty)
        let diagnostics = try #require(try parseJSON(malformed.stderr)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1, "\(malformed.stderr)")
        #expect(diagnostics.first?["rule"] as? String == "invalid-state")
        #expect(diagnostics.first?["severity"] as? String == "error")
        #expect(diagnostics.first?["file"] as? String == "bad.json")
        #expect(diagnostics.first?["line"] as? Int == 2)

        let edited = try credc(["plan", "a.yaml", "--state", "edited.json", "--format", "json"], in: folder)
        #expect(edited.status == 1)
        let found = try #require(try parseJSON(edited.stderr)["diagnostics"] as? [[String: Any]])
        #expect(found.map { $0["rule"] as? String } == ["invalid-state"], "\(edited.stderr)")
        #expect(found.first?["file"] as? String == "edited.json")
        #expect(found.first?["path"] as? String == "digest")
        #expect(found.first?["line"] as? Int == 2)  // the digest's value
        #expect(found.first?["column"] as? Int == 13)
        #expect((found.first?["message"] as? String)?.contains("digest mismatch") == true)

        // check --state reports it the same way, in text with the source line.
        let check = try credc(["check", "a.yaml", "--state", "bad.json"], in: folder)
        #expect(check.status == 1)
        #expect(check.stdout.contains("bad.json:2:"), "\(check.stdout)")
        #expect(check.stdout.contains("[invalid-state]"))
    }

    @Test func configurationErrorsBlockThePlan() throws {
        let folder = try makeFolder(["a.yaml": "a: [\n", "state.json": emptyManifest])
        let result = try credc(["plan", "a.yaml", "--state", "state.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    /// `--prune` means something only against a retrieved folder (SPEC §9): with `--state` it
    /// is a usage error, not silently ignored.
    @Test func pruneWithAManifestStateIsAUsageError() throws {
        let result = try credc(["plan", "Samples", "--state", "no-such-state.json", "--prune"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--prune applies only with --state-metadata"), "\(result.stderr)")
        #expect(!result.stderr.contains("no-such-state.json"))
    }
}

private let emptyManifest = """
    {
      "digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
      "manifestVersion": 1,
      "resources": []
    }

    """

