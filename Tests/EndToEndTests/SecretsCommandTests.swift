import Foundation
import Testing

/// scripts/fake-connect-api.py on a free port of 127.0.0.1, with the requests it received.
final class FakeConnectAPI {
    let process = Process()
    let log: URL
    let port: Int
    static let token = "00Dfake!token.value"

    init(_ options: [String] = []) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("credc-connect-\(UUID().uuidString).jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/fake-connect-api.py").path,
                             "--token", Self.token, "--log", log.path] + options
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    deinit {
        // SIGKILL: the test runner may hand its children SIGTERM ignored.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Every request, in order: method, path, query, authorization, accept, content type, body.
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var methods: [String] { requests.compactMap { $0["method"] as? String } }
}

@Suite(.serialized) struct SecretsCommandTests {
    static let values = [
        "OKTA_CLIENT_ID": "0oa-okta-client-id-1234", "OKTA_CLIENT_SECRET": "okta-secret-VALUE-5678",
        "AUTH0_CLIENT_ID": "auth0-client-id-9999", "AUTH0_CLIENT_SECRET": "auth0-secret-VALUE-0000",
    ]
    static let resource = "/services/data/v62.0/named-credentials/external-auth-identity-provider-credentials/"

    let config = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/v1/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
        ---
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Auth0_Payments
        label: Auth0
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.eu.auth0.com/oauth/token
        secrets: {clientId: AUTH0_CLIENT_ID, clientSecret: AUTH0_CLIENT_SECRET}
        ---
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Ping_Legacy
        label: Ping
        unmanaged: true
        tokenUrl: https://sso.example.com/token
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Okta_Prod
        principals:
          - {name: Admin, sequence: 1, permissionSets: [Billing_Admins]}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Payments_API
        label: Payments API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Auth0_Payments
        principals:
          - {name: Jobs, sequence: 1, permissionSets: [Payments_Jobs]}

