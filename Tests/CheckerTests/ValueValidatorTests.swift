@testable import Checker
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
