import ArgumentParser
import Driver
import Emit
import Foundation

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Check, then write the deployment manifest (standard output by default).")

    @OptionGroup var inputs: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the manifest to this file, atomically.", valueName: "file"))
    var output: String?

    func run() throws {
        let run = try CheckRun(inputs)
        let diagnostics = run.diagnostics
        // The manifest owns standard output; findings go to standard error.
        if diagnostics.contains(where: { $0.suppression == nil }) || inputs.format != .text {
            printError(Rendering.render(diagnostics, run: run, stream: .standardError), terminator: "")
        }
        if run.fails(diagnostics) { throw Exit.failure }
        try emit(ManifestCompiler.compile(run.analysis.model).text, to: output)
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of the input format (Schemas/credc-v1.schema.json).")

    func run() throws {
        writeOut(InputSchema.text)
    }
}