        """

    private func run(
        _ arguments: [String], environment: [String: String] = values, api: FakeConnectAPI? = nil, config: String? = nil
    ) throws -> RunResult {
        let folder = try makeFolder(["config.yaml": config ?? self.config])
        var environment = environment
        environment["SF_INSTANCE_URL"] = api?.url
        environment["SF_ACCESS_TOKEN"] = environment["SF_ACCESS_TOKEN"] ?? FakeConnectAPI.token
        let result = try credc(["secrets", folder.appendingPathComponent("config.yaml").path] + arguments, environment: environment)
        // SPEC §12: no value in any output, whatever happened.
        for value in Array(Self.values.values) + Array(Self.principalValues.values) + [FakeConnectAPI.token] {
            #expect(!result.stdout.contains(value) && !result.stderr.contains(value), "a value was printed")
        }
        return result
    }

    @Test func theListingSaysWhatIsEnteredFromWhereAndWhatIsSet() throws {
        var environment = Self.values
        environment["AUTH0_CLIENT_SECRET"] = nil
        let result = try run([], environment: environment.merging(["AUTH0_CLIENT_SECRET": ""]) { $1 })
        #expect(result.status == 1)
        #expect(result.stdout.contains("identity provider 'Okta_Prod':\n  clientId from $OKTA_CLIENT_ID: set\n  clientSecret from $OKTA_CLIENT_SECRET: set\n"))
        #expect(result.stdout.contains("  clientSecret from $AUTH0_CLIENT_SECRET: not set\n"))
        #expect(result.stdout.contains("identity provider 'Ping_Legacy': nothing to enter (an unmanaged provider"))
        #expect(result.stdout.contains("principal 'Admin' of 'Billing_API': nothing to enter"))
        #expect(result.stdout.hasSuffix("4 secrets to enter, 1 missing\n"))
        let json = try parseJSON(try run(["--format", "json"]).stdout)
        #expect(json["complete"] as? Bool == true)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["name"] as? String } == ["Okta_Prod", "Auth0_Payments", "Ping_Legacy", "Billing_API", "Payments_API"])
    }

    @Test func applyCreatesThenUpdatesSendingTheFullSet() throws {
        let api = try FakeConnectAPI()
        let first = try run(["--apply"], api: api)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "identity provider 'Okta_Prod': created its credentials\nidentity provider 'Auth0_Payments': created its credentials\nentered the secrets of 2 holders\n")
        #expect(api.methods == ["GET", "POST", "GET", "POST"])
        let post = api.requests[1]
        #expect(post["path"] as? String == Self.resource + "Okta_Prod")
        #expect(post["authorization"] as? String == "Bearer \(FakeConnectAPI.token)")
        #expect(post["contentType"] as? String == "application/json")
        let body = try #require(post["body"] as? [String: Any])
        let credentials = try #require(body["credentials"] as? [[String: String]])
        #expect(credentials == [
            ["credentialName": "clientId", "credentialValue": Self.values["OKTA_CLIENT_ID"]!],
            ["credentialName": "clientSecret", "credentialValue": Self.values["OKTA_CLIENT_SECRET"]!],
        ])
        let second = try run(["--apply"], api: api)
        #expect(second.status == 0)
        #expect(second.stdout.contains("identity provider 'Okta_Prod': updated its credentials"))
        #expect(api.methods == ["GET", "POST", "GET", "POST", "GET", "PUT", "GET", "PUT"])
        let put = try #require(api.requests[5]["body"] as? [String: Any])
        #expect((put["credentials"] as? [[String: String]])?.count == 2)
    }

    @Test func aMissingVariableSendsNothing() throws {
        let api = try FakeConnectAPI()
        var environment = Self.values
        environment.removeValue(forKey: "AUTH0_CLIENT_ID")
        let result = try run(["--apply"], environment: environment.merging(["AUTH0_CLIENT_ID": ""]) { $1 }, api: api)
        #expect(result.status == 1)
        #expect(result.stderr.contains("clientId from $AUTH0_CLIENT_ID: not set"))
        #expect(result.stderr.contains("nothing was sent"))
        #expect(api.requests.isEmpty)
    }

    @Test func aServerErrorIsRetriedThenSucceeds() throws {
        let api = try FakeConnectAPI(["--fail-first", "1"])
        let result = try run(["--apply"], api: api)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(api.methods == ["GET", "GET", "POST", "GET", "POST"])
    }

    @Test func salesforceErrorsAreReportedInItsOwnWords() throws {
        let api = try FakeConnectAPI(["--reject", "Auth0_Payments"])
        let rejected = try run(["--apply"], api: api)
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("identity provider 'Okta_Prod': created its credentials"))
        #expect(rejected.stdout.contains(
            "identity provider 'Auth0_Payments': failed: HTTP 400: INVALID_INPUT: The client ID for Auth0_Payments isn't valid."))
        #expect(rejected.stdout.hasSuffix("1 of 2 failed\n"))

        let badToken = try run(["--apply"], environment: Self.values.merging(["SF_ACCESS_TOKEN": "00Dexpired!stale.token"]) { $1 }, api: api)
        #expect(badToken.status == 1)
        #expect(badToken.stdout.contains("failed: HTTP 401: INVALID_SESSION_ID: Session expired or invalid"))
    }

    @Test func noResponseIsRetriedThenReported() throws {
        let slow = try FakeConnectAPI(["--delay", "3"])
        let timedOut = try run(["--apply", "--timeout", "0.3"], api: slow)
        #expect(timedOut.status == 1)
        #expect(timedOut.stdout.contains("identity provider 'Okta_Prod': failed: Timeout was reached"), "\(timedOut.stdout)")
        #expect(slow.methods.filter { $0 == "GET" }.count == 6)  // three attempts per provider
        let refused = try run(["--apply", "--instance-url", "http://127.0.0.1:1"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("failed: Could"), "\(refused.stdout)")
    }

    @Test func withEnvironmentsTheVariableNamesAreTheEnvironments() throws {
        let config = validConfig.replacingOccurrences(of: validConfigSecrets, with: "secrets: {clientId: '${PREFIX}_CLIENT_ID', clientSecret: '${PREFIX}_CLIENT_SECRET'}")
            + "---\napiVersion: credc/v1\nkind: Environment\nname: prod\nvariables: {PREFIX: PROD}\n"
            + "---\napiVersion: credc/v1\nkind: Environment\nname: uat\nvariables: {PREFIX: UAT}\n"
        let folder = try makeFolder(["a.yaml": config])
        let unnamed = try credc(["secrets", "a.yaml"], in: folder)
        #expect(unnamed.status == 64)
        #expect(unnamed.stderr.contains("choose one with --env NAME"))
        let uat = try credc(["secrets", "a.yaml", "--env", "uat"], in: folder, environment: ["UAT_CLIENT_ID": "u", "UAT_CLIENT_SECRET": "v"])
        #expect(uat.status == 0, "\(uat.stdout)\(uat.stderr)")
        #expect(uat.stdout.contains("  clientId from $UAT_CLIENT_ID: set\n  clientSecret from $UAT_CLIENT_SECRET: set\n"))
    }

    @Test func onlyHTTPSOrLoopbackHostsAreContacted() throws {
        for url in ["http://example.com", "ftp://127.0.0.1", "https://user:pw@example.com", "http://127.0.0.1.example.com"] {
            let result = try run(["--apply", "--instance-url", url])
            #expect(result.status == 64, "\(url)")
        }
    }

    // MARK: Principals (the Credential resource)

    static let principalValues = [
        "ORDERS_API_KEY": "orders-api-key-VALUE-1111", "ORDERS_TENANT": "orders-tenant-2222",
        "ERP_USERNAME": "erp-user-3333", "ERP_PASSWORD": "erp-password-VALUE-4444",
        "AWS_KEY_ID": "AKIAFAKEKEYID5555", "AWS_SECRET_KEY": "aws-secret-VALUE-6666",
        "BILLING_CLIENT_ID": "billing-client-id-7777", "BILLING_CLIENT_SECRET": "billing-secret-VALUE-8888",
    ]
    static let credentialResource = "/services/data/v62.0/named-credentials/credential"

    /// A principal of each protocol that takes secrets, one per-user principal and one JWT bearer.
    let principalsConfig = """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        protocol: Custom
        authHeaders:
          - {name: X-Api-Key, value: '{!$Credential.Orders_API.ApiKey}'}
        principals:
          - name: Integration
            sequence: 1
            permissionSets: [Orders_Integration]
            secrets: {ApiKey: ORDERS_API_KEY, Tenant: ORDERS_TENANT}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Legacy_ERP
        label: Legacy ERP
        protocol: Basic
        principals:
          - {name: ERP User, sequence: 1, permissionSets: [ERP_Users], secrets: {username: ERP_USERNAME, password: ERP_PASSWORD}}
          - {name: Each_User, sequence: 2, identityType: PerUserPrincipal, permissionSets: [ERP_Users]}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Files_S3
        label: Files (S3)
        protocol: AwsSv4
        aws: {service: s3, region: us-east-1, accountId: '123456789012'}
        principals:
          - {name: Admin, sequence: 1, permissionSets: [Files_Admins], secrets: {awsAccessKeyId: AWS_KEY_ID, awsSecretAccessKey: AWS_SECRET_KEY}}
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_Token
        label: Billing token
        protocol: OAuth
        flow: ClientCredentialsClientSecret
        tokenUrl: https://login.example.com/oauth2/token
        passClientCredentialsInBody: true
        principals:
          - {name: Jobs, sequence: 1, permissionSets: [Billing_Jobs], secrets: {clientId: BILLING_CLIENT_ID, clientSecret: BILLING_CLIENT_SECRET}}
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
          header: [{name: alg, value: RS256}]
          claims:
            - {name: iss, value: 3MVG9example}
            - {name: aud, value: '"https://login.example.com"'}
        principals:
          - {name: Sales_User, sequence: 1, permissionSets: [Data_Cloud_Users]}

