import JSON
import Manifest
import ManifestTesting
import Schema
import Plan
import Diagnostics
import Foundation
import Testing

@testable import SalesforceMetadata

/// `Fixtures/org/` is a whole retrieved org folder in the shapes of real retrieved files
/// (SALESFORCE.md §11): a client-credentials provider with Auth0's `audience` and a tenant
/// header, a browser-flow provider with PKCE and an authorize-request parameter credc does not
/// model, a Salesforce-defined provider, provider-linked credentials without a variant row,
/// credentials of other flows (credential-owned client credentials, a legacy auth provider,
/// AWS), a legacy named credential, and permission sets (one decomposed) granting their
/// principals.
@Suite struct OrgFolderTests {
    static let folder = fixturesDirectory.appendingPathComponent("org")

    /// The configuration that manages the org's credc resources, as the manifest it compiles to.
    static let configured = Manifest(
        providers: [
            ManifestRecord.provider(
                name: "Auth0_Billing", label: "Auth0 (Billing)", flow: "ClientCredentials",
                tokenUrl: "https://billing-tenant.eu.auth0.example/oauth/token", clientAuthentication: "body",
                tokenRequest: ManifestRequestParameters(
                    body: ["audience": "https://api.billing.example"], headers: ["X-Tenant": "billing-eu"])),
            ManifestRecord.provider(
                name: "Entra_Portal", label: "Entra (Portal)", description: "Employee portal sign-in",
                flow: "AuthorizationCode", tokenUrl: "https://login.entra.example/tenant-1/oauth2/token",
                authorizeUrl: "https://login.entra.example/tenant-1/oauth2/authorize", pkce: true,
                tokenRequest: ManifestRequestParameters(body: ["resource": "https://portal.example"])),
        ],
        externalCredentials: [
            ManifestRecord.externalCredential(
                name: "Billing_API", label: "Billing API", identityProvider: "Auth0_Billing",
                passClientCredentialsInBody: true,
                principals: [ManifestRecord.principal(name: "Integration", sequence: 1, permissionSets: ["Billing_Users"])]),
            ManifestRecord.externalCredential(
                name: "Portal_User", label: "Portal (per user)", flow: "BrowserFlowExternalIdentityProvider",
                identityProvider: "Entra_Portal", scope: "openid offline_access",
                principals: [
                    ManifestRecord.principal(name: "Per User", sequence: 1, identityType: "PerUserPrincipal", permissionSets: ["Portal_Users"])
                ]),
            credential([
                .name: "Drive_Files", .label: "Drive files", .protocol: "OAuth", .flow: "BrowserFlow", .authProvider: "Google",
                .principals: [
                    ManifestRecord.principal(name: "Drive User", sequence: 1, identityType: "PerUserPrincipal", permissionSets: ["Portal_Users"])
                        .json
                ],
            ]),
            credential([
                .name: "Storage_Bucket", .label: "Storage bucket", .protocol: "AwsSv4", .flow: "AccessKey",
                .aws: ["service": "s3", "region": "eu-west-1"], .principals: [ManifestRecord.principal(name: "Uploader", sequence: 1).json],
            ]),
            credential([
                .name: "Weather_Service", .label: "Weather service", .protocol: "OAuth", .flow: "ClientCredentialsClientSecret",
                .tokenUrl: "https://ids.weather.example/connect/token", .passClientCredentialsInBody: true,
                .principals: [ManifestRecord.principal(name: "Weather Reader", sequence: 1, permissionSets: ["Billing_Users"]).json],
            ]),
        ],
        namedCredentials: [
            ManifestRecord.namedCredential(name: "Billing", label: "Billing", url: "https://api.billing.example/v2", externalCredential: "Billing_API"),
            ManifestRecord.namedCredential(name: "Portal", label: "Portal", url: "https://portal.example/api", externalCredential: "Portal_User"),
            ManifestRecord.namedCredential(name: "Weather", label: "Weather", url: "https://api.weather.example", externalCredential: "Weather_Service"),
        ])

    /// The index of a configured credential: the manifest keeps them sorted by name.
    static func index(_ name: String) -> Int { configured.externalCredentials.firstIndex { $0.name == name }! }

