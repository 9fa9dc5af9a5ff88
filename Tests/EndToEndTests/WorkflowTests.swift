import Foundation
import Testing

/// The example GitHub Actions workflows: valid YAML with the jobs and steps the README
/// promises; clean under `actionlint` where it is installed; and run as written
/// (`WorkflowRunner`) in a fresh repository that holds only a configuration, with the built
/// credc, and stand-ins for the Salesforce CLI and two orgs.
@Suite struct WorkflowTests {
    static let examples = "examples/github-actions"

    /// A workflow file parsed by python3's PyYAML (installed by `make test-deps`), as JSON, with
    /// `jobOrder`: the jobs in file order, which a JSON object does not keep.
    static func load(_ path: String) throws -> [String: Any] {
        let script = """
            import json, sys, yaml
            with open(sys.argv[1], encoding="utf-8") as handle:
                document = yaml.safe_load(handle)
            # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
            if True in document:
                document["on"] = document.pop(True)
            document["jobOrder"] = list(document.get("jobs", {}))
            print(json.dumps(document))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "cannot parse \(path) (python3 with pyyaml: make test-deps): \(errorText)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func jobs(_ workflow: [String: Any]) throws -> [String: [String: Any]] {
        try #require(workflow["jobs"] as? [String: [String: Any]])
    }

    static func steps(_ job: [String: Any]?) -> [[String: Any]] { job?["steps"] as? [[String: Any]] ?? [] }

    static func runText(_ steps: [[String: Any]]) -> [String] { steps.map { $0["run"] as? String ?? "" } }

    /// The metadata types `credc plan --state-metadata` reads (MetadataType.credcTypes: the
    /// three resource kinds and the permission sets that carry principal access).
    static let typesCredcReads = ["ExternalAuthIdentityProvider", "ExternalCredential", "NamedCredential", "PermissionSet"]

    // MARK: - Shape

    @Test func deployWorkflowShape() throws {
        let workflow = try Self.load("\(Self.examples)/deploy.yml")
        let triggers = try #require(workflow["on"] as? [String: Any])
        #expect(triggers["push"] != nil && triggers["pull_request"] != nil)
        // Nothing is pushed: the state is an artifact, so the workflow needs no write access.
        let permissions = try #require(workflow["permissions"] as? [String: String])
        #expect(permissions == ["contents": "read", "actions": "read"])
        let jobs = try Self.jobs(workflow)
        #expect(workflow["jobOrder"] as? [String] == ["credc", "environments", "deploy"])

        let build = Self.runText(Self.steps(jobs["credc"])).joined(separator: "\n")
        #expect(build.contains("make -C credc-source dist"))
        let checkout = try #require(Self.steps(jobs["credc"]).first { ($0["uses"] as? String)?.hasPrefix("actions/checkout@") == true })
        let with = try #require(checkout["with"] as? [String: String])
        #expect(with["repository"] == "${{ env.CREDC_REPOSITORY }}" && with["ref"] == "${{ env.CREDC_REF }}")

        let list = Self.runText(Self.steps(jobs["environments"])).joined(separator: "\n")
        #expect(list.contains("credc environments \"$CREDC_CONFIG\" --format json"))
        let deploy = try #require(jobs["deploy"])
        let strategy = try #require(deploy["strategy"] as? [String: Any])
        let matrix = try #require(strategy["matrix"] as? [String: Any])
        #expect(matrix["environment"] as? String == "${{ fromJSON(needs.environments.outputs.names) }}")
        #expect(strategy["max-parallel"] as? Int == 1)
        #expect(deploy["environment"] as? String == "${{ matrix.environment }}")

        let runs = Self.runText(Self.steps(deploy))
        func index(_ needle: String) throws -> Int {
            try #require(runs.firstIndex { $0.contains(needle) }, "no step runs '\(needle)'")
        }
        let retrieve = try index("sf project retrieve start")
        for type in Self.typesCredcReads {
            #expect(runs[retrieve].contains("--metadata \(type)"), "the retrieve lacks \(type)")
        }
        #expect(runs[retrieve].components(separatedBy: "--metadata ").count - 1 == Self.typesCredcReads.count)
        let plan = try index("credc plan")
        #expect(runs[plan].contains("--state-metadata \"build/org-$CREDC_ENV\""))
        #expect(runs[plan].contains("--metadata-out \"build/deploy-$CREDC_ENV\" -o \"build/plan-$CREDC_ENV.json\""))
        // A replace under the same name: credc's removal deploy (replace/, Metadata API format) first.
        let removal = try index("--metadata-dir \"$replace\"")
        #expect(runs[removal].contains("replace=\"build/deploy-$CREDC_ENV/replace\""))
        let credentials = try index("set -- --manifest \"$deploy/package.xml\"")
        #expect(runs[credentials].contains("--pre-destructive-changes") && runs[credentials].contains("--dry-run"))
        #expect(plan < removal && removal < credentials)
        let grants = try index("grants/package.xml")
        let keep = try index("credc build \"$CREDC_CONFIG\" --env \"$CREDC_ENV\" -o \"state/$CREDC_ENV.json\"")
        let secrets = try index("credc secrets \"$CREDC_CONFIG\" --env \"$CREDC_ENV\" --apply")
        let steps = Self.steps(deploy)
        let keptState = try #require(steps.firstIndex {
            ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact@") == true
                && ($0["with"] as? [String: Any])?["name"] as? String == "credc-state-${{ matrix.environment }}"
        })
        // The credentials after the state is kept: their failure must not lose the record of the deploy.
        #expect(retrieve < plan && plan < credentials && credentials < grants && grants < keep && keep < keptState && keptState < secrets)
        #expect(!runs[grants].contains("--dry-run"))
        for step in [grants, secrets, keep] {
            #expect((steps[step]["if"] as? String)?.contains("github.event_name != 'pull_request'") == true)
        }
        // The token comes from the login's session and is masked before credc runs.
        let enter = runs[secrets]
        let display = try #require(enter.range(of: "sf org display --target-org \"$CREDC_ENV\" --json"))
        let mask = try #require(enter.range(of: "echo \"::add-mask::$SF_ACCESS_TOKEN\""))
        let apply = try #require(enter.range(of: "credc secrets"))
        #expect(display.lowerBound < mask.lowerBound && mask.lowerBound < apply.lowerBound)
        #expect(!enter.contains("set -x"))
        // Each variable the configuration's `secrets:` name, from the environment's secret of that name.
        let variables = try Self.sampleVariables()
        let mapped = Dictionary(uniqueKeysWithValues: variables.map { ($0, "${{ secrets.\($0) }}") })
        #expect(steps[secrets]["env"] as? [String: String] == mapped)
        let uses = steps.compactMap { $0["uses"] as? String }
        #expect(uses.contains("dawidd6/action-download-artifact@v21"))
        #expect(uses.filter { $0.hasPrefix("actions/upload-artifact@") }.count == 2)

        let all = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.examples)/deploy.yml"), encoding: .utf8)
        #expect(!all.contains("git push"))
        #expect(!all.contains(".md"), "the workflow cites a document; a user's repository does not hold it")
    }

    /// The step "Enter the credentials" maps exactly the variables the samples' `secrets:` name,
    /// providers' and principals', each from the secret of its name, one line each and sorted:
    /// a variable added to the samples fails here until the example maps it.
    @Test func deployWorkflowMapsEveryVariableTheSamplesName() throws {
        let variables = try Self.sampleVariables()
        #expect(Set(variables).count == variables.count, "two secrets share a variable: \(variables)")
        let text = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.examples)/deploy.yml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let step = try #require(lines.firstIndex(of: "      - name: Enter the credentials"))
        let env = try #require(lines[step...].firstIndex(of: "        env:"), "the step has no env:")
        #expect(!lines[(step + 1)..<env].contains { $0.hasPrefix("      - ") }, "env: is not the step's own")
        let mapped = lines[(env + 1)...].prefix { $0.hasPrefix("          ") }
        #expect(Array(mapped) == variables.sorted().map { "          \($0): ${{ secrets.\($0) }}" })
        // The samples' principals among them, not only the providers'.
        let principals = try Self.secretHolders().filter { $0.principal != nil }.flatMap { $0.secrets.map(\.variable) }
        #expect(!principals.isEmpty && principals.allSatisfy { variable in mapped.contains { $0.hasPrefix("          \(variable): ") } })
        // No script reads one, so none can echo one: the values reach credc through its
        // environment only.
        for variable in variables {
            #expect(!text.contains("$\(variable)") && !text.contains("${\(variable)"), "a script reads $\(variable)")
        }
        // docs/deploying.md's table of the samples' variables, whose they are, says the same.
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/deploying.md"), encoding: .utf8)
        let rows = page.split(separator: "\n").filter { $0.hasPrefix("  | providers ") || $0.hasPrefix("  | principal ") }
        let documented = rows.flatMap { row in
            row.split(separator: "|").last.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        }
        #expect(documented.sorted() == variables.map { "`\($0)`" }.sorted(), "docs/deploying.md lists other variables")
        for holder in try Self.secretHolders() where holder.principal != nil {
            #expect(rows.contains { $0.contains("| principal `\(holder.principal!)` of `\(holder.name)` |") }, "\(holder.description)")
        }
    }

    @Test func codeScanningWorkflowShape() throws {
        let workflow = try Self.load("\(Self.examples)/credc.yml")
        let jobs = try Self.jobs(workflow)
        #expect(workflow["jobOrder"] as? [String] == ["credc", "check"])
        #expect(Self.runText(Self.steps(jobs["credc"])).joined().contains("make -C credc-source dist"))
        let runs = Self.runText(Self.steps(jobs["check"])).joined(separator: "\n")
        #expect(runs.contains("credc check --format sarif"))
        #expect(runs.contains("credc check --format github"))
        let all = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.examples)/credc.yml"), encoding: .utf8)
        #expect(!all.contains("CREDC_SOURCE"), "the configuration's repository does not vendor credc")
        #expect(!all.contains(".md"))
    }

    @Test func releaseWorkflowShape() throws {
        let workflow = try Self.load("\(Self.examples)/release.yml")
        let triggers = try #require(workflow["on"] as? [String: Any])
        let push = try #require(triggers["push"] as? [String: Any])
        #expect(push["tags"] as? [String] == ["v*"])
        let jobs = try Self.jobs(workflow)
        let dist = Self.runText(Self.steps(jobs["dist"])).joined(separator: "\n")
        #expect(dist.contains("make dist"))
        let checkout = try #require(Self.steps(jobs["dist"]).first)
        #expect((checkout["with"] as? [String: Any])?["fetch-depth"] as? Int == 0)
        let release = Self.runText(Self.steps(jobs["release"])).joined(separator: "\n")
        #expect(release.contains("gh release create \"$TAG\" dist/*.tar.gz dist/*.sha256"))
        #expect(release.contains("sha256sum -c"))
        #expect((jobs["release"]?["permissions"] as? [String: String])?["contents"] == "write")
    }

    /// The examples and the README pin one commit of credc: one that this repository holds and
    /// that has what they use (`credc environments`, both pre-commit hooks, `make dist`, `plan`
    /// with `--state` and `--state-metadata` together, `credc secrets --apply`).
    @Test func pinnedCommitExistsAndHasWhatTheExamplesUse() throws {
        var pins: Set<String> = []
        for file in ["deploy.yml", "credc.yml"] {
            let workflow = try Self.load("\(Self.examples)/\(file)")
            let env = try #require(workflow["env"] as? [String: Any])
            let ref = try #require(env["CREDC_REF"] as? String, "\(file) pins no CREDC_REF")
            #expect(ref.count == 40 && ref.allSatisfy(\.isHexDigit), "\(file): CREDC_REF is not a commit")
            #expect(env["CREDC_REPOSITORY"] as? String == "credc/credc")
            pins.insert(ref)
        }
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for line in readme.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("rev: ") {
            pins.insert(String(line.trimmingCharacters(in: .whitespaces).dropFirst("rev: ".count)))
        }
        #expect(pins.count == 1, "the examples and the README pin different commits: \(pins)")
        let pin = try #require(pins.first)
        let shallow = try shell(["git", "rev-parse", "--is-shallow-repository"], in: packageRoot)
        guard shallow.status == 0, shallow.output.hasPrefix("false") else { return }  // no history to look in
        #expect(try shell(["git", "cat-file", "-e", "\(pin)^{commit}"], in: packageRoot).status == 0, "\(pin) is no commit here")
        let hooks = try shell(["git", "show", "\(pin):.pre-commit-hooks.yaml"], in: packageRoot).output
        #expect(hooks.contains("- id: credc-check\n") && hooks.contains("- id: credc-check-system\n"))
        #expect(try shell(["git", "cat-file", "-e", "\(pin):Sources/credc/EnvironmentsCommand.swift"], in: packageRoot).status == 0)
        #expect(try shell(["git", "show", "\(pin):Makefile"], in: packageRoot).output.contains("\ndist: "))
        let plan = try shell(["git", "show", "\(pin):Sources/credc/PlanCommand.swift"], in: packageRoot)
        #expect(plan.status == 0 && !plan.output.contains("--state and --state-metadata exclude each other"))
        let secrets = try shell(["git", "show", "\(pin):Sources/credc/SecretsCommand.swift"], in: packageRoot)
        #expect(secrets.status == 0 && secrets.output.contains("var apply = false"))
    }

    // MARK: - Runs

    /// A fresh repository as a user has it: the configuration (the samples, with environments
    /// uat and prod) and nothing of credc.
    static func userRepository() throws -> URL {
        var files: [String: String] = [:]
        for folder in ["providers", "credentials", "named-credentials"] {
            let source = packageRoot.appendingPathComponent("Samples/\(folder)")
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                files["config/\(folder)/\(name)"] = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            }
        }
        let endpoints = "config/named-credentials/endpoints.yaml"
        let original = try #require(files[endpoints])
        files[endpoints] = original.replacingOccurrences(of: "url: https://billing.example.com/v2\n", with: "url: ${BILLING_URL}\n")
        #expect(files[endpoints] != original)
        files["config/environments.yaml"] = environments(uatURL: "https://billing.uat.example.com/v2")
        let repository = try makeFolder(files)
        try git(["init", "-q", "-b", "main"], in: repository)
        try commit("the credentials, two orgs", in: repository)
        return repository
    }

    static func environments(uatURL: String) -> String {
        """
        apiVersion: credc/v1
        kind: Environment
        name: uat
        variables:
          BILLING_URL: \(uatURL)
        ---
        apiVersion: credc/v1
        kind: Environment
        name: prod
        variables:
          BILLING_URL: https://billing.example.com/v2

        """
    }

    static func git(_ arguments: [String], in repository: URL) throws {
        let result = try shell(["git", "-c", "user.name=test", "-c", "user.email=test@example.com"] + arguments, in: repository)
        try #require(result.status == 0, "git \(arguments): \(result.output)")
    }

    static func commit(_ message: String, in repository: URL) throws {
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", message], in: repository)
    }

    /// The stand-ins, the fake orgs and the `credc` artifact the skipped build job would upload.
    static func sandbox() throws -> URL {
        let sandbox = try makeFolder([
            "tools/sf": fakeSalesforceCLI,
            "tools/npm": "#!/usr/bin/env bash\n[ \"$*\" = \"install --global @salesforce/cli\" ] || { echo \"fake npm: $*\" >&2; exit 1; }\n",
            "package/credc-test-linux-x86_64/credc":
                "#!/usr/bin/env bash\n( IFS=$'\\x1f'; printf '%s\\n' \"$*\" ) >> \"$FAKE_SANDBOX/credc.log\"\nexec \"$CREDC_REAL\" \"$@\"\n",
            // uat already holds the Okta provider (by hand, before credc) and both orgs a
            // permission set with more than credc's grants.
            "orgs/uat/main/default/externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml": oktaProvider,
            "orgs/uat/main/default/permissionsets/Billing_Admins.permissionset-meta.xml": billingAdmins,
            "orgs/prod/main/default/permissionsets/Billing_Admins.permissionset-meta.xml": billingAdmins,
        ])
        for tool in ["tools/sf", "tools/npm", "package/credc-test-linux-x86_64/credc"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.appendingPathComponent(tool).path)
        }
        let artifact = sandbox.appendingPathComponent("artifacts/credc")
        try FileManager.default.createDirectory(at: artifact, withIntermediateDirectories: true)
        let tar = try shell(
            ["tar", "-czf", artifact.appendingPathComponent("credc-test-linux-x86_64.tar.gz").path, "-C", "package", "credc-test-linux-x86_64"],
            in: sandbox)
        try #require(tar.status == 0, "\(tar.output)")
        return sandbox
    }

    func plans(_ run: WorkflowRunner.Run) -> [[String]] { run.credcCalls.filter { $0.first == "plan" } }

    // MARK: - Secrets

    /// A provider or a principal whose secrets `credc secrets --apply` enters, as
    /// `credc secrets --format json` lists it.
    struct SecretHolder {
        /// The Connect API resource: `externalAuthIdentityProviderCredentials` (a provider) or
        /// `credential` (a principal).
        var resource: String
        var kind: String
        /// The provider's or the external credential's name.
        var name: String
        var principal: String?
        var principalType: String?
        var authenticationProtocol: String?
        var authenticationProtocolVariant: String?
        var secrets: [(key: String, variable: String, encrypted: Bool?)]

        static let providerResource = "externalAuthIdentityProviderCredentials"
        static let principalResource = "credential"

        /// How scripts/fake-connect-api.py's `--existing` and `--reject` name it: NAME, or
        /// CREDENTIAL/PRINCIPAL.
        var fakeName: String { principal.map { "\(name)/\($0)" } ?? name }

        /// What replaces credentials entered before: PATCH for a Custom principal's keys, PUT
        /// (the full set) for the others.
        var replaceMethod: String { principal != nil && authenticationProtocol == "Custom" ? "PATCH" : "PUT" }

        /// What `credc secrets --apply` prints about it.
        var description: String { principal.map { "principal '\($0)' of '\(name)'" } ?? "identity provider '\(name)'" }
    }

    /// The samples' providers and principals that take secrets, in the order credc enters them.
    static func secretHolders() throws -> [SecretHolder] {
        let listing = try credc(["secrets", "Samples/providers", "Samples/credentials", "Samples/named-credentials", "--format", "json"])
        let items = try #require(try parseJSON(listing.stdout)["items"] as? [[String: Any]])
        let holders = try items.filter { $0["resource"] != nil }.map { item in
            let secrets = try (item["secrets"] as? [[String: Any]] ?? []).map { secret in
                (key: try #require(secret["key"] as? String), variable: try #require(secret["variable"] as? String, "\(item)"),
                 encrypted: secret["encrypted"] as? Bool)
            }
            return SecretHolder(
                resource: try #require(item["resource"] as? String), kind: try #require(item["kind"] as? String),
                name: try #require(item["name"] as? String), principal: item["principal"] as? String,
                principalType: item["principalType"] as? String, authenticationProtocol: item["authenticationProtocol"] as? String,
                authenticationProtocolVariant: item["authenticationProtocolVariant"] as? String, secrets: secrets)
        }
        let providers = holders.filter { $0.resource == SecretHolder.providerResource }
        let principals = holders.filter { $0.resource == SecretHolder.principalResource }
        try #require(providers.count + principals.count == holders.count, "a resource these tests do not know: \(listing.stdout)")
        try #require(providers.count == 4, "the samples' providers with secrets: \(listing.stdout)")
        // A principal of each protocol that takes secrets (Samples/credentials/protocols.yaml).
        try #require(
            Set(principals.compactMap(\.authenticationProtocol)) == ["AwsSv4", "Basic", "Custom", "OAuth"]
                && principals.allSatisfy { $0.principal != nil && $0.principalType != nil },
            "the samples' principals with secrets: \(listing.stdout)")
        try #require(holders.allSatisfy { !$0.secrets.isEmpty })
        return holders
    }

    /// Every variable the samples' `secrets:` name, providers' and principals'.
    static func sampleVariables() throws -> [String] {
        try secretHolders().flatMap { $0.secrets.map(\.variable) }
    }

    /// Each environment's GitHub secrets: its auth URL and a value per variable, none alike.
    static func environmentSecrets(_ holders: [SecretHolder]) -> [String: [String: String]] {
        var secrets: [String: [String: String]] = [:]
        for environment in ["uat", "prod"] {
            secrets[environment] = ["SF_AUTH_URL": "force://PlatformCLI::5Aep861\(environment)Refresh@\(environment).my.salesforce.com"]
            for variable in holders.flatMap({ $0.secrets.map(\.variable) }) {
                secrets[environment]![variable] = "\(environment)-\(variable.lowercased())-\(UUID().uuidString.prefix(8))"
            }
        }
        return secrets
    }

    /// The deploy workflow in a fresh repository and sandbox, each environment with its GitHub
    /// secrets and its own fake Connect API.
    struct DeploySetup {
        let repository: URL
        let sandbox: URL
        var runner: WorkflowRunner
        let holders: [SecretHolder]
        let apis: [String: FakeConnectAPI]
        /// Every secret's value and the token: none may be printed.
        let secretValues: [String]

        /// `undefined`: a secret the environment does not define.
        init(apiOptions: [String: [String]] = [:], undefined: (environment: String, name: String)? = nil) throws {
            repository = try WorkflowTests.userRepository()
            sandbox = try WorkflowTests.sandbox()
            runner = WorkflowRunner(
                workflow: try WorkflowTests.load("\(WorkflowTests.examples)/deploy.yml"), repository: repository, sandbox: sandbox)
            runner.skippedJobs = ["credc"]  // builds credc from source; the sandbox has its artifact
            holders = try WorkflowTests.secretHolders()
            var secrets = WorkflowTests.environmentSecrets(holders)
            secretValues = secrets.values.flatMap(\.values) + [FakeConnectAPI.token]
            if let undefined { secrets[undefined.environment]?[undefined.name] = nil }
            runner.environmentSecrets = secrets
            apis = try WorkflowTests.connectAPIs(in: sandbox, options: apiOptions)
        }

        var secrets: [String: [String: String]] { runner.environmentSecrets }

        func run(event: String, runNumber: Int) throws -> WorkflowRunner.Run {
            let run = try runner.run(event: event, runNumber: runNumber)
            try WorkflowTests.expectNoSecretPrinted(secretValues, in: run, sandbox: sandbox)
            return run
        }
    }

    /// A fake Connect API per org, which the fake `sf org display` of that org points at.
    static func connectAPIs(in sandbox: URL, options: [String: [String]] = [:]) throws -> [String: FakeConnectAPI] {
        var apis: [String: FakeConnectAPI] = [:]
        let instances = sandbox.appendingPathComponent("instances")
        try FileManager.default.createDirectory(at: instances, withIntermediateDirectories: true)
        for environment in ["uat", "prod"] {
            let api = try FakeConnectAPI(options[environment] ?? [])
            try #require(api.port > 0, "the fake Connect API did not start")
            try Data("\(api.url) \(FakeConnectAPI.token)\n".utf8).write(to: instances.appendingPathComponent(environment))
            apis[environment] = api
        }
        return apis
    }

    /// JSON with sorted keys.
    static func sortedJSON(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Requests as lines: method, path, the query as the fake records it (decoded, each name
    /// with its values) when there is one, authorization, and the content type and the body as
    /// JSON with sorted keys when there is one.
    static func describe(_ requests: [[String: Any]]) -> [String] {
        requests.map { request in
            var line = [request["method"], request["path"]].map { $0 as? String ?? "-" }.joined(separator: " ")
            if let query = request["query"], !(query is NSNull) {
                line += " ?" + ((try? sortedJSON(query)) ?? "-")
            }
            line += " " + (request["authorization"] as? String ?? "-")
            if let body = request["body"], !(body is NSNull) {
                line += " \(request["contentType"] as? String ?? "-") " + ((try? sortedJSON(body)) ?? "-")
            }
            return line
        }
    }

    /// What an org's API must get, per provider and principal in credc's order: a look-up, then
    /// `method` with the full set of its values. A provider's: `{"credentials": [{credentialName,
    /// credentialValue}]}` to its external-auth-identity-provider-credentials resource; a
    /// principal's: the Credential Input (its credential, principal, protocol and variant, each
    /// key with its value and whether it is encrypted) to `named-credentials/credential`, looked up
    /// by credential, principal name and type.
    static func expectedRequests(
        _ holders: [SecretHolder], values: [String: String], method: (SecretHolder) -> String
    ) throws -> [String] {
        let authorization = "Bearer \(FakeConnectAPI.token)"
        let resource = "/services/data/v62.0/named-credentials/"
        return try holders.flatMap { holder in
            guard let principal = holder.principal else {
                let path = "\(resource)external-auth-identity-provider-credentials/\(holder.name)"
                let body = ["credentials": holder.secrets.map { ["credentialName": $0.key, "credentialValue": values[$0.variable] ?? "?"] }]
                return [
                    "GET \(path) \(authorization)",
                    "\(method(holder)) \(path) \(authorization) application/json \(try sortedJSON(body))",
                ]
            }
            let path = "\(resource)credential"
            let principalType = try #require(holder.principalType)
            let query = ["externalCredential": [holder.name], "principalName": [principal], "principalType": [principalType]]
            var body: [String: Any] = [
                "externalCredential": holder.name, "principalName": principal, "principalType": principalType,
                "authenticationProtocol": try #require(holder.authenticationProtocol),
                "credentials": Dictionary(uniqueKeysWithValues: try holder.secrets.map { secret in
                    let encrypted = try #require(secret.encrypted, "\(holder.description): \(secret.key) without encrypted")
                    return (secret.key, ["value": values[secret.variable] ?? "?", "encrypted": encrypted] as [String: Any])
                }),
            ]
            if let variant = holder.authenticationProtocolVariant { body["authenticationProtocolVariant"] = variant }
            return [
                "GET \(path) ?\(try sortedJSON(query)) \(authorization)",
                "\(method(holder)) \(path) \(authorization) application/json \(try sortedJSON(body))",
            ]
        }
    }

    /// No step's output, nothing written for later steps, no command line and no artifact holds
    /// a secret's value.
    static func expectNoSecretPrinted(_ values: [String], in run: WorkflowRunner.Run, sandbox: URL) throws {
        var texts: [(String, String)] = run.stepOutput.map { ("step output", $0) } + run.commandFiles.map { ("a $GITHUB_ file", $0) }
        texts += run.credcCalls.map { ("credc's arguments", $0.joined(separator: " ")) } + run.sfCalls.map { ("sf's arguments", $0) }
        let artifacts = sandbox.appendingPathComponent("artifacts")
        let files = FileManager.default.enumerator(at: artifacts, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where !file.path.hasPrefix(artifacts.appendingPathComponent("credc/").path) {
            if let text = try? String(contentsOf: file, encoding: .utf8) { texts.append(("artifact \(file.lastPathComponent)", text)) }
        }
        for value in values {
            for (place, text) in texts where text.contains(value) {
                Issue.record("a secret's value is in \(place)")
            }
        }
    }

    @Test func deployWorkflowRunsAsWritten() throws {
        // uat's Okta credentials and two principals' were entered by hand, before credc: a Basic
        // principal's (replaced whole, PUT) and a Custom one's (PATCH).
        let enteredByHand = ["Okta_Prod", "Legacy_ERP/ERP Service", "Orders_API/Integration"]
        let setup = try DeploySetup(apiOptions: ["uat": ["--existing", enteredByHand.joined(separator: ",")]])
        let (repository, sandbox, holders, secrets, apis) = (setup.repository, setup.sandbox, setup.holders, setup.secrets, setup.apis)

        // 1. The first deploy: no state anywhere, the orgs as they are. (Every run also checks
        // that no secret's value was printed.)
        let first = try setup.run(event: "push", runNumber: 1)
        #expect(first.failedSteps.isEmpty, "\(first.failures)")
        let environments = ["environments", "config", "--format", "json"]
        func plan(_ name: String, state: Bool) -> [String] {
            ["plan", "config", "--env", name, "--state-metadata", "build/org-\(name)"]
                + (state ? ["--state", "state/\(name).json"] : [])
                + ["--metadata-out", "build/deploy-\(name)", "-o", "build/plan-\(name).json", "--detailed-exitcode"]
        }
        func keep(_ name: String) -> [String] { ["build", "config", "--env", name, "-o", "state/\(name).json"] }
        func enter(_ name: String) -> [String] { ["secrets", "config", "--env", name, "--apply"] }
        // prod sorts before uat, and is deployed last.
        #expect(first.credcCalls == [
            environments, plan("uat", state: false), keep("uat"), enter("uat"), plan("prod", state: false), keep("prod"), enter("prod"),
        ])
        // Each org's API got each provider's and principal's values from that environment's
        // secrets, with the token of that org's session: created, or replaced where the org had
        // them.
        #expect(Set(enteredByHand).isSubset(of: holders.map(\.fakeName)))
        for name in ["uat", "prod"] {
            #expect(first.sfCalls.contains("org display --target-org \(name) --json"))
            let expected = try Self.expectedRequests(holders, values: secrets[name]!) { holder in
                name == "uat" && enteredByHand.contains(holder.fakeName) ? holder.replaceMethod : "POST"
            }
            #expect(Self.describe(try #require(apis[name]).requests) == expected)
        }
        #expect(first.masks == [FakeConnectAPI.token, FakeConnectAPI.token])
        for name in ["uat", "prod"] {
            #expect(first.sfCalls.contains { $0.hasPrefix("org login sfdx-url --sfdx-url-file ") && $0.hasSuffix("--alias \(name)") })
            #expect(first.sfCalls.contains { $0.hasPrefix("project retrieve start --target-org \(name) --output-dir build/org-\(name)") })
            #expect(first.sfCalls.contains { $0.hasPrefix("project deploy start --manifest build/deploy-\(name)/package.xml") && !$0.contains("--dry-run") })
            let state = try parseJSON(try String(contentsOf: sandbox.appendingPathComponent("artifacts/credc-state-\(name)/\(name).json"), encoding: .utf8))
            #expect(state["environment"] as? String == name)
        }
        // The grants of new principals: a second deploy, when credc wrote one.
        for name in ["uat", "prod"] {
            let workspace = try #require(first.workspaces["deploy (\(name))"])
            let grants = "build/deploy-\(name)/grants/package.xml"
            let hasGrants = FileManager.default.fileExists(atPath: workspace.appendingPathComponent(grants).path)
            #expect(first.sfCalls.contains { $0.contains("--manifest \(grants)") } == hasGrants)
        }
        // The deploy keeps what the org's permission set holds besides credc's grants.
        let deployed = try #require(first.workspaces["deploy (uat)"]).appendingPathComponent(
            "build/deploy-uat/permissionsets/Billing_Admins.permissionset-meta.xml")
        let permissionSet = try String(contentsOf: deployed, encoding: .utf8)
        #expect(permissionSet.contains("<name>ApiEnabled</name>") && permissionSet.contains("<apexClass>BillingSync</apexClass>"))
        #expect(permissionSet.contains("<externalCredentialPrincipal>Billing_API-"))

        // 2. The next push: the states restored, and the orgs hold what was deployed.
        let second = try setup.run(event: "push", runNumber: 2)
        #expect(second.failedSteps.isEmpty, "\(second.failures)")
        #expect(plans(second) == [plan("uat", state: true), plan("prod", state: true)])
        #expect(!second.sfCalls.contains { $0.hasPrefix("project deploy start") }, "no changes, no deploy: \(second.stepOutput.joined(separator: "\n"))")
        // No changes, yet the credentials are entered again (a rotated secret reaches the org):
        // replaced, a Custom principal's keys patched.
        for name in ["uat", "prod"] {
            let expected = try Self.expectedRequests(holders, values: secrets[name]!) { $0.replaceMethod }
            #expect(Self.describe(Array(try #require(apis[name]).requests.dropFirst(expected.count))) == expected)
        }

        // 3. A pull request that changes uat's URL: dry runs only, and no state is kept.
        let stateBefore = try Data(contentsOf: sandbox.appendingPathComponent("artifacts/credc-state-uat/uat.json"))
        try Data(Self.environments(uatURL: "https://billing-next.uat.example.com/v2").utf8)
            .write(to: repository.appendingPathComponent("config/environments.yaml"))
        try Self.commit("uat: the next billing URL", in: repository)
        let pullRequest = try setup.run(event: "pull_request", runNumber: 3)
        #expect(pullRequest.failedSteps.isEmpty, "\(pullRequest.failures)")
        #expect(plans(pullRequest) == [plan("uat", state: true), plan("prod", state: true)])
        #expect(!pullRequest.credcCalls.contains { $0.first == "build" || $0.first == "secrets" })
        #expect(apis.values.allSatisfy { $0.requests.count == 2 * 2 * holders.count }, "a pull request enters no credentials")
        let deploys = pullRequest.sfCalls.filter { $0.hasPrefix("project deploy start") }
        #expect(deploys.count == 1 && deploys.allSatisfy { $0.contains("--manifest build/deploy-uat/package.xml") && $0.contains("--dry-run") }, "\(deploys)")
        #expect(try Data(contentsOf: sandbox.appendingPathComponent("artifacts/credc-state-uat/uat.json")) == stateBefore)
    }

    /// A variable that no secret sets, a provider's or a principal's, fails the job before
    /// anything is sent; the deploy's state is kept, the environments after it are not
    /// deployed, and no value is printed.
    @Test(arguments: ["AUTH0_CLIENT_SECRET", "FILES_AWS_SECRET_ACCESS_KEY"])
    func aMissingSecretFailsTheDeployJobAndSendsNothing(variable: String) throws {
        let setup = try DeploySetup(undefined: ("uat", variable))
        let key = try #require(setup.holders.flatMap(\.secrets).first { $0.variable == variable }?.key, "no sample names \(variable)")
        let run = try setup.run(event: "push", runNumber: 1)
        #expect(run.failedSteps == ["deploy (uat) / Enter the credentials"], "\(run.stepOutput.joined(separator: "\n"))")
        #expect(run.failures.contains("\(key) from $\(variable): not set"), "\(run.failures)")
        #expect(run.failures.contains("nothing was sent"))
        #expect(setup.apis.values.allSatisfy { $0.requests.isEmpty }, "requests were sent")
        #expect(!run.credcCalls.contains { $0.contains("prod") }, "fail-fast: prod is not deployed after uat failed")
        let artifacts = setup.sandbox.appendingPathComponent("artifacts")
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("credc-state-uat/uat.json").path))
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("credc-plan-uat").path), "always()")
    }

    /// Values the org refuses, a provider's and a principal's, fail the job with Salesforce's
    /// own words; the other providers and principals are entered.
    @Test func aValueTheOrgRefusesFailsTheDeployJob() throws {
        let setup = try DeploySetup(apiOptions: ["uat": ["--reject", "Entra_ID,Files_S3/AWS-S3-User"]])
        let run = try setup.run(event: "push", runNumber: 1)
        #expect(run.failedSteps == ["deploy (uat) / Enter the credentials"], "\(run.stepOutput.joined(separator: "\n"))")
        #expect(run.failures.contains(
            "identity provider 'Entra_ID': failed: HTTP 400: INVALID_INPUT: The client ID for Entra_ID isn't valid."), "\(run.failures)")
        #expect(run.failures.contains(
            "principal 'AWS-S3-User' of 'Files_S3': failed: HTTP 400: INVALID_INPUT: The credentials for Files_S3/AWS-S3-User aren't valid."),
            "\(run.failures)")
        for holder in setup.holders where !["Entra_ID", "Files_S3/AWS-S3-User"].contains(holder.fakeName) {
            #expect(run.failures.contains("\(holder.description): created its credentials"), "\(run.failures)")
        }
        let expected = try Self.expectedRequests(setup.holders, values: setup.secrets["uat"]!) { _ in "POST" }
        #expect(Self.describe(try #require(setup.apis["uat"]).requests) == expected)
        #expect(try #require(setup.apis["prod"]).requests.isEmpty)
    }

    @Test func codeScanningWorkflowRunsAsWritten() throws {
        let repository = try Self.userRepository()
        let sandbox = try Self.sandbox()
        var runner = WorkflowRunner(workflow: try Self.load("\(Self.examples)/credc.yml"), repository: repository, sandbox: sandbox)
        runner.skippedJobs = ["credc"]
        let run = try runner.run(event: "pull_request", runNumber: 1)
        // The verdict ignores inline suppressions (issue 26): the CI owner has the last word.
        #expect(run.credcCalls == [
            ["check", "--format", "sarif", "config"], ["check", "--format", "github", "--no-inline-suppressions", "config"],
        ])
    }

    // MARK: - actionlint

    /// Whether `actionlint` is on the PATH: the test below is reported as skipped, not passed,
    /// where it is not.
    static let hasActionlint: Bool = {
        let which = Process()
        which.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        which.arguments = ["sh", "-c", "command -v actionlint"]
        which.standardOutput = Pipe()
        guard (try? which.run()) != nil else { return false }
        which.waitUntilExit()
        return which.terminationStatus == 0
    }()

    /// actionlint's type checks of expressions and shell scripts, where it is installed (it is
    /// not on PyPI without network access to GitHub releases); the checks above always run.
    @Test(.enabled(if: WorkflowTests.hasActionlint, "actionlint is not installed"))
    func actionlintFindsNothing() throws {
        let result = try shell(
            ["actionlint", "-shellcheck=", "\(Self.examples)/deploy.yml", "\(Self.examples)/credc.yml", "\(Self.examples)/release.yml"],
            in: packageRoot)
        #expect(result.status == 0, "\(result.output)")
    }
}

/// The Salesforce CLI as the deploy workflow calls it: each call's shape is checked (inside an
/// SFDX project whose package directories exist, logged in, the right flags), `retrieve`
/// copies the org's folder, a deploy that is not a dry run copies the components of its
/// package directory into the org, and `org display --json` gives the URL and token in
/// $FAKE_SANDBOX/instances/ORG. Every call is logged to $FAKE_SANDBOX/sf.log.
let fakeSalesforceCLI = #"""
    #!/usr/bin/env bash
    set -euo pipefail
    ( IFS=$'\x1f'; printf '%s\n' "$*" ) >> "$FAKE_SANDBOX/sf.log"
    fail() { echo "fake sf: $*" >&2; exit 1; }
    package_directories() {
        [ -f sfdx-project.json ] || fail "not inside an SFDX project (no sfdx-project.json)"
        python3 -c 'import json; [print(d["path"]) for d in json.load(open("sfdx-project.json"))["packageDirectories"]]'
    }
    logged_in() { [ -f "$FAKE_SANDBOX/logins/$1" ] || fail "not logged in to '$1'"; }
    if [ "${1:-} ${2:-}" = "org display" ]; then
        shift 2
        org="" json=0
        while [ $# -gt 0 ]; do
            case "$1" in
            --target-org) org="$2"; shift 2 ;;
            --json) json=1; shift ;;
            *) fail "org display: unexpected '$1'" ;;
            esac
        done
        logged_in "$org"
        [ "$json" = 1 ] || fail "org display without --json prints a table"
        # The session of the login: the org's fake Connect API and its token.
        read -r url token < "$FAKE_SANDBOX/instances/$org" || fail "no instance for '$org'"
        printf '{"status": 0, "result": {"id": "00D000000000001EAA", "apiVersion": "66.0", "accessToken": "%s", "instanceUrl": "%s", "username": "ci@%s.example.com", "alias": "%s", "connectedStatus": "Connected"}, "warnings": ["This command will expose sensitive information that allows for subsequent activity using your current authenticated session."]}\n' \
            "$token" "$url" "$org" "$org"
        exit 0
    fi
    command="${1:-} ${2:-} ${3:-}"
    shift 3 || fail "no command"
    case "$command" in
    "org login sfdx-url")
        file="" alias=""
        while [ $# -gt 0 ]; do
            case "$1" in
            --sfdx-url-file) file="$2"; shift 2 ;;
            --alias) alias="$2"; shift 2 ;;
            *) fail "org login sfdx-url: unexpected '$1'" ;;
            esac
        done
        [ -s "$file" ] || fail "no auth URL in '$file'"
        [ -n "$alias" ] || fail "no --alias"
        mkdir -p "$FAKE_SANDBOX/logins" && touch "$FAKE_SANDBOX/logins/$alias"
        ;;
    "project retrieve start")
        org="" out="" types=()
        while [ $# -gt 0 ]; do
            case "$1" in
            --target-org) org="$2"; shift 2 ;;
            --output-dir) out="$2"; shift 2 ;;
            --metadata) types+=("$2"); shift 2 ;;
            --wait) shift 2 ;;
            *) fail "project retrieve start: unexpected '$1'" ;;
            esac
        done
        logged_in "$org"
        [ -n "$out" ] || fail "no --output-dir"
        for directory in $(package_directories); do
            [ -d "$directory" ] || fail "package directory '$directory' does not exist"
            case "$out/" in "$directory/"*) fail "--output-dir '$out' overlaps package directory '$directory'" ;; esac
        done
        [ "$(printf '%s\n' "${types[@]}" | sort | tr '\n' ' ')" = "ExternalAuthIdentityProvider ExternalCredential NamedCredential PermissionSet " ] \
            || fail "retrieves ${types[*]}"
        mkdir -p "$out" && cp -R "$FAKE_SANDBOX/orgs/$org/." "$out/"
        ;;
    "project deploy start")
        org="" manifest="" metadata_dir="" dry_run=0
        while [ $# -gt 0 ]; do
            case "$1" in
            --target-org) org="$2"; shift 2 ;;
            --manifest) manifest="$2"; shift 2 ;;
            --metadata-dir) metadata_dir="$2"; shift 2 ;;
            --pre-destructive-changes | --post-destructive-changes) [ -f "$2" ] || fail "no '$2'"; shift 2 ;;
            --dry-run) dry_run=1; shift ;;
            --wait) shift 2 ;;
            *) fail "project deploy start: unexpected '$1'" ;;
            esac
        done
        logged_in "$org"
        if [ -n "$metadata_dir" ]; then
            # Metadata API format: a package.xml and the components beside it, no project needed.
            [ -z "$manifest" ] && [ -f "$metadata_dir/package.xml" ] || fail "--metadata-dir '$metadata_dir' without package.xml"
            exit 0
        fi
        [ -f "$manifest" ] || fail "no manifest '$manifest'"
        package=""
        for directory in $(package_directories); do
            case "$manifest" in "$directory/"*) package="$directory" ;; esac
        done
        [ -n "$package" ] || fail "'$manifest' is in no package directory: --manifest would find none of its components"
        if [ "$dry_run" = 0 ]; then
            (cd "$package" && find . -name '*-meta.xml' -not -path './grants/*') | while read -r file; do
                mkdir -p "$(dirname "$FAKE_SANDBOX/orgs/$org/main/default/$file")"
                cp "$package/$file" "$FAKE_SANDBOX/orgs/$org/main/default/$file"
            done
        fi
        ;;
    *) fail "unexpected command '$command'" ;;
    esac
    """#

let oktaProvider = """
    <?xml version="1.0" encoding="UTF-8"?>
    <ExternalAuthIdentityProvider xmlns="http://soap.sforce.com/2006/04/metadata">
        <authenticationFlow>ClientCredentials</authenticationFlow>
        <authenticationProtocol>OAuth</authenticationProtocol>
        <externalAuthIdentityProviderParameters>
            <parameterName>ClientAuthentication</parameterName>
            <parameterType>ClientAuthentication</parameterType>
            <parameterValue>ClientSecretBasic</parameterValue>
        </externalAuthIdentityProviderParameters>
        <externalAuthIdentityProviderParameters>
            <parameterName>TokenUrl</parameterName>
            <parameterType>TokenUrl</parameterType>
            <parameterValue>https://acme.okta.com/oauth2/default/v1/token</parameterValue>
        </externalAuthIdentityProviderParameters>
        <label>Okta</label>
    </ExternalAuthIdentityProvider>

    """

let billingAdmins = """
    <?xml version="1.0" encoding="UTF-8"?>
    <PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
        <classAccesses>
            <apexClass>BillingSync</apexClass>
            <enabled>true</enabled>
        </classAccesses>
        <hasActivationRequired>false</hasActivationRequired>
        <label>Billing Admins</label>
        <userPermissions>
            <enabled>true</enabled>
            <name>ApiEnabled</name>
        </userPermissions>
    </PermissionSet>

    """