        """

    private func runPrincipals(
        _ arguments: [String], environment: [String: String] = principalValues, api: FakeConnectAPI? = nil
    ) throws -> RunResult {
        try run(arguments, environment: environment, api: api, config: principalsConfig)
    }

    /// The Credential Input credc must send for each principal (Connect REST API "Credential Input").
    static var principalBodies: [[String: Any]] { [
        [
            "externalCredential": "Orders_API", "authenticationProtocol": "Custom", "principalName": "Integration",
            "principalType": "NamedPrincipal",
            "credentials": [
                "ApiKey": ["value": principalValues["ORDERS_API_KEY"]!, "encrypted": true],
                "Tenant": ["value": principalValues["ORDERS_TENANT"]!, "encrypted": true],
            ],
        ],
        [
            "externalCredential": "Legacy_ERP", "authenticationProtocol": "Basic", "principalName": "ERP User",
            "principalType": "NamedPrincipal",
            "credentials": [
                "username": ["value": principalValues["ERP_USERNAME"]!, "encrypted": false],
                "password": ["value": principalValues["ERP_PASSWORD"]!, "encrypted": true],
            ],
        ],
        [
            "externalCredential": "Files_S3", "authenticationProtocol": "AwsSv4", "principalName": "Admin",
            "principalType": "NamedPrincipal",
            "credentials": [
                "awsAccessKeyId": ["value": principalValues["AWS_KEY_ID"]!, "encrypted": false],
                "awsSecretAccessKey": ["value": principalValues["AWS_SECRET_KEY"]!, "encrypted": true],
            ],
        ],
        [
            "externalCredential": "Billing_Token", "authenticationProtocol": "OAuth",
            "authenticationProtocolVariant": "ClientCredentialsClientSecret", "principalName": "Jobs",
            "principalType": "NamedPrincipal",
            "credentials": [
                "clientId": ["value": principalValues["BILLING_CLIENT_ID"]!, "encrypted": false],
                "clientSecret": ["value": principalValues["BILLING_CLIENT_SECRET"]!, "encrypted": true],
            ],
        ],
    ] }

    @Test func principalsAreListedWithTheirKeysAndWhatTakesNone() throws {
        var environment = Self.principalValues
        environment["AWS_SECRET_KEY"] = ""
        let result = try runPrincipals([], environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains(
            "principal 'Integration' of 'Orders_API':\n  ApiKey from $ORDERS_API_KEY: set\n  Tenant from $ORDERS_TENANT: set\n"))
        #expect(result.stdout.contains("principal 'ERP User' of 'Legacy_ERP':\n  username from $ERP_USERNAME: set\n  password from $ERP_PASSWORD: set\n"))
        #expect(result.stdout.contains("principal 'Each_User' of 'Legacy_ERP': nothing to enter (a per-user principal's credentials are each user's own"))
        #expect(result.stdout.contains("  awsSecretAccessKey from $AWS_SECRET_KEY: not set\n"))
        #expect(result.stdout.contains("principal 'Sales_User' of 'Data_Cloud': nothing to enter (in the JWT bearer flow its certificate signs"))
        #expect(result.stdout.hasSuffix("8 secrets to enter, 1 missing\n"))
        let json = try parseJSON(try runPrincipals(["--format", "json"]).stdout)
        #expect(json["complete"] as? Bool == true)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["principal"] as? String } == ["Integration", "ERP User", "Each_User", "Admin", "Jobs", "Sales_User"])
        let billing = try #require(items.first { $0["name"] as? String == "Billing_Token" })
        #expect(billing["authenticationProtocolVariant"] as? String == "ClientCredentialsClientSecret")
        #expect(billing["principalType"] as? String == "NamedPrincipal")
        #expect((billing["secrets"] as? [[String: Any]])?.map { $0["encrypted"] as? Bool } == [false, true])
    }

    @Test func principalsAreCreatedThenUpdatedThroughTheCredentialResource() throws {
        let api = try FakeConnectAPI()
        let first = try runPrincipals(["--apply"], api: api)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout == """
            principal 'Integration' of 'Orders_API': created its credentials
            principal 'ERP User' of 'Legacy_ERP': created its credentials
            principal 'Admin' of 'Files_S3': created its credentials
            principal 'Jobs' of 'Billing_Token': created its credentials
            entered the secrets of 4 holders

