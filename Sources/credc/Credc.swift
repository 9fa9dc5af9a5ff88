import ArgumentParser

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
            CheckCommand.self, BuildCommand.self, PlanCommand.self, ExportCommand.self, ImportCommand.self, RulesCommand.self,
            ExplainCommand.self, SchemaCommand.self,
        ]
    )
}
