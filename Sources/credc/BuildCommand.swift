import ArgumentParser
import Driver
import Manifest
import Schema
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Check, then write the deployment manifest (standard output by default).")

    @OptionGroup var inputs: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the manifest to this file, atomically.", valueName: "file"))
    var output: String?

    func run() throws {
        let run = try CheckRun(inputs)
        try run.requireKnownEnvironment(required: true)
        try run.requireNoErrorsBeforeWriting()
        var manifest = ManifestCompiler.compile(run.analysis.model)
        manifest.environment = run.analysis.environment
        try emit(manifest.text, to: output)
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of the input format (Schemas/credc-v1.schema.json).")

    @Flag(help: "Print the schema of the deployment manifest instead (Schemas/manifest-v1.schema.json).")
    var manifest = false

    func run() throws {
        try writeOut(manifest ? ManifestSchema.text : InputSchema.text)
    }
}
