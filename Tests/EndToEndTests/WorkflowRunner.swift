import Foundation
import Testing

/// Runs an example workflow's jobs the way GitHub Actions would, far enough that every `run:`
/// script executes as written: jobs in the order of their `needs`, matrices, `env:` at every
/// level, `if:` conditions, step outputs, `$GITHUB_PATH`, and the few actions the examples use
/// (checkout, artifacts, cache). `credc` is the built binary behind a wrapper that records each
/// command line; `sf` and `npm` are stand-ins that check the shape of each call, and `sf`
/// retrieves from and deploys into a fake org folder per environment.
///
/// A failed step fails its job as on GitHub: later steps run only if their condition asks for
/// it (`always()`), a failed matrix entry cancels the ones after it (`fail-fast`), and jobs that
/// need a failed job are skipped. Secrets are the repository's, overridden by those of the job's
/// `environment:`; one that is not defined is empty. `::add-mask::` lines are taken out of the
/// recorded output, as the runner does; nothing else is masked, so a test sees what was printed.
///
/// The expressions understood are those the examples use: contexts (`github`, `env`, `matrix`,
/// `secrets`, `steps`, `needs`, `runner`), string literals, `==`, `!=`, `&&`, `||`, `!`,
/// parentheses, `fromJSON`, `hashFiles`, `format`, `always()`, `success()` and `failure()`. Anything else
/// fails the test, so that a workflow cannot drift into what this runner would get wrong.
struct WorkflowRunner {
    /// The workflow, as `WorkflowTests.load` parses it.
    let workflow: [String: Any]
    /// The repository the workflow runs in: each run gets a fresh clone of it.
    let repository: URL
    /// `tools/` (the stand-ins), `orgs/NAME/` (each org's metadata), `artifacts/`, logs.
    let sandbox: URL
    /// Jobs not run; the test provides what they upload (the `credc` artifact).
    var skippedJobs: Set<String> = []
    /// `secrets.NAME` in every job.
    var repositorySecrets: [String: String] = [:]
    /// `secrets.NAME` in a job whose `environment:` is the key, over the repository's.
    var environmentSecrets: [String: [String: String]] = [:]

    /// One run's record.
    struct Run {
        /// credc's arguments, one call each, in the order they ran.
        var credcCalls: [[String]] = []
        /// `sf` command lines, in order.
        var sfCalls: [String] = []
        /// Each run step's output, by "job (matrix) / step".
        var stepOutput: [String] = []
        /// What each run step wrote to `$GITHUB_OUTPUT`, `$GITHUB_ENV`, `$GITHUB_PATH` and
        /// `$GITHUB_STEP_SUMMARY`.
        var commandFiles: [String] = []
        /// The values steps masked with `::add-mask::`.
        var masks: [String] = []
        /// "job (matrix) / step" of each step that failed.
        var failedSteps: [String] = []
        var workspaces: [String: URL] = [:]

        /// The output of each failed step, for a test's message.
        var failures: String {
            stepOutput.filter { output in failedSteps.contains { output.hasPrefix("\($0):\n") } }.joined(separator: "\n")
        }
    }

    init(workflow: [String: Any], repository: URL, sandbox: URL) {
        self.workflow = workflow
        self.repository = repository
        self.sandbox = sandbox
    }

    var artifacts: URL { sandbox.appendingPathComponent("artifacts") }

