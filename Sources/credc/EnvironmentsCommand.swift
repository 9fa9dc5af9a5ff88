import ArgumentParser
import JSON

/// `credc environments`: the names of the configuration's `kind: Environment` documents, so that
/// a CI matrix is taken from the configuration instead of being written out a second time.
struct EnvironmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "environments",
        abstract: "List the configuration's environments: one name a line, or a JSON array (--format json).",
        discussion: """
            Names are sorted by Unicode code point. `--format json` prints one line, such as \
            ["prod","uat"] ([] without environments), which GitHub Actions' fromJSON() takes as a matrix. \
            The configuration is checked first: with errors nothing is listed (exit 1), and findings go \
            to standard error, as with `credc build`.
            """)

    @OptionGroup var inputs: InputOptions

    func validate() throws {
        switch inputs.format {
        case .text, .json: break
        case .sarif, .github:
            throw ValidationError("environments prints a list: --format takes text or json")
        }
        if inputs.env != nil {
            throw ValidationError("environments lists every environment; remove --env")
        }
    }

    func run() throws {
        let run = try CheckRun(inputs)
        try run.requireNoErrorsBeforeWriting()
        let names = run.analysis.environmentNames
        switch inputs.format {
        case .json: try writeOut(JSONValue(names).compact + "\n")
        case .text, .sarif, .github: try writeOut(names.map { $0 + "\n" }.joined())
        }
    }
}