            """)
        #expect(api.methods == ["GET", "POST", "GET", "POST", "GET", "POST", "GET", "POST"])
        for (index, request) in api.requests.enumerated() {
            let body = Self.principalBodies[index / 2]
            #expect(request["path"] as? String == Self.credentialResource)
            #expect(request["authorization"] as? String == "Bearer \(FakeConnectAPI.token)")
            #expect(request["accept"] as? String == "application/json")
            if index % 2 == 0 {
                #expect(request["contentType"] is NSNull && request["body"] is NSNull)
                #expect(request["query"] as? [String: [String]] == [
                    "externalCredential": [body["externalCredential"] as! String],
                    "principalName": [body["principalName"] as! String], "principalType": ["NamedPrincipal"],
                ])
            } else {
                #expect(request["contentType"] as? String == "application/json")
                #expect(request["query"] is NSNull)
                let sent = try #require(request["body"] as? [String: Any])
                #expect(NSDictionary(dictionary: sent).isEqual(to: body), "\(sent)")
            }
        }
        let second = try runPrincipals(["--apply"], api: api)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("principal 'Admin' of 'Files_S3': updated its credentials"))
        // Custom: PATCH keeps keys credc does not declare; the others: PUT with the full set.
        #expect(api.methods.suffix(8) == ["GET", "PATCH", "GET", "PUT", "GET", "PUT", "GET", "PUT"])
        for (index, request) in api.requests.suffix(8).enumerated() where index % 2 == 1 {
            let sent = try #require(request["body"] as? [String: Any])
            #expect(NSDictionary(dictionary: sent).isEqual(to: Self.principalBodies[index / 2]), "\(sent)")
        }
    }

    @Test func principalErrorsAreSalesforcesOwnWords() throws {
        let api = try FakeConnectAPI(["--reject", "Files_S3/Admin"])
        let rejected = try runPrincipals(["--apply"], api: api)
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("principal 'Jobs' of 'Billing_Token': created its credentials"))
        #expect(rejected.stdout.contains(
            "principal 'Admin' of 'Files_S3': failed: HTTP 400: INVALID_INPUT: The credentials for Files_S3/Admin aren't valid.\n"))
        #expect(rejected.stdout.hasSuffix("1 of 4 failed\n"))

        let badToken = try runPrincipals(
            ["--apply"], environment: Self.principalValues.merging(["SF_ACCESS_TOKEN": "00Dexpired!stale.token"]) { $1 }, api: api)
        #expect(badToken.status == 1)
        #expect(badToken.stdout.contains(
            "principal 'Integration' of 'Orders_API': failed: HTTP 401: INVALID_SESSION_ID: Session expired or invalid\n"))
        #expect(badToken.stdout.hasSuffix("4 of 4 failed\n"))
        #expect(!(badToken.stdout + badToken.stderr).contains("00Dexpired!stale.token"))
    }

    @Test func principalsWithoutAResponseFail() throws {
        let slow = try FakeConnectAPI(["--delay", "3"])
        let timedOut = try runPrincipals(["--apply", "--timeout", "0.3"], api: slow)
        #expect(timedOut.status == 1)
        #expect(timedOut.stdout.contains("principal 'ERP User' of 'Legacy_ERP': failed: Timeout was reached"), "\(timedOut.stdout)")
        #expect(slow.methods == Array(repeating: "GET", count: 12))  // three attempts per principal, no write
        let refused = try runPrincipals(["--apply", "--instance-url", "http://127.0.0.1:1"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("principal 'Jobs' of 'Billing_Token': failed: Could"), "\(refused.stdout)")
    }

    @Test func aPrincipalsMissingVariableSendsNothing() throws {
        let api = try FakeConnectAPI()
        var environment = Self.principalValues
        environment.removeValue(forKey: "ERP_PASSWORD")
        let result = try runPrincipals(["--apply"], environment: environment, api: api)
        #expect(result.status == 1)
        #expect(result.stderr.contains("password from $ERP_PASSWORD: not set"))
        #expect(result.stderr.contains("nothing was sent"))
        #expect(api.requests.isEmpty)
    }
}

/// README "Entering secrets after a deploy": its `credc` lines run as written against the fake
/// Connect API, in a folder whose `config/` holds a provider with `secrets:` (the `sf` lines
/// need an org: their variables are set here instead).
@Suite struct SecretsReadmeTests {
    @Test func theReadmeCommandsRunAsWritten() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Entering secrets after a deploy\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").filter { $0.hasPrefix("credc ") }.map(String.init)
        #expect(commands == ["credc secrets config", "credc secrets config --format json", "credc secrets config --apply"])
        let folder = try makeFolder(["config/providers.yaml": validConfig])
        let api = try FakeConnectAPI()
        let environment = [
            "OKTA_CLIENT_ID": "readme-client-id", "OKTA_CLIENT_SECRET": "readme-client-secret",
            "SF_INSTANCE_URL": api.url, "SF_ACCESS_TOKEN": FakeConnectAPI.token,
        ]
        for command in commands {
            let arguments = command.split(separator: " ").dropFirst().map(String.init)
            let result = try credc(arguments, in: folder, environment: environment)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("readme-client"))
        }
        #expect(api.methods == ["GET", "POST"])
    }
}