    /// Runs every job once for `event`; artifacts persist between runs, as they do on GitHub.
    func run(event: String, runNumber: Int) throws -> Run {
        var record = Run()
        // A fresh runner: no login, no calls yet.
        for leftover in ["credc.log", "sf.log", "logins"] {
            try? FileManager.default.removeItem(at: sandbox.appendingPathComponent(leftover))
        }
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        var needsOutputs: [String: [String: String]] = [:]
        var failedJobs: Set<String> = []
        for jobName in try order(jobs) {
            let job = jobs[jobName]!
            if skippedJobs.contains(jobName) { continue }
            // A job whose needs failed (or were skipped for it) is skipped.
            if !needs(job).allSatisfy({ needsOutputs[$0] != nil || skippedJobs.contains($0) }) { continue }
            let failFast = (job["strategy"] as? [String: Any])?["fail-fast"] as? Bool ?? true
            var matrixValues: [[String: String]] = [[:]]
            if let strategy = job["strategy"] as? [String: Any], let matrix = strategy["matrix"] as? [String: Any] {
                #expect(matrix.count == 1, "one matrix variable")
                let (key, value) = try #require(matrix.first)
                let context = Context(event: event, needs: needsOutputs)
                let values: [String]
                if let list = value as? [String] {
                    values = list
                } else {
                    let evaluated = try context.evaluate(try #require(value as? String))
                    values = try #require(evaluated.list, "matrix \(key) is not a list: \(evaluated)")
                }
                try #require(!values.isEmpty, "job \(jobName): empty matrix")
                matrixValues = values.map { [key: $0] }
            }
            var jobOutputs: [String: String] = [:]
            for matrix in matrixValues {
                let label = matrix.values.first.map { "\(jobName) (\($0))" } ?? jobName
                let workspace = sandbox.appendingPathComponent("run\(runNumber)/\(jobName)-\(matrix.values.first ?? "")")
                try clone(into: workspace)
                record.workspaces[label] = workspace
                let failuresBefore = record.failedSteps.count
                let outputs = try runJob(
                    job, label: label, workspace: workspace, matrix: matrix, event: event, needs: needsOutputs,
                    record: &record)
                if record.failedSteps.count > failuresBefore {
                    failedJobs.insert(jobName)
                    if failFast { break }
                }
                // Job outputs: the last matrix entry's, as GitHub keeps one of them.
                for (key, expression) in job["outputs"] as? [String: String] ?? [:] {
                    var context = Context(event: event, needs: needsOutputs)
                    context.steps = outputs
                    jobOutputs[key] = try context.substitute(expression)
                }
            }
            if !failedJobs.contains(jobName) { needsOutputs[jobName] = jobOutputs }
        }
        return record
    }

    /// Jobs after the jobs they need, ties in file order.
    private func order(_ jobs: [String: [String: Any]]) throws -> [String] {
        let fileOrder = try jobNamesInFileOrder()
        var done: [String] = []
        while done.count < jobs.count {
            let ready = fileOrder.first { name in
                !done.contains(name) && needs(jobs[name]!).allSatisfy(done.contains)
            }
            done.append(try #require(ready, "the jobs' needs form a cycle"))
        }
        return done
    }

    private func needs(_ job: [String: Any]) -> [String] {
        if let one = job["needs"] as? String { return [one] }
        return job["needs"] as? [String] ?? []
    }

    /// JSON objects lose their order; the file keeps it.
    private func jobNamesInFileOrder() throws -> [String] {
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let names = try #require(workflow["jobOrder"] as? [String], "WorkflowTests.load records jobOrder")
        #expect(Set(names) == Set(jobs.keys))
        return names
    }

    private func clone(into workspace: URL) throws {
        try FileManager.default.createDirectory(at: workspace.deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = try shell(["git", "clone", "-q", repository.path, workspace.path], in: sandbox)
        try #require(result.status == 0, "git clone: \(result.output)")
    }

    /// Runs one job's steps in `workspace`; returns the steps' outputs by step ID.
    private func runJob(
        _ job: [String: Any], label: String, workspace: URL, matrix: [String: String], event: String,
        needs: [String: [String: String]], record: inout Run
    ) throws -> [String: [String: String]] {
        #expect(job["container"] == nil, "\(label): a job that runs credc runs on the runner, without Swift")
        let runnerTemp = sandbox.appendingPathComponent("temp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: runnerTemp, withIntermediateDirectories: true)
        var context = Context(event: event, needs: needs)
        context.matrix = matrix
        context.runnerTemp = runnerTemp.path
        context.workspace = workspace.path
        context.secrets = repositorySecrets
        if let environment = job["environment"] as? String {
            context.secrets.merge(environmentSecrets[try context.substitute(environment)] ?? [:]) { $1 }
        }
        var env: [String: String] = [:]
        for (key, value) in workflow["env"] as? [String: Any] ?? [:] { env[key] = try context.substitute("\(value)") }
        context.env = env
        for (key, value) in job["env"] as? [String: Any] ?? [:] { env[key] = try context.substitute("\(value)") }
        context.env = env
        var path: [String] = [sandbox.appendingPathComponent("tools").path]
        let steps = job["steps"] as? [[String: Any]] ?? []
        for (index, step) in steps.enumerated() {
            let stepLabel = "\(label) / \(step["name"] as? String ?? step["uses"] as? String ?? "step \(index + 1)")"
            var stepEnv = env
            context.env = env
            for (key, value) in step["env"] as? [String: Any] ?? [:] { stepEnv[key] = try context.substitute("\(value)") }
            context.env = stepEnv
            // GitHub's implicit success(): after a failure only a condition that checks the status runs.
            let condition = step["if"] as? String
            let checksStatus = ["success(", "failure(", "always(", "cancelled("].contains {
                condition?.lowercased().replacingOccurrences(of: " ", with: "").contains($0) == true
            }
            if context.jobFailed && !checksStatus { continue }
            if let condition, try !context.evaluate(condition).isTruthy { continue }
            var outputs: [String: String] = [:]
            if let uses = step["uses"] as? String {
                var with: [String: String] = [:]
                for (key, value) in step["with"] as? [String: Any] ?? [:] { with[key] = try context.substitute("\(value)") }
                outputs = try runAction(uses, with: with, label: stepLabel, workspace: workspace)
            } else {
                let script = try #require(step["run"] as? String, "\(stepLabel): neither uses nor run")
                #expect(!script.contains("${{"), "\(stepLabel): an expression inside a script (use env:)")
                let files = ["GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV", "GITHUB_STEP_SUMMARY"].map { name in
                    (name, runnerTemp.appendingPathComponent("\(name.lowercased())-\(index)"))
                }
                for (_, file) in files { try Data().write(to: file) }
                var processEnv = stepEnv
                for (name, file) in files { processEnv[name] = file.path }
                processEnv["GITHUB_EVENT_NAME"] = event
                processEnv["GITHUB_WORKSPACE"] = workspace.path
                processEnv["RUNNER_TEMP"] = runnerTemp.path
                processEnv["FAKE_SANDBOX"] = sandbox.path
                processEnv["CREDC_REAL"] = credcBinary.path
                processEnv["HOME"] = sandbox.appendingPathComponent("home").path
                processEnv["PATH"] = (path + [ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
                let scriptFile = runnerTemp.appendingPathComponent("step-\(index).sh")
                try Data(script.utf8).write(to: scriptFile)
                let result = try shell(["bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile.path], in: workspace, environment: processEnv)
                var printed: [Substring] = []
                for line in result.output.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("::add-mask::") { record.masks.append(String(line.dropFirst("::add-mask::".count))) } else { printed.append(line) }
                }
                record.stepOutput.append("\(stepLabel):\n\(printed.joined(separator: "\n"))")
                for (_, file) in files { record.commandFiles.append((try? String(contentsOf: file, encoding: .utf8)) ?? "") }
                if result.status != 0 {
                    record.failedSteps.append(stepLabel)
                    context.jobFailed = true
                    continue
                }
                let read = { (name: String) -> [String] in
                    let file = files.first { $0.0 == name }!.1
                    return (try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
                }
                for line in read("GITHUB_OUTPUT") {
                    let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                    #expect(parts.count == 2, "\(stepLabel): output line '\(line)'")
                    if parts.count == 2 { outputs[parts[0]] = parts[1] }
                }
                path = read("GITHUB_PATH").reversed() + path
                for line in read("GITHUB_ENV") {
                    let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { env[parts[0]] = parts[1] }
                }
            }
            if let id = step["id"] as? String { context.steps[id] = outputs }
        }
        record.credcCalls = try calls(in: "credc.log")
        record.sfCalls = try calls(in: "sf.log").map { $0.joined(separator: " ") }
        return context.steps
    }

    private func calls(in log: String) throws -> [[String]] {
        let file = sandbox.appendingPathComponent(log)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The actions the examples use, as far as a run needs them.
    private func runAction(_ uses: String, with: [String: String], label: String, workspace: URL) throws -> [String: String] {
        let action = String(uses.prefix { $0 != "@" })
        let fileManager = FileManager.default
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : workspace.appendingPathComponent(path)
        }
        switch action {
        case "actions/checkout":
            #expect(with["repository"] == nil, "\(label): a job that runs credc checks out this repository")
            return [:]
        case "actions/upload-artifact":
            let name = try #require(with["name"], "\(label): an artifact name")
            let store = artifacts.appendingPathComponent(name)
            try? fileManager.removeItem(at: store)
            try fileManager.createDirectory(at: store, withIntermediateDirectories: true)
            var found = false
            for pattern in (with["path"] ?? "").split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !pattern.isEmpty {
                let expanded = try shell(["bash", "-c", "shopt -s nullglob; for f in \(pattern); do echo \"$f\"; done"], in: workspace)
                for match in expanded.output.split(separator: "\n") {
                    found = true
                    let source = resolve(String(match))
                    try fileManager.copyItem(at: source, to: store.appendingPathComponent(source.lastPathComponent))
                }
            }
            if with["if-no-files-found"] == "error" { try #require(found, "\(label): no files for artifact \(name)") }
            return [:]
        case "actions/download-artifact", "dawidd6/action-download-artifact":
            let name = try #require(with["name"], "\(label): an artifact name")
            let store = artifacts.appendingPathComponent(name)
            let target = resolve(with["path"] ?? ".")
            guard fileManager.fileExists(atPath: store.path) else {
                try #require(with["if_no_artifact_found"] == "warn", "\(label): no artifact \(name)")
                return ["found_artifact": "false"]
            }
            try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            for item in try fileManager.contentsOfDirectory(atPath: store.path) {
                try? fileManager.removeItem(at: target.appendingPathComponent(item))
                try fileManager.copyItem(at: store.appendingPathComponent(item), to: target.appendingPathComponent(item))
            }
            return ["found_artifact": "true"]
        case "actions/cache":
            return ["cache-hit": "false"]
        case "github/codeql-action/upload-sarif":
            let file = resolve(try #require(with["sarif_file"]))
            let log = try parseJSON(try String(contentsOf: file, encoding: .utf8))
            #expect(log["version"] as? String == "2.1.0", "\(label): not a SARIF log")
            return [:]
        default:
            Issue.record("\(label): the runner does not know \(uses)")
            return [:]
        }
    }
}

/// `${{ }}` expressions, as far as the examples use them.
struct Context {
    var event: String
    var needs: [String: [String: String]]
    var matrix: [String: String] = [:]
    var env: [String: String] = [:]
    var steps: [String: [String: String]] = [:]
    var secrets: [String: String] = [:]
    var runnerTemp = ""
    var workspace = ""
    /// Whether a step of the job failed: `success()` and `failure()`.
    var jobFailed = false

    init(event: String, needs: [String: [String: String]]) {
        self.event = event
        self.needs = needs
    }

    indirect enum Value: CustomStringConvertible {
        case string(String)
        case bool(Bool)
        case null
        case list([String])

        var isTruthy: Bool {
            switch self {
            case .string(let text): !text.isEmpty
            case .bool(let value): value
            case .null: false
            case .list: true
            }
        }

        var text: String {
            switch self {
            case .string(let text): text
            case .bool(let value): value ? "true" : "false"
            case .null: ""
            case .list(let items): "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            }
        }

        var list: [String]? {
            if case .list(let items) = self { return items }
            return nil
        }

        var description: String { text }
    }

    /// Every `${{ … }}` in `text` replaced by its value.
    func substitute(_ text: String) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${{") {
            result += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            let close = try #require(after.range(of: "}}"), "unclosed expression in '\(text)'")
            result += try evaluate(String(after[..<close.lowerBound])).text
            rest = after[close.upperBound...]
        }
        return result + rest
    }

    /// An `if:` condition (with or without `${{ }}`) or one expression.
    func evaluate(_ expression: String) throws -> Value {
        var source = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        if source.hasPrefix("${{"), source.hasSuffix("}}") {
            source = String(source.dropFirst(3).dropLast(2))
        }
        var parser = Parser(tokens: try tokenize(source), context: self)
        let value = try parser.parseOr()
        try #require(parser.position == parser.tokens.count, "trailing tokens in '\(expression)'")
        return value
    }

    func lookUp(_ path: String) throws -> Value {
        let parts = path.split(separator: ".").map(String.init)
        func member(_ dictionary: [String: String], _ index: Int) -> Value {
            parts.count > index ? dictionary[parts[index]].map(Value.string) ?? .null : .null
        }
        switch parts[0] {
        case "github":
            switch parts.dropFirst().first {
            case "event_name": return .string(event)
            case "head_ref": return .string(event == "pull_request" ? "feature" : "")
            case "ref_name": return .string(event == "pull_request" ? "1/merge" : "main")
            case "token": return .string("github-token")
            default: throw WorkflowRunnerError("unknown github context: \(path)")
            }
        case "env": return member(env, 1)
        case "matrix": return member(matrix, 1)
        case "secrets": return .string(parts.count > 1 ? secrets[parts[1]] ?? "" : "")
        case "runner":
            guard parts.count == 2, parts[1] == "temp" else { throw WorkflowRunnerError("unknown runner context: \(path)") }
            return .string(runnerTemp)
        case "steps":
            guard parts.count == 4, parts[2] == "outputs" else { throw WorkflowRunnerError("unknown steps context: \(path)") }
            return steps[parts[1]]?[parts[3]].map(Value.string) ?? .null
        case "needs":
            guard parts.count == 4, parts[2] == "outputs" else { throw WorkflowRunnerError("unknown needs context: \(path)") }
            return needs[parts[1]]?[parts[3]].map(Value.string) ?? .null
        default:
            throw WorkflowRunnerError("unknown context: \(path)")
        }
    }

    func call(_ function: String, _ arguments: [Value]) throws -> Value {
        switch function.lowercased() {
        case "always": return .bool(true)
        case "success": return .bool(!jobFailed)
        case "failure": return .bool(jobFailed)
        case "cancelled": return .bool(false)
        case "fromjson":
            let data = Data((arguments.first?.text ?? "").utf8)
            let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            if let list = object as? [String] { return .list(list) }
            if let text = object as? String { return .string(text) }
            throw WorkflowRunnerError("fromJSON of \(arguments)")
        case "hashfiles":
            let patterns = arguments.map(\.text).joined(separator: " ")
            let result = try shell(["bash", "-c", "shopt -s nullglob globstar; for f in \(patterns); do [ -f \"$f\" ] && echo \"$f\"; done; true"], in: URL(fileURLWithPath: workspace))
            return .string(result.output.isEmpty ? "" : "hash")
        case "format":
            var text = arguments.first?.text ?? ""
            for (index, argument) in arguments.dropFirst().enumerated() {
                text = text.replacingOccurrences(of: "{\(index)}", with: argument.text)
            }
            return .string(text)
        default:
            throw WorkflowRunnerError("unknown function: \(function)")
        }
    }

    enum Token: Equatable {
        case string(String), name(String), symbol(String)
    }

    private func tokenize(_ source: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                var text = ""
                index += 1
                while true {
                    try #require(index < characters.count, "unclosed string in '\(source)'")
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            text.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(.string(text))
            } else if index + 1 < characters.count, ["==", "!=", "&&", "||"].contains(String(characters[index...index + 1])) {
                tokens.append(.symbol(String(characters[index...index + 1])))
                index += 2
            } else if "()!,".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else if character.isLetter || character == "_" {
                var name = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || "_-.".contains(characters[index]) {
                    name.append(characters[index])
                    index += 1
                }
                tokens.append(.name(name))
            } else {
                throw WorkflowRunnerError("unexpected '\(character)' in '\(source)'")
            }
        }
        return tokens
    }

    struct Parser {
        let tokens: [Token]
        let context: Context
        var position = 0

        init(tokens: [Token], context: Context) {
            self.tokens = tokens
            self.context = context
        }

        mutating func next() -> Token? {
            defer { position += 1 }
            return position < tokens.count ? tokens[position] : nil
        }

        func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

        mutating func parseOr() throws -> Value {
            var left = try parseAnd()
            while peek() == .symbol("||") {
                position += 1
                let right = try parseAnd()
                left = left.isTruthy ? left : right
            }
            return left
        }

        mutating func parseAnd() throws -> Value {
            var left = try parseComparison()
            while peek() == .symbol("&&") {
                position += 1
                let right = try parseComparison()
                left = left.isTruthy ? right : left
            }
            return left
        }

        mutating func parseComparison() throws -> Value {
            let left = try parseUnary()
            if let token = peek(), token == .symbol("==") || token == .symbol("!=") {
                position += 1
                let right = try parseUnary()
                // GitHub compares strings ignoring case.
                let equal = left.text.lowercased() == right.text.lowercased()
                return .bool(token == .symbol("==") ? equal : !equal)
            }
            return left
        }

        mutating func parseUnary() throws -> Value {
            if peek() == .symbol("!") {
                position += 1
                return .bool(!(try parseUnary()).isTruthy)
            }
            return try parsePrimary()
        }

        mutating func parsePrimary() throws -> Value {
            switch next() {
            case .string(let text)?: return .string(text)
            case .symbol("(")?:
                let value = try parseOr()
                guard next() == .symbol(")") else { throw WorkflowRunnerError("expected ')'") }
                return value
            case .name(let name)?:
                if name == "true" { return .bool(true) }
                if name == "false" { return .bool(false) }
                if name == "null" { return .null }
                if peek() == .symbol("(") {
                    position += 1
                    var arguments: [Value] = []
                    while peek() != .symbol(")") {
                        arguments.append(try parseOr())
                        if peek() == .symbol(",") { position += 1 }
                    }
                    position += 1
                    return try context.call(name, arguments)
                }
                return try context.lookUp(name)
            default:
                throw WorkflowRunnerError("unexpected token in an expression")
            }
        }
    }
}

struct WorkflowRunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command; standard output and error together.
func shell(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
