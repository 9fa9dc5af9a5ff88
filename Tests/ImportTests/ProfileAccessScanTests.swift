import Diagnostics
import Foundation
import SalesforceMetadata
import Testing

@Suite struct ProfileAccessScanTests {
    @Test func enabledGrantsOfProfileFilesAreFound() {
        let text = metadataXML(
            "Profile",
            """
                <externalCredentialPrincipalAccesses>
                    <enabled>false</enabled>
                    <externalCredentialPrincipal>Billing_API-Old</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-Admin</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
            """)
        let grants = ProfileAccessScan.grants(file: "main/profiles/Support%20Team.profile-meta.xml", data: Data(text.utf8))
        #expect(grants == [
            ProfileGrant(
                file: "main/profiles/Support%20Team.profile-meta.xml", profile: "Support Team", reference: "Billing_API-Admin",
                elementPath: "Profile/externalCredentialPrincipalAccesses[2]",
                range: SourceRange(line: 7, column: 5, endLine: 7, endColumn: 42))
        ])
    }

    @Test func otherFilesAndBrokenProfilesHoldNone() {
        let grant = metadataXML(
            "PermissionSet",
            "<externalCredentialPrincipalAccesses><enabled>true</enabled><externalCredentialPrincipal>A-B</externalCredentialPrincipal></externalCredentialPrincipalAccesses>")
        #expect(!ProfileAccessScan.isProfileFile("permissionsets/A.permissionset-meta.xml"))
        #expect(ProfileAccessScan.grants(file: "permissionsets/A.permissionset-meta.xml", data: Data(grant.utf8)).isEmpty)
        #expect(ProfileAccessScan.grants(file: "profiles/A.profile-meta.xml", data: Data(grant.utf8)).isEmpty)
        #expect(ProfileAccessScan.grants(file: "profiles/A.profile-meta.xml", data: Data("<Profile><x></Profile>".utf8)).isEmpty)
        #expect(ProfileAccessScan.isProfileFile("profiles/Admin.profile"))
        #expect(!ProfileAccessScan.isProfileFile("profiles/.profile"))
    }
}
