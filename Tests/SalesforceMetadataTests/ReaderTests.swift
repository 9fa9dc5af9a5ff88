import JSON
import Manifest
import ManifestTesting
import Diagnostics
import Foundation
import Testing

@testable import SalesforceMetadata

@Suite struct ReaderTests {
    /// `Fixtures/retrieved/` follows the shapes real retrieves write (SALESFORCE.md §1.6, §1.11):
    /// `DefaultGroup`, principals with spaces, a grant with the project's namespace prefix
    /// (`sfdx-project.json` says `daypack01`), the full permission-set content next to the
    /// grants, the §1.11 client-secret credential with the named credential that uses it, and
    /// a credential in the shape credc 1.0 wrote (a variant row next to the provider link),
    /// whose variant row a deploy now removes.
    @Test func readsTheRetrievedShapes() throws {
        let result = try MetadataReader().read(directory: fixturesDirectory.appendingPathComponent("retrieved"))
        let manifest = result.manifest
        #expect(manifest.providers == [
            ManifestRecord.provider(
                name: "Okta_Prod", label: "Okta (Production)", flow: "ClientCredentials",
                tokenUrl: "https://acme.okta.com/oauth2/default/v1/token")
        ])
        // The provider sends client credentials in the header (no ClientAuthentication row):
        // the credential does too, whatever its old variant row said.
        #expect(manifest.externalCredentials == [
            ManifestRecord.externalCredential(
                name: "Billing_API", label: "Billing API", identityProvider: "Okta_Prod", scope: "billing.read billing.write",
                additionalRefreshStatusCodes: [403, 429],
                principals: [
                    ManifestRecord.principal(name: "Super Admin", sequence: 1, permissionSets: ["Billing_Admins"]),
                    ManifestRecord.principal(name: "EPIC Integration Principal", sequence: 2, identityType: "PerUserPrincipal"),
                ]),
            ManifestRecord(
                    .resource(.externalCredential),
                    [
                        .name: "package_api_ec", .label: "Package API EC", .protocol: "OAuth",
                        .flow: "ClientCredentialsClientSecret", .scope: "weatherapi.read",
                        .tokenUrl: "https://uday-ids-server.example.net/connect/token", .passClientCredentialsInBody: true,
                        .principals: [
                            ManifestRecord.principal(name: "Super Admin", sequence: 1, permissionSets: ["Sertifi_Super_Admin"]).json
                        ],
                    ]),
        ])
        #expect(manifest.namedCredentials == [
            ManifestRecord.namedCredential(
                name: "package_api_nc", label: "Package API NC", url: "https://uday-weatherapi.example.net",
                externalCredential: "package_api_ec")
        ])
        #expect(result.foreignResources == [])
        #expect(result.permissionSets["Sertifi_Super_Admin"]?.label == "Sertifi Super Admin")
        let described = result.issues.map(\.description)
        #expect(described == [
            "externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml (ExternalAuthIdentityProvider/externalAuthIdentityProviderParameters[1]/sequenceNumber): warning: <sequenceNumber> is not represented in the credc manifest; ignored",
            "externalCredentials/Billing_API.externalCredential-meta.xml (ExternalCredential/externalCredentialParameters[1]): warning: an AuthProtocolVariant row, which a provider-linked credential does not have (its flow comes from its provider) is not represented in the credc manifest; a deploy of this credential removes it",
            "externalCredentials/Billing_API.externalCredential-meta.xml (ExternalCredential/externalCredentialParameters[6]/parameterGroup): warning: parameterGroup 'EPIC' differs from the principal name; credc writes the principal name",
            "permissionsets/Billing_Admins.permissionset-meta.xml (PermissionSet/hasActivationRequired[1]): note: <hasActivationRequired> is not managed by credc; ignored",
            "permissionsets/Billing_Admins.permissionset-meta.xml (PermissionSet/userPermissions[1]): note: <userPermissions> (×2) is not managed by credc; ignored",
            "permissionsets/Sertifi_Super_Admin.permissionset-meta.xml (PermissionSet/hasActivationRequired[1]): note: <hasActivationRequired> is not managed by credc; ignored",
            "permissionsets/Sertifi_Super_Admin.permissionset-meta.xml (PermissionSet/license[1]): note: <license> is not managed by credc; ignored",
        ], "\(described.joined(separator: "\n"))")
        #expect(result.issues.map(\.rule) == [
            .unrepresentedState, .unrepresentedState, .unrepresentedState, .foreignResource, .foreignResource,
            .foreignResource, .foreignResource,
        ])
        #expect(!result.hasErrors)
        #expect(result.unrepresented.map(\.element) == [
            "ExternalAuthIdentityProvider/externalAuthIdentityProviderParameters[1]/sequenceNumber",
            "AuthProtocolVariant 'Oauth'", "principal 'EPIC Integration Principal' parameterGroup",
        ])
    }

    @Test func unknownElementsAreReportedWithTheirPath() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <calloutStatus>Enabled</calloutStatus>
                <endpoint>https://legacy.example.com</endpoint>
                <label>N</label>
                <namedCredentialParameters>
                    <parameterName>Url</parameterName>
                    <parameterType>Url</parameterType>
                    <parameterValue>https://n.example.com</parameterValue>
                    <surprise>1</surprise>
                </namedCredentialParameters>
                <namedCredentialParameters>
                    <externalCredential>E</externalCredential>
                    <parameterName>ExternalCredential</parameterName>
                    <parameterType>Authentication</parameterType>
                </namedCredentialParameters>
                <namedCredentialParameters>
                    <parameterName>X-Tenant</parameterName>
                    <parameterType>CustomParameter</parameterType>
                    <parameterValue>{!$Organization.Id}</parameterValue>
                    <sequenceNumber>1</sequenceNumber>
                </namedCredentialParameters>
                <namedCredentialType>SecuredEndpoint</namedCredentialType>
            </NamedCredential>
            """
        let file = "namedCredentials/N.namedCredential-meta.xml"
        // Its external credential is in the folder: without it the named credential is foreign.
        let credential = """
            <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationProtocol>Oauth</authenticationProtocol>
                <externalCredentialParameters>
                    <externalAuthIdentityProvider>P</externalAuthIdentityProvider>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>ExternalAuthIdentityProvider</parameterName>
                    <parameterType>ExternalAuthIdentityProvider</parameterType>
                </externalCredentialParameters>
                <label>E</label>
            </ExternalCredential>
            """
        let result = MetadataReader().read(
            files: [file: Data(xml.utf8), "externalCredentials/E.externalCredential-meta.xml": Data(credential.utf8)])
        #expect(result.manifest.namedCredentials.map(\.url) == ["https://n.example.com"])
        #expect(result.issues == [
            MetadataIssue(
                severity: .warning, file: file, elementPath: "NamedCredential/endpoint", message: "<endpoint> is not represented in the credc manifest; ignored",
                range: SourceRange(line: 4, column: 5, endLine: 4, endColumn: 15)),
            MetadataIssue(
                severity: .warning, file: file, elementPath: "NamedCredential/namedCredentialParameters[1]/surprise[1]",
                message: "unknown element <surprise>; ignored", range: SourceRange(line: 10, column: 9, endLine: 10, endColumn: 19)),
            MetadataIssue(
                severity: .warning, file: file, elementPath: "NamedCredential/namedCredentialParameters[3]",
                message: "CustomParameter parameter 'X-Tenant' is not represented in the credc manifest; a deploy of this named credential removes it",
                range: SourceRange(line: 17, column: 5, endLine: 17, endColumn: 32)),
        ])
    }

    @Test(arguments: [
        "<ExternalCredential><label>x</label>",
        "<ExternalCredential><label>a & b</label></ExternalCredential>",
        "not xml at all",
        "",
        #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><ExternalCredential>&a;</ExternalCredential>"#,
    ])
    func malformedXMLIsAnErrorAndTheRestIsStillRead(text: String) throws {
        var files = try MetadataExporter().export(realisticManifest).files
        let broken = "externalCredentials/Broken.externalCredential-meta.xml"
        files[broken] = Data(text.utf8)
        let result = MetadataReader().read(files: files)
        #expect(result.issues.count == 1, "\(result.issues)")
        #expect(result.issues.first?.severity == .error)
        #expect(result.issues.first?.file == broken)
        #expect(result.issues.first?.message.hasPrefix("malformed XML at line ") == true, "\(result.issues)")
        #expect(result.manifest(observing: realisticManifest) == exportable(realisticManifest))
        if text.contains("a & b") {
            #expect(result.issues.first?.message.contains("escape a literal & as &amp;") == true)
        }
    }

    /// FoundationXML trapped on an element name that is not UTF-8 (found by fuzzing): such
    /// bytes are an error at their position, in element names and in text alike.
    @Test(arguments: [
        (Array("<ExternalCredential>\n  <ext".utf8) + [0xC5] + Array("x>1</ext>\n</ExternalCredential>".utf8), 2, 7),
        (Array("<ExternalCredential><label>caf".utf8) + [0xE9] + Array("</label></ExternalCredential>".utf8), 1, 31),
    ])
    func invalidUTF8IsAnErrorAtItsPosition(bytes: [UInt8], line: Int, column: Int) throws {
        var files = try MetadataExporter().export(realisticManifest).files
        let broken = "externalCredentials/Broken.externalCredential-meta.xml"
        files[broken] = Data(bytes)
        let result = MetadataReader().read(files: files)
        #expect(result.issues.map(\.file) == [broken])
        #expect(result.issues.first?.severity == .error)
        #expect(result.issues.first?.message.contains("invalid UTF-8 (byte 0x") == true, "\(result.issues)")
        #expect(result.issues.first?.range?.start == SourcePosition(line: line, column: column), "\(result.issues)")
    }

    /// A retrieved file over the size limit is an error, not parsed: a 60 MiB one took minutes
    /// and gigabytes, and its source line was printed whole.
    @Test func aFileOverTheSizeLimitIsAnErrorAndNotParsed() throws {
        var files = try MetadataExporter().export(realisticManifest).files
        let huge = "namedCredentials/Huge.namedCredential-meta.xml"
        files[huge] = Data(repeating: UInt8(ascii: "a"), count: MetadataReader.maxFileSize + 1)
        let result = MetadataReader().read(files: files)
        #expect(result.issues.map(\.file) == [huge])
        #expect(result.issues.first?.severity == .error)
        #expect(result.issues.first?.message.contains("32 MiB") == true, "\(result.issues)")
        #expect(result.issues.first?.range == nil)
    }

    @Test func wrongRootAndMissingRequiredFieldsAreErrors() {
        let files = [
            "externalCredentials/A.externalCredential-meta.xml": Data(#"<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata"/>"#.utf8),
            "externalCredentials/B.externalCredential-meta.xml": Data(#"<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata"><label>B</label></ExternalCredential>"#.utf8),
            "classes/Foo.cls": Data("public class Foo {}".utf8),
            "package.xml": Data("<Package/>".utf8),
        ]
        let result = MetadataReader().read(files: files)
        #expect(result.issues.map(\.severity) == [.note, .error, .error])
        #expect(result.issues.map(\.file) == ["classes/Foo.cls", "externalCredentials/A.externalCredential-meta.xml", "externalCredentials/B.externalCredential-meta.xml"])
        #expect(result.manifest == Manifest())
    }

    /// SPEC §9: a resource credc cannot represent is one `foreign-resource` info, never an
    /// error and never part of the manifest; grants to its principals go unmentioned.
    @Test func foreignResourcesAreReportedOnceAndLeftAlone() {
        let files = [
            "externalCredentials/Aws.externalCredential-meta.xml": Data("""
                <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                    <authenticationProtocol>Password</authenticationProtocol>
                    <externalCredentialParameters>
                        <parameterName>Region</parameterName>
                        <parameterType>AuthParameter</parameterType>
                    </externalCredentialParameters>
                    <label>AWS</label>
                </ExternalCredential>
                """.utf8),
            "namedCredentials/Old.namedCredential-meta.xml": Data("""
                <NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                    <label>Old</label>
                    <namedCredentialType>Legacy</namedCredentialType>
                    <surprise>1</surprise>
                </NamedCredential>
                """.utf8),
            "permissionsets/P.permissionset-meta.xml": Data("""
                <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                    <externalCredentialPrincipalAccesses>
                        <enabled>true</enabled>
                        <externalCredentialPrincipal>Aws-Admin</externalCredentialPrincipal>
                    </externalCredentialPrincipalAccesses>
                </PermissionSet>
                """.utf8),
        ]
        let result = MetadataReader().read(files: files)
        #expect(result.issues.map(\.severity) == [.note, .note], "\(result.issues)")
        #expect(result.issues.map(\.rule) == [.foreignResource, .foreignResource])
        #expect(result.issues.map(\.range?.start.line) == [2, 3])
        #expect(!result.hasErrors)
        #expect(result.manifest == Manifest())
    }

    @Test func refreshCodesAreReadFromOneRowOrMany() {
        let xml = """
            <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationProtocol>Oauth</authenticationProtocol>
                <externalCredentialParameters>
                    <externalAuthIdentityProvider>P</externalAuthIdentityProvider>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>ExternalAuthIdentityProvider</parameterName>
                    <parameterType>ExternalAuthIdentityProvider</parameterType>
                </externalCredentialParameters>
                <externalCredentialParameters>
                    <parameterName>AdditionalRefreshStatusCode</parameterName>
                    <parameterType>AdditionalRefreshStatusCode</parameterType>
                    <parameterValue>400, 403</parameterValue>
                </externalCredentialParameters>
                <externalCredentialParameters>
                    <parameterName>601</parameterName>
                    <parameterType>AdditionalRefreshStatusCode</parameterType>
                </externalCredentialParameters>
                <label>E</label>
            </ExternalCredential>
            """
        let result = MetadataReader().read(files: ["externalCredentials/E.externalCredential-meta.xml": Data(xml.utf8)])
        #expect(result.issues == [])
        #expect(result.manifest.externalCredentials.first?.additionalRefreshStatusCodes == [400, 403, 601])
    }

    @Test func grantsForUnknownPrincipalsAreWarnings() throws {
        var files = try MetadataExporter().export(realisticManifest).files
        files["permissionsets/Stale.permissionset-meta.xml"] = Data("""
            <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Billing_API-Gone</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>Missing_API-Admin</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
                <externalCredentialPrincipalAccesses>
                    <enabled>true</enabled>
                    <externalCredentialPrincipal>NoDash</externalCredentialPrincipal>
                </externalCredentialPrincipalAccesses>
            </PermissionSet>
            """.utf8)
        let result = MetadataReader().read(files: files)
        #expect(result.issues.map(\.severity) == [.warning, .warning, .warning])
        #expect(result.issues.map(\.elementPath) == (1...3).map { "PermissionSet/externalCredentialPrincipalAccesses[\($0)]" })
        #expect(result.manifest(observing: realisticManifest) == exportable(realisticManifest))
    }

    @Test func singularProviderParameterElementOfTheDocSampleIsAccepted() {
        let xml = """
            <ExternalAuthIdentityProvider xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationFlow>AuthorizationCode</authenticationFlow>
                <authenticationProtocol>OAuth</authenticationProtocol>
                <externalAuthIdentityProviderParameter>
                    <parameterName>TokenUrl</parameterName>
                    <parameterType>TokenUrl</parameterType>
                    <parameterValue>https://login.example.com/services/oauth2/token</parameterValue>
                    <sequenceNumber>1</sequenceNumber>
                </externalAuthIdentityProviderParameter>
                <externalAuthIdentityProviderParameter>
                    <parameterName>AuthorizeUrl</parameterName>
                    <parameterType>AuthorizeUrl</parameterType>
                    <parameterValue>https://login.example.com/services/oauth2/authorize</parameterValue>
                    <sequenceNumber>2</sequenceNumber>
                </externalAuthIdentityProviderParameter>
                <label>exampleExtlIdp</label>
            </ExternalAuthIdentityProvider>
            """
        let file = "externalAuthIdentityProviders/exampleExtlIdp.externalAuthIdentityProvider"
        let result = MetadataReader().read(files: [file: Data(xml.utf8)])
        #expect(result.manifest.providers.map(\.tokenUrl) == ["https://login.example.com/services/oauth2/token"])
        #expect(result.manifest.providers.map(\.authorizeUrl) == ["https://login.example.com/services/oauth2/authorize"])
        // credc writes no sequence numbers (the real file has none, §11): a deploy removes them.
        #expect(result.issues.map(\.elementPath) == [1, 2].map { "ExternalAuthIdentityProvider/externalAuthIdentityProviderParameter[\($0)]/sequenceNumber" })
        #expect(result.unrepresented.map(\.value) == ["1", "2"])
    }
}

