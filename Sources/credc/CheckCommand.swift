import ArgumentParser
import Diagnostics
import Driver

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Lint the configuration; writes no files.")

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("Also check the changes against this deployed manifest (immutable fields).", valueName: "file"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "Or against the org as retrieved (what `sf project retrieve start` writes); with --state too, the org's values win.",
            valueName: "dir"))
    var stateMetadata: String?

    func validate() throws {
        try DeployedState.validate(state: state, stateMetadata: stateMetadata, required: false)
    }

    func run() throws {
        let deployed = try DeployedState.load(state: state, stateMetadata: stateMetadata)
        // `immutable-field` comes out of the pipeline with every other finding.
        let run = try CheckRun(inputs, state: deployed.map { StateInput(deployed: $0) })
        // A state is one org's: comparing it needs that org's values.
        try run.requireKnownEnvironment(required: deployed != nil)
        if let deployed { try run.requireStateOfSameEnvironment(deployed) }
        let diagnostics = run.diagnostics
        try writeOut(
            Rendering.render(diagnostics, run: run, stateSources: deployed?.sources ?? [:], stream: .standardOutput))
        if run.fails(diagnostics) { throw Exit.failure }
    }
}

/// Load and analyze: the shared first half of check, build and plan.
struct CheckRun {
    let options: InputOptions
    let analysis: Analysis
    let settingsDiagnostics: [Diagnostic]

    /// `state`: the deployed state the state rules compare with (`plan`, `check --state`).
    init(_ options: InputOptions, state: StateInput? = nil) throws {
        self.options = options
        let loaded = try LoadedInputs.load(options)
        let checkOptions = CheckOptions(
            limits: options.limits, honorsInlineSuppressions: !options.noInlineSuppressions,
            settings: loaded.settings, skippableFiles: loaded.skippableFiles, environment: options.env)
        analysis = Pipeline.analyze(loaded.files, state: state, options: checkOptions)
        settingsDiagnostics = loaded.settingsDiagnostics
        try loaded.reportSkipped(analysis.skippedFiles, verbose: options.verbose)
        // As clang's -disable-free: the process ends right after this run, and freeing a large
        // model node by node costs about a tenth of it; the kernel reclaims the memory at once.
        _ = Unmanaged.passRetained(KeptUntilExit(analysis))
    }

    var diagnostics: [Diagnostic] {
        (settingsDiagnostics + analysis.diagnostics).sorted(by: Diagnostic.sortKey)
    }

    /// For commands whose standard output or folder is an artifact: findings go to standard
    /// error (always in a machine format, so a script can read them), and errors stop the run.
    func requireNoErrorsBeforeWriting(stateSources: [String: SourceFile] = [:]) throws {
        let diagnostics = self.diagnostics
        if diagnostics.contains(where: { $0.suppression == nil }) || options.format != .text {
            printError(
                Rendering.render(diagnostics, run: self, stateSources: stateSources, stream: .standardError),
                terminator: "")
        }
        if fails(diagnostics) { throw Exit.failure }
    }

    func fails(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.containsFailure(strict: options.strict)
    }
}

/// Holds a value for the rest of the process; see `CheckRun.init`.
private final class KeptUntilExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}
