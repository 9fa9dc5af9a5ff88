import Manifest
import ManifestTesting
import Foundation
import Testing

@testable import SalesforceMetadata

@Suite struct ExportTests {
    /// Goldens: `Fixtures/realistic/` holds every file the realistic manifest exports.
    /// `RECORD=1 swift test --filter SalesforceMetadataTests` rewrites them and fails the run.
    @Test func realisticManifestMatchesGoldenFiles() throws {
        let export = try MetadataExporter().export(realisticManifest)
        let golden = fixturesDirectory.appendingPathComponent("realistic")
        if isRecording {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in export.files {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record("RECORD=1: rewrote \(export.files.count) golden files under \(golden.lastPathComponent); run again without RECORD")
            return
        }
        let expected = try filesUnder(golden)
        #expect(expected.keys.sorted() == export.files.keys.sorted(), "exported paths differ from the goldens (RECORD=1 rewrites them)")
        for (path, data) in export.files.sorted(by: { $0.key < $1.key }) {
            guard let want = expected[path] else { continue }
            #expect(String(decoding: data, as: UTF8.self) == String(decoding: want, as: UTF8.self), "\(path) differs from its golden")
        }
    }

    @Test func exportIsDeterministicWhateverTheInputOrder() throws {
        let reversed = Manifest(
            providers: realisticManifest.providers.reversed(),
            externalCredentials: realisticManifest.externalCredentials.reversed().map { credential in
                var credential = credential
                credential.principals.reverse()
                return credential
            },
            namedCredentials: realisticManifest.namedCredentials.reversed())
        #expect(try MetadataExporter().export(reversed).files == MetadataExporter().export(realisticManifest).files)
    }

    @Test func everyWrittenFileIsWellFormedForXMLParser() throws {
        for (path, data) in try MetadataExporter().export(realisticManifest).files {
            expectWellFormed(data, path)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"), "\(path)")
            #expect(text.contains(#" xmlns="http://soap.sforce.com/2006/04/metadata">"#), "\(path)")
            #expect(text.hasSuffix(">\n"), "\(path)")
        }
    }

    /// Fails (does not skip) without xmllint: `apt-get install -y libxml2-utils` provides it.
    @Test func everyWrittenFileIsWellFormedForXmllint() throws {
        guard let xmllint = xmllintPath() else {
            Issue.record("xmllint is not installed; install it with `apt-get install -y libxml2-utils`")
            return
        }
        let export = try MetadataExporter().export(realisticManifest)
        var files = export.files
        files["destructiveChangesPost.xml"] = try DestructiveChangesPhase.post.xml(members: export.members)
        let folder = try writeTemporaryFolder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runXmllint(xmllint, files: files.keys.sorted().map { folder.appendingPathComponent($0) })
        #expect(result.status == 0, "xmllint: \(result.errors)")
    }

    @Test func unmanagedProvidersAreNotExported() throws {
        let export = try MetadataExporter().export(realisticManifest)
        #expect(export.files["externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml"] != nil)
        #expect(!export.files.keys.contains { $0.contains("Okta_Legacy") })
        #expect(!export.members.contains { $0.name == "Okta_Legacy" })
        let ledger = String(decoding: export.files["externalCredentials/Ledger_API.externalCredential-meta.xml"]!, as: UTF8.self)
        #expect(ledger.contains("<externalAuthIdentityProvider>Okta_Legacy</externalAuthIdentityProvider>"))
    }

    @Test func profileGrantsAreReportedNotExported() throws {
        let export = try MetadataExporter().export(realisticManifest)
        #expect(export.notes.map(\.resource).filter { $0.contains("/profile:") } == [
            "Billing_API/Marketing_Group/profile:Marketing User", "Ledger_API/Ledger Reader/profile:System Administrator",
        ])
        #expect(!export.files.keys.contains { $0.hasPrefix("profiles/") })
    }

    @Test func permissionSetFilesHoldOnlyTheGrants() throws {
        let export = try MetadataExporter().export(realisticManifest)
        let text = String(decoding: export.files["permissionsets/Billing_Admins.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-Admin</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-Finance Team - EU</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <label>Billing_Admins</label>
            </PermissionSet>

            """)
        // Without the org's file, deploying it replaces the permission set: each one is a warning.
        #expect(export.notes.map(\.resource).filter { $0.hasPrefix("PermissionSet ") } == [
            "PermissionSet Billing_Admins", "PermissionSet Finance_Users", "PermissionSet Ledger_Writers",
        ])
        #expect(export.notes.first { $0.resource == "PermissionSet Billing_Admins" }?.message.contains("replaces the permission set's content") == true)
    }

    @Test func revokedGrantsAreWrittenDisabled() throws {
        let revoked = [
            PrincipalAccessGrant(permissionSet: "Old_Users", credential: "Billing_API", principal: "Admin"),
            PrincipalAccessGrant(permissionSet: "Billing_Admins", credential: "Billing_API", principal: "Admin"),
        ]
        let export = try MetadataExporter().export(realisticManifest, revoking: revoked)
        let old = String(decoding: export.files["permissionsets/Old_Users.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(old.contains("<enabled>false</enabled>"))
        // Still granted by the manifest: stays enabled.
        let admins = String(decoding: export.files["permissionsets/Billing_Admins.permissionset-meta.xml"]!, as: UTF8.self)
        #expect(!admins.contains("false"))
        // A disabled grant reads back as no grant.
        #expect(readBack(export.files) == exportable(realisticManifest))
    }

    @Test func packageXMLListsEveryMemberAtTheAPIVersion() throws {
        let export = try MetadataExporter(apiVersion: MetadataAPIVersion(major: 64)!).export(realisticManifest)
        let text = String(decoding: export.files["package.xml"]!, as: UTF8.self)
        #expect(text.contains("<version>64.0</version>"))
        #expect(export.members.filter { $0.type == .permissionSet }.map(\.name) == ["Billing_Admins", "Finance_Users", "Ledger_Writers"])
        #expect(MetadataExporter().apiVersion.description == "66.0")
    }

    @Test func namesThatAreNotDeveloperNamesAreRefused() {
        for name in ["../evil", "Bad Name", "a__b", "_x", "x_", ""] {
            let manifest = Manifest(namedCredentials: [
                ManifestRecord.namedCredential(name: name, label: "L", url: "https://x.example.com", externalCredential: "E")
            ])
            #expect(throws: MetadataExportError.invalidName(type: .namedCredential, name: name)) {
                try MetadataExporter().export(manifest)
            }
        }
    }

    @Test func controlCharactersAreRefusedButCarriageReturnsSurvive() throws {
        let bad = Manifest(providers: [
            ManifestRecord.provider(name: "P", label: "bell\u{7}", flow: "ClientCredentials", tokenUrl: "https://x.example.com")
        ])
        #expect(throws: MetadataExportError.self) { try MetadataExporter().export(bad) }
        let crlf = Manifest(providers: [
            ManifestRecord.provider(name: "P", label: "L", description: "line\r\nnext\ttab", flow: "ClientCredentials", tokenUrl: "https://x.example.com")
        ])
        #expect(readBack(try MetadataExporter().export(crlf).files, configured: crlf) == crlf)
    }

    @Test func unsupportedFlowsAreRefused() {
        let manifest = Manifest(externalCredentials: [
            ManifestRecord.externalCredential(name: "E", label: "E", flow: "DeviceCode", identityProvider: "P")
        ])
        #expect(throws: MetadataExportError.self) { try MetadataExporter().export(manifest) }
    }

    /// AuthorizeRequestQueryParameter rows are written and read back; the documentation has no
    /// body or header rows for the authorization request, so a state that holds one is refused.
    @Test func authorizeRequestQueryParametersRoundTripAndOtherPlacesAreRefused() throws {
        var provider = ManifestRecord.provider(
            name: "P", label: "L", flow: "AuthorizationCode", tokenUrl: "https://x.example.com/token",
            authorizeUrl: "https://x.example.com/authorize")
        provider.authorizeRequest = ManifestRequestParameters(query: ["prompt": "consent"])
        let manifest = Manifest(providers: [provider])
        let files = try MetadataExporter().export(manifest).files
        #expect(readBack(files, configured: manifest) == manifest)
        provider.authorizeRequest = ManifestRequestParameters(headers: ["X-Tenant": "acme"])
        #expect(throws: MetadataExportError.self) { try MetadataExporter().export(Manifest(providers: [provider])) }
    }
}
