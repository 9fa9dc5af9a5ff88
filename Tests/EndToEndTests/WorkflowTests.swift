import Foundation
import Testing

/// The example GitHub Actions workflows: valid YAML with the jobs and steps the README
/// promises, and, where `actionlint` is installed, clean under it.
@Suite struct WorkflowTests {
    /// A workflow file parsed by python3's PyYAML (installed by `make test-deps`), as JSON.
    static func load(_ path: String) throws -> [String: Any] {
        let script = """
            import json, sys, yaml
            with open(sys.argv[1], encoding="utf-8") as handle:
                document = yaml.safe_load(handle)
            # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
            if True in document:
                document["on"] = document.pop(True)
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

    static func steps(_ job: [String: Any]?) -> [[String: Any]] { job?["steps"] as? [[String: Any]] ?? [] }

    static func runText(_ steps: [[String: Any]]) -> [String] { steps.map { $0["run"] as? String ?? "" } }

    @Test func deployWorkflowDeploysEveryEnvironment() throws {
        let workflow = try Self.load("examples/github-actions/deploy.yml")
        let triggers = try #require(workflow["on"] as? [String: Any])
        #expect(triggers["push"] != nil && triggers["pull_request"] != nil)
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        #expect(Set(jobs.keys) == ["build-credc", "deploy"])

        // credc is built from this repository's source, never cloned from an invented URL.
        let build = Self.runText(Self.steps(jobs["build-credc"])).joined(separator: "\n")
        #expect(build.contains("swift build -c release --product credc"))
        #expect(!build.contains("git clone"))

        let deploy = try #require(jobs["deploy"])
        #expect(deploy["needs"] as? String == "build-credc")
        let strategy = try #require(deploy["strategy"] as? [String: Any])
        let matrix = try #require(strategy["matrix"] as? [String: Any])
        #expect(matrix["environment"] as? [String] == ["sandbox", "production"])
        #expect(strategy["max-parallel"] as? Int == 1)
        #expect(deploy["environment"] as? String == "${{ matrix.environment }}")
        let env = try #require(deploy["env"] as? [String: String])
        #expect(env["CREDC_STATE"] == "deploy/state/${{ matrix.environment }}.json")
        #expect(env["DRY_RUN"]?.contains("github.event_name == 'pull_request'") == true)
        #expect(env["DRY_RUN"]?.contains("--dry-run") == true)

        let runs = Self.runText(Self.steps(deploy))
        func index(_ needle: String) throws -> Int {
            try #require(runs.firstIndex { $0.contains(needle) }, "no step runs '\(needle)'")
        }
        let check = try index("credc check")
        let export = try index("credc export $CREDC_PATHS --env \"$CREDC_ENV\"")
        let plan = try index("credc plan $CREDC_PATHS --env \"$CREDC_ENV\" --state \"$CREDC_STATE\"")
        #expect(runs[plan].contains("--metadata-out credc-deploy"))
        // credc's own second deploy (PlanDeployment.secondDeployDirectory), never a split of
        // its first manifest: that one lists no permission set that grants a new principal.
        #expect(!runs.joined().contains("mv credc-deploy/permissionsets"))
        #expect(!runs.joined().contains("credc-grants"))
        let merge = try index("credc-deploy/grants/package.xml")
        let login = try index("sf org login sfdx-url")
        let credentials = try index("sf project deploy start \"$@\"")
        #expect(login < credentials)
        let grants = try #require(
            runs.lastIndex { $0.contains("set -- --manifest credc-deploy/grants/package.xml") },
            "no step deploys credc-deploy/grants/package.xml")
        #expect(runs[grants].contains("--post-destructive-changes credc-deploy/grants/destructiveChangesPost.xml"))
        #expect(runs[grants].contains("sf project deploy start \"$@\""))
        #expect(!runs[grants].contains("$DRY_RUN"))
        let keep = try index("cp manifest.json \"$CREDC_STATE\"")
        let secrets = try index("ExternalAuthIdentityProvider")
        #expect(check < export && export < plan && plan < merge && merge < credentials)
        #expect(credentials < grants && grants < keep && keep < secrets)
        #expect(runs[credentials].contains("$DRY_RUN"))
        // Real deploys only: a dry run creates no principal for a second dry run to grant, so
        // pull requests merge the grants into the one dry run instead.
        let steps = Self.steps(deploy)
        for step in [grants, keep, secrets] {
            #expect((steps[step]["if"] as? String)?.contains("github.event_name != 'pull_request'") == true)
        }
        #expect((steps[grants]["if"] as? String)?.contains("hashFiles('credc-deploy/grants/package.xml')") == true)
        #expect((steps[merge]["if"] as? String)?.contains("github.event_name == 'pull_request'") == true)
        #expect(runs[merge].contains("destructiveChangesPost.xml"))
        #expect(runs[credentials].contains("--pre-destructive-changes"))
        #expect(runs[credentials].contains("--post-destructive-changes"))
        #expect(runs[secrets].contains("\"create\", \"replace\""))
        #expect(!runs.joined().contains("apply-plan"))
    }

    @Test func codeScanningWorkflowBuildsFromSource() throws {
        let workflow = try Self.load("examples/github-actions/credc.yml")
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let runs = Self.runText(Self.steps(jobs["check"])).joined(separator: "\n")
        #expect(runs.contains("swift build -c release --product credc --package-path \"$CREDC_SOURCE\""))
        #expect(!runs.contains("git clone"))
        #expect(runs.contains("credc check --format sarif"))
    }

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
    /// not on PyPI without network access to GitHub releases); the YAML checks above always run.
    @Test(.enabled(if: WorkflowTests.hasActionlint, "actionlint is not installed"))
    func actionlintFindsNothing() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "actionlint", "-shellcheck=", "examples/github-actions/deploy.yml", "examples/github-actions/credc.yml",
        ]
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
