import Diagnostics
import FoundationEssentials
import Manifest
import Model
import Plan
import SalesforceMetadata
import Schema

/// The state deployed last (SPEC §9, §11): the manifest of credc's last deploy (`--state`),
/// the org as retrieved (`--state-metadata`), or both. With both, the manifest says what credc
/// owns and the folder what the org holds now.
public struct DeployedState: Sendable {
    /// `--state`: what credc deployed last, and the path the user gave.
    public var recorded: Manifest?
    public var recordedPath: String?
    /// `--state-metadata`: what the org holds, and the folder the user gave.
    public var retrieved: MetadataReadResult?
    public var retrievedPath: String?
    /// What reading the state found (`invalid-state`, `unrepresented-state`, `foreign-resource`),
    /// on the state files by the paths the user gave; the pipeline gives them their severity.
    public var findings: [Finding] = []
    /// The state files the findings point into, for their source lines.
    public var sources: [String: SourceFile] = [:]
    /// The retrieved folder's resources credc cannot represent, with their findings.
    public var foreignResources: [ForeignStateResource] = []

    public init(recorded: Manifest? = nil, recordedPath: String? = nil) {
        self.recorded = recorded
        self.recordedPath = recordedPath
    }

    /// What the org holds, as the configuration is compared with it: the retrieved folder
    /// when there is one, else the manifest of the last deploy.
    public var manifest: Manifest { retrieved?.manifest ?? recorded ?? Manifest() }
    /// Metadata carries no profile access to principals, so a retrieved folder cannot show it.
    public var lacksProfileGrants: Bool { retrieved != nil }
    /// False when the state could not be read: `manifest` is then not what is deployed.
    public var isReadable: Bool { !findings.contains { $0.rule == .invalidState } }

    /// Loads the states given; nil when neither was. Throws only when a state cannot be read
    /// at all (exit 66); what is wrong inside it comes back as findings.
    public static func load(manifest: String?, metadata: String?) throws(StateLoadError) -> DeployedState? {
        guard manifest != nil || metadata != nil else { return nil }
        var state = DeployedState()
        if let manifest { try state.readManifest(at: manifest) }
        if let metadata { try state.readMetadata(in: metadata) }
        return state
    }

    /// A missing file is a load error; one that is not a valid manifest an `invalid-state` error.
    private mutating func readManifest(at path: String) throws(StateLoadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateLoadError(message: "cannot read the state file '\(path)'")
        }
        let source = SourceFile(path: path, bytes: Array(data))
        recordedPath = path
        sources[path] = source
        do {
            recorded = try Manifest(stateJSON: source.bytes)
        } catch {
            recorded = Manifest()
            findings.append(error.finding(file: path))
        }
    }

    /// Reads a retrieved metadata folder; each reader issue becomes a finding on its file.
    private mutating func readMetadata(in directory: String) throws(StateLoadError) {
        guard isDirectory(directory) else {
            throw StateLoadError(message: "cannot read the state folder '\(directory)': no such folder")
        }
        let folder = URL(fileURLWithPath: directory)
        let result: MetadataReadResult
        do {
            result = try MetadataReader().read(directory: folder)
        } catch {
            throw StateLoadError(message: "cannot read the state folder '\(directory)': \(errorText(error))")
        }
        retrieved = result
        retrievedPath = directory
        for issue in result.issues {
            let file = joinedPath(directory, issue.file)
            findings.append(issue.finding(file: file))
            // A file over the size limit shows no source line: that line could be megabytes.
            if sources[file] == nil,
                let data = FileManager.default.contents(atPath: folder.appendingPathComponent(issue.file).path),
                data.count <= MetadataReader.maxFileSize
            {
                sources[file] = SourceFile(path: file, bytes: Array(data))
            }
        }
        foreignResources = result.foreignReports.compactMap { report -> ForeignStateResource? in
            switch report.member.type {
            case .resource(let kind):
                let file = joinedPath(directory, report.issue.file)
                let missing = report.missing.flatMap { member -> ForeignStateResource.Dependency? in
                    guard case .resource(let kind) = member.type else { return nil }
                    return ForeignStateResource.Dependency(kind: kind, name: member.name)
                }
                return ForeignStateResource(
                    kind: kind, name: report.member.name, why: report.why, finding: report.issue.finding(file: file),
                    missing: missing)
            case .permissionSet, .other: return nil  // nothing credc deploys under these names
            }
        }
    }

    /// Everything the state lets a plan delete without `--prune`: what credc deployed last.
    var owned: Set<PlanSubject> {
        guard let recorded else { return [] }
        return Set(
            recorded.providers.filter { !$0.unmanaged }.map { PlanSubject.resource(.externalAuthIdentityProvider, $0.name) }
                + recorded.externalCredentials.map { .resource(.externalCredential, $0.name) }
                + recorded.namedCredentials.map { .resource(.namedCredential, $0.name) })
    }
}

