import ArgumentParser
import Diagnostics
import Driver
import Manifest
import Plan
import Foundation
import SalesforceMetadata
import Schema

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Diff the configuration against the deployed state, in the order a deploy job applies it.",
        discussion: """
            The deployed state is a manifest (--state) or a retrieved metadata folder (--state-metadata); \
            give exactly one. --metadata-out writes the one deploy that applies the plan, for \
            `sf project deploy start --manifest DIR/package.xml`: changed components (a principal change \
            is an update of its external credential's file; a principal's grants go with it), \
            destructiveChangesPre.xml (deleted named credentials) and destructiveChangesPost.xml \
            (deleted external credentials and identity providers, after the references to them are \
            updated), each only when it has members. Permission sets that grant a principal the plan \
            creates are a second deploy, grants/package.xml (with grants/destructiveChangesPost.xml), \
            run after the first. Against a retrieved folder, resources credc cannot represent are \
            reported once and left alone, and what the configuration does not define is kept unless \
            --prune. The folder is written whole, like `credc export`.
            """)

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The manifest deployed last.", valueName: "file"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "Or read the deployed state from this retrieved metadata folder (what `sf project retrieve "
                + "start` writes).",
            valueName: "dir"))
    var stateMetadata: String?

    @Flag(
        help: ArgumentHelp(
            "With --state-metadata: delete what the retrieved folder holds and the configuration does not define "
                + "(without it such resources are listed as kept). --state needs no --prune."))
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
        // SPEC §9: a manifest state is all credc deployed, so its deletes need no --prune; a
        // --prune there would be a no-op the user believes did something.
        if prune, state != nil {
            throw ValidationError(
                "--prune applies only with --state-metadata: against a --state manifest, what the configuration no longer defines is deleted without it")
        }
    }

    func run() throws {
        // The state first: a missing state file is reported before any input is read.
        guard let deployed = try DeployedState.load(state: state, stateMetadata: stateMetadata) else {
            throw Exit.usage  // validate() requires one of them
        }
        let run = try CheckRun(inputs, state: deployed.input(allowsReplace: allowReplace))
        try run.requireKnownEnvironment(required: true)
        try run.requireStateOfSameEnvironment(deployed, statePath: state)
        let diagnostics = run.diagnostics
        let comparison = StateComparison(deployed: deployed, analysis: run.analysis)
        var plan: Plan?
        // Immutable changes are the plan's own findings: the blocked plan is still made, to show it.
        if !run.fails(diagnostics.filter { $0.rule != .immutableField }) {
            plan = comparison.plan(allowReplace: allowReplace, prune: prune)
        }
        if diagnostics.contains(where: { $0.suppression == nil }) {
            printError(
                Rendering.render(diagnostics, run: run, stateSources: deployed.sources, stream: .standardError),
                terminator: "")
        }
        guard let plan else { throw Exit.failure }
        // A blocked plan is shown whole, so that a reviewer sees every change at once, but
        // writes no -o file and no deploy folder: it must not be applied.
        let planText = inputs.format == .json ? plan.jsonText : plan.text
        if plan.isBlocked {
            try writeOut(planText)
            throw Exit.failure
        }
        // Made before anything is written: a plan one deploy cannot apply writes nothing.
        let deployment = try metadataOut.map { _ in try comparison.deployment(for: plan, apiVersion: metadata.version) }
        try writeOut(planText)
        if let output { try emit(plan.jsonText, to: output) }
        if let deployment, let metadataOut {
            try writeMetadataFolder(deployment, to: metadataOut, force: replace.force)
            if !deployment.secondDeployMembers.isEmpty {
                let second = (metadataOut as NSString).appendingPathComponent(PlanDeployment.secondDeployDirectory)
                printError(
                    "credc: note: permission sets that grant new principals are a second deploy: deploy "
                        + "\(second)/package.xml after \((metadataOut as NSString).appendingPathComponent("package.xml"))")
            }
        }
        if detailedExitcode, !plan.summary.isEmpty { throw Exit.changes }
    }
}

