import Foundation
import JSON
import Manifest
import Testing

@testable import SalesforceMetadata

/// Shapes of the other protocols whose evidence is weaker than a real file (docs/metadata.md):
/// what the reader accepts besides what the exporter writes, and what it reports.
@Suite struct ProtocolShapesTests {
    static func credential(_ protocolName: String, _ rows: String) -> [String: Data] {
        ["externalCredentials/C.externalCredential-meta.xml": Data("""
            <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                <authenticationProtocol>\(protocolName)</authenticationProtocol>
            \(rows)
                <label>C</label>
            </ExternalCredential>
            """.utf8)]
    }

    static func row(_ name: String, _ type: String, _ value: String, group: String = "DefaultGroup") -> String {
        """
            <externalCredentialParameters>
                <parameterGroup>\(group)</parameterGroup>
                <parameterName>\(name)</parameterName>
                <parameterType>\(type)</parameterType>
                <parameterValue>\(value)</parameterValue>
            </externalCredentialParameters>
        """
    }

    static let stsPrincipal = """
            <externalCredentialParameters>
                <parameterGroup>AwsStsPrincipal</parameterGroup>
                <parameterName>AwsStsPrincipal</parameterName>
                <parameterType>AwsStsPrincipal</parameterType>
                <sequenceNumber>1</sequenceNumber>
            </externalCredentialParameters>
        """

    /// The metadata page names the STS query parameters `AwsExternalId`/`AwsDuration`, the
    /// Connect example `AwsStsExternalId`/`AwsStsDuration`: both read, the second written, and
    /// a row read under the first name is reported (a deploy renames it).
    @Test func theMetadataPagesSTSNamesAreReadAndReported() throws {
        let rows = [
            Self.row("AwsSv4", "AuthProtocolVariant", "AwsSv4_STS"), Self.row("AwsRegion", "AuthParameter", "us-west-2"),
            Self.row("AwsExternalId", "AuthProviderUrlQueryParameter", "ext-1"),
            Self.row("AwsDuration", "AuthProviderUrlQueryParameter", "900"), Self.stsPrincipal,
        ].joined(separator: "\n")
        let result = MetadataReader().read(files: Self.credential("AwsSv4", rows))
        let credential = try #require(result.manifest.externalCredentials.first)
        #expect(credential.flow == "STS")
        #expect(credential[.aws] == .object([
            "service": .null, "region": "us-west-2", "accountId": .null, "externalId": "ext-1", "duration": 900,
            "trustAnchorArn": .null, "profileArn": .null,
        ]))
        #expect(credential.principals.map(\.identityType) == ["AwsStsPrincipal"])
        #expect(result.issues.map(\.message).filter { $0.contains("read as AwsSts") }.count == 2, "\(result.issues)")
        let written = String(decoding: try MetadataExporter().export(result.manifest).files["externalCredentials/C.externalCredential-meta.xml"]!, as: UTF8.self)
        #expect(written.contains("<parameterName>AwsStsExternalId</parameterName>"))
        #expect(written.contains("<parameterName>AwsStsDuration</parameterName>\n        <parameterType>AuthProviderUrlQueryParameter</parameterType>"))
    }

    /// A variant credc does not know, or a protocol the metadata page reserves: foreign, once.
    @Test(arguments: [
        ("Oauth", row("Oauth", "AuthProtocolVariant", "TokenExchange")), ("Password", ""), ("JwtExchange", ""),
        ("Oauth", ""),  // neither a variant nor a provider link: its flow is unknown
    ])
    func unknownFlowsAndReservedProtocolsAreForeign(protocolName: String, rows: String) {
        let result = MetadataReader().read(files: Self.credential(protocolName, rows))
        #expect(result.foreignResources == [MetadataMember(type: .externalCredential, name: "C")])
        #expect(result.issues.map(\.severity) == [.note], "\(result.issues)")
        #expect(result.manifest.externalCredentials.isEmpty)
    }

    /// A row a flow does not take is reported, and the plan shows its removal.
    @Test func aRowTheFlowDoesNotTakeIsReported() throws {
        let rows = [
            Self.row("AuthProviderUrl", "AuthProviderUrl", "https://idp.example.com/token"),
            Self.row("Accept", "AuthHeader", "application/json"),
        ].joined(separator: "\n")
        let result = MetadataReader().read(files: Self.credential("Custom", rows))
        let credential = try #require(result.manifest.externalCredentials.first)
        #expect(credential.flow == "Custom")
        #expect(credential.optionalString(.tokenUrl) == nil)
        #expect(result.unrepresented.map(\.element) == ["AuthProviderUrl 'AuthProviderUrl'"])
    }

    /// The real JWT bearer file describes its header claims too; the field table's header claims
    /// have no description, so the reader reports it rather than dropping it.
    @Test func aHeaderClaimsDescriptionIsReported() throws {
        let rows = """
                <externalCredentialParameters>
                    <description>Algorithm</description>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>alg</parameterName>
                    <parameterType>JwtHeaderClaim</parameterType>
                    <parameterValue>RS256</parameterValue>
                </externalCredentialParameters>
            """
        let all = [Self.row("Oauth", "AuthProtocolVariant", "JwtBearer"), rows].joined(separator: "\n")
        let result = MetadataReader().read(files: Self.credential("Oauth", all))
        let credential = try #require(result.manifest.externalCredentials.first)
        #expect(credential[.jwt] == .object(["header": [["name": "alg", "value": "RS256"]], "claims": []]))
        #expect(result.unrepresented.map(\.value) == ["Algorithm"])
    }

    /// A per-principal scope whose group names no principal is reported, not attached elsewhere.
    @Test func aScopeOfAnUnknownGroupIsReported() throws {
        let rows = [
            Self.row("Oauth", "AuthProtocolVariant", "ClientCredentialsClientSecret"),
            Self.row("AuthProviderUrl", "AuthProviderUrl", "https://idp.example.com/token"),
            Self.row("Scope", "AuthParameter", "admin", group: "Gone"),
        ].joined(separator: "\n")
        let result = MetadataReader().read(files: Self.credential("Oauth", rows))
        #expect(result.manifest.externalCredentials.first?.passClientCredentialsInBody == true)
        #expect(result.unrepresented.map(\.element) == ["AuthParameter 'Scope' (group 'Gone')"])
    }

    /// `Jwt` (unverified: reserved on the metadata page, documented in Help): no flow, a
    /// certificate and claims, written back as read.
    @Test func theJwtProtocolRoundTrips() throws {
        let rows = """
                <externalCredentialParameters>
                    <certificate>signer</certificate>
                    <parameterGroup>DefaultGroup</parameterGroup>
                    <parameterName>SigningCertificate</parameterName>
                    <parameterType>SigningCertificate</parameterType>
                </externalCredentialParameters>
            \(Self.row("iss", "JwtBodyClaim", "integration"))
                <externalCredentialParameters>
                    <parameterGroup>Service</parameterGroup>
                    <parameterName>Service</parameterName>
                    <parameterType>NamedPrincipal</parameterType>
                    <sequenceNumber>1</sequenceNumber>
                </externalCredentialParameters>
            """
        let result = MetadataReader().read(files: Self.credential("Jwt", rows))
        #expect(result.issues == [])
        let credential = try #require(result.manifest.externalCredentials.first)
        #expect(credential[.flow] == .null)
        #expect(credential.optionalString(.signingCertificate) == "signer")
        let again = MetadataReader().read(files: try MetadataExporter().export(result.manifest).files)
        #expect(again.manifest == result.manifest)
    }
}
