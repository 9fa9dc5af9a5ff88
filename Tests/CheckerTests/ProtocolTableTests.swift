@testable import Checker
import Diagnostics
import Driver
import Testing

/// A credential against its row of the protocols table (contract 1.2 §10), and a named
/// credential's endpoint type: required fields name the flow, a field the flow does not take is
/// `invalid-value`, identity types follow the row.
@Suite struct ProtocolTableTests {
    private func credential(_ body: String, principal: String = "{name: Admin, sequence: 1, permissionSets: [Admins]}") -> String {
        "apiVersion: credc/v1\nkind: ExternalCredential\nname: Files_S3\nlabel: Files\n\(body)principals:\n  - \(principal)\n"
    }

    @Test func aFlowsRequiredFieldIsMissingFieldNamingTheFlow() {
        let analysis = analyze(credential("protocol: OAuth\nflow: JwtBearer\ntokenUrl: https://login.example.com/token\n"))
        let missing = analysis.findings(.missingField)
        #expect(Set(missing.map(\.message)) == [
            "missing required field 'signingCertificate', which flow JwtBearer needs: Developer name of the certificate that signs the JWT (JwtBearer, Jwt, RolesAnywhere).",
            "missing required field 'jwt', which flow JwtBearer needs: The JWT's header and body claims (JwtBearer, Jwt).",
        ])
        #expect(missing.allSatisfy { $0.severity == .error && $0.range.start == SourcePosition(line: 2, column: 7) })
    }

    @Test func aNestedRequiredFieldPointsAtItsMapping() {
        let analysis = analyze(credential("protocol: AwsSv4\naws: {service: s3}\n"))
        #expect(analysis.findings(.missingField).map(\.message).first?.hasPrefix("missing required field 'aws.region', which flow AccessKey needs") == true)
        #expect(analysis.findings(.missingField).map(\.range.start) == [SourcePosition(line: 6, column: 6)])
    }

    @Test func aFieldTheFlowDoesNotTakeIsInvalid() {
        let analysis = analyze(credential("protocol: Custom\ntokenUrl: https://x.example.com/token\n"))
        #expect(analysis.findings(.invalidValue).map(\.message) == ["'tokenUrl' is not allowed with flow Custom; remove it"])
        #expect(analysis.findings(.invalidValue).map(\.range.start) == [SourcePosition(line: 6, column: 11)])
        let aws = analyze(credential("protocol: AwsSv4\naws: {service: s3, region: us-east-1, trustAnchorArn: x}\n"))
        #expect(aws.findings(.invalidValue).map(\.message) == ["'aws.trustAnchorArn' is not allowed with flow AccessKey; remove it"])
    }

    @Test func aFlowOfAnotherProtocolOrAFlowOnBasicIsInvalid() {
        let other = analyze(credential("protocol: AwsSv4\nflow: JwtBearer\n"))
        #expect(other.findings(.invalidValue).first?.message == "'JwtBearer' is not a flow of protocol AwsSv4; allowed: AccessKey, STS, RolesAnywhere")
        let basic = analyze(credential("protocol: Basic\nflow: Custom\n"))
        #expect(basic.findings(.invalidValue).map(\.message) == ["protocol Basic has no flows; remove 'flow'"])
        let oauth = analyze(credential("protocol: OAuth\n"))
        #expect(oauth.findings(.missingField).first?.message.hasPrefix("missing required field 'flow': protocol OAuth needs one of") == true)
    }

    @Test func wellFormedCredentialsOfEveryProtocolAreQuiet() {
        for body in [
            "protocol: Custom\n", "protocol: Custom\nflow: NoAuthentication\n", "protocol: Basic\n",
            "protocol: AwsSv4\naws: {service: s3, region: us-east-1, accountId: '123456789012'}\n",
            "protocol: OAuth\nflow: ClientCredentialsClientSecret\ntokenUrl: https://auth.example.com/token\n",
            "protocol: OAuth\nflow: BrowserFlow\nauthProvider: Support_Desk\n",
        ] {
            let analysis = analyze(credential(body))
            #expect(analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(body): \(analysis.diagnostics.map(\.message))")
        }
    }

    @Test func identityTypesFollowTheRow() {
        let sts = "protocol: AwsSv4\nflow: STS\naws: {service: s3, region: us-east-1}\n"
        let named = analyze(credential(sts))
        #expect(named.findings(.identityType).map(\.message) == [
            "identityType 'NamedPrincipal' is not allowed with flow STS; use AwsStsPrincipal (left out, it is NamedPrincipal)"
        ])
        #expect(named.findings(.identityType).map(\.range.start) == [SourcePosition(line: 9, column: 12)])
        let written = analyze(credential(sts, principal: "{name: Role, sequence: 1, identityType: AwsStsPrincipal, permissionSets: [A]}"))
        #expect(written.findings(.identityType).isEmpty)
        let perUser = analyze(credential("protocol: Basic\n", principal: "{name: U, sequence: 1, identityType: PerUserPrincipal, permissionSets: [A]}"))
        #expect(perUser.findings(.identityType).isEmpty)
    }

    @Test func aPrivateEndpointNeedsItsConnection() {
        let named = "apiVersion: credc/v1\nkind: NamedCredential\nname: Files\nlabel: Files\nurl: https://files.example.com\nexternalCredential: Files_S3\n"
        let base = credential("protocol: Custom\n") + "---\n"
        let missing = analyze(base + named + "type: PrivateEndpoint\n")
        #expect(missing.findings(.missingField).map(\.range.start) == [SourcePosition(line: 15, column: 7)])
        let stray = analyze(base + named + "outboundNetworkConnection: Files_Link\n")
        #expect(stray.findings(.invalidValue).map(\.range.start) == [SourcePosition(line: 15, column: 28)])
        #expect(analyze(base + named + "type: PrivateEndpoint\noutboundNetworkConnection: Files_Link\n").findings(.missingField).isEmpty)
    }
}
