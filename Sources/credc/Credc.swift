import ArgumentParser
import Diagnostics

@main
struct Credc: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "credc",
        abstract: "Compiler and linter for Salesforce external credentials kept as YAML.",
        discussion: """
            Checks External Auth Identity Providers, External Credentials with their principals, and \
            Named Credentials; compiles them into a deterministic deployment manifest; and plans the \
            changes against the deployed state.
            """,
        version: version,
        subcommands: [
            CheckCommand.self, BuildCommand.self, PlanCommand.self, ExportCommand.self, ImportCommand.self,
            EnvironmentsCommand.self, SecretsCommand.self, RulesCommand.self, ExplainCommand.self, SchemaCommand.self,
            DocsCommand.self, LSPCommand.self,
        ]
    )

    /// ArgumentParser suggests close option names but not subcommand names, so a typo such as
    /// `credc chek` gets its "did you mean" here; like every usage error it exits 64.
    static func main() {
        tuneAllocator()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let check = QuickArguments.check(arguments) {
            do {
                try check.run()
                return
            } catch {
                exit(withError: error)
            }
        }
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
            if !names.contains(first) {
                let suggestion = Suggestions.closest(to: first, in: names).map { "; did you mean '\($0)'?" } ?? ""
                exit(withError: ValidationError("unknown command '\(first)'\(suggestion)"))
            }
        }
        main(nil)
    }
}