    @Test func foreignResourcesAreInfoOnceAndNeverErrors() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        #expect(!result.hasErrors, "\(result.issues)")
        #expect(result.foreignResources == [
            MetadataMember(type: .externalAuthIdentityProvider, name: "Org_Loopback"),
            MetadataMember(type: .namedCredential, name: "Partner_Legacy"),
        ])
        // One finding per resource, about the whole file.
        let infos = result.issues.filter { $0.rule == .foreignResource && $0.elementPath == nil }
        #expect(infos.count == result.foreignResources.count)
        #expect(infos.allSatisfy { $0.severity == .note })
        #expect(infos.map(\.message).contains("ExternalAuthIdentityProvider 'Org_Loopback' uses authenticationProtocol 'SalesforceDefined'; credc cannot represent it and leaves it as it is"))
        #expect(infos.map(\.message).contains("NamedCredential 'Partner_Legacy' is a legacy named credential (no namedCredentialType); credc cannot represent it and leaves it as it is"))
        // Grants of the other flows' principals are theirs, not findings.
        #expect(result.issues.filter { $0.message.contains("Weather_Service-Weather Reader") } == [])
    }

    /// Flows come from the providers: an AuthorizationCode provider makes the browser flow;
    /// the client-credentials credential sends client credentials in the body as Auth0 does.
    @Test func theManagedResourcesReadAsTheConfigurationDefinesThem() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        var expected = Self.configured
        expected.namedCredentials.append(
            ManifestRecord.namedCredential(name: "Billing_Reports", label: "Billing reports", url: "https://reports.billing.example", externalCredential: "Billing_API"))
        expected = Manifest(providers: expected.providers, externalCredentials: expected.externalCredentials, namedCredentials: expected.namedCredentials)
        #expect(result.manifest == expected)
        #expect(result.unrepresented == [
            UnrepresentedState(
                member: MetadataMember(type: .externalAuthIdentityProvider, name: "Entra_Portal"),
                element: "IdentityProviderOptions 'prompt'", value: "consent")
        ])
        #expect(result.permissionSets["Portal_Users"]?.isDecomposed == true)
        #expect(result.permissionSets["Portal_Users"]?.label == "Portal users")
    }

    @Test func withoutPruneNothingIsDeletedAndUnmodelledParametersShowAsRemovals() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        let plan = Plan.make(state: result.manifest(observing: Self.configured), desired: Self.configured, allowReplace: false)
        #expect(plan.changes.map(\.action) == [.delete])  // Billing_Reports, before --prune applies
        let kept = plan.keepingUndefinedResources()
        #expect(kept.changes.isEmpty)
        #expect(kept.kept.map(\.name) == ["Billing_Reports"])
        #expect(kept.text.contains("  = NamedCredential Billing_Reports\n"))
        #expect(kept.text.hasSuffix("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 1 kept.\n"))

        let shown = kept.showingRemovals([
            PlanRemoval(subject: .resource(.externalAuthIdentityProvider, "Entra_Portal"), path: "metadata: IdentityProviderOptions 'prompt'")
        ])
        // The org's value is never shown: it could be a secret (SPEC §11).
        #expect(shown.changes == [
            PlanChange(
                action: .update, subject: .resource(.externalAuthIdentityProvider, "Entra_Portal"),
                fields: [.hiddenRemoval(path: "metadata: IdentityProviderOptions 'prompt'")])
        ])
        #expect(shown.text.contains("    metadata: IdentityProviderOptions 'prompt': (value hidden) -> null\n"))
        #expect(!shown.text.contains("consent") && !shown.jsonText.contains("consent"))
        // The update deploys the provider, whose file no longer carries the parameter.
        let deployment = try PlanDeployment().files(
            for: shown, state: result.manifest(observing: Self.configured), desired: Self.configured,
            permissionSets: result.permissionSets)
        #expect(deployment.members == [MetadataMember(type: .externalAuthIdentityProvider, name: "Entra_Portal")])
        let provider = String(decoding: deployment.files["externalAuthIdentityProviders/Entra_Portal.externalAuthIdentityProvider-meta.xml"]!, as: UTF8.self)
        #expect(!provider.contains("prompt"))
        #expect(provider.contains("<parameterName>PkceEnabled</parameterName>"))
    }

    /// A credential the configuration no longer defines: kept without `--prune`, and so are
    /// its grants; with `--prune` they are revoked and the credential deleted after them.
    @Test func grantsOfKeptCredentialsAreNotRevoked() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        var desired = Self.configured
        desired.namedCredentials.removeAll { $0.externalCredential == "Billing_API" }
        desired.externalCredentials.removeAll { $0.name == "Billing_API" }
        desired.providers.removeAll { $0.name == "Auth0_Billing" }
        let state = result.manifest(observing: desired)
        let full = Plan.make(state: state, desired: desired, allowReplace: false)
        let kept = full.keepingUndefinedResources()
        #expect(kept.changes == [])
        #expect(kept.kept.map(\.name) == ["Auth0_Billing", "Billing_API", "Billing", "Billing_Reports"])
        let keptDeploy = try PlanDeployment().files(for: kept, state: state, desired: desired, permissionSets: result.permissionSets)
        #expect(keptDeploy.members == [])
        #expect(keptDeploy.files.keys.sorted() == ["package.xml"])

        let pruned = try PlanDeployment().files(for: full, state: state, desired: desired, permissionSets: result.permissionSets)
        #expect(pruned.members == [MetadataMember(type: .permissionSet, name: "Billing_Users")])
        let billing = String(decoding: pruned.files["permissionsets/Billing_Users.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(billing.contains("<enabled>false</enabled>\n        <externalCredentialPrincipal>Billing_API-Integration</externalCredentialPrincipal>"))
        #expect(pruned.files["destructiveChangesPost.xml"] != nil)
    }

    @Test func withPruneTheUndefinedNamedCredentialIsDeletedButForeignOnesAreNot() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        let plan = Plan.make(state: result.manifest(observing: Self.configured), desired: Self.configured, allowReplace: false)
        #expect(plan.changes.map { "\($0.action) \($0.kind.rawValue) \($0.name)" } == ["delete NamedCredential Billing_Reports"])
        let deployment = try PlanDeployment().files(
            for: plan, state: result.manifest(observing: Self.configured), desired: Self.configured,
            permissionSets: result.permissionSets)
        let pre = String(decoding: deployment.files["destructiveChangesPre.xml"]!, as: UTF8.self)
        #expect(pre.contains("<members>Billing_Reports</members>"))
        #expect(!pre.contains("Weather") && !pre.contains("Partner_Legacy"))
    }

    /// A new principal and its grant: the grant goes in a second deploy, merged into the
    /// org's whole permission set (the decomposed one comes together as one file).
    @Test func grantsOfNewPrincipalsAreASecondDeployOfTheWholePermissionSet() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        var desired = Self.configured
        desired.externalCredentials[Self.index("Portal_User")].principals.append(
            ManifestRecord.principal(name: "Support", sequence: 2, identityType: "PerUserPrincipal", permissionSets: ["Portal_Users"]))
        let state = result.manifest(observing: desired)
        let plan = Plan.make(state: state, desired: desired, allowReplace: false).keepingUndefinedResources()
        let deployment = try PlanDeployment().files(for: plan, state: state, desired: desired, permissionSets: result.permissionSets)
        #expect(deployment.members == [MetadataMember(type: .externalCredential, name: "Portal_User")])
        #expect(deployment.secondDeployMembers == [MetadataMember(type: .permissionSet, name: "Portal_Users")])
        #expect(deployment.files["grants/package.xml"] != nil)
        let first = String(decoding: deployment.files["package.xml"]!, as: UTF8.self)
        #expect(!first.contains("PermissionSet"))
        let merged = String(decoding: deployment.files["permissionsets/Portal_Users.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(merged == """
            <?xml version="1.0" encoding="UTF-8"?>
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Drive_Files-Drive User</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Portal_User-Per User</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Portal_User-Support</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <hasActivationRequired>false</hasActivationRequired>
                <label>Portal users</label>
                <userPermissions>
                    <enabled>true</enabled>
                    <name>ApiEnabled</name>
                </userPermissions>
            </PermissionSet>

            """)
        #expect(deployment.notes.isEmpty, "the org's file was merged: no warning")
    }

    /// A grant to a principal that already exists is one deploy; the whole file keeps the
    /// set's other permissions and the grants of credentials credc does not manage.
    @Test func grantsOfExistingPrincipalsStayInOneDeployAndStripNothing() throws {
        let result = try MetadataReader().read(directory: Self.folder)
        var desired = Self.configured
        desired.externalCredentials[Self.index("Billing_API")].principals[0].permissionSets.append("Portal_Users")
        let state = result.manifest(observing: desired)
        let plan = Plan.make(state: state, desired: desired, allowReplace: false).keepingUndefinedResources()
        let deployment = try PlanDeployment().files(for: plan, state: state, desired: desired, permissionSets: result.permissionSets)
        #expect(deployment.secondDeployMembers == [])
        #expect(deployment.members == [MetadataMember(type: .permissionSet, name: "Portal_Users")])
        let merged = String(decoding: deployment.files["permissionsets/Portal_Users.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(merged.contains("Billing_API-Integration") && merged.contains("Drive_Files-Drive User"))
        #expect(merged.contains("<name>ApiEnabled</name>"))
    }

    /// A decomposed part credc cannot read: the set is not known whole, so it is not written
    /// as if it were, and the export says so.
    @Test func aPermissionSetNotReadWholeIsNotPassedOffAsWhole() throws {
        var files = try filesUnder(Self.folder)
        files["permissionsets/Portal_Users/fieldPermissions/Account.Name.fieldPermission-meta.xml"] = Data(
            #"<PermissionSetFieldPermission xmlns="http://soap.sforce.com/2006/04/metadata"/>"#.utf8)
        let result = MetadataReader().read(files: files)
        #expect(result.permissionSets["Portal_Users"]?.unreadParts == ["permissionsets/Portal_Users/fieldPermissions/Account.Name.fieldPermission-meta.xml"])
        let export = try MetadataExporter().export(Self.configured, permissionSets: result.permissionSets)
        let portal = String(decoding: export.files["permissionsets/Portal_Users.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(!portal.contains("userPermissions"))
        #expect(portal.contains("<label>Portal users</label>"))
        #expect(export.notes.map(\.resource) == ["PermissionSet Portal_Users"])
        #expect(export.notes.first?.message.contains("could not be read whole") == true)
    }

    /// Browser and client-credentials configurations: export, read back, plan: no changes.
    @Test func exportedConfigurationsPlanNoChangesAgainstTheirExport() throws {
        let export = try MetadataExporter().export(Self.configured)
        let result = MetadataReader().read(files: export.files)
        #expect(result.issues == [])
        #expect(result.manifest == Self.configured)
        #expect(Plan.make(state: result.manifest(observing: Self.configured), desired: Self.configured, allowReplace: false).changes == [])
    }

    /// Export goldens of the real-shaped configuration (`RECORD=1` rewrites them).
    @Test func configurationExportMatchesGoldenFiles() throws {
        let export = try MetadataExporter().export(Self.configured)
        let golden = fixturesDirectory.appendingPathComponent("org-export")
        if isRecording {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in export.files {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record("RECORD=1: rewrote \(export.files.count) golden files under \(golden.lastPathComponent)")
            return
        }
        let expected = try filesUnder(golden)
        #expect(expected.keys.sorted() == export.files.keys.sorted())
        for (path, data) in export.files.sorted(by: { $0.key < $1.key }) {
            #expect(String(decoding: data, as: UTF8.self) == expected[path].map { String(decoding: $0, as: UTF8.self) }, "\(path)")
        }
    }

    @Test func aClientAuthenticationTheCredentialContradictsIsRefused() {
        var manifest = Self.configured
        manifest.externalCredentials[Self.index("Billing_API")].passClientCredentialsInBody = false
        #expect(throws: MetadataExportError.self) { try MetadataExporter().export(manifest) }
        manifest = Self.configured
        manifest.externalCredentials[Self.index("Portal_User")].passClientCredentialsInBody = true
        #expect(throws: MetadataExportError.self) { try MetadataExporter().export(manifest) }
    }

    /// A provider-linked credential whose provider is not in the folder: the flow is unknown,
    /// never the client-credentials flow by default.
    @Test func anUnknownProviderFlowIsNotGuessed() throws {
        var files = try MetadataExporter().export(Self.configured).files
        files.removeValue(forKey: "externalAuthIdentityProviders/Entra_Portal.externalAuthIdentityProvider-meta.xml")
        let result = MetadataReader().read(files: files)
        #expect(result.manifest.externalCredentials.first { $0.name == "Portal_User" }?.flow == "")
        #expect(result.unobservedFields["Portal_User"] == [.flow, .passClientCredentialsInBody])
        #expect(result.manifest(observing: Self.configured).externalCredentials.first { $0.name == "Portal_User" }?.flow == "BrowserFlowExternalIdentityProvider")
    }
}

/// An external credential with `values`, the others the field table's defaults.
private func credential(_ values: [FieldID: JSONValue]) -> ManifestRecord {
    ManifestRecord(.resource(.externalCredential), values)
}
