import Diagnostics
import Driver
import Testing

/// `formula-syntax`, `jwt-claim` and `aws-parameter` on YAML as users write it (SPEC §10).
@Suite struct CredentialFormulaRuleTests {
    /// The three credentials of SPEC §10's example, and a named credential with a formula header.
    static let specExample = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        protocol: Custom
        authHeaders:
          - name: X-Api-Key
            value: '{!$Credential.Orders_API.ApiKey}'
            sequence: 1
          - name: Accept
            value: application/json
        principals:
          - name: Integration
            sequence: 1
            permissionSets: [Orders_Integration]
            secrets: {ApiKey: ORDERS_API_KEY}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Data_Cloud
        label: Data Cloud
        protocol: OAuth
        flow: JwtBearer
        tokenUrl: https://login.example.com/services/oauth2/token
        signingCertificate: integration_cert
        jwt:
          header: [{name: alg, value: RS256}, {name: kid, value: integration_cert}]
          claims:
            - {name: iss, value: 3MVG9example, description: Issuer}
            - {name: aud, value: '"https://login.example.com"'}
            - {name: exp, value: '{!TEXT(FLOOR((NOW() - DATETIMEVALUE("1970-01-01 00:00:00")) * 86400 + 180))}'}
        principals:
          - {name: Sales_User, sequence: 1, permissionSets: [Data_Cloud_Users]}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Files_S3
        label: Files (S3)
        protocol: AwsSv4
        aws: {service: s3, region: us-east-1, accountId: '123456789012'}
        principals:
          - {name: Admin, sequence: 1, permissionSets: [Files_Admins]}
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Orders
        label: Orders
        url: https://orders.example.com/v1
        externalCredential: Orders_API
        headers:
          - {name: X-Tenant, value: acme, sequence: 1}
          - {name: X-Signature, value: "{!HEX(HMAC('SHA-256', $Credential.Orders_API.Body, BLOB($Credential.Orders_API.ApiKey)))}"}

        """

    static let rules: [RuleID] = [.formulaSyntax, .jwtClaim, .awsParameter]

    func findings(_ text: String) -> [Diagnostic] {
        analyze(text).diagnostics.filter { Self.rules.contains($0.rule) }
    }

    /// Rule, line and column of each finding, as `check` prints them.
    func positions(_ text: String) -> [String] {
        findings(text).map { "\($0.rule):\($0.severity):\($0.range.start.line):\($0.range.start.column)" }.sorted()
    }

    @Test func theSpecExampleIsQuiet() {
        #expect(findings(Self.specExample).isEmpty, "\(findings(Self.specExample))")
    }

    @Test func anAuthHeaderFormulaFiresInsideItsValue() throws {
        let text = Self.specExample.replacingFirst("{!$Credential.Orders_API.ApiKey}", with: "{!$Credential.Orders_API.ApiKy}")
        let found = findings(text)
        try #require(found.count == 1, "\(found)")
        #expect(positions(text) == ["formula-syntax:error:8:38"])
        #expect(found[0].message.hasPrefix("auth header 'X-Api-Key': external credential 'Orders_API' has no parameter 'ApiKy'"))
        #expect(found[0].suggestion == "ApiKey")
        #expect(found[0].fixes.first?.edits.first?.text == "ApiKey")
    }

    @Test func anUnknownCredentialInANamedCredentialHeader() throws {
        let text = Self.specExample.replacingFirst("$Credential.Orders_API.Body", with: "$Credential.Order_API.Body")
        #expect(positions(text) == ["formula-syntax:error:52:67"])
        #expect(findings(text).first?.suggestion == "Orders_API")
    }

    @Test func jwtFormulasAreChecked() {
        let text = Self.specExample.replacingFirst("FLOOR((NOW()", with: "FLOR((NOW()")
        #expect(positions(text) == ["formula-syntax:error:31:34"])
        #expect(findings(text).first?.message.hasPrefix("JWT claim 'exp': unknown function 'FLOR'") == true)
    }

    @Test func hashOnlyTakesSHA256() {
        let text = Self.specExample.replacingFirst("HMAC('SHA-256'", with: "HMAC('SHA-1'")
        #expect(positions(text) == ["formula-syntax:error:52:45"])
    }

    @Test func jwtClaimsThePlatformRejects() {
        let text = Self.specExample
            .replacingFirst(#"'"https://login.example.com"'"#, with: "https://login.example.com")
            .replacingFirst("{name: alg, value: RS256}", with: "{name: alg, value: HS256}")
            .replacingFirst("{name: iss, value: 3MVG9example, description: Issuer}", with: "{name: iat, value: now}")
            + "# end\n"
        #expect(positions(text) == ["jwt-claim:error:27:31", "jwt-claim:error:29:26", "jwt-claim:error:30:26"])
    }

    @Test func aClaimGivenTwice() throws {
        let text = Self.specExample.replacingFirst(
            "    - {name: iss, value: 3MVG9example, description: Issuer}\n",
            with: "    - {name: iss, value: 3MVG9example, description: Issuer}\n    - {name: iss, value: other}\n")
        let found = findings(text)
        try #require(found.count == 1, "\(found)")
        #expect(positions(text) == ["jwt-claim:error:30:14"])
        #expect(found[0].notes.first?.range?.start.line == 29)
    }

    @Test func awsParametersOfTheWrongForm() {
        let text = Self.specExample.replacingFirst(
            "{service: s3, region: us-east-1, accountId: '123456789012'}",
            with: "{service: S3, region: us-east, accountId: '12345'}")
        #expect(positions(text) == ["aws-parameter:error:40:16", "aws-parameter:error:40:28", "aws-parameter:error:40:48"])
    }

    @Test func awsSessionsAndRolesAnywhere() {
        let credential = """
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Files_S3
            label: Files (S3)
            protocol: AwsSv4
            flow: RolesAnywhere
            signingCertificate: aws_cert
            aws:
              service: s3
              region: us-east-1
              duration: 60
              trustAnchorArn: arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a1b2c3d4
              profileArn: arn:aws:rolesanywhere:us-east-1:123456789012:profile/e5f6
            principals:
              - {name: Admin, sequence: 1, permissionSets: [Files_Admins]}

