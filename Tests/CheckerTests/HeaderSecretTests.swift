@testable import Checker
import Diagnostics
import Driver
import Testing

/// `secret-in-config` on header values (contract 1.2 §10): a literal that looks like a
/// credential fires, at the value; formulas, variables, placeholders and ordinary values do not.
@Suite struct HeaderSecretTests {
    private func credential(header value: String, field: String = "authHeaders") -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        protocol: Custom
        \(field): [{name: X-Api-Key, value: '\(value)'}]
        principals:
          - {name: Integration, sequence: 1, permissionSets: [Orders_Integration]}

        """
    }

    private func named(header value: String) -> String {
        credential(header: "{!$Credential.Orders_API.ApiKey}") + """
            ---
            apiVersion: credc/v1
            kind: NamedCredential
            name: Orders
            label: Orders
            url: https://orders.example.com/v1
            externalCredential: Orders_API
            headers:
              - name: X-Tenant-Key
                value: '\(value)'

            """
    }

    @Test(arguments: [
        ("9f8Kq2LmZ7xW4tR1vB6nH3yJ0pQ5sD8a", "a credential (a long random string)"),
        ("Bearer sk-proj4Hk2mQ9xL7vT3nB8wR5yZ1", "an API secret key"),
        ("Basic dXNlcjpwYXNzd29yZA==", "HTTP Basic credentials"),
        ("AKIAIOSFODNN7EXAMPLF", "an AWS access key ID"),
        ("Bearer 9f8Kq2LmZ7xW4tR1vB6nH3yJ0pQ5sD8a", "a Bearer token"),
        ("tN3vR8qLx2Zk/P7wYb4Hc9Ms+J1dFg6Ua0Ve5Ko", "a credential (a long random string)"),
    ])
    func aCredentialInAnAuthHeaderFires(_ value: String, _ what: String) {
        let analysis = analyze(credential(header: value))
        let findings = analysis.findings(.secretInConfig)
        #expect(findings.map(\.message) == ["this value looks like \(what); secrets must not be kept in config or git"])
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.range.start == SourcePosition(line: 6, column: 40))
        #expect(findings.first?.notes.first?.message.contains("{!$Credential.CREDENTIAL.PARAM}") == true)
    }

    @Test(arguments: [
        "{!$Credential.Orders_API.ApiKey}", "Bearer {!$Credential.Orders_API.Token}", "application/json", "xxx",
        "changeme", "<your api key>", "${ORDERS_KEY}", "gzip, deflate", "v2.2024-01-01", "acme-tenant-production-eu",
        "tenant-16-api-key-header", "ORDERS_API_V2_2024_PRODUCTION", "application/vnd.github.v3+json",
        "application/vnd.ms-excel.sheet.macroEnabled.12", "AcmeOrdersConnector/2.4.1", "Salesforce-Integration/v58.0",
        "SalesforceOrdersIntegration2024",
    ])
    func formulasPlaceholdersAndOrdinaryValuesStayQuiet(_ value: String) {
        #expect(analyze(credential(header: value)).findings(.secretInConfig).isEmpty, "\(value)")
    }

    @Test func aNamedCredentialHeaderIsCheckedToo() {
        let analysis = analyze(named(header: "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s"))
        #expect(analysis.findings(.secretInConfig).map(\.range.start) == [SourcePosition(line: 18, column: 12)])
        #expect(analyze(named(header: "acme")).findings(.secretInConfig).isEmpty)
    }

    /// The same text elsewhere is not a header: a description may be long and random-looking.
    @Test func onlyHeaderValuesAreJudgedByEntropy() {
        let text = credential(header: "{!$Credential.Orders_API.ApiKey}")
            .replacingOccurrences(of: "label: Orders API\n", with: "label: Orders API\ndescription: 9f8Kq2LmZ7xW4tR1vB6nH3yJ0pQ5sD8a\n")
        #expect(analyze(text).findings(.secretInConfig).isEmpty)
    }

    /// Header names are HTTP tokens, in both kinds of header rows; a name may repeat.
    @Test func headerNamesAreHTTPTokens() {
        let bad = analyze(credential(header: "a").replacingOccurrences(of: "name: X-Api-Key", with: "name: 'X Api Key'"))
        #expect(bad.findings(.invalidValue).map(\.range.start) == [SourcePosition(line: 6, column: 22)])
        #expect(bad.findings(.invalidValue).first?.message.hasPrefix("'X Api Key' is not an HTTP header name") == true)
        let twice = credential(header: "a").replacingOccurrences(
            of: "[{name: X-Api-Key, value: 'a'}]", with: "[{name: Accept, value: a}, {name: Accept, value: b}]")
        #expect(analyze(twice).findings(.invalidValue).isEmpty)
        #expect(analyze(named(header: "acme").replacingOccurrences(of: "name: X-Tenant-Key", with: "name: 'X-Tenant:'"))
            .findings(.invalidValue).map(\.range.start) == [SourcePosition(line: 17, column: 11)])
    }

    /// A control character in a header value is refused at check time, before an export would.
    @Test func aControlCharacterInAHeaderValueIsInvalid() {
        let text = credential(header: "a").replacingOccurrences(of: "value: 'a'", with: #"value: "a\u0007b""#)
        let findings = analyze(text).findings(.invalidValue)
        #expect(findings.map(\.range.start) == [SourcePosition(line: 6, column: 40)], "\(findings)")
        #expect(analyze(credential(header: "a b")).findings(.invalidValue).isEmpty)
    }
}

/// The byte search every scalar goes through: it must agree with `String.contains` wherever
/// the needle stands, and with a text shorter than the needle or a false start before it.
@Suite struct SecretScannerSearchTests {
    @Test(arguments: [
        ("-----BEGIN RSA PRIVATE KEY", true), ("x-----BEGIN", true), ("ends with -----BEGIN", true),
        ("-----BEGI", false), ("----BEGIN", false), ("------BEGIN", true), ("-- ---BEGIN -----BEGIN", true),
        ("", false), ("-", false), ("é-----BEGINé", true), ("-----begin", false),
    ])
    func findsTheNeedleWhereStringContainsDoes(text: String, expected: Bool) {
        #expect(SecretScanner.contains(text, "-----BEGIN") == expected)
        #expect(text.contains("-----BEGIN") == expected)
    }

    @Test func aOneByteNeedleAndAnEmptyOne() {
        #expect(SecretScanner.contains("a://b", ":"))
        #expect(!SecretScanner.contains("ab", ":"))
        #expect(SecretScanner.contains(":", ":"))
        #expect(SecretScanner.contains("anything", ""))
    }
}

/// Each known token format is found whatever its first letter; the first-byte filter is made
/// from the prefix table, so a prefix added there cannot be filtered out before it is tried.
@Suite struct KnownTokenTests {
    @Test(arguments: [
        "AKIAABCDEFGHIJKLMNOP", "ASIAABCDEFGHIJKLMNOP", "sk-abcdefghijklmnopqrstuv", "sk_live_abcdefghijklmnop",
        "rk_live_abcdefghijklmnop", "ghp_abcdefghijklmnopqrstuvwxyz0123", "github_pat_abcdefghijklmnopqrstuvwxyz0123",
        "xoxb-abcdefghijklmnopqrstuv", "xoxp-abcdefghijklmnopqrstuv", "AIzaabcdefghijklmnopqrstuvwxyz0123",
        "glpat-abcdefghijklmnopqrstuv",
    ])
    func aKnownFormatIsFound(token: String) {
        #expect(HeaderSecrets.knownToken(token) != nil)
    }

    @Test(arguments: ["akiaABCDEFGHIJKLMNOP", "GHP_abcdefghijklmnopqrstuvwxyz0123", "Xoxb-abcdefghijklmnopqrstuv", "", "AKIA"])
    func otherTextIsNot(text: String) {
        #expect(HeaderSecrets.knownToken(text) == nil)
    }
}
