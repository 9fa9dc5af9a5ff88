import Foundation
import Testing

/// Resources the tests delete: a provider, a credential using it (a principal with a space in
/// its name and a permission-set grant) and a named credential using that.
let legacyResources = """
    ---
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Old
    label: Okta (old)
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://old.okta.com/oauth2/v1/token
    ---
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Legacy_API
    label: Legacy API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta_Old
    principals:
      - name: Legacy Principal
        sequence: 1
        permissionSets: [Legacy_Users]
    ---
    apiVersion: credc/v1
    kind: NamedCredential
    name: Legacy
    label: Legacy
    url: https://legacy.example.com
    externalCredential: Legacy_API

    """

/// A folder as `sf project retrieve start` writes it (SALESFORCE.md §1.11, §4): under
/// force-app/main/default, explicit parameter groups, principal names with spaces, a
/// permission set with permissions credc does not manage, and a custom header credc cannot
/// represent.
let retrievedFixture: [String: String] = [
    "force-app/main/default/externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <ExternalAuthIdentityProvider xmlns="http://soap.sforce.com/2006/04/metadata">
            <authenticationFlow>ClientCredentials</authenticationFlow>
            <authenticationProtocol>OAuth</authenticationProtocol>
            <externalAuthIdentityProviderParameters>
                <parameterName>ClientAuthentication</parameterName>
                <parameterType>ClientAuthentication</parameterType>
                <parameterValue>ClientSecretPost</parameterValue>
            </externalAuthIdentityProviderParameters>
            <externalAuthIdentityProviderParameters>
                <parameterName>TokenUrl</parameterName>
                <parameterType>TokenUrl</parameterType>
                <parameterValue>https://acme.okta.com/oauth2/v1/token</parameterValue>
            </externalAuthIdentityProviderParameters>
            <label>Okta</label>
        </ExternalAuthIdentityProvider>

        """,
    "force-app/main/default/externalCredentials/Billing_API.externalCredential-meta.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
            <authenticationProtocol>Oauth</authenticationProtocol>
            <externalCredentialParameters>
                <externalAuthIdentityProvider>Okta_Prod</externalAuthIdentityProvider>
                <parameterGroup>DefaultGroup</parameterGroup>
                <parameterName>ExternalAuthIdentityProvider</parameterName>
                <parameterType>ExternalAuthIdentityProvider</parameterType>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterGroup>DefaultGroup</parameterGroup>
                <parameterName>Scope</parameterName>
                <parameterType>AuthParameter</parameterType>
                <parameterValue>billing.read billing.write</parameterValue>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterGroup>DefaultGroup</parameterGroup>
                <parameterName>X-Tenant</parameterName>
                <parameterType>AuthHeader</parameterType>
                <parameterValue>{!$Credential.Billing_API.Tenant}</parameterValue>
                <sequenceNumber>1</sequenceNumber>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterGroup>Super Admin</parameterGroup>
                <parameterName>Super Admin</parameterName>
                <parameterType>NamedPrincipal</parameterType>
                <sequenceNumber>1</sequenceNumber>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterGroup>EPIC Integration Principal</parameterGroup>
                <parameterName>EPIC Integration Principal</parameterName>
                <parameterType>NamedPrincipal</parameterType>
                <sequenceNumber>2</sequenceNumber>
            </externalCredentialParameters>
            <label>Billing API</label>
        </ExternalCredential>

        """,
    "force-app/main/default/namedCredentials/Billing.namedCredential-meta.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
            <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
            <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
            <calloutStatus>Enabled</calloutStatus>
            <generateAuthorizationHeader>true</generateAuthorizationHeader>
            <label>Billing</label>
            <namedCredentialParameters>
                <parameterName>Url</parameterName>
                <parameterType>Url</parameterType>
                <parameterValue>https://billing.example.com/v2</parameterValue>
            </namedCredentialParameters>
            <namedCredentialParameters>
                <externalCredential>Billing_API</externalCredential>
                <parameterName>ExternalCredential</parameterName>
                <parameterType>Authentication</parameterType>
            </namedCredentialParameters>
            <namedCredentialType>SecuredEndpoint</namedCredentialType>
        </NamedCredential>

        """,
    "force-app/main/default/permissionsets/Billing_Admins.permissionset-meta.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
            <externalCredentialPrincipalAccesses>
                <enabled>true</enabled>
                <externalCredentialPrincipal>Billing_API-EPIC Integration Principal</externalCredentialPrincipal>
            </externalCredentialPrincipalAccesses>
            <externalCredentialPrincipalAccesses>
                <enabled>true</enabled>
                <externalCredentialPrincipal>Billing_API-Super Admin</externalCredentialPrincipal>
            </externalCredentialPrincipalAccesses>
            <hasActivationRequired>false</hasActivationRequired>
            <label>Billing Admins</label>
            <license>Salesforce</license>
            <userPermissions>
                <enabled>true</enabled>
                <name>ApiEnabled</name>
            </userPermissions>
        </PermissionSet>

        """,
]

