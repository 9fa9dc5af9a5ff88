import Checker
import Diagnostics
import Driver
import Testing

/// Contract 1.1 provider fields and the browser flow (SPEC §1), on YAML text with markers
/// (`1️⃣`) where each finding starts.
/// #26: an `unmanaged: true` provider exists in the org and is only referenced: it needs its
/// name and, where a credential's flow depends on it, its flow; nothing a deploy would write.
@Suite struct UnmanagedProviderTests {
    private static let credential = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Ping
        principals:
          - {name: Admin, sequence: 1, permissionSets: [Admins]}
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Billing
        label: Billing
        url: https://billing.example.com
        externalCredential: Billing_API

        """

    @Test func anUnreferencedUnmanagedProviderNeedsOnlyItsName() {
        let analysis = analyze("apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: Ping\nunmanaged: true\n")
        #expect(analysis.diagnostics.isEmpty, "\(analysis.diagnostics)")
        let authorizationCode = analyze(
            "apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: Ping\nflow: AuthorizationCode\nunmanaged: true\n")
        #expect(authorizationCode.diagnostics.isEmpty, "\(authorizationCode.diagnostics)")
        // A managed provider still needs every field.
        let managed = analyze("apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: Ping\nunmanaged: false\n")
        #expect(managed.findings(.missingField).map(\.message).map { $0.prefix { $0 != ":" } } == [
            "missing required field 'flow'", "missing required field 'label'", "missing required field 'protocol'",
            "missing required field 'tokenUrl'",
        ])
    }

    @Test func aCredentialWhoseFlowDependsOnItNeedsItsFlow() {
        let provider = "apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: Ping\nunmanaged: true\n---\n"
        let analysis = analyze(provider + Self.credential)
        #expect(analysis.diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.rule)" } == ["2:7 missing-field"])
        #expect(analysis.diagnostics.first?.message == "missing required field 'flow': credential 'Billing_API' uses flow "
            + "ClientCredentialsExternalIdentityProvider, which needs an unmanaged provider to say its flow (ClientCredentials)")
        #expect(analysis.diagnostics.first?.notes.first?.range?.start == SourcePosition(line: 12, column: 19))
        let withFlow = analyze(provider.replacingFirst("unmanaged: true", with: "flow: ClientCredentials\nunmanaged: true") + Self.credential)
        #expect(withFlow.diagnostics.isEmpty, "\(withFlow.diagnostics)")
    }
}

@Suite struct ProviderFieldRuleTests {
    private static let browserProvider = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Entra
        label: Entra
        protocol: OAuth
        flow: AuthorizationCode
        tokenUrl: https://login.example.com/token
        authorizeUrl: https://login.example.com/authorize
        userInfoUrl: https://login.example.com/userinfo
        pkce: true
        clientAuthentication: body
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
        tokenRequest:
          body: {resource: https://api.example.com}
          headers: {X-Tenant: acme}
        refreshRequest: {query: {prompt: none}}

        """

    private static func credential(flow: String, provider: String, _ extra: String = "") -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Portal
        label: Portal
        protocol: OAuth
        flow: \(flow)
        identityProvider: \(provider)
        \(extra)principals:
          - name: Per User
            sequence: 1
            identityType: PerUserPrincipal
            permissionSets: [Portal_Users]
        ---
        apiVersion: credc/v1
        kind: NamedCredential
        name: Portal
        label: Portal
        url: https://portal.example.com
        externalCredential: Portal

        """
    }

    @Test func aBrowserFlowConfigurationIsClean() {
        let analysis = analyze(Self.browserProvider + "---\n" + Self.credential(flow: "BrowserFlowExternalIdentityProvider", provider: "Entra"))
        #expect(analysis.diagnostics.filter { $0.severity != .info }.map(\.message) == [])
    }

    @Test func authorizationCodeFieldsOnAClientCredentialsProviderAreAFlowMismatch() {
        let (text, positions) = extractMarkers("""
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            authorizeUrl: 1️⃣https://okta.example.com/authorize
            pkce: 1️⃣false
            unmanaged: true

