import ArgumentParser
import Diagnostics
import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Reporters

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Lint the configuration; writes no files (but with --fix).")

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("Also check the changes against this deployed manifest (immutable fields).", valueName: "file"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "Or against the org as retrieved (what `sf project retrieve start` writes); with --state too, the org's values win.",
            valueName: "dir"))
    var stateMetadata: String?

    @Flag(
        help: ArgumentHelp(
            "Apply the safe fix-its in place (comments and layout stay), print what changed, then report as check does."))
    var fix = false

    func validate() throws {
        try DeployedState.validate(state: state, stateMetadata: stateMetadata, required: false)
    }

    func run() throws {
        try Self.run(inputs.values, state: state, stateMetadata: stateMetadata, fix: fix)
    }

    /// The command on its values: ArgumentParser's (``run()``) or the quick parse's (``QuickArguments``).
    static func run(_ inputs: InputValues, state: String?, stateMetadata: String?, fix: Bool) throws {
        let deployed = try DeployedState.load(state: state, stateMetadata: stateMetadata)
        // `immutable-field` comes out of the pipeline with every other finding.
        var run = try CheckRun(inputs, state: deployed.map { StateInput(deployed: $0) })
        var fixed: [ToolMessage] = []
        if fix {
            // A fix can make or unmask another (a fixed reference lets its credential be checked),
            // and overlapping edits wait for the next pass: fixed until nothing changes.
            for _ in 0..<Self.maximumFixPasses {
                let applied = try applySafeFixes(run.diagnostics, maxFileSize: inputs.maxFileSize)
                guard !applied.isEmpty else { break }
                fixed += applied
                run = try CheckRun(inputs, state: deployed.map { StateInput(deployed: $0) })
            }
        }
        // A state is one org's: comparing it needs that org's values.
        try run.requireKnownEnvironment(required: deployed != nil)
        if let deployed { try run.requireStateOfSameEnvironment(deployed) }
        let diagnostics = run.diagnostics
        // What --fix changed: on standard error in text, inside the document in a machine format.
        if inputs.format == .text {
            for message in fixed { printError("credc: \(message.text)") }
        }
        try writeOut(
            Rendering.render(
                diagnostics, messages: inputs.format == .text ? [] : fixed, run: run,
                stateSources: deployed?.sources ?? [:], stream: .standardOutput))
        if run.fails(diagnostics) { throw Exit.failure }
    }

    static let maximumFixPasses = 8

    /// Applies the safe fix-its of unsuppressed findings, one file at a time, each file
    /// atomically; returns one message per fix applied.
    private static func applySafeFixes(_ diagnostics: [Diagnostic], maxFileSize: Int) throws -> [ToolMessage] {
        var applied: [ToolMessage] = []
        let byFile = Dictionary(grouping: diagnostics.filter { $0.suppression == nil && $0.fixes.contains(where: \.isSafe) }, by: \.file)
        for (path, fixable) in byFile.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard let bytes = readFilePrefix(path, limit: maxFileSize + 1) else { continue }
            let file = SourceFile(path: path, bytes: bytes)
            var edits: [TextEdit] = []
            var done: [(Diagnostic, FixIt)] = []
            for diagnostic in fixable.sorted(by: Diagnostic.sortKey) {
                guard let fix = diagnostic.fixes.first(where: \.isSafe),
                    FixIts.apply(edits + fix.edits, to: file) != nil
                else { continue }
                edits += fix.edits
                done.append((diagnostic, fix))
            }
            guard !edits.isEmpty, let fixed = FixIts.apply(edits, to: file),
                let text = String(validating: fixed, as: UTF8.self)
            else { continue }
            var status = stat()
            let mode = stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
            do throws(AtomicFile.Failure) {
                try AtomicFile.write(text, to: path)
            } catch {
                throw fail(Exit.cannotCreate, error.message)
            }
            if let mode { chmod(path, mode) }
            applied += done.map { diagnostic, fix in
                ToolMessage(
                    .note,
                    "fixed \(path):\(diagnostic.range.start.line):\(diagnostic.range.start.column): "
                        + "\(fix.message) [\(diagnostic.rule)]")
            }
        }
        return applied
    }
}

/// Load and analyze: the shared first half of check, build and plan.
struct CheckRun {
    let options: InputValues
    let analysis: Analysis
    let settingsDiagnostics: [Diagnostic]

    /// `state`: the deployed state the state rules compare with (`plan`, `check --state`).
    init(_ options: InputOptions, state: StateInput? = nil) throws {
        try self.init(options.values, state: state)
    }

    init(_ options: InputValues, state: StateInput? = nil) throws {
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
        try requireNoErrors(stateSources: stateSources)
        Rendering.report(diagnostics, run: self, stateSources: stateSources, always: true)
    }

    /// Exit 1, with the findings on standard error, when the configuration fails; otherwise
    /// nothing is printed yet (the caller reports, with its messages).
    func requireNoErrors(stateSources: [String: SourceFile] = [:]) throws {
        guard fails(diagnostics) else { return }
        Rendering.report(diagnostics, run: self, stateSources: stateSources, always: true)
        throw Exit.failure
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
