import ArgumentParser
import Driver
import Manifest
import Foundation
import SalesforceMetadata

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Check, then write the configuration as Salesforce metadata (SFDX source format) into a folder.",
        discussion: """
            Writes externalAuthIdentityProviders/, externalCredentials/, namedCredentials/, \
            permissionsets/ (only the external credential principal accesses) and package.xml. \
            Profile grants cannot be deployed as metadata: each one is reported on standard error. \
            The folder is written whole (a temporary folder renamed into place); an existing folder \
            is replaced only when it is empty or was written by credc (it holds a .credc-export \
            file), otherwise the command fails with exit code 73.
            """)

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("The folder to write (replaced as a whole).", valueName: "dir"))
    var out: String

    @OptionGroup var metadata: MetadataVersionOption

    func run() throws {
        let run = try CheckRun(inputs)
        try run.requireKnownEnvironment(required: true)
        try run.requireNoErrorsBeforeWriting()
        let export: MetadataExport
        do {
            export = try MetadataExporter(apiVersion: metadata.version).export(
                ManifestCompiler.compile(run.analysis.model))
        } catch {
            throw fail(Exit.failure, "cannot export: \(error)")
        }
        try writeMetadataFolder(export, to: out)
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

/// Reports the export's notes as warnings, then writes its files as the folder `path`.
func writeMetadataFolder(_ export: MetadataExport, to path: String) throws {
    for note in export.notes { printError("credc: warning: \(note)") }
    do {
        try AtomicFolder.write(export.files, to: path)
    } catch {
        throw fail(Exit.cannotCreate, error.message)
    }
}
