import Foundation
import Testing

@testable import SalesforceMetadata

@Suite struct PermissionSetMergeTests {
    @Test func grantsReplaceAndJoinTheFullPermissionSet() throws {
        let full = try Data(contentsOf: fixturesDirectory.appendingPathComponent("retrieved/permissionsets/Billing_Admins.permissionset-meta.xml"))
        let grants = Data("""
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-EPIC Integration Principal</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Alpha_API-Ops &amp; Support</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
            </PermissionSet>
            """.utf8)
        let merged = String(decoding: try mergePrincipalAccesses(into: full, grants: grants), as: UTF8.self)
        #expect(merged == """
            <?xml version="1.0" encoding="UTF-8"?>
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Alpha_API-Ops &amp; Support</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
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
                <userPermissions>
                    <enabled>true</enabled>
                    <name>ApiEnabled</name>
                </userPermissions>
                <userPermissions>
                    <enabled>true</enabled>
                    <name>ViewSetup</name>
                </userPermissions>
            </PermissionSet>

            """)
    }

    @Test func grantsGoInAlphabeticalPlaceWhenThePermissionSetHasNone() throws {
        let full = Data("""
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <description>d</description>
                <label>L</label>
            </PermissionSet>
            """.utf8)
        let grants = try MetadataExporter().export(realisticManifest).files["permissionsets/Ledger_Writers.permissionset-meta.xml"]!
        let merged = String(decoding: try mergePrincipalAccesses(into: full, grants: grants), as: UTF8.self)
        let order = ["<description>", "<externalCredentialPrincipalAccesses>", "<label>"].map { merged.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test func malformedInputsAreErrors() {
        #expect(throws: PermissionSetMergeError.self) { try mergePrincipalAccesses(into: Data("<PermissionSet>".utf8), grants: Data("<PermissionSet/>".utf8)) }
        #expect(throws: PermissionSetMergeError.notAPermissionSet(role: "grants", rootElement: "Profile")) {
            try mergePrincipalAccesses(into: Data("<PermissionSet/>".utf8), grants: Data("<Profile/>".utf8))
        }
    }
}
