import ArgumentParser
import Checker
import Diagnostics
import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Import
import Manifest
import Reporters
import SalesforceMetadata
import Schema

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write credc YAML for what a retrieved metadata folder holds (adopting an existing org).",
        discussion: """
            Reads a folder that `sf project retrieve start` wrote (source format; decomposed \
            permission sets too) and writes one YAML file per resource into providers/, credentials/ \
            and named-credentials/, with the principals' permission sets taken from the permission-set \
            files, and the JSON Schema the files' modelines point at. What credc cannot represent \
            (other protocols and flows, legacy named credentials, profile access, unknown parameters) \
            is reported on standard output, in --format, and left out. A `${` in a value is written \
            `$${`, so that it stays text. The folder is written whole, like `credc export`: an \
            existing folder is replaced only when it is empty or was written by credc, otherwise the \
            command fails with exit code 73; so does a folder in which a file was changed or added \
            since credc wrote it (each one is listed), unless --force. A folder that cannot be read, \
            or that holds no credential metadata, or none that credc can represent (each resource is \
            listed), is exit code 66 and nothing is written: exit 0 means the folder written is a \
            configuration `credc check` accepts; one whose credential files cannot be read \
            (malformed XML, a required element missing) is exit code 1, and nothing is written.

            With --env NAME=DIR for each org instead of one folder, the orgs become one \
            configuration: values that differ between them become ${VARIABLE}s of one Environment \
            document per org (environments/NAME.yaml), a resource only some orgs hold gets \
            `environments:`, and a difference where no variable may stand (names, references, fixed \
            sets of values) is reported and written as the first org has it.
            """)

    @Argument(help: ArgumentHelp("The retrieved metadata folder (e.g. force-app/main/default).", valueName: "dir"))
    var folder: String?

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "An org to adopt with the others: its environment's name and its retrieved folder (repeat for each org).",
            valueName: "name=dir"))
    var environments: [String] = []

    @Option(help: ArgumentHelp("The folder to write the YAML into (replaced as a whole).", valueName: "dir"))
    var out: String

    @OptionGroup var replace: ReplaceOption

    @Option(help: "Diagnostic format.")
    var format: DiagnosticFormat = .text

    @Option(help: "Color in text output: auto (only on a terminal; honours NO_COLOR and FORCE_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let orgs = try Self.orgs(folder: folder, environments: environments)
        var imported: [MultiOrgImport.Org] = []
        for (name, folder) in orgs {
            let (read, sources, profileGrants) = try Self.load(folder)
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            let result = OrgImport().run(read, sources: sources, profileGrants: profileGrants, displayPrefix: prefix)
            imported.append(MultiOrgImport.Org(name: name, result: result, sources: sources, displayPrefix: prefix))
        }
        let result = environments.isEmpty ? imported[0].result : MultiOrgImport().run(imported)
        // Always a report, as `check` gives one: a JSON or SARIF consumer needs a document.
        let reporter = format.reporter(
            color: Rendering.useColor(color, stream: .standardOutput), toolVersion: Credc.version,
            informationURI: Rendering.informationURI, rules: Rules.all)
        var shown: [String: SourceFile] = [:]
        for org in imported {
            for (path, source) in org.sources {
                shown[org.displayPrefix + path] = SourceFile(path: org.displayPrefix + path, bytes: source.bytes)
            }
        }
        let manifest = result.manifest
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        let summary = ToolMessage(
            .note,
            "imported \(count(manifest.providers.count, "identity provider")), "
                + "\(count(manifest.externalCredentials.count, "external credential")) and "
                + "\(count(manifest.namedCredentials.count, "named credential"))"
                + (environments.isEmpty ? "" : " for environments \(orgs.map(\.name).joined(separator: ", "))")
                + " into '\(out)'")
        var report = DiagnosticReport(diagnostics: result.diagnostics, sources: shown, checkedFiles: shown.keys)
        // In a machine format the summary is part of the document; in text, a line once written.
        if format != .text, !result.hasErrors { report.messages = [summary] }
        try writeOut(reporter.render(report))
        if result.hasErrors {
            let folders = orgs.map { "'\($0.folder)'" }.joined(separator: ", ")
            throw fail(
                Exit.failure,
                "the \(orgs.count == 1 ? "folder" : "folders") \(folders) cannot be read as a whole (errors above); nothing was written")
        }
        // A folder with no resource in it is not a configuration (`check` finds nothing to
        // check there): say what was found, write nothing, and exit as for a folder without
        // credential metadata.
        if manifest.providers.isEmpty, manifest.externalCredentials.isEmpty, manifest.namedCredentials.isEmpty {
            throw fail(
                Exit.noInput,
                "nothing to import: credc can represent none of the resources found (listed above); '\(out)' was not written")
        }
        var files = result.files.mapValues { Data($0.utf8) }
        files[OrgImport.schemaFileName] = Data(InputSchema.text.utf8)
        do {
            try AtomicFolder.write(files, to: out, force: replace.force)
        } catch {
            throw fail(Exit.cannotCreate, error.message)
        }
        if format == .text { printError("credc: \(summary.text)") }
    }

    /// The orgs to import: the folder alone (as environment "", unused), or each `--env NAME=DIR`.
    /// Exit 64 for both or neither, a malformed or repeated name.
    private static func orgs(folder: String?, environments: [String]) throws -> [(name: String, folder: String)] {
        switch (folder, environments.isEmpty) {
        case (let folder?, true): return [("", folder)]
        case (nil, true): throw fail(Exit.usage, "give the retrieved folder, or --env NAME=DIR for each org")
        case (_?, false): throw fail(Exit.usage, "give either the retrieved folder or --env NAME=DIR options, not both")
        case (nil, false): break
        }
        var orgs: [(name: String, folder: String)] = []
        for option in environments {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex,
                option.index(after: equals) != option.endIndex
            else { throw fail(Exit.usage, "--env takes NAME=DIR, the environment's name and the org's folder: got '\(option)'") }
            let name = String(option[..<equals])
            if let problem = Naming.developerNameProblem(name) {
                throw fail(Exit.usage, "--env '\(name)': an environment's name is a developer name: \(problem)")
            }
            guard !orgs.contains(where: { $0.name == name }) else {
                throw fail(Exit.usage, "--env '\(name)' is given twice: each org needs a name of its own")
            }
            orgs.append((name, String(option[option.index(after: equals)...])))
        }
        return orgs
    }

    /// Reads the folder: the reader's result, the files findings may point into (the credc
    /// folders and profiles), and the principal access in profiles. Exit 66 when it cannot.
    private static func load(_ folder: String) throws -> (MetadataReadResult, [String: SourceFile], [ProfileGrant]) {
        guard isDirectory(folder), FileManager.default.isReadableFile(atPath: folder)
        else {
            throw fail(Exit.noInput, "cannot read the folder '\(folder)': no such folder, or permission denied")
        }
        let url = URL(fileURLWithPath: folder)
        let read: MetadataReadResult
        var sources: [String: SourceFile] = [:]
        do {
            read = try MetadataReader().read(directory: url)
            for relative in try relevantFiles(under: url) {
                let data = try Data(contentsOf: url.appendingPathComponent(relative))
                sources[relative] = SourceFile(path: relative, bytes: Array(data))
            }
        } catch {
            throw fail(Exit.noInput, "cannot read the folder '\(folder)': \(errorText(error))")
        }
        // A folder without any of them is most likely the wrong one: said, not imported as nothing.
        let resourceFolders = Set(ResourceKind.allCases.compactMap { MetadataType.resource($0).directoryName })
        guard sources.keys.contains(where: { $0.split(separator: "/").dropLast().contains { resourceFolders.contains(String($0)) } })
        else {
            throw fail(
                Exit.noInput,
                "no external auth identity provider, external credential or named credential under '\(folder)': "
                    + "give the folder `sf project retrieve start` wrote (e.g. force-app/main/default)")
        }
        let grants = sources.keys.sorted().filter(ProfileAccessScan.isProfileFile).flatMap { path in
            ProfileAccessScan.grants(file: path, data: Data(sources[path]!.bytes))
        }
        return (read, sources, grants)
    }

    /// Relative paths of the regular files below a folder named like one of the credc types or
    /// `profiles`, hidden entries skipped.
    private static func relevantFiles(under folder: URL) throws -> [String] {
        let folders = Set(MetadataType.credcTypes.compactMap(\.directoryName) + ["profiles"])
        return try MetadataReader.regularFiles(under: folder.standardizedFileURL.path).filter { relative in
            relative.split(separator: "/").dropLast().contains { folders.contains(String($0)) }
        }.sorted()
    }
}
