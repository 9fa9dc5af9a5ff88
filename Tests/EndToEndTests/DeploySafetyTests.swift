import Foundation
import Testing

/// SPEC §11: deploys that cannot hurt an org. Each org folder is real-shaped: written by
/// `credc export` (whose shapes are checked against retrieved files, docs/metadata.md), then
/// edited as an org drifts, or written by hand as `sf project retrieve start` lays it out.
@Suite struct DeploySafetyTests {
    /// What credc deployed last: `validConfig` plus a named credential since removed.
    static let deployedConfig = validConfig + """
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Reports
        label: Reports
        url: https://reports.example.com
        externalCredential: Billing_API

        """

    /// Today's configuration: `Reports` removed, a second permission set granted.
    static let currentConfig = validConfig.replacingOccurrences(
        of: "permissionSets: [Billing_Admins]", with: "permissionSets: [Billing_Admins, Billing_Support]")

    static let supportPermissionSet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
            <description>Support staff</description>
            <label>Billing Support</label>
            <userPermissions>
                <enabled>true</enabled>
                <name>ViewSetup</name>
            </userPermissions>
        </PermissionSet>

        """

    /// A named credential someone made in Setup, on the credential credc manages.
    static let manualNamedCredential = """
        <?xml version="1.0" encoding="UTF-8"?>
        <NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
            <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
            <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
            <calloutStatus>Enabled</calloutStatus>
            <generateAuthorizationHeader>true</generateAuthorizationHeader>
            <label>Manual</label>
            <namedCredentialParameters>
                <parameterName>Url</parameterName>
                <parameterType>Url</parameterType>
                <parameterValue>https://manual.example.com</parameterValue>
            </namedCredentialParameters>
            <namedCredentialParameters>
                <externalCredential>\(credentialPlaceholder)</externalCredential>
                <parameterName>ExternalCredential</parameterName>
                <parameterType>Authentication</parameterType>
            </namedCredentialParameters>
            <namedCredentialType>SecuredEndpoint</namedCredentialType>
        </NamedCredential>

        """
    static let credentialPlaceholder = "CREDENTIAL"

    static func namedCredential(using credential: String) -> String {
        manualNamedCredential.replacingOccurrences(of: credentialPlaceholder, with: credential)
    }

    /// A workspace with `config/`, `state.json` (credc's last deploy) and `org/` (the org now,
    /// which has drifted: the Billing URL points elsewhere, a named credential was added in
    /// Setup, the support permission set has other permissions).
    func driftedWorkspace() throws -> URL {
        let folder = try makeFolder([
            "deployed/a.yaml": Self.deployedConfig, "config/a.yaml": Self.currentConfig,
        ])
        #expect(try credc(["build", "deployed", "-o", "state.json"], in: folder).status == 0)
        #expect(try credc(["export", "deployed", "--out", "org"], in: folder).status == 0)
        let org = folder.appendingPathComponent("org")
        try FileManager.default.removeItem(at: org.appendingPathComponent(".credc-export"))
        let billing = org.appendingPathComponent("namedCredentials/Billing.namedCredential-meta.xml")
        let drifted = try String(contentsOf: billing, encoding: .utf8)
            .replacingOccurrences(of: "https://billing.example.com/v2", with: "https://billing.prod.example.com/v2")
        try Data(drifted.utf8).write(to: billing)
        try Data(Self.namedCredential(using: "Billing_API").utf8).write(
            to: org.appendingPathComponent("namedCredentials/Manual.namedCredential-meta.xml"))
        try Data(Self.supportPermissionSet.utf8).write(
            to: org.appendingPathComponent("permissionsets/Billing_Support.permissionset-meta.xml"))
        return folder
    }

    @Test func bothStatesShowDriftDeleteWhatCredcDeployedAndMergePermissionSets() throws {
        let folder = try driftedWorkspace()
        let result = try credc(
            ["plan", "config", "--state", "state.json", "--state-metadata", "org", "--metadata-out", "out/deploy"],
            in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == """
            Plan against the manifest 'state.json' and the org as retrieved in 'org'.

