import Foundation
import Manifest
import ManifestTesting
import Testing

@testable import SalesforceMetadata

/// Grants written with the project's namespace prefix (SPEC §10, SALESFORCE.md §12): a project
/// with `"namespace": "acme"` retrieves its own grants as `acme__Credential-Principal`.
@Suite struct NamespaceTests {
    static let grants = """
        <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
            <externalCredentialPrincipalAccesses>
                <enabled>true</enabled>
                <externalCredentialPrincipal>acme__Billing_API-Admin</externalCredentialPrincipal>
            </externalCredentialPrincipalAccesses>
            <externalCredentialPrincipalAccesses>
                <enabled>true</enabled>
                <externalCredentialPrincipal>vendor__Billing_API-Admin</externalCredentialPrincipal>
            </externalCredentialPrincipalAccesses>
            <label>Ops</label>
        </PermissionSet>
        """

    /// The org's files of `realisticManifest` with a set `Ops` holding the two grants above.
    func orgFiles() throws -> [String: Data] {
        var files = try MetadataExporter().export(realisticManifest).files
        files["permissionsets/Ops.permissionset-meta.xml"] = Data(Self.grants.utf8)
        return files
    }

    @Test func theProjectsPrefixIsItsOwnGrantAndOthersStayAPackagesGrant() throws {
        let result = MetadataReader(projectNamespace: "acme").read(files: try orgFiles())
        let admin = result.manifest.externalCredentials.first { $0.name == "Billing_API" }?.principals.first { $0.name == "Admin" }
        #expect(admin?.permissionSets == ["Billing_Admins", "Ops"])
        #expect(result.issues.map(\.description) == [
            "permissionsets/Ops.permissionset-meta.xml (PermissionSet/externalCredentialPrincipalAccesses[2]): warning: access to 'vendor__Billing_API-Admin' ignored: a namespaced (packaged) credential"
        ])
        // Without the namespace both are a package's.
        let plain = MetadataReader().read(files: try orgFiles())
        #expect(plain.issues.count == 2)
    }

    @Test func theNamespaceComesFromTheSfdxProjectAboveTheFolder() throws {
        var files = try orgFiles().mapKeys { "force-app/main/default/\($0)" }
        files["sfdx-project.json"] = Data(#"{"packageDirectories": [{"path": "force-app", "default": true}], "namespace": "acme"}"#.utf8)
        let root = try writeTemporaryFolder(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(MetadataReader.projectNamespace(enclosing: root.appendingPathComponent("force-app/main/default")) == "acme")
        for folder in [root, root.appendingPathComponent("force-app/main/default")] {
            let result = try MetadataReader().read(directory: folder)
            #expect(result.issues.filter { $0.severity == .warning }.count == 1)
        }
        try Data(#"{"namespace": ""}"#.utf8).write(to: root.appendingPathComponent("sfdx-project.json"))
        #expect(MetadataReader.projectNamespace(enclosing: root) == nil)
    }

    /// The org spells the grant with the prefix: the export keeps its spelling (no twin), and a
    /// revoke disables that entry.
    @Test func anExportMergesIntoTheOrgsSpellingOfAGrant() throws {
        let read = MetadataReader(projectNamespace: "acme").read(files: try orgFiles())
        var manifest = realisticManifest
        manifest.externalCredentials[0].principals[0].permissionSets.append("Ops")
        let export = try MetadataExporter().export(manifest, permissionSets: read.permissionSets)
        let ops = String(decoding: export.files["permissionsets/Ops.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(ops.components(separatedBy: "<externalCredentialPrincipal>").count == 3)
        #expect(ops.contains("acme__Billing_API-Admin") && ops.contains("vendor__Billing_API-Admin"))
        #expect(!ops.contains(">Billing_API-Admin<"))

        let revoked = try MetadataExporter().export(
            realisticManifest, revoking: [PrincipalAccessGrant(permissionSet: "Ops", credential: "Billing_API", principal: "Admin")],
            permissionSets: read.permissionSets)
        let disabled = String(decoding: revoked.files["permissionsets/Ops.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(disabled.contains("""
                    <enabled>false</enabled>
                    <externalCredentialPrincipal>acme__Billing_API-Admin</externalCredentialPrincipal>
            """))
        #expect(!disabled.contains(">Billing_API-Admin<"))
    }
}