            """)
        let findings = analyze(text).findings(.providerFlowMismatch)
        #expect(findings.map(\.range.start) == positions)
        #expect(findings.map(\.severity) == [.error, .error])
        #expect(findings.map(\.path) == ["authorizeUrl", "pkce"])
        #expect(findings[0].message.hasPrefix("'authorizeUrl' is not allowed on a provider whose flow is ClientCredentials"))
    }

    @Test func anAuthorizationCodeProviderNeedsAnAuthorizeURL() {
        let text = Self.browserProvider.replacingFirst("authorizeUrl: https://login.example.com/authorize\n", with: "")
        let findings = analyze(text).findings(.missingField)
        #expect(findings.map(\.message) == [
            "missing required field 'authorizeUrl': an AuthorizationCode provider needs the authorization endpoint"
        ])
        #expect(findings.map(\.range.start) == [SourcePosition(line: 2, column: 7)])
        // #26: an unmanaged one is the org's: its authorization endpoint is set there.
        #expect(analyze(text.replacingFirst("name: Entra", with: "name: Entra\nunmanaged: true")).findings(.missingField).isEmpty)
    }

    @Test func headerNamesAreHTTPTokensAndCredentialHeadersAreSecrets() {
        let (text, positions) = extractMarkers("""
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            unmanaged: true
            tokenRequest:
              headers:
                1️⃣X Tenant: acme
                Authorization: 1️⃣Basic dXNlcjpwYXNz
              body: {audience: https://api.example.com}

            """)
        let analysis = analyze(text)
        #expect(analysis.findings(.invalidValue).map(\.range.start) == [positions[0]])
        let secrets = analysis.findings(.secretInConfig)
        #expect(secrets.map(\.range.start) == [positions[1]])
        #expect(secrets.map(\.path) == ["tokenRequest.headers.Authorization"])
        #expect(!analysis.diagnostics.map(\.message).joined().contains("dXNlcjpwYXNz"))
    }

    @Test func requestParametersHaveTheirShape() {
        let (text, positions) = extractMarkers("""
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            unmanaged: true
            tokenRequest:
              1️⃣bdy: {a: b}
              query: {limit: 1️⃣5}

            """)
        let analysis = analyze(text)
        #expect(analysis.findings(.unknownField).map(\.range.start) == [positions[0]])
        #expect(analysis.findings(.unknownField).first?.suggestion == "body")
        #expect(analysis.findings(.typeMismatch).map(\.range.start) == [positions[1]])
    }

    /// An empty parameter name would be written as `<parameterName></parameterName>`.
    @Test func bodyAndQueryParameterNamesAreNotEmpty() {
        let (text, positions) = extractMarkers("""
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            unmanaged: true
            tokenRequest:
              body: {1️⃣"": v, audience: https://api.example.com}
            refreshRequest:
              query: {1️⃣'': q}

            """)
        let analysis = analyze(text)
        #expect(analysis.findings(.invalidValue).map(\.range.start) == positions)
    }

    /// HTTP header names are case-insensitive: `X-A` and `x-a` are one header sent twice.
    /// Body and query names are not: `a` and `A` are two parameters.
    @Test func headerNamesDifferingOnlyInCaseAreADuplicateKey() {
        let (text, positions) = extractMarkers("""
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            unmanaged: true
            tokenRequest:
              headers: {1️⃣X-A: "1", 1️⃣x-a: "2", X-B: "3"}
              body: {a: "1", A: "2"}
              query: {q: "1", Q: "2"}
            refreshRequest:
              headers: {X-A: "1"}

            """)
        let analysis = analyze(text)
        let duplicates = analysis.findings(.duplicateKey)
        #expect(duplicates.map(\.range.start) == [positions[1]])
        #expect(duplicates.first?.severity == .error)
        #expect(duplicates.first?.message.contains("'x-a' differs from 'X-A' only in case") == true)
        #expect(duplicates.first?.notes.map(\.range?.start) == [positions[0]])
        #expect(analysis.diagnostics.filter { $0.severity == .error }.count == 1)
    }

    @Test func theBrowserFlowNeedsAnAuthorizationCodeProviderAndTakesNoBodySwitch() {
        let okta = """
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token

            """
        let (text, positions) = extractMarkers(
            okta + "---\n"
                + Self.credential(flow: "BrowserFlowExternalIdentityProvider", provider: "1️⃣Okta", "passClientCredentialsInBody: 1️⃣false\n"))
        let analysis = analyze(text)
        #expect(analysis.findings(.providerFlowMismatch).map(\.range.start) == [positions[0]])
        #expect(analysis.findings(.providerFlowMismatch).first?.message
            == "flow BrowserFlowExternalIdentityProvider needs a provider whose flow is AuthorizationCode; 'Okta' uses ClientCredentials")
        #expect(analysis.findings(.invalidValue).map(\.range.start) == [positions[1]])
        // PerUserPrincipal is allowed in the browser flow.
        #expect(analysis.findings(.identityType) == [])
    }

    @Test func aProviderLinkedCredentialSendsClientCredentialsAsItsProviderDoes() {
        let okta = """
            apiVersion: credc/v1
            kind: ExternalAuthIdentityProvider
            name: Okta
            label: Okta
            protocol: OAuth
            flow: ClientCredentials
            tokenUrl: https://okta.example.com/token
            clientAuthentication: header

            """
        let (text, positions) = extractMarkers(
            okta + "---\n"
                + Self.credential(flow: "ClientCredentialsExternalIdentityProvider", provider: "Okta", "passClientCredentialsInBody: 1️⃣true\n")
                .replacingFirst("    identityType: PerUserPrincipal\n", with: ""))
        let findings = analyze(text).findings(.providerFlowMismatch)
        #expect(findings.map(\.range.start) == positions)
        #expect(findings.first?.notes.map(\.message) == [
            "set clientAuthentication: body on the provider, or remove this field", "the provider's clientAuthentication is set here",
        ])
        // Agreeing with the provider is quiet.
        let agreeing = text.replacingFirst("clientAuthentication: header", with: "clientAuthentication: body")
        #expect(analyze(agreeing).findings(.providerFlowMismatch) == [])
    }
}