/// The configuration the retrieved fixture holds.
let retrievedConfig = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Prod
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://acme.okta.com/oauth2/v1/token
    clientAuthentication: body
    ---
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Billing_API
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta_Prod
    scope: billing.read billing.write
    passClientCredentialsInBody: true
    principals:
      - name: Super Admin
        sequence: 1
        permissionSets: [Billing_Admins]
      - name: EPIC Integration Principal
        sequence: 2
        permissionSets: [Billing_Admins]
    ---
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: https://billing.example.com/v2
    externalCredential: Billing_API

    """

@Suite struct PlanSFDXTests {
    @Test func exportThenPlanAgainstItHasNoChanges() throws {
        let folder = try makeFolder(["config/a.yaml": configWithProfile + legacyResources])
        #expect(try credc(["export", "config", "--out", "org"], in: folder).status == 0)
        let result = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("Plan against the org as retrieved in 'org'.\n\nNo changes. The configuration matches the state.\n"))
        // Profile grants cannot be read back from metadata: said, not silently dropped.
        // The profile grant is not compared: its rule says so, at the grant, once.
        #expect(result.stderr.components(separatedBy: "[profile-access-not-deployable]").count == 2, "\(result.stderr)")

        let check = try credc(["check", "config", "--state-metadata", "org"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func planNeedsAStateAndReadsBoth() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig, "state.json": "{}", "org/.keep": ""])
        // Both are read (SPEC §11): an invalid manifest is an invalid-state error at its position.
        let both = try credc(["plan", "config", "--state", "state.json", "--state-metadata", "org"], in: folder)
        #expect(both.status == 1)
        #expect(both.stderr.contains("state.json:1:1: error: not a valid credc manifest"), "\(both.stderr)")

        let neither = try credc(["plan", "config"], in: folder)
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("plan needs the deployed state: --state FILE"))

        let check = try credc(["check", "config", "--state", "state.json", "--state-metadata", "org"], in: folder)
        #expect(check.status == 1)

        let missing = try credc(["plan", "config", "--state-metadata", "nowhere"], in: folder)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("cannot read the state folder 'nowhere'"))
    }

    @Test func retrievedFolderIsTheState() throws {
        var files = retrievedFixture
        files["config/a.yaml"] = retrievedConfig
        let folder = try makeFolder(files)
        let result = try credc(
            ["plan", "config", "--state-metadata", "force-app", "--detailed-exitcode"], in: folder)
        // The org's custom header, which the configuration lacks: a deploy of the credential
        // removes it, so the plan shows that, by name, its value hidden.
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("""
            Plan against the org as retrieved in 'force-app'.

            ~ update ExternalCredential Billing_API
                authHeaders: [{"name":"X-Tenant","sequence":1,"value":"(value hidden)"}] -> []

            Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.

            """), "\(result.stdout)")
        #expect(!result.stderr.contains("[unrepresented-state]"), "\(result.stderr)")
        #expect(result.stderr.contains(
            "force-app/main/default/permissionsets/Billing_Admins.permissionset-meta.xml:"))
        #expect(result.stderr.contains(": info: <userPermissions> is not managed by credc; ignored [foreign-resource]"))

        // A change against it: a principal with a space in its name loses its grant.
        let revoked = retrievedConfig.replacingOccurrences(
            of: "sequence: 2\n    permissionSets: [Billing_Admins]", with: "sequence: 2\n    permissionSets: []")
        try Data(revoked.utf8).write(to: folder.appendingPathComponent("config/a.yaml"))
        let plan = try credc(
            ["plan", "config", "--state-metadata", "force-app", "--metadata-out", "deploy", "--detailed-exitcode"],
            in: folder)
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("- delete PrincipalAccess Billing_API/EPIC Integration Principal/permissionSet:Billing_Admins"))
        let deploy = folder.appendingPathComponent("deploy")
        #expect(filesUnder(deploy) == [
            ".credc-export", "externalCredentials/Billing_API.externalCredential-meta.xml", "package.xml",
            "permissionsets/Billing_Admins.permissionset-meta.xml",
        ])
        let permissionSet = try text(deploy, "permissionsets/Billing_Admins.permissionset-meta.xml")
        // Merged into the org's whole permission set: nothing else in it is stripped.
        #expect(permissionSet.contains("<label>Billing Admins</label>") && permissionSet.contains("<name>ApiEnabled</name>"))
        #expect(!plan.stderr.contains("replaces the permission set's content"))
        #expect(permissionSet.contains(
            "        <enabled>false</enabled>\n        <externalCredentialPrincipal>Billing_API-EPIC Integration Principal</externalCredentialPrincipal>\n"))
        #expect(permissionSet.contains(
            "        <enabled>true</enabled>\n        <externalCredentialPrincipal>Billing_API-Super Admin</externalCredentialPrincipal>\n"))
    }

    @Test func readerErrorsStopThePlan() throws {
        var files = retrievedFixture
        files["config/a.yaml"] = retrievedConfig
        files["force-app/main/default/namedCredentials/Broken.namedCredential-meta.xml"] = "<NamedCredential><label>"
        let folder = try makeFolder(files)
        let result = try credc(
            ["plan", "config", "--state-metadata", "force-app", "--metadata-out", "deploy"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(
            "force-app/main/default/namedCredentials/Broken.namedCredential-meta.xml:1:"), "\(result.stderr)")
        #expect(result.stderr.contains(": error: malformed XML at line"))
        #expect(result.stderr.contains("[invalid-state]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("deploy").path))
    }

    /// SPEC §4: state findings are rendered in the chosen format, with the state file.
    @Test func malformedXMLIsAnInvalidStateDiagnosticInJSON() throws {
        var files = retrievedFixture
        files["config/a.yaml"] = retrievedConfig
        let broken = "force-app/main/default/namedCredentials/Broken.namedCredential-meta.xml"
        files[broken] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NamedCredential>\n    <label>a & b</label>\n</NamedCredential>\n"
        let folder = try makeFolder(files)
        let result = try credc(["plan", "config", "--state-metadata", "force-app", "--format", "json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let report = try parseJSON(result.stderr)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]], "\(result.stderr)")
        let invalid = diagnostics.filter { $0["rule"] as? String == "invalid-state" }
        #expect(invalid.count == 1, "\(result.stderr)")
        #expect(invalid.first?["file"] as? String == broken)
        #expect(invalid.first?["severity"] as? String == "error")
        #expect(invalid.first?["line"] as? Int == 3)
        #expect((invalid.first?["message"] as? String)?.hasPrefix("malformed XML") == true)
        #expect((report["summary"] as? [String: Any])?["errors"] as? Int == 1)
    }

    @Test func deletesGoToDestructiveChanges() throws {
        let folder = try makeFolder(["old/a.yaml": validConfig + legacyResources, "new/a.yaml": validConfig])
        #expect(try credc(["export", "old", "--out", "org"], in: folder).status == 0)
        // Without --prune nothing is deleted: the resources are listed as kept.
        let kept = try credc(["plan", "new", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(kept.status == 0, "\(kept.stdout)\(kept.stderr)")
        #expect(kept.stdout.contains("""
            Kept: not in the configuration, left in the org (--prune deletes them):
              = ExternalAuthIdentityProvider Okta_Old
              = ExternalCredential Legacy_API
              = NamedCredential Legacy
            """))
        #expect(kept.stdout.hasSuffix("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 3 kept.\n"))

        let result = try credc(
            ["plan", "new", "--state-metadata", "org", "--prune", "--metadata-out", "deploy", "--detailed-exitcode"],
            in: folder)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Plan: 0 to create, 0 to update, 0 to replace, 5 to delete."))
        let deploy = folder.appendingPathComponent("deploy")
        #expect(filesUnder(deploy) == [
            ".credc-export", "destructiveChangesPost.xml", "destructiveChangesPre.xml", "package.xml",
            "permissionsets/Legacy_Users.permissionset-meta.xml",
        ])
        for path in filesUnder(deploy) where path.hasSuffix(".xml") {
            let problem = xmlProblem(try Data(contentsOf: deploy.appendingPathComponent(path)))
            #expect(problem == nil, "\(path): \(problem ?? "")")
        }
        // Named credentials go first; the credential and its provider after the deploy has
        // revoked the grants that name them.
        #expect(try text(deploy, "destructiveChangesPre.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Package xmlns="http://soap.sforce.com/2006/04/metadata">
                <types>
                    <members>Legacy</members>
                    <name>NamedCredential</name>
                </types>
            </Package>

            """)
        #expect(try text(deploy, "destructiveChangesPost.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Package xmlns="http://soap.sforce.com/2006/04/metadata">
                <types>
                    <members>Okta_Old</members>
                    <name>ExternalAuthIdentityProvider</name>
                </types>
                <types>
                    <members>Legacy_API</members>
                    <name>ExternalCredential</name>
                </types>
            </Package>

            """)
        #expect(try text(deploy, "package.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Package xmlns="http://soap.sforce.com/2006/04/metadata">
                <types>
                    <members>Legacy_Users</members>
                    <name>PermissionSet</name>
                </types>
                <version>66.0</version>
            </Package>

            """)
        #expect(try text(deploy, "permissionsets/Legacy_Users.permissionset-meta.xml").contains(
            "        <enabled>false</enabled>\n        <externalCredentialPrincipal>Legacy_API-Legacy Principal</externalCredentialPrincipal>\n"))
    }

    @Test func replacedPrincipalIsACredentialUpdate() throws {
        let renamed = validConfig.replacingOccurrences(of: "name: Admin", with: "name: Administrator")
        let folder = try makeFolder(["old/a.yaml": validConfig, "new/a.yaml": renamed])
        #expect(try credc(["build", "old", "-o", "state.json"], in: folder).status == 0)

        let blocked = try credc(["plan", "new", "--state", "state.json", "--metadata-out", "deploy"], in: folder)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("[immutable-field]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("deploy").path))

        let result = try credc(
            ["plan", "new", "--state", "state.json", "--allow-replace", "--metadata-out", "deploy"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("-/+ replace Principal Billing_API/Administrator"))
        let deploy = folder.appendingPathComponent("deploy")
        // No destructive file: the old row leaves and the new one arrives in one credential write.
        // The new principal's grant is a second deploy, after the credential exists.
        #expect(filesUnder(deploy) == [
            ".credc-export", "externalCredentials/Billing_API.externalCredential-meta.xml", "grants/package.xml",
            "package.xml", "permissionsets/Billing_Admins.permissionset-meta.xml",
        ])
        #expect(result.stderr.contains("credc: note: this plan is 2 deploys, in this order: 1. `--manifest deploy/package.xml` applies the plan; 2. `--manifest deploy/grants/package.xml` grants access to the new principals"))
        let credential = try text(deploy, "externalCredentials/Billing_API.externalCredential-meta.xml")
        #expect(credential.contains("""
                    <parameterGroup>Administrator</parameterGroup>
                    <parameterName>Administrator</parameterName>
                    <parameterType>NamedPrincipal</parameterType>
                    <sequenceNumber>1</sequenceNumber>
            """))
        #expect(!credential.contains("<parameterName>Admin</parameterName>"))
        // The new principal's grant; the old one goes with its principal, not revoked by name.
        let permissionSet = try text(deploy, "permissionsets/Billing_Admins.permissionset-meta.xml")
        #expect(permissionSet.contains("<externalCredentialPrincipal>Billing_API-Administrator</externalCredentialPrincipal>"))
        #expect(!permissionSet.contains("Billing_API-Admin<"))
        let package = try text(deploy, "package.xml")
        #expect(package.contains("<members>Billing_API</members>\n        <name>ExternalCredential</name>"))
        #expect(!package.contains("PermissionSet"))
        #expect(try text(deploy, "grants/package.xml").contains("<members>Billing_Admins</members>\n        <name>PermissionSet</name>"))
    }

    @Test func noChangesStillWritesAnEmptyDeploy() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        #expect(try credc(["build", "config", "-o", "state.json"], in: folder).status == 0)
        let result = try credc(["plan", "config", "--state", "state.json", "--metadata-out", "deploy"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let deploy = folder.appendingPathComponent("deploy")
        #expect(filesUnder(deploy) == [".credc-export", "package.xml"])
        #expect(try text(deploy, "package.xml").contains("<version>66.0</version>"))
        #expect(!(try text(deploy, "package.xml")).contains("<types>"))
    }
}