/// A state that cannot be read at all: a missing file or folder.
public struct StateLoadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The deployed state next to the checked configuration: the desired manifest compiled once,
/// the plan made once (STYLE 14), for `plan`, `check --state` and the deploy folder.
public struct StateComparison: Sendable {
    /// What the org holds, as compared: a retrieved folder's fields it cannot show (a
    /// credential's flow when its provider is not in it) are taken from the configuration.
    public let state: Manifest
    /// The configuration's manifest, as compared with `state`: without profile grants when the
    /// state was read from metadata, which cannot carry them.
    public let desired: Manifest
    public let plan: Plan
    /// The org's permission sets, whole, for the deploy to merge grants into.
    public let permissionSets: [String: RetrievedPermissionSet]

    init(_ input: StateInput, model: Model, environment: String?) {
        let deployed = input.deployed
        let compiled = ManifestCompiler.compile(model)
        desired = deployed.lacksProfileGrants ? compiled.withoutProfileGrants() : compiled
        // Profile grants are not compared against a retrieved folder: `profile-access-not-deployable`
        // says so at each, once (a count here too would say it twice).
        state = deployed.retrieved?.manifest(observing: desired) ?? deployed.manifest
        permissionSets = deployed.retrieved?.permissionSets ?? [:]
        var plan = Plan.make(state: state, desired: desired, allowReplace: input.allowsReplace)
        if let retrieved = deployed.retrieved {
            // SPEC §9, §11: without --prune, what credc never deployed is kept; what it did
            // deploy (the --state manifest) and the configuration no longer defines is deleted.
            if !input.prune { plan = plan.keepingUndefinedResources(owned: deployed.owned) }
            plan = plan.showingRemovals(Self.removals(retrieved, desired: desired)).hidingValuesOnlyTheOrgHolds()
            if let recorded = deployed.recorded {
                let last = deployed.lacksProfileGrants ? recorded.withoutProfileGrants() : recorded
                let drift = Plan.make(state: last, desired: retrieved.manifest(observing: last), allowReplace: true)
                plan = plan.markingDrift(drift)
            }
        }
        plan.environment = environment
        plan.secretsToEnter = Self.secretsToEnter(model)
        plan.comparedWith = PlanComparedState(manifest: deployed.recordedPath, metadata: deployed.retrievedPath)
        self.plan = plan
    }

    /// What `credc secrets` enters per provider and principal, from the secret-inputs table and
    /// each `secrets:` (SPEC §12).
    private static func secretsToEnter(_ model: Model) -> [PlanSubject: PlanSecrets] {
        func sources(_ secrets: SecretSources?) -> [PlanSecretSource] {
            secrets?.entries.map { PlanSecretSource(key: $0.key.value, variable: $0.variable.value) } ?? []
        }
        var result: [PlanSubject: PlanSecrets] = [:]
        for provider in model.providers {
            let row = SecretInputs.provider(protocol: provider.protocol?.value, unmanaged: provider.isUnmanaged)
            result[.resource(.externalAuthIdentityProvider, provider.name.value)] = PlanSecrets(
                keys: row?.requiredKeys ?? [], sources: sources(provider.secrets))
        }
        for credential in model.externalCredentials {
            for principal in credential.principals {
                guard let name = principal.name?.value,
                    let row = SecretInputs.principal(
                        protocol: credential.protocol?.value, flow: credential.flow?.value,
                        identityType: principal.identityType?.value)
                else { continue }
                let declared = sources(principal.secrets)
                let keys: [String]
                switch row {
                case .keys: keys = row.requiredKeys
                case .anyKey: keys = declared.map(\.key)
                case .nothing: continue
                }
                guard !keys.isEmpty else { continue }
                result[.principal(credential: credential.name.value, principal: name)] = PlanSecrets(keys: keys, sources: declared)
            }
        }
        return result
    }

    /// What the org holds in resources the configuration manages that the manifest cannot carry.
    private static func removals(_ retrieved: MetadataReadResult, desired: Manifest) -> [PlanRemoval] {
        // Only resources the configuration manages are deployed, so only theirs are removed.
        let managed: Set<MetadataMember> = Set(
            desired.providers.filter { !$0.unmanaged }.map { MetadataMember(type: .externalAuthIdentityProvider, name: $0.name) }
                + desired.externalCredentials.map { MetadataMember(type: .externalCredential, name: $0.name) }
                + desired.namedCredentials.map { MetadataMember(type: .namedCredential, name: $0.name) })
        return retrieved.unrepresented.compactMap { item -> PlanRemoval? in
            guard managed.contains(item.member) else { return nil }
            // Exhaustive, no `default:`: a new kind must say here whether its removals show.
            switch item.member.type {
            case .resource(let kind):
                return PlanRemoval(subject: .resource(kind, item.member.name), path: "metadata: \(item.element)")
            case .permissionSet, .other: return nil  // not in `managed`
            }
        }
    }

    /// The files of the deploys that apply ``plan``.
    public func deployment(apiVersion: MetadataAPIVersion) throws(PlanDeploymentError) -> MetadataExport {
        try PlanDeployment(apiVersion: apiVersion).files(
            for: plan, state: state, desired: desired, permissionSets: permissionSets)
    }
}
