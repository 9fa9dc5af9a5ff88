import Diagnostics
import Driver
import Secrets
import Testing

/// Answers from a script and records what was sent.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    var answers: [HTTPOutcome]
    private(set) var sent: [HTTPRequest] = []

    init(_ answers: [HTTPOutcome]) { self.answers = answers }

    func send(_ request: HTTPRequest) -> HTTPOutcome {
        sent.append(request)
        return answers.isEmpty ? .response(status: 200, body: []) : answers.removeFirst()
    }
}

@Suite struct SecretsApplierTests {
    private let config = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/token
        secrets: {clientId: OKTA_ID, clientSecret: OKTA_SECRET}

        """
    private let values = ["OKTA_ID": "id-value-1", "OKTA_SECRET": "secret-value-2"]

    private func listing() -> SecretsListing {
        SecretsListing(Pipeline.analyze([SourceFile(path: "a.yaml", text: config)]).model)
    }

    private func applier(_ transport: ScriptedTransport) throws -> SecretsApplier {
        SecretsApplier(instance: try InstanceURL("https://acme.my.salesforce.com/"), accessToken: "token-3", transport: transport, sleep: { _ in })
    }

    @Test func instanceURLsAreHTTPSOrLoopback() throws {
        for good in ["https://acme.my.salesforce.com", "http://localhost:8080", "http://127.0.0.1:1/", "http://127.10.0.3", "http://[::1]:9"] {
            #expect((try? InstanceURL(good)) != nil, "\(good)")
        }
        for bad in ["http://acme.com", "ftp://localhost", "http://127.0.0.1.evil.com", "http://localhost.evil.com", "https://u:p@host", "https://host/path", "http://[::2]"] {
            #expect((try? InstanceURL(bad)) == nil, "\(bad)")
        }
        #expect(try InstanceURL("https://acme.my.salesforce.com/").base == "https://acme.my.salesforce.com")
    }

    @Test func aProviderWithoutCredentialsIsCreated() throws {
        let transport = ScriptedTransport([.response(status: 404, body: []), .response(status: 201, body: [])])
        let outcomes = try applier(transport).apply(listing(), values: values)
        #expect(outcomes.map(\.line) == ["identity provider 'Okta_Prod': created its credentials"])
        #expect(transport.sent.map(\.method) == ["GET", "POST"])
        #expect(transport.sent[1].url == "https://acme.my.salesforce.com/services/data/v62.0/named-credentials/external-auth-identity-provider-credentials/Okta_Prod")
        #expect(transport.sent[1].headers.contains("Authorization: Bearer token-3"))
        #expect(String(decoding: transport.sent[1].body ?? [], as: UTF8.self)
            == #"{"credentials":[{"credentialName":"clientId","credentialValue":"id-value-1"},{"credentialName":"clientSecret","credentialValue":"secret-value-2"}]}"#)
    }

    @Test func retriesAreBounded() throws {
        let transport = ScriptedTransport(Array(repeating: .response(status: 503, body: []), count: 10))
        let outcomes = try applier(transport).apply(listing(), values: values)
        #expect(transport.sent.count == 3)
        #expect(outcomes.first?.error == "HTTP 503")
        let refused = ScriptedTransport([.failure("Couldn't connect to server"), .response(status: 200, body: Array(#"{"credentials":[{"credentialName":"clientId"}]}"#.utf8))])
        #expect(try applier(refused).apply(listing(), values: values).first?.method == "PUT")
        let client = ScriptedTransport([.response(status: 400, body: [])])
        _ = try applier(client).apply(listing(), values: values)
        #expect(client.sent.count == 1)
    }

    @Test func salesforceMessagesAreKeptAndValuesRedacted() throws {
        let body = Array(#"[{"errorCode":"INVALID_INPUT","message":"bad value secret-value-2"}]"#.utf8)
        let transport = ScriptedTransport([.response(status: 200, body: Array(#"{"credentials":[]}"#.utf8)), .response(status: 400, body: body)])
        let outcome = try #require(try applier(transport).apply(listing(), values: values).first)
        #expect(outcome.error == "HTTP 400: INVALID_INPUT: bad value ****")
        #expect(transport.sent.map(\.method) == ["GET", "POST"])
    }

    @Test func theListingNamesVariablesAndSaysWhatIsSet() {
        let listing = listing()
        #expect(listing.variables == ["OKTA_ID", "OKTA_SECRET"])
        #expect(!listing.isComplete { $0 == "OKTA_ID" })
        #expect(listing.isComplete { _ in true })
        #expect(listing.text { $0 == "OKTA_ID" } == "identity provider 'Okta_Prod':\n  clientId from $OKTA_ID: set\n  clientSecret from $OKTA_SECRET: not set\n2 secrets to enter, 1 missing\n")
    }
}
