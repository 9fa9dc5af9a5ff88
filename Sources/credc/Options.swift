import ArgumentParser
import Driver
import Reporters
import YAML

/// `--format` takes the reporters' own formats: a new format is a new case there, nothing here.
extension DiagnosticFormat: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options every command that reads inputs shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "YAML files or directories (searched recursively, hidden folders skipped).")
    var paths: [String] = []

    @Option(help: "Diagnostic format.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: "Color in text output: auto (only on a terminal; honours NO_COLOR and FORCE_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(
        help: ArgumentHelp(
            "The environment (a `kind: Environment` document) whose variables fill `${NAME}` values. "
                + "check: only this one (default: every one); build, plan, export: required when the configuration has environments.",
            valueName: "name"))
    var env: String?

    @Flag(help: "List on standard error what directory searches skipped: YAML files that are not credc files, links to folders.")
    var verbose = false

    @Flag(help: "Ignore '# credc:ignore' comments (for CI owners).")
    var noInlineSuppressions = false

    @Option(help: ArgumentHelp("Largest input file, in bytes.", valueName: "bytes"))
    var maxFileSize: Int = YAMLLimits.default.maxFileSize

    @Option(help: ArgumentHelp("Deepest YAML nesting.", valueName: "levels"))
    var maxDepth: Int = YAMLLimits.default.maxDepth

    @Option(help: ArgumentHelp("Most nodes aliases may bring into one document.", valueName: "nodes"))
    var maxAliasExpansion: Int = YAMLLimits.default.maxAliasExpansion

    func validate() throws {
        guard maxFileSize > 0, maxDepth > 0, maxAliasExpansion >= 0 else {
            throw ValidationError("limits must be positive numbers")
        }
    }

    var values: InputValues {
        InputValues(
            paths: paths, format: format, strict: strict, color: color, env: env, verbose: verbose,
            noInlineSuppressions: noInlineSuppressions, maxFileSize: maxFileSize, maxDepth: maxDepth,
            maxAliasExpansion: maxAliasExpansion)
    }
}

/// What ``InputOptions`` parsed, as plain values: what runs read (``CheckRun``), and what the
/// quick parse of `check` makes without building ArgumentParser's wrappers.
struct InputValues: Sendable {
    var paths: [String] = []
    var format = DiagnosticFormat.text
    var strict = false
    var color = ColorChoice.auto
    var env: String?
    var verbose = false
    var noInlineSuppressions = false
    var maxFileSize = YAMLLimits.default.maxFileSize
    var maxDepth = YAMLLimits.default.maxDepth
    var maxAliasExpansion = YAMLLimits.default.maxAliasExpansion

    var limits: YAMLLimits {
        YAMLLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion)
    }
}

/// `--force` of the commands that write a folder (`import --out`, `export --out`,
/// `plan --metadata-out`).
struct ReplaceOption: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Replace the output folder even when files in it were changed or added since credc wrote it "
                + "(a folder credc did not write is never replaced)."))
    var force = false
}
