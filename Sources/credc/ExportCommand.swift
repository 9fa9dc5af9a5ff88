import ArgumentParser
import Reporters
import Diagnostics
import Driver
import Manifest
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SalesforceMetadata

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Check, then write the configuration as Salesforce metadata (SFDX source format) into a folder.",
        discussion: """
            Writes externalAuthIdentityProviders/, externalCredentials/, namedCredentials/, \
            permissionsets/ (the external credential principal accesses and a label; with \
            --state-metadata, the org's whole permission set with the grants merged in) and package.xml. \
            Profile grants cannot be deployed as metadata: each one is reported on standard error. \
            The folder is written whole (a temporary folder renamed into place; missing folders \
            above it are created); an existing folder is replaced only when it is empty or was \
            written by credc (it holds a .credc-export file, which records the files written), \
            otherwise the command fails with exit code 73. A file in it changed or added since \
            credc wrote it is exit code 73 too, each one listed, unless --force.
            """)

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The folder to write (replaced as a whole).", valueName: "dir"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "The org's retrieved metadata folder: permission sets found there are written whole, with the grants "
                + "merged in, so deploying them strips nothing.",
            valueName: "dir"))
    var stateMetadata: String?

    @OptionGroup var metadata: MetadataVersionOption

    @OptionGroup var replace: ReplaceOption

    func run() throws {
        let deployed = try DeployedState.load(state: nil, stateMetadata: stateMetadata)
        // The org folder's findings are the run's: one it cannot read stops the export. Renames
        // are not export's business (`plan` reports them), so they are allowed here.
        let run = try CheckRun(inputs, state: deployed.map { StateInput(deployed: $0, allowsReplace: true) })
        try run.requireKnownEnvironment(required: true)
        let stateSources = deployed?.sources ?? [:]
        try run.requireNoErrors(stateSources: stateSources)
        let retrieved = deployed?.retrieved
        let export: MetadataExport
        do {
            export = try MetadataExporter(apiVersion: metadata.version).export(
                ManifestCompiler.compile(run.analysis.model), permissionSets: retrieved?.permissionSets ?? [:])
        } catch {
            throw fail(Exit.failure, "cannot export: \(error)")
        }
        Rendering.report(run.diagnostics, messages: exportWarnings(export.notes), run: run, stateSources: stateSources, always: true)
        try writeMetadataFolder(export, to: out, force: replace.force)
    }
}

/// `--api-version` of the commands that write metadata.
struct MetadataVersionOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The Metadata API version written to package.xml (at least \(MetadataAPIVersion.minimum)).",
            valueName: "version"))
    var apiVersion: String = MetadataAPIVersion.default.description

    func validate() throws {
        guard MetadataAPIVersion(apiVersion) != nil else {
            throw ValidationError(
                "'\(apiVersion)' is not a Metadata API version credc can write; use \(MetadataAPIVersion.minimum) "
                    + "or later, such as \(MetadataAPIVersion.default)")
        }
    }

    var version: MetadataAPIVersion { MetadataAPIVersion(apiVersion) ?? .default }
}

/// Writes the export's files as the folder `path` (see ``AtomicFolder`` for when an existing
/// folder is replaced); its notes are the caller's to report (``exportWarnings(_:)``).
func writeMetadataFolder(_ export: MetadataExport, to path: String, force: Bool = false) throws {
    do {
        try AtomicFolder.write(export.files, to: path, force: force)
    } catch {
        throw fail(Exit.cannotCreate, error.message)
    }
}

/// The notes as warning lines: one line per message, naming every resource it is about (a
/// configuration with five permission sets unknown to the org got the same long warning five
/// times). Resources of one kind share the kind's word: `each of PermissionSet A, B and C: …`.
func exportWarnings(_ notes: [MetadataExportNote]) -> [ToolMessage] {
    exportWarningLines(notes).map { ToolMessage(.warning, $0) }
}

private func exportWarningLines(_ notes: [MetadataExportNote]) -> [String] {
    var order: [String] = []
    var resources: [String: [String]] = [:]
    for note in notes {
        if resources[note.message] == nil { order.append(note.message) }
        resources[note.message, default: []].append(note.resource)
    }
    return order.map { message in
        let named = resources[message] ?? []
        guard named.count > 1 else { return "\(named.first ?? ""): \(message)" }
        let kinds = Set(named.map { $0.split(separator: " ", maxSplits: 1).first.map(String.init) ?? "" })
        let sameKind = kinds.count == 1 && named.allSatisfy { $0.contains(" ") }
        let names = sameKind ? named.map { String($0.split(separator: " ", maxSplits: 1)[1]) } : named
        let list = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return "each of \(sameKind ? (kinds.first ?? "") + " " : "")\(list): \(message)"
    }
}
