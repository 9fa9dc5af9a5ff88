import Foundation
import Testing

@testable import SalesforceMetadata

@Suite struct PackageManifestTests {
    @Test func destructiveChangesGroupSortAndOmitTheVersion() throws {
        let members = [
            MetadataMember(type: .namedCredential, name: "Ledger"),
            MetadataMember(type: .externalCredential, name: "Ledger_API"),
            MetadataMember(type: .namedCredential, name: "Billing"),
            MetadataMember(type: .namedCredential, name: "Billing"),
        ]
        let text = String(decoding: try DestructiveChangesPhase.post.xml(members: members), as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Package xmlns="http://soap.sforce.com/2006/04/metadata">
                <types>
                    <members>Ledger_API</members>
                    <name>ExternalCredential</name>
                </types>
                <types>
                    <members>Billing</members>
                    <members>Ledger</members>
                    <name>NamedCredential</name>
                </types>
            </Package>

            """)
        #expect(DestructiveChangesPhase.allCases.map(\.fileName) == [
            "destructiveChangesPre.xml", "destructiveChanges.xml", "destructiveChangesPost.xml",
        ])
    }

    @Test func anEmptyPackageCarriesOnlyTheVersion() throws {
        let text = String(decoding: try PackageManifest(members: [], version: .default).xml(), as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Package xmlns="http://soap.sforce.com/2006/04/metadata">
                <version>66.0</version>
            </Package>

            """)
    }

    @Test func membersAreEscapedAndWildcardsRefusedInDeletes() throws {
        let member = MetadataMember(type: MetadataType(rawValue: "CustomObject"), name: "A&B")
        let text = String(decoding: try PackageManifest(members: [member], version: nil).xml(), as: UTF8.self)
        #expect(text.contains("<members>A&amp;B</members>"))
        #expect(throws: MetadataExportError.wildcardInDestructiveChanges(type: .permissionSet)) {
            try DestructiveChangesPhase.pre.xml(members: [MetadataMember(type: .permissionSet, name: "*")])
        }
    }

    @Test func apiVersions() {
        #expect(MetadataAPIVersion("66.0")?.major == 66)
        #expect(MetadataAPIVersion("62")?.major == 62)
        #expect(MetadataAPIVersion("61.0") == nil)
        #expect(MetadataAPIVersion("66.1") == nil)
        #expect(MetadataAPIVersion("") == nil)
        #expect(MetadataAPIVersion("+66") == nil)
        #expect(MetadataType.externalCredential.sourcePath(member: "X") == "externalCredentials/X.externalCredential-meta.xml")
        #expect(MetadataType(rawValue: "ApexClass").sourcePath(member: "X") == nil)
    }
}
