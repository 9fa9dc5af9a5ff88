import Diagnostics
import Driver
import Schema
import Testing

/// `secrets:` on providers and principals (SPEC §12): the key table, the schema checks and
/// `missing-secrets`.
@Suite struct SecretSourcesTests {
    private let provider = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/v1/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}

        """

    private let credential = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Okta_Prod
        principals:
          - name: Admin
            sequence: 1
            permissionSets: [Billing_Admins]

        """

    private func withSecrets(_ line: String) -> String {
        provider.replacingFirst(
            "secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}", with: line)
    }

    @Test func theKeyTableHasOneRowPerProtocolAndFlow() throws {
        #expect(SecretInputs.provider(protocol: "OAuth", unmanaged: false)?.keys == ["clientId", "clientSecret"])
        #expect(SecretInputs.provider(protocol: "OAuth", unmanaged: true)?.keys == [])
        #expect(SecretInputs.principal(protocol: "OAuth", flow: "ClientCredentialsExternalIdentityProvider")?.keys == [])
        #expect(SecretInputs.principal(protocol: "OAuth", flow: "BrowserFlowExternalIdentityProvider")?.keys == [])
        #expect(SecretInputs.principal(protocol: "Custom", flow: nil) == .anyKey(resource: .credential))
        #expect(SecretInputs.principal(protocol: "Custom", flow: "NoAuthentication")?.resource == nil)
        #expect(SecretInputs.principal(protocol: "Basic", flow: nil)?.keys == ["username", "password"])
        #expect(SecretInputs.principal(protocol: "Basic", flow: nil, identityType: "PerUserPrincipal")?.keys == [])
        #expect(SecretInputs.principal(protocol: "AwsSv4", flow: nil)?.requiredKeys == ["awsAccessKeyId", "awsSecretAccessKey"])
        #expect(SecretInputs.principal(protocol: "AwsSv4", flow: nil)?.keys == ["awsAccessKeyId", "awsSecretAccessKey", "awsRoleArn"])
        #expect(SecretInputs.principal(protocol: "AwsSv4", flow: "STS")?.requiredKeys.count == 3)
        #expect(SecretInputs.principal(protocol: "AwsSv4", flow: "RolesAnywhere")?.keys == ["awsRoleArn"])
        #expect(SecretInputs.principal(protocol: "OAuth", flow: "ClientCredentialsClientSecret")?.keys == ["clientId", "clientSecret"])
        for flow in ["JwtBearer", "ClientCredentialsJwtAssertion", "BrowserFlow"] {
            #expect(SecretInputs.principal(protocol: "OAuth", flow: flow)?.resource == nil, "\(flow)")
        }
        #expect(SecretInputs.principal(protocol: "Jwt", flow: nil)?.resource == nil)
        #expect(SecretInputs.principal(protocol: "OAuth", flow: nil) == nil)
        let aws = try #require(SecretInputs.principal(protocol: "AwsSv4", flow: nil))
        #expect(!aws.isEncrypted("awsAccessKeyId") && aws.isEncrypted("awsSecretAccessKey") && !aws.isEncrypted("awsRoleArn"))
        #expect(SecretInputs.protocolVariant(protocol: "OAuth", flow: "ClientCredentialsClientSecret", passClientCredentialsInBody: false)
            == "ClientCredentialsClientSecretBasic")
        #expect(SecretInputs.protocolVariant(protocol: "OAuth", flow: "ClientCredentialsClientSecret", passClientCredentialsInBody: true)
            == "ClientCredentialsClientSecret")
        #expect(SecretInputs.protocolVariant(protocol: "AwsSv4", flow: "STS", passClientCredentialsInBody: false) == "AwsSv4_STS")
        #expect(SecretInputs.protocolVariant(protocol: "AwsSv4", flow: nil, passClientCredentialsInBody: false) == nil)
        for name in ["OKTA_ID", "okta_id", "_X", "a1"] { #expect(SecretInputs.isEnvironmentVariableName(name)) }
        for name in ["", "1A", "OKTA-ID", "a b", "${X}", "s3cr3t!", "ÉTÉ", "A\u{0301}", "Ａ"] { #expect(!SecretInputs.isEnvironmentVariableName(name)) }
    }

    /// The byte tests, on every ASCII character: `[A-Za-z_][A-Za-z0-9_]*`.
    @Test func everyASCIICharacterIsJudgedAsAVariableNameCharacter() {
        for value in UInt8(0x20)...UInt8(0x7E) {
            let character = Character(Unicode.Scalar(value))
            let isLetter = (character.isASCII && character.isLetter) || character == "_"
            #expect(SecretInputs.isEnvironmentVariableName("A\(character)") == (isLetter || character.isNumber), "\(character)")
            #expect(SecretInputs.isEnvironmentVariableName("\(character)A") == isLetter, "\(character)")
        }
    }

    @Test func declaredSecretsAreQuietAndModelled() {
        let analysis = analyze(provider)
        #expect(analysis.diagnostics.filter { $0.rule != .unusedIdentityProvider }.isEmpty, "\(analysis.diagnostics)")
        let secrets = analysis.model.providers.first?.secrets
        #expect(secrets?.entries.map { "\($0.key.value)=\($0.variable.value)" } == ["clientId=OKTA_CLIENT_ID", "clientSecret=OKTA_CLIENT_SECRET"])
        #expect(secrets?.variable(for: "clientSecret")?.path == "secrets.clientSecret")
    }

    @Test func secretLookingKeysUnderSecretsAreNotSecretsInConfig() {
        let analysis = analyze(provider)
        #expect(analysis.findings(.secretInConfig).isEmpty)
        #expect(analysis.findings(.principalCredentials).isEmpty)
    }

    @Test func aWrongKeyIsAnInvalidValueWithDidYouMean() throws {
        let analysis = analyze(withSecrets("secrets: {clientId: OKTA_CLIENT_ID, clientSecrt: OKTA_CLIENT_SECRET}"))
        let finding = try #require(analysis.findings(.invalidValue).first)
        #expect(finding.severity == .error)
        #expect("\(finding.range.start.line):\(finding.range.start.column)" == "8:37")
        #expect(finding.suggestion == "clientSecret")
        #expect(finding.message == "'clientSecrt' is not a secret identity provider 'Okta_Prod' takes; allowed: clientId, clientSecret")
    }

    @Test func aValueThatIsNoVariableNameIsInvalidAndNeverShown() throws {
        let literal = "Zx9-literal.Secret"
        let analysis = analyze(withSecrets("secrets: {clientId: OKTA_CLIENT_ID, clientSecret: '\(literal)'}"))
        let finding = try #require(analysis.findings(.invalidValue).first)
        #expect("\(finding.range.start.line):\(finding.range.start.column)" == "8:51")
        #expect(finding.message.contains("must be the name of the environment variable"))
        #expect(!"\(analysis.diagnostics)".contains(literal))
        #expect(analysis.files["test.yaml"].map { String(decoding: $0.bytes, as: UTF8.self).contains(literal) } == false)
        #expect(analysis.findings(.secretInConfig).isEmpty)
    }

    @Test func aPrincipalOfTodaysFlowsTakesNoSecrets() throws {
        let text = provider + "---\n" + credential + "    secrets: {clientSecret: BILLING_SECRET}\n"
        let analysis = analyze(text)
        let finding = try #require(analysis.findings(.invalidValue).first)
        #expect(finding.path == "principals[0].secrets")
        #expect(finding.message.contains("uses the provider's client ID and secret"))
        #expect("\(finding.range.start.line):\(finding.range.start.column)" == "21:14")
        #expect(analysis.findings(.secretInConfig).isEmpty && analysis.findings(.principalCredentials).isEmpty)
    }

    @Test func aManagedProviderWithoutSecretsIsWarned() throws {
        let analysis = analyze(withSecrets("description: no secrets"))
        let finding = try #require(analysis.findings(.missingSecrets).first)
        #expect(finding.severity == .warning)
        #expect("\(finding.range.start.line):\(finding.range.start.column)" == "3:7")
        #expect(finding.message.contains("'clientId' and 'clientSecret'"))
        let one = analyze(withSecrets("secrets: {clientId: OKTA_CLIENT_ID}"))
        #expect(one.findings(.missingSecrets).map(\.message).first?.contains("where 'clientSecret' comes from") == true)
    }

    @Test func anUnmanagedProviderNeedsNoSecretsAndTakesNone() {
        let unmanaged = withSecrets("unmanaged: true")
        #expect(analyze(unmanaged).findings(.missingSecrets).isEmpty)
        let declared = analyze(unmanaged + "secrets: {clientId: OKTA_CLIENT_ID}\n")
        #expect(declared.findings(.invalidValue).first?.message.contains("unmanaged provider is the org's own") == true)
    }

    @Test func variablesFillSecretSourcesPerEnvironment() {
        let text = withSecrets("secrets: {clientId: '${PREFIX}_CLIENT_ID', clientSecret: OKTA_CLIENT_SECRET}") + """
            ---
            apiVersion: credc/v1
            kind: Environment
            name: prod
            variables: {PREFIX: PROD}

            """
        let analysis = analyze(text)
        #expect(analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(analysis.diagnostics)")
        #expect(analysis.model.providers.first?.secrets?.variable(for: "clientId")?.value == "PROD_CLIENT_ID")
    }

    // MARK: Principals of the other protocols

    private func principalCredential(_ head: String, principal: String) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        \(head)
        principals:
          - name: Integration
            sequence: 1
            permissionSets: [Orders_Integration]
        \(principal)

        """
    }

    @Test func aCustomPrincipalTakesAnyParameterAndNeedsNone() {
        let declared = analyze(principalCredential("protocol: Custom", principal: "    secrets: {ApiKey: ORDERS_API_KEY, Tenant: ORDERS_TENANT}"))
        #expect(declared.findings(.invalidValue).isEmpty && declared.findings(.missingSecrets).isEmpty, "\(declared.diagnostics)")
        let none = analyze(principalCredential("protocol: Custom", principal: ""))
        #expect(none.findings(.missingSecrets).isEmpty)
        let noAuthentication = analyze(
            principalCredential("protocol: Custom\nflow: NoAuthentication", principal: "    secrets: {ApiKey: ORDERS_API_KEY}"))
        #expect(noAuthentication.findings(.invalidValue).first?.message.contains("sends no credentials") == true)
    }

    @Test func aBasicPrincipalTakesUsernameAndPassword() throws {
        let typo = analyze(principalCredential("protocol: Basic", principal: "    secrets: {user: ORDERS_USER, password: ORDERS_PASSWORD}"))
        let finding = try #require(typo.findings(.invalidValue).first)
        #expect(finding.suggestion == "username")
        #expect(finding.message == "'user' is not a secret a principal of a Basic credential takes; allowed: username, password")
        let missing = try #require(typo.findings(.missingSecrets).first)
        #expect(missing.message.contains("principal 'Integration' does not say where 'username' comes from"))
        let perUser = analyze(
            principalCredential("protocol: Basic", principal: "    identityType: PerUserPrincipal\n    secrets: {username: ORDERS_USER}"))
        #expect(perUser.findings(.invalidValue).first?.message.contains("each user's own") == true)
        #expect(perUser.findings(.missingSecrets).isEmpty)
    }

    @Test func anAwsPrincipalTakesTheDocumentedKeys() throws {
        let head = "protocol: AwsSv4\naws: {service: s3, region: us-east-1}"
        let quiet = analyze(principalCredential(head, principal: "    secrets: {awsAccessKeyId: AWS_KEY_ID, awsSecretAccessKey: AWS_SECRET}"))
        #expect(quiet.findings(.invalidValue).isEmpty && quiet.findings(.missingSecrets).isEmpty, "\(quiet.diagnostics)")
        let token = analyze(principalCredential(head, principal: "    secrets: {awsAccessKeyId: A, awsSecretAccessKey: B, awsSessionToken: C}"))
        #expect(token.findings(.invalidValue).first?.message.contains("allowed: awsAccessKeyId, awsSecretAccessKey, awsRoleArn") == true)
    }

    @Test func clientSecretPrincipalsAreWarnedAndJwtPrincipalsTakeNone() throws {
        let clientSecret = analyze(
            principalCredential("protocol: OAuth\nflow: ClientCredentialsClientSecret\ntokenUrl: https://login.example.com/token", principal: ""))
        #expect(clientSecret.findings(.missingSecrets).first?.message.contains("'clientId' and 'clientSecret'") == true)
        let jwt = analyze(principalCredential(
            """
            protocol: OAuth
            flow: JwtBearer
            tokenUrl: https://login.example.com/token
            signingCertificate: integration_cert
            jwt: {claims: [{name: iss, value: x}]}
            """, principal: "    secrets: {clientSecret: X}"))
        #expect(jwt.findings(.invalidValue).first?.message.contains("certificate signs") == true, "\(jwt.diagnostics)")
    }
}