            ~ update NamedCredential Billing
                url: "https://billing.prod.example.com/v2" -> "https://billing.example.com/v2"  # changed in the org

            + create PrincipalAccess Billing_API/Admin/permissionSet:Billing_Support

            - delete NamedCredential Reports

            Kept: not in the configuration, left in the org (--prune deletes them):
              = NamedCredential Manual  # added in the org, not by credc

            Plan: 1 to create, 1 to update, 0 to replace, 1 to delete, 1 kept.

            """)
        // The permission set is merged into the org's, not replaced by one holding only the grant.
        #expect(!result.stderr.contains("written with only its external credential principal accesses"), "\(result.stderr)")
        let deploy = folder.appendingPathComponent("out/deploy")
        let support = try String(
            contentsOf: deploy.appendingPathComponent("permissionsets/Billing_Support.permissionset-meta.xml"), encoding: .utf8)
        #expect(support.contains("<name>ViewSetup</name>"))
        #expect(support.contains("<externalCredentialPrincipal>Billing_API-Admin</externalCredentialPrincipal>"))
        let pre = try String(contentsOf: deploy.appendingPathComponent("destructiveChangesPre.xml"), encoding: .utf8)
        #expect(pre.contains("<members>Reports</members>") && !pre.contains("Manual"))

        let json = try parseJSON(
            credc(["plan", "config", "--state", "state.json", "--state-metadata", "org", "--format", "json"], in: folder).stdout)
        #expect(json["environment"] is NSNull)
        let state = try #require(json["state"] as? [String: Any])
        #expect(state["manifest"] as? String == "state.json" && state["metadata"] as? String == "org")
        let changes = try #require(json["changes"] as? [[String: Any]])
        let fields = try #require(changes.first?["fields"] as? [[String: Any]])
        #expect(fields.first?["changedInOrg"] as? Bool == true)
        let kept = try #require(json["kept"] as? [[String: Any]])
        #expect(kept.first?["drift"] as? String == "addedInOrg")
    }

    @Test func pruneWithBothStatesDeletesWhatCredcNeverDeployedToo() throws {
        let folder = try driftedWorkspace()
        let result = try credc(
            ["plan", "config", "--state", "state.json", "--state-metadata", "org", "--prune"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("- delete NamedCredential Manual  # added in the org, not by credc\n"))
        #expect(result.stdout.contains("- delete NamedCredential Reports\n"))
        // --prune needs a retrieved folder: against a manifest alone it would do nothing.
        let alone = try credc(["plan", "config", "--state", "state.json", "--prune"], in: folder)
        #expect(alone.status == 64)
    }

    @Test func aRefreshedSandboxIsNoLongerNoChanges() throws {
        // UAT refreshed from production: the configuration and the manifest agree, the org does not.
        let folder = try driftedWorkspace()
        let result = try credc(
            ["plan", "deployed", "--state", "state.json", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("  # changed in the org\n"))
        let manifestOnly = try credc(["plan", "deployed", "--state", "state.json", "--detailed-exitcode"], in: folder)
        #expect(manifestOnly.status == 0)
    }

    @Test(arguments: ["Gone_API", "Jwt_API"])
    func aNamedCredentialWhoseCredentialIsAbsentOrForeignIsNeverAChange(credential: String) throws {
        var files = [
            "config/a.yaml": validConfig,
            "org/namedCredentials/Orphan.namedCredential-meta.xml": Self.namedCredential(using: credential),
        ]
        // A credential of a protocol credc does not represent (the metadata page reserves JwtExchange).
        files["org/externalCredentials/Jwt_API.externalCredential-meta.xml"] = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationProtocol>JwtExchange</authenticationProtocol>
                <externalCredentialParameters>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>AuthProtocolVariant</parameterName>
                    <parameterType>AuthProtocolVariant</parameterType>
                    <parameterValue>JwtBearer</parameterValue>
                </externalCredentialParameters>
                <label>Jwt API</label>
            </ExternalCredential>

            """
        let folder = try makeFolder(files)
        for prune in [false, true] {
            let result = try credc(
                ["plan", "config", "--state-metadata", "org", "--metadata-out", "deploy", "--format", "json"]
                    + (prune ? ["--prune"] : []), in: folder)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(!result.stdout.contains("Orphan"), "\(result.stdout)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("deploy/destructiveChangesPre.xml").path))
            #expect(result.stderr.contains(
                "NamedCredential 'Orphan' uses external credential '\(credential)', which "
                    + (credential == "Gone_API" ? "is not in the folder" : "credc does not manage")), "\(result.stderr)")
        }
        // import decides the same, in the same words.
        // The folder holds nothing else credc can represent: import lists it and writes nothing.
        let imported = try credc(["import", "org", "--out", "imported"], in: folder)
        #expect(imported.status == 66)
        #expect(imported.stdout.contains("NamedCredential 'Orphan' uses external credential '\(credential)'"), "\(imported.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("imported/named-credentials/Orphan.yaml").path))
    }

    @Test func aConfiguredNamedCredentialWhoseCredentialWasNotRetrievedAsksForIt() throws {
        let folder = try makeFolder([
            "config/a.yaml": validConfig,
            "org/namedCredentials/Billing.namedCredential-meta.xml": Self.namedCredential(using: "Billing_API"),
        ])
        let result = try credc(["plan", "config", "--state-metadata", "org"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("retrieve ExternalCredential 'Billing_API' too, so that credc can compare it"), "\(result.stderr)")
    }

    @Test func anOrgHeaderValueAppearsInNoOutput() throws {
        let secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
        let folder = try makeFolder(["config/a.yaml": validConfig])
        #expect(try credc(["export", "config", "--out", "org"], in: folder).status == 0)
        let billing = folder.appendingPathComponent("org/namedCredentials/Billing.namedCredential-meta.xml")
        let withHeader = try String(contentsOf: billing, encoding: .utf8).replacingOccurrences(
            of: "    <namedCredentialType>",
            with: """
                    <namedCredentialParameters>
                        <parameterName>x-api-key</parameterName>
                        <parameterType>HttpHeader</parameterType>
                        <parameterValue>\(secret)</parameterValue>
                        <sequenceNumber>1</sequenceNumber>
                    </namedCredentialParameters>
                    <namedCredentialType>
                """)
        try Data(withHeader.utf8).write(to: billing)
        var outputs: [String] = []
        for format in ["text", "json", "sarif", "github"] {
            let plan = try credc(["plan", "config", "--state-metadata", "org", "--format", format], in: folder)
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
            let check = try credc(["check", "config", "--state-metadata", "org", "--format", format], in: folder)
            outputs += [plan.stdout, plan.stderr, check.stdout, check.stderr]
        }
        // The header is modelled now; the configuration lacks it, so its org value is hidden, its name shown.
        #expect(
            outputs[0].contains(#"headers: [{"name":"x-api-key","sequence":1,"value":"(value hidden)"}] -> []"#), "\(outputs[0])")
        for output in outputs { #expect(!output.contains(secret), "\(output)") }
    }

    @Test func aReplaceUnderTheSameNameIsARemovalDeployFirst() throws {
        let browser = """
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Entra_Portal
            label: Entra ID
            protocol: OAuth
            flow: AuthorizationCode
            tokenUrl: https://login.microsoftonline.com/tenant/oauth2/v2.0/token
            authorizeUrl: https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize
            ---
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Billing_API
            label: Billing API
            protocol: OAuth
            flow: BrowserFlowExternalIdentityProvider
            identityProvider: Entra_Portal
            principals:
              - name: Admin
                sequence: 1
                identityType: NamedPrincipal
                permissionSets: [Billing_Admins]

            """
        let folder = try makeFolder([
            "deployed/a.yaml": browser,
            "config/a.yaml": browser.replacingOccurrences(of: "identityType: NamedPrincipal", with: "identityType: PerUserPrincipal"),
        ])
        #expect(try credc(["build", "deployed", "-o", "state.json"], in: folder).status == 0)
        let result = try credc(
            ["plan", "config", "--state", "state.json", "--allow-replace", "--metadata-out", "deploy"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("-/+ replace Principal Billing_API/Admin\n"))
        let deploy = folder.appendingPathComponent("deploy")
        let removal = try String(
            contentsOf: deploy.appendingPathComponent("replace/externalCredentials/Billing_API.externalCredential"), encoding: .utf8)
        #expect(!removal.contains("<parameterName>Admin</parameterName>"))
        let package = try String(contentsOf: deploy.appendingPathComponent("replace/package.xml"), encoding: .utf8)
        #expect(package.contains("<members>Billing_API</members>") && package.contains("<name>ExternalCredential</name>"))
        let final = try String(
            contentsOf: deploy.appendingPathComponent("externalCredentials/Billing_API.externalCredential-meta.xml"), encoding: .utf8)
        #expect(final.contains("<parameterName>Admin</parameterName>") && final.contains("<parameterType>PerUserPrincipal</parameterType>"))
        #expect(result.stderr.contains(
            "credc: note: this plan is 3 deploys, in this order: 1. `sf project deploy start --metadata-dir deploy/replace` "
                + "removes the principals replaced under their name; 2. `--manifest deploy/package.xml` applies the plan; "
                + "3. `--manifest deploy/grants/package.xml` grants access to the new principals"), "\(result.stderr)")
    }

    @Test func aPlanNamesItsEnvironment() throws {
        let config = validConfig.replacingOccurrences(of: "https://billing.example.com/v2", with: "${BILLING_URL}") + """
            ---
            apiVersion: credc/v1
            kind: Environment
            name: prod
            variables: {BILLING_URL: "https://billing.example.com/v2"}
            ---
            apiVersion: credc/v1
            kind: Environment
            name: uat
            variables: {BILLING_URL: "https://billing.uat.example.com/v2"}

            """
        let folder = try makeFolder(["config/a.yaml": config])
        #expect(try credc(["export", "config", "--env", "prod", "--out", "org"], in: folder).status == 0)
        let text = try credc(["plan", "config", "--env", "uat", "--state-metadata", "org"], in: folder)
        #expect(text.stdout.hasPrefix("Plan for environment 'uat' against the org as retrieved in 'org'.\n"), "\(text.stdout)\(text.stderr)")
        let json = try parseJSON(credc(["plan", "config", "--env", "uat", "--state-metadata", "org", "--format", "json"], in: folder).stdout)
        #expect(json["environment"] as? String == "uat")
    }
}

/// Issue 26: a plan shows what changed, and nothing that is unset.
@Suite struct PlanPrecisionTests {
    @Test func aChangeInsideAnObjectIsShownAtItsLeafAndCreatesLeaveOutWhatIsUnset() throws {
        let deployed = validConfig.replacingOccurrences(
            of: "tokenUrl: https://acme.okta.com/oauth2/v1/token",
            with: "tokenUrl: https://acme.okta.com/oauth2/v1/token\ntokenRequest:\n  body: {audience: https://api.example.com}")
        let current = deployed.replacingOccurrences(of: "audience: https://api.example.com", with: "audience: https://api.example.com/v2")
        let folder = try makeFolder(["deployed/a.yaml": deployed, "config/a.yaml": current])
        #expect(try credc(["build", "deployed", "-o", "state.json"], in: folder).status == 0)
        let update = try credc(["plan", "config", "--state", "state.json"], in: folder)
        #expect(update.stdout.contains("""
            ~ update ExternalAuthIdentityProvider Okta_Prod
                tokenRequest.body.audience: "https://api.example.com" -> "https://api.example.com/v2"

            """), "\(update.stdout)")
        #expect(!update.stdout.contains("\"query\""))

        try Data(#"{"manifestVersion": 1, "digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "resources": []}"#.utf8)
            .write(to: folder.appendingPathComponent("empty.json"))
        let create = try credc(["plan", "config", "--state", "empty.json"], in: folder)
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout.contains("    tokenRequest: {\"body\":{\"audience\":\"https://api.example.com/v2\"},\"headers\":{},\"query\":{}}\n"))
        for unset in ["description: null", "authorizeUrl: null", "scope: null", "refreshRequest:", "additionalRefreshStatusCodes: []"] {
            #expect(!create.stdout.contains(unset), "\(unset)")
        }
    }
}
