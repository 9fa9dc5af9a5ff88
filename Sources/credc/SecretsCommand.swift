import ArgumentParser
import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Secrets

/// `credc secrets` (SPEC §12): what a deploy never carries, from which environment variable, and
/// with `--apply` entered through Salesforce's Connect REST API. The only command that reads
/// the environment for values; they go to libcurl's memory and nowhere else.
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "List the secrets a deploy never carries and their variables; --apply enters them in the org.",
        discussion: """
            Without --apply, prints per provider and principal each secret, the environment variable it \
            comes from and whether it is set (never its value), and what nothing is entered for; exits 1 \
            when a variable is not set or not named. With --apply, checks every variable first (one \
            missing: nothing is sent), then looks up and creates (POST) or replaces (PUT, the full set; \
            PATCH for Custom) each provider's and principal's credentials through the Connect REST API \
            at --instance-url (default $SF_INSTANCE_URL) with the bearer token in $SF_ACCESS_TOKEN, and \
            reports each outcome; exits 1 if any failed.
            """)

    @OptionGroup var inputs: InputOptions

    @Flag(help: "Enter the secrets in the org through the Connect REST API.")
    var apply = false

    @Option(help: ArgumentHelp("The org's URL (https; http only to a loopback host). Default: $SF_INSTANCE_URL.", valueName: "url"))
    var instanceURL: String?

    @Option(help: ArgumentHelp("Seconds each request may take, connecting included.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        switch inputs.format {
        case .text, .json: break
        case .sarif, .github: throw ValidationError("secrets prints a list: --format takes text or json")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        if instanceURL != nil && !apply { throw ValidationError("--instance-url is for --apply") }
    }

    func run() throws {
        let run = try CheckRun(inputs)
        try run.requireKnownEnvironment(required: true)
        try run.requireNoErrorsBeforeWriting()
        let listing = SecretsListing(run.analysis.model)
        let environment = ProcessInfo.processInfo.environment
        let isSet = { (name: String) in environment[name].map { !$0.isEmpty } ?? false }
        let report = inputs.format == .json ? listing.json(isSet: isSet).prettyPrinted + "\n" : listing.text(isSet: isSet)
        guard apply else {
            try writeOut(report)
            if !listing.isComplete(isSet: isSet) { throw Exit.failure }
            return
        }
        guard listing.isComplete(isSet: isSet) else {
            printError(report, terminator: "")
            throw fail(Exit.failure, "not every secret's variable is set; nothing was sent")
        }
        guard let url = instanceURL ?? environment["SF_INSTANCE_URL"], !url.isEmpty else {
            throw fail(Exit.usage, "--apply needs the org's URL: --instance-url URL or $SF_INSTANCE_URL")
        }
        let instance: InstanceURL
        do { instance = try InstanceURL(url) } catch { throw fail(Exit.usage, error.description) }
        guard let token = environment["SF_ACCESS_TOKEN"], !token.isEmpty else {
            throw fail(Exit.failure, "--apply needs the org's access token in $SF_ACCESS_TOKEN (sf org display --json prints it); nothing was sent")
        }
        if let problem = CurlTransport.load() {
            throw fail(Exit.failure, "cannot send requests: \(problem); nothing was sent")
        }
        var values: [String: String] = [:]
        for name in listing.variables { values[name] = environment[name] }
        let applier = SecretsApplier(
            instance: instance, accessToken: token, transport: CurlTransport(timeoutSeconds: timeout),
            sleep: { pause(seconds: $0) })
        let outcomes = applier.apply(listing, values: values)
        let failed = outcomes.filter { !$0.succeeded }.count
        var lines = outcomes.map(\.line)
        lines.append(failed == 0 ? "entered the secrets of \(outcomes.count) holder\(outcomes.count == 1 ? "" : "s")" : "\(failed) of \(outcomes.count) failed")
        try writeOut(lines.joined(separator: "\n") + "\n")
        if failed > 0 { throw Exit.failure }
    }
}