            """
        #expect(positions(credential) == ["aws-parameter:error:11:13"])
        let swapped = credential.replacingFirst(":profile/e5f6", with: ":trust-anchor/e5f6")
        #expect(positions(swapped) == ["aws-parameter:error:11:13", "aws-parameter:error:13:15"])
    }

    @Test func aValueWithAVariableIsJudgedInEachEnvironment() {
        let text = Self.specExample.replacingFirst("region: us-east-1", with: "region: ${AWS_REGION}")
        #expect(findings(text).isEmpty, "\(findings(text))")
    }

    /// A formula that takes part of its text from an environment is judged once substituted,
    /// in each environment, at the position of its `${…}`.
    @Test func aFormulaWithAVariable() {
        let environments = ["prod": "ApiKey", "uat": "ApiKy"].sorted { $0.key < $1.key }.map { name, key in
            "apiVersion: credc/v1\nkind: Environment\nname: \(name)\nvariables:\n  KEY: \(key)\n"
        }.joined(separator: "---\n")
        let text =
            Self.specExample.replacingFirst("{!$Credential.Orders_API.ApiKey}", with: "{!$Credential.Orders_API.${KEY}}")
            + "---\n" + environments
        let found = findings(text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.range.start == SourcePosition(line: 8, column: 38))
        #expect(found.first?.message.contains("'ApiKy'") == true)
    }

    /// A credential a file that did not parse may define is not reported unknown.
    @Test func aCredentialInAFileThatDidNotParse() {
        let text = Self.specExample.replacingFirst("$Credential.Orders_API.Body", with: "$Credential.Shipping_API.Body")
        let broken = "apiVersion: credc/v1\nkind: ExternalCredential\nname: Shipping_API\nlabel: [\n"
        let found = analyze([("a.yaml", text), ("b.yaml", broken)]).diagnostics.filter { $0.rule == .formulaSyntax }
        #expect(found.isEmpty, "\(found)")
        #expect(analyze([("a.yaml", text)]).diagnostics.contains { $0.rule == .formulaSyntax })
    }
}
