import Diagnostics
import Driver
@testable import Secrets
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

    // MARK: Principals

    private let principals = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        protocol: Custom
        principals:
          - {name: Integration Principal, sequence: 1, permissionSets: [Orders], secrets: {ApiKey: ORDERS_KEY}}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Roles_S3
        label: Roles S3
        protocol: AwsSv4
        flow: STS
        aws: {service: s3, region: us-east-1}
        principals:
          - name: Reader
            sequence: 1
            identityType: AwsStsPrincipal
            permissionSets: [S3]
            secrets: {awsAccessKeyId: AWS_ID, awsSecretAccessKey: AWS_SECRET, awsRoleArn: AWS_ROLE}

        """
    private let principalValues = ["ORDERS_KEY": "key-value-4", "AWS_ID": "AKIA5", "AWS_SECRET": "aws-secret-6", "AWS_ROLE": "arn:aws:iam::1:role/r"]

    private func principalListing() -> SecretsListing {
        SecretsListing(Pipeline.analyze([SourceFile(path: "a.yaml", text: principals)]).model)
    }

    @Test func aPrincipalIsLookedUpByQueryThenCreated() throws {
        let transport = ScriptedTransport([
            .response(status: 404, body: []), .response(status: 201, body: []),
            .response(status: 200, body: Array(#"{"credentials":{}}"#.utf8)), .response(status: 201, body: []),
        ])
        let outcomes = try applier(transport).apply(principalListing(), values: principalValues)
        #expect(outcomes.map(\.line) == [
            "principal 'Integration Principal' of 'Orders_API': created its credentials",
            "principal 'Reader' of 'Roles_S3': created its credentials",
        ])
        #expect(transport.sent.map(\.method) == ["GET", "POST", "GET", "POST"])
        let credential = "https://acme.my.salesforce.com/services/data/v62.0/named-credentials/credential"
        #expect(transport.sent[0].url
            == credential + "?externalCredential=Orders_API&principalName=Integration%20Principal&principalType=NamedPrincipal")
        #expect(transport.sent[0].body == nil)
        #expect(transport.sent[1].url == credential)
        #expect(transport.sent[1].headers.contains("Content-Type: application/json"))
        #expect(String(decoding: transport.sent[1].body ?? [], as: UTF8.self)
            == #"{"authenticationProtocol":"Custom","credentials":{"ApiKey":{"encrypted":true,"value":"key-value-4"}},"#
            + #""externalCredential":"Orders_API","principalName":"Integration Principal","principalType":"NamedPrincipal"}"#)
        #expect(transport.sent[2].url.hasSuffix("principalName=Reader&principalType=AwsStsPrincipal"))
        #expect(String(decoding: transport.sent[3].body ?? [], as: UTF8.self)
            == #"{"authenticationProtocol":"AwsSv4","authenticationProtocolVariant":"AwsSv4_STS","credentials":{"#
            + #""awsAccessKeyId":{"encrypted":false,"value":"AKIA5"},"awsRoleArn":{"encrypted":false,"value":"arn:aws:iam::1:role/r"},"#
            + #""awsSecretAccessKey":{"encrypted":true,"value":"aws-secret-6"}},"#
            + #""externalCredential":"Roles_S3","principalName":"Reader","principalType":"AwsStsPrincipal"}"#)
    }

    @Test func anEnteredPrincipalIsPatchedWhenCustomAndReplacedOtherwise() throws {
        let entered = Array(#"{"credentials":{"ApiKey":{"encrypted":true}}}"#.utf8)
        let transport = ScriptedTransport([
            .response(status: 200, body: entered), .response(status: 200, body: []),
            .response(status: 200, body: entered), .response(status: 200, body: []),
        ])
        let outcomes = try applier(transport).apply(principalListing(), values: principalValues)
        #expect(outcomes.map(\.method) == ["PATCH", "PUT"])
        #expect(outcomes.allSatisfy { $0.succeeded })
        // PUT replaces every key: the body holds the full set.
        #expect(String(decoding: transport.sent[3].body ?? [], as: UTF8.self).contains(#""awsRoleArn":"#))
    }

    @Test func aPrincipalsFailureKeepsSalesforcesWordsWithoutValues() throws {
        let error = Array(#"[{"errorCode":"INVALID_INPUT","message":"aws-secret-6 is not valid"}]"#.utf8)
        let transport = ScriptedTransport([
            .response(status: 401, body: Array(#"[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]"#.utf8)),
            .response(status: 404, body: []), .response(status: 400, body: error),
        ])
        let outcomes = try applier(transport).apply(principalListing(), values: principalValues)
        #expect(outcomes.map(\.error) == [
            "HTTP 401: INVALID_SESSION_ID: Session expired or invalid", "HTTP 400: INVALID_INPUT: **** is not valid",
        ])
        #expect(outcomes.allSatisfy { $0.method == nil })
    }
}

/// An error that echoes the request holds each value JSON-escaped: masked too.
@Suite struct RedactionTests {
    @Test func valuesAreMaskedAsWrittenAndAsJSONStrings() {
        let value = "pa\"ss\\wörd"
        let text = #"{"message":"bad value","value":"pa\"ss\\wörd"} and pa"ss\wörd"#
        let redacted = SecretsApplier.redacting([value], in: text)
        #expect(!redacted.contains(value) && !redacted.contains(#"pa\"ss\\wörd"#), "\(redacted)")
        #expect(redacted == #"{"message":"bad value","value":"****"} and ****"#)
    }
}