/// The state deployed last: a manifest (`--state`) or a retrieved metadata folder (`--state-metadata`).
struct DeployedState {
    let manifest: Manifest
    /// Metadata carries no profile access to principals, so such a state cannot show it.
    let lacksProfileGrants: Bool
    /// What reading the state found (`invalid-state`, `unrepresented-state`, `foreign-resource`),
    /// on the state files by the paths the user gave; the pipeline gives them their severity.
    let findings: [Finding]
    /// The state files the findings point into, for their source lines.
    let sources: [String: SourceFile]
    /// Set when the state is a retrieved folder: what it holds beyond the manifest.
    var retrieved: MetadataReadResult?
    /// The retrieved folder's resources credc cannot represent, with their findings.
    var foreignResources: [ForeignStateResource] = []

    /// False when the state could not be read: `manifest` is then not what is deployed.
    var isReadable: Bool { !findings.contains { $0.rule == .invalidState } }

    /// The state as the pipeline reads it: its findings, and the manifest the state rules compare with.
    func input(allowsReplace: Bool) -> StateInput {
        StateInput(
            manifest: manifest, lacksProfileGrants: lacksProfileGrants, allowsReplace: allowsReplace,
            findings: findings, foreignResources: foreignResources)
    }

    /// `--state` and `--state-metadata` exclude each other; `plan` needs one of them.
    static func validate(state: String?, stateMetadata: String?, required: Bool) throws {
        if state != nil, stateMetadata != nil {
            throw ValidationError("--state and --state-metadata exclude each other; give one deployed state")
        }
        if required, state == nil, stateMetadata == nil {
            throw ValidationError(
                "plan needs the deployed state: --state FILE (a manifest) or --state-metadata DIR (a retrieved metadata folder)")
        }
    }

    /// Loads whichever state was given; nil when neither was. Throws (exit 66) only when the
    /// state cannot be read at all; what is wrong inside it comes back as findings.
    static func load(state: String?, stateMetadata: String?) throws -> DeployedState? {
        if let state { return try load(manifestAt: state) }
        if let stateMetadata { return try load(metadataDirectory: stateMetadata) }
        return nil
    }

    /// A missing file is exit 66; one that is not a valid manifest an `invalid-state` error.
    private static func load(manifestAt statePath: String) throws -> DeployedState {
        guard let data = FileManager.default.contents(atPath: statePath) else {
            throw fail(Exit.noInput, "cannot read the state file '\(statePath)'")
        }
        let source = SourceFile(path: statePath, bytes: Array(data))
        do {
            return DeployedState(
                manifest: try Manifest(stateJSON: source.bytes), lacksProfileGrants: false, findings: [],
                sources: [statePath: source])
        } catch {
            return DeployedState(
                manifest: Manifest(), lacksProfileGrants: false, findings: [error.finding(file: statePath)],
                sources: [statePath: source])
        }
    }

    /// Reads a retrieved metadata folder; each reader issue becomes a finding on its file.
    static func load(metadataDirectory: String) throws -> DeployedState {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: metadataDirectory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw fail(Exit.noInput, "cannot read the state folder '\(metadataDirectory)': no such folder")
        }
        let folder = URL(fileURLWithPath: metadataDirectory)
        let result: MetadataReadResult
        do {
            result = try MetadataReader().read(directory: folder)
        } catch {
            throw fail(Exit.noInput, "cannot read the state folder '\(metadataDirectory)': \(error.localizedDescription)")
        }
        var findings: [Finding] = []
        var sources: [String: SourceFile] = [:]
        for issue in result.issues {
            let file = (metadataDirectory as NSString).appendingPathComponent(issue.file)
            findings.append(issue.finding(file: file))
            // A file over the size limit shows no source line: that line could be megabytes.
            if sources[file] == nil, let data = FileManager.default.contents(atPath: folder.appendingPathComponent(issue.file).path),
                data.count <= MetadataReader.maxFileSize
            {
                sources[file] = SourceFile(path: file, bytes: Array(data))
            }
        }
        let foreignResources = result.foreignReports.compactMap { report -> ForeignStateResource? in
            switch report.member.type {
            case .resource(let kind):
                let file = (metadataDirectory as NSString).appendingPathComponent(report.issue.file)
                return ForeignStateResource(
                    kind: kind, name: report.member.name, why: report.why, finding: report.issue.finding(file: file))
            case .permissionSet, .other: return nil  // nothing credc deploys under these names
            }
        }
        return DeployedState(
            manifest: result.manifest, lacksProfileGrants: true, findings: findings, sources: sources,
            retrieved: result, foreignResources: foreignResources)
    }
}

