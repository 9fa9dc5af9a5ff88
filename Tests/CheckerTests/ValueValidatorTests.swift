@testable import Checker
import Diagnostics
import Model
import Testing

@Suite("JWT claim values")
struct JWTValueTests {
    @Test(arguments: [#""https://login.example.com""#, #"["a", "b"]"#, "{!$User.Email}", "${AUDIENCE}"])
    func validAudience(value: String) {
        #expect(jwtAudienceProblem(value) == nil)
    }

    @Test func anAudienceWithoutQuotesIsNotJSON() throws {
        let problem = try #require(jwtAudienceProblem("https://login.example.com"))
        #expect(problem.message.contains("not valid JSON"))
        #expect(problem.suggestion == #""https://login.example.com""#)
        #expect(jwtAudienceProblem(#""unterminated"#) != nil)
    }

    @Test func algorithm() {
        #expect(jwtAlgorithmProblem("RS256") == nil)
        #expect(jwtAlgorithmProblem("RS512") == nil)
        #expect(jwtAlgorithmProblem("HS256")?.suggestion == nil)
        #expect(jwtAlgorithmProblem("HS256")?.message.contains("use RS256 or RS512") == true)
        #expect(jwtAlgorithmProblem("rs256")?.suggestion == "RS256")
    }

    @Test(arguments: ["1735689600", "1735689600.5", "{!TEXT(NOW())}", "0"])
    func validTimeClaim(value: String) {
        #expect(jwtTimeClaimProblem(name: "exp", value: value) == nil)
    }

    @Test(arguments: ["tomorrow", "-5", "", "1e", "'1735689600'"])
    func invalidTimeClaim(value: String) {
        #expect(jwtTimeClaimProblem(name: "iat", value: value)?.message.contains("JWT claim iat must be a NumericDate") == true)
    }
}

@Suite("AWS parameter values")
struct AWSValueTests {
    @Test(arguments: ["s3", "execute-api", "bedrock", "s3-object-lambda", "ec2", "${SERVICE}"])
    func validService(value: String) {
        #expect(awsServiceProblem(value) == nil)
    }

    @Test func invalidService() {
        #expect(awsServiceProblem("S3")?.suggestion == "s3")
        #expect(awsServiceProblem("s3 bucket")?.suggestion == nil)
        #expect(awsServiceProblem("-s3") != nil)
        #expect(awsServiceProblem("") != nil)
    }

    @Test(arguments: ["us-east-1", "eu-central-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2", "us-isob-east-1", "eusc-de-east-1"])
    func validRegion(value: String) {
        #expect(awsRegionProblem(value) == nil)
    }

    @Test func invalidRegion() {
        #expect(awsRegionProblem("us-east")?.message.contains("not a region code") == true)
        #expect(awsRegionProblem("US-EAST-1")?.suggestion == "us-east-1")
        #expect(awsRegionProblem("us_east_1")?.suggestion == "us-east-1")
        #expect(awsRegionProblem("Frankfurt")?.suggestion == nil)
        #expect(awsRegionProblem("us-east-1a") != nil)
    }

    @Test func accountID() {
        #expect(awsAccountIDProblem("123456789012") == nil)
        #expect(awsAccountIDProblem("12345678901")?.message == "AWS account ID '12345678901' is not 12 digits")
        #expect(awsAccountIDProblem("1234-5678-9012") != nil)
        #expect(awsAccountIDProblem("１２３４５６７８９０１２") != nil)
    }

    @Test func externalID() {
        #expect(awsExternalIDProblem("acme-tenant_42:prod") == nil)
        #expect(awsExternalIDProblem("a") != nil)
        #expect(awsExternalIDProblem("has space") != nil)
        #expect(awsExternalIDProblem(String(repeating: "a", count: 1_225)) != nil)
    }

    @Test func duration() {
        #expect(awsDurationProblem(900) == nil)
        #expect(awsDurationProblem(43_200) == nil)
        #expect(awsDurationProblem(899)?.message.contains("outside 900..43200") == true)
        #expect(awsDurationProblem(43_201) != nil)
    }

    @Test func rolesAnywhereARNs() {
        let anchor = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
        #expect(awsRolesAnywhereARNProblem(anchor, resource: "trust-anchor") == nil)
        #expect(awsRolesAnywhereARNProblem(anchor, resource: "profile") != nil)
        #expect(
            awsRolesAnywhereARNProblem("arn:aws-us-gov:rolesanywhere:us-gov-west-1:123456789012:profile/abc", resource: "profile")
                == nil)
        #expect(awsRolesAnywhereARNProblem("arn:aws:iam::123456789012:role/x", resource: "profile") != nil)
        #expect(awsRolesAnywhereARNProblem("arn:aws:rolesanywhere:us-east-1:1234:profile/abc", resource: "profile") != nil)
        #expect(awsRolesAnywhereARNProblem("arn:aws:rolesanywhere:us-east-1:123456789012:profile/", resource: "profile") != nil)
    }
}

/// A value on line `line` of `test.yaml`, from column 10.
private func located<T>(_ value: T, line: Int, width: Int = 5) -> Located<T> {
    Located(
        value,
        range: SourceRange(start: SourcePosition(line: line, column: 10), end: SourcePosition(line: line, column: 10 + width)),
        path: "jwt")
}

@Suite("jwt-claim and aws-parameter over their sites")
struct ValueRuleSiteTests {
    @Test func jwtFindings() {
        let site = JWTSite(
            file: "test.yaml",
            header: [
                .init(name: located("alg", line: 1), value: located("HS256", line: 1)),
                .init(name: located("typ", line: 2), value: located("JWT", line: 2)),
            ],
            claims: [
                .init(name: located("aud", line: 3), value: located("https://login.example.com", line: 3)),
                .init(name: located("exp", line: 4), value: located("soon", line: 4)),
                .init(name: located("iat", line: 5), value: located("{!TEXT(NOW())}", line: 5)),
                .init(name: located("exp", line: 6), value: located("1735689600", line: 6)),
                .init(name: located("Exp", line: 7), value: located("x", line: 7)),
            ])
        let findings = JWTClaim.findings(at: site)
        #expect(findings.allSatisfy { $0.rule == .jwtClaim })
        #expect(findings.map(\.range.start.line).sorted() == [1, 3, 4, 6])
        let duplicate = findings.first { $0.range.start.line == 6 }
        #expect(duplicate?.message == "JWT claim 'exp' is given twice")
        #expect(duplicate?.notes.first?.range?.start.line == 4)
    }

    @Test func awsFindings() {
        let site = AWSSite(
            file: "test.yaml", service: located("S3", line: 1), region: located("us-east-1", line: 2),
            accountId: located("12345", line: 3), externalId: nil, duration: located(60, line: 4),
            trustAnchorArn: located("arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/abc", line: 5),
            profileArn: located("arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/abc", line: 6))
        let findings = AWSParameter.findings(at: site)
        #expect(findings.allSatisfy { $0.rule == .awsParameter })
        #expect(findings.map(\.range.start.line).sorted() == [1, 3, 4, 6])
        #expect(findings.first { $0.range.start.line == 1 }?.suggestion == "s3")
    }
}
