import Foundation
import Manifest
import ManifestTesting
import Testing

@testable import SalesforceMetadata

/// Files of API 55–57 (SPEC §10): rows without `parameterGroup`, and principal rows whose
/// `<principal>` names the permission set that may use them (56.0–57.0, removed in 58.0;
/// a real API 55 project shows both, SALESFORCE.md §12).
@Suite struct OlderAPITests {
    static let credential = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
            <authenticationProtocol>Oauth</authenticationProtocol>
            <externalCredentialParameters>
                <externalAuthIdentityProvider>Okta_Prod</externalAuthIdentityProvider>
                <parameterName>ExternalAuthIdentityProvider</parameterName>
                <parameterType>ExternalAuthIdentityProvider</parameterType>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterName>Scope</parameterName>
                <parameterType>AuthParameter</parameterType>
                <parameterValue>billing.read</parameterValue>
            </externalCredentialParameters>
            <externalCredentialParameters>
                <parameterName>Billing_Admins_pHewauM1667151014855</parameterName>
                <parameterType>NamedPrincipal</parameterType>
                <principal>Billing_Admins</principal>
                <sequenceNumber>1</sequenceNumber>
            </externalCredentialParameters>
            <label>Billing API</label>
        </ExternalCredential>
        """

    @Test func rowsWithoutGroupsAndPrincipalElementsAreReadAsTheDocumentationSays() throws {
        var files = try MetadataExporter().export(realisticManifest).files.filter { $0.key.hasPrefix("externalAuthIdentityProviders/") }
        files["externalCredentials/Billing_API.externalCredential-meta.xml"] = Data(Self.credential.utf8)
        // The set the `<principal>` names has no grants node (that node is 59.0+) …
        files["permissionsets/Billing_Admins.permissionset-meta.xml"] = Data("""
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <hasActivationRequired>false</hasActivationRequired>
                <label>Billing Admins</label>
            </PermissionSet>
            """.utf8)
        let result = MetadataReader().read(files: files)
        #expect(result.issues.filter { $0.severity != .note }.map(\.description) == [])
        let credential = try #require(result.manifest.externalCredentials.first)
        #expect(credential.scope == "billing.read")
        #expect(credential.principals == [
            ManifestRecord.principal(name: "Billing_Admins_pHewauM1667151014855", sequence: 1, permissionSets: ["Billing_Admins"])
        ])
        // … and an export writes the grant where API 58+ keeps it.
        let export = try MetadataExporter().export(result.manifest(observing: realisticManifest), permissionSets: result.permissionSets)
        let set = String(decoding: try #require(export.files["permissionsets/Billing_Admins.permissionset-meta.xml"]), as: UTF8.self)
        #expect(set.contains("<externalCredentialPrincipal>Billing_API-Billing_Admins_pHewauM1667151014855</externalCredentialPrincipal>"))
        let written = String(decoding: try #require(export.files["externalCredentials/Billing_API.externalCredential-meta.xml"]), as: UTF8.self)
        #expect(!written.contains("<principal>"))
    }

    /// The same grant in both places (a file retrieved at 57 beside a set retrieved at 59) is one grant.
    @Test func aGrantInBothPlacesIsOneGrant() throws {
        var files = try MetadataExporter().export(realisticManifest).files.filter { $0.key.hasPrefix("externalAuthIdentityProviders/") }
        files["externalCredentials/Billing_API.externalCredential-meta.xml"] = Data(Self.credential.utf8)
        files["permissionsets/Billing_Admins.permissionset-meta.xml"] = Data("""
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-Billing_Admins_pHewauM1667151014855</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <label>Billing Admins</label>
            </PermissionSet>
            """.utf8)
        let result = MetadataReader().read(files: files)
        #expect(result.manifest.externalCredentials.first?.principals.first?.permissionSets == ["Billing_Admins"])
    }
}