/// The deployed state next to the checked configuration.
struct StateComparison {
    let state: Manifest
    let analysis: Analysis
    let retrieved: MetadataReadResult?
    /// The manifest the configuration compiles to, as compared with `state`: without profile
    /// grants when the state was read from metadata, which cannot carry them.
    let desired: Manifest

    init(deployed: DeployedState, analysis: Analysis) {
        self.analysis = analysis
        retrieved = deployed.retrieved
        desired = deployed.input(allowsReplace: false).desired(analysis.model)
        // What a retrieved folder cannot show (a credential's flow when its provider is not in
        // it) is taken from the configuration, never guessed.
        state = deployed.retrieved?.manifest(observing: desired) ?? deployed.manifest
        guard deployed.lacksProfileGrants else { return }
        let profileGrants = ManifestCompiler.compile(analysis.model).externalCredentials.flatMap(\.principals)
            .map(\.profiles.count).reduce(0, +)
        if profileGrants > 0, !analysis.hasErrors, deployed.isReadable {
            printError(
                "credc: warning: \(profileGrants) profile grant\(profileGrants == 1 ? " is" : "s are") not compared: "
                    + "metadata carries no profile access to principals, so a retrieved folder cannot show it")
        }
    }

    /// Against a retrieved folder (SPEC §9): deletes only with `prune`, and what the org
    /// holds that the manifest cannot carry shown as removals.
    func plan(allowReplace: Bool, prune: Bool = false) -> Plan {
        let plan = Plan.make(state: state, desired: desired, allowReplace: allowReplace)
        guard let retrieved else { return plan }
        // Only resources the configuration manages are deployed, so only theirs are removed.
        let managed: Set<MetadataMember> = Set(
            desired.providers.filter { !$0.unmanaged }.map { MetadataMember(type: .externalAuthIdentityProvider, name: $0.name) }
                + desired.externalCredentials.map { MetadataMember(type: .externalCredential, name: $0.name) }
                + desired.namedCredentials.map { MetadataMember(type: .namedCredential, name: $0.name) })
        let removals = retrieved.unrepresented.compactMap { item -> PlanRemoval? in
            guard managed.contains(item.member) else { return nil }
            // Exhaustive, no `default:`: a new kind must say here whether its removals show.
            let kind: ResourceKind
            switch item.member.type {
            case .resource(let resourceKind): kind = resourceKind
            case .permissionSet, .other: return nil  // not in `managed`
            }
            return PlanRemoval(kind: .resource(kind), name: item.member.name, path: "metadata: \(item.element)", value: item.value)
        }
        return (prune ? plan : plan.keepingUndefinedResources()).showingRemovals(removals)
    }

    /// The files of the deploy that applies `plan`; exit code 1 when one deploy cannot.
    func deployment(for plan: Plan, apiVersion: MetadataAPIVersion) throws -> MetadataExport {
        do {
            return try PlanDeployment(apiVersion: apiVersion).files(
                for: plan, state: state, desired: desired, permissionSets: retrieved?.permissionSets ?? [:])
        } catch {
            throw fail(Exit.failure, "cannot write the deploy folder: \(error)")
        }
    }
}
