import ArgumentParser
import Diagnostics
import Driver
import Manifest
import Plan
import Reporters
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SalesforceMetadata
import Schema

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Diff the configuration against the deployed state, in the order a deploy job applies it.",
        discussion: """
            The deployed state is the manifest of credc's last deploy (--state), the org as retrieved \
            (--state-metadata), or both: then the manifest says what credc deployed (deleted without \
            --prune when the configuration no longer defines it) and the folder what the org holds now \
            (its values, its permission sets; what changed in the org since is marked). A first deploy \
            plans against --state-metadata alone. --metadata-out writes the deploy that applies the plan, \
            for `sf project deploy start --manifest DIR/package.xml`: changed components (a principal \
            change is an update of its external credential's file; a principal's grants go with it), \
            destructiveChangesPre.xml (deleted named credentials) and destructiveChangesPost.xml \
            (deleted external credentials and identity providers, after the references to them are \
            updated), each only when it has members. Permission sets that grant a principal the plan \
            creates are a second deploy, grants/package.xml (with grants/destructiveChangesPost.xml), \
            run after the first. A principal replaced under its name (--allow-replace) is removed first \
            by replace/ (Metadata API format: `--metadata-dir DIR/replace`). Against a retrieved folder, \
            resources credc cannot represent, and named credentials whose external credential it does \
            not hold, are reported once and left alone. The folder is written whole, like `credc export`.
            """)

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The manifest of credc's last deploy (what `credc build` wrote).", valueName: "file"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "The org as retrieved: a metadata folder that `sf project retrieve start` wrote (with --state too, "
                + "values and permission sets come from here).",
            valueName: "dir"))
    var stateMetadata: String?

    @Flag(
        help: ArgumentHelp(
            "With --state-metadata: delete what the retrieved folder holds and the configuration does not define, "
                + "credc deployed it or not (without it, what --state does not list is kept)."))
    var prune = false

    @Flag(help: "Plan principal name and identity-type changes as delete-and-recreate instead of refusing them.")
    var allowReplace = false

    @Flag(help: "Exit 0 when there are no changes, 2 when there are, 1 on errors.")
    var detailedExitcode = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the JSON plan to this file, atomically.", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Also write the deploy that applies the plan into this folder (SFDX source format with "
                + "package.xml and destructive changes; replaced as a whole).",
            valueName: "dir"))
    var metadataOut: String?

    @OptionGroup var metadata: MetadataVersionOption

    @OptionGroup var replace: ReplaceOption

    func validate() throws {
        try DeployedState.validate(state: state, stateMetadata: stateMetadata, required: true)
        // SPEC §9: a manifest state alone is all credc deployed, so its deletes need no --prune;
        // a --prune there would be a no-op the user believes did something.
        if replace.force, metadataOut == nil {
            throw ValidationError("--force applies only with --metadata-out: it lets credc replace that folder")
        }
        if prune, stateMetadata == nil {
            throw ValidationError(
                "--prune applies only with --state-metadata: against a --state manifest alone, what the configuration "
                    + "no longer defines is deleted without it")
        }
    }

    func run() throws {
        // The state first: a missing state file is reported before any input is read.
        guard let deployed = try DeployedState.load(state: state, stateMetadata: stateMetadata) else {
            throw Exit.usage  // validate() requires one of them
        }
        let run = try CheckRun(inputs, state: StateInput(deployed: deployed, allowsReplace: allowReplace, prune: prune))
        try run.requireKnownEnvironment(required: true)
        try run.requireStateOfSameEnvironment(deployed)
        let diagnostics = run.diagnostics
        // Immutable changes are the plan's own findings: the blocked plan is still shown.
        let comparison = run.fails(diagnostics.filter { $0.rule != .immutableField }) ? nil : run.analysis.comparison
        // In a machine format the findings and the deploy's messages are one document, at the end.
        let findingsNow = inputs.format == .text || comparison == nil || comparison?.plan.isBlocked == true
        if findingsNow { Rendering.report(diagnostics, run: run, stateSources: deployed.sources, always: false) }
        guard let comparison else { throw Exit.failure }
        let plan = comparison.plan
        // A blocked plan is shown whole, so that a reviewer sees every change at once, but
        // writes no -o file and no deploy folder: it must not be applied.
        let planText = inputs.format == .json ? plan.jsonText : plan.text
        if plan.isBlocked {
            try writeOut(planText)
            throw Exit.failure
        }
        // Made before anything is written: a plan that cannot be deployed writes nothing.
        let deployment = try metadataOut.map { _ in
            do {
                return try comparison.deployment(apiVersion: metadata.version)
            } catch {
                throw fail(Exit.failure, "cannot write the deploy folder: \(error)")
            }
        }
        if let deployment, let metadataOut {
            do {
                try AtomicFolder.requireWritable(deployment.files, to: metadataOut, force: replace.force)
            } catch {
                throw fail(Exit.cannotCreate, error.message)
            }
        }
        try writeOut(planText)
        if let output { try emit(plan.jsonText, to: output) }
        var messages: [ToolMessage] = []
        if let deployment, let metadataOut {
            try writeMetadataFolder(deployment, to: metadataOut, force: replace.force)
            messages = exportWarnings(deployment.notes)
            let order = DeployOrder(deployment, folder: metadataOut)
            if order.hasMoreThanOne { messages.append(ToolMessage(.note, order.note)) }
        }
        Rendering.report(
            findingsNow ? [] : diagnostics, messages: messages, run: run, stateSources: deployed.sources, always: false)
        if detailedExitcode, !plan.summary.isEmpty { throw Exit.changes }
    }
}

/// The deploys a deploy folder holds, in the order they must run.
struct DeployOrder {
    let steps: [String]

    init(_ deployment: MetadataExport, folder: String) {
        func path(_ components: String...) -> String {
            components.reduce(folder) { joinedPath($0, $1) }
        }
        var steps: [String] = []
        if !deployment.removalDeployMembers.isEmpty {
            steps.append(
                "`sf project deploy start --metadata-dir \(path(PlanDeployment.removalDeployDirectory))` removes the "
                    + "principals replaced under their name")
        }
        steps.append("`--manifest \(path("package.xml"))` applies the plan")
        if !deployment.secondDeployMembers.isEmpty {
            steps.append(
                "`--manifest \(path(PlanDeployment.secondDeployDirectory, "package.xml"))` grants access to the new principals")
        }
        self.steps = steps
    }

    var hasMoreThanOne: Bool { steps.count > 1 }

    var note: String {
        "this plan is \(steps.count) deploys, in this order: "
            + steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ")
    }
}

extension DeployedState {
    /// `plan` needs a deployed state: a manifest, a retrieved folder, or both (SPEC §11).
    static func validate(state: String?, stateMetadata: String?, required: Bool) throws {
        if required, state == nil, stateMetadata == nil {
            throw ValidationError(
                "plan needs the deployed state: --state FILE (the manifest of credc's last deploy), --state-metadata "
                    + "DIR (the org as retrieved), or both; a first deploy plans against --state-metadata alone")
        }
    }

    /// Loads the states given; an unreadable one is exit 66.
    static func load(state: String?, stateMetadata: String?) throws -> DeployedState? {
        do {
            return try load(manifest: state, metadata: stateMetadata)
        } catch {
            throw fail(Exit.noInput, error.message)
        }
    }
}
