import ArgumentParser
import Diagnostics
import Driver
import Emit
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Diff the configuration against the deployed state, in the order a deploy job applies it.")

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The manifest deployed last.", valueName: "file"))
    var state: String

    @Flag(help: "Plan principal name and identity-type changes as delete-and-recreate instead of refusing them.")
    var allowReplace = false

    @Flag(help: "Exit 0 when there are no changes, 2 when there are, 1 on errors.")
    var detailedExitcode = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the JSON plan to this file, atomically.", valueName: "file"))
    var output: String?

    func run() throws {
        let deployed = try StateComparison.load(state)
        let run = try CheckRun(inputs)
        var diagnostics = run.diagnostics
        let comparison = StateComparison(state: deployed, analysis: run.analysis)
        let configurationFails = run.fails(diagnostics)
        var plan: Plan?
        if !configurationFails {
            let made = comparison.plan(allowReplace: allowReplace)
            diagnostics += comparison.diagnostics(for: made.blockers)
            plan = made
        }
        diagnostics.sort(by: Diagnostic.sortKey)
        if diagnostics.contains(where: { $0.suppression == nil }) {
            printError(Rendering.render(diagnostics, run: run, stream: .standardError), terminator: "")
        }
        guard let plan, !plan.isBlocked else {
            if let plan { printError(plan.text, terminator: "") }
            throw Exit.failure
        }
        writeOut(inputs.format == .json ? plan.jsonText : plan.text)
        if let output { try emit(plan.jsonText, to: output) }
        if detailedExitcode, !plan.summary.isEmpty { throw Exit.changes }
    }
}

/// The deployed state next to the checked configuration.
struct StateComparison {
    let state: Manifest
    let analysis: Analysis

    /// Reads the state manifest; a missing file is exit 66, a broken one exit 1.
    static func load(_ statePath: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: statePath) else {
            throw fail(Exit.noInput, "cannot read the state file '\(statePath)'")
        }
        do {
            return try Manifest(stateJSON: Array(data))
        } catch {
            throw fail(Exit.failure, "the state file '\(statePath)' is not a valid credc manifest: \(error)")
        }
    }

    func plan(allowReplace: Bool) -> Plan {
        Plan.make(state: state, desired: ManifestCompiler.compile(analysis.model), allowReplace: allowReplace)
    }

    /// `immutable-field` findings for `check --state`; nothing when the configuration has errors.
    func immutableFieldDiagnostics() -> [Diagnostic] {
        guard !analysis.hasErrors else { return [] }
        return diagnostics(for: plan(allowReplace: false).blockers)
    }

    /// Places each blocked change at the principal's name or identity type in the YAML.
    func diagnostics(for blockers: [ImmutableChange]) -> [Diagnostic] {
        blockers.map { blocker in
            let credential = analysis.model.externalCredentials.first { $0.name.value == blocker.credential }
            let principal = credential?.principals.first { $0.name?.value == blocker.principal }
            let file = credential?.origin.file ?? ""
            var range = credential?.name.range ?? .fileStart
            var path = ""
            switch blocker.field {
            case .name:
                if let name = principal?.name {
                    range = name.range
                    path = name.path
                }
            case .identityType:
                if let located = principal?.identityType ?? principal?.name {
                    range = located.range
                    path = located.path
                }
            }
            return Diagnostic(
                rule: .immutableField, severity: .error, message: blocker.reason, file: file, range: range,
                path: path,
                notes: [Note("deployed: \(blocker.field.rawValue) '\(blocker.before)'; configured: '\(blocker.after)'")])
        }
    }
}
