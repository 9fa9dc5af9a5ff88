import Foundation
import Testing

/// Shell completions come from ArgumentParser; these tests make sure they stay wired up and
/// know every subcommand and the `--format` values.
@Suite struct CompletionTests {
    static let subcommands = ["check", "build", "plan", "environments", "rules", "explain", "schema"]

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEverySubcommand(shell: String) throws {
        let result = try credc(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("credc"))
        for subcommand in Self.subcommands {
            #expect(result.stdout.contains(subcommand), "\(shell) completion lacks '\(subcommand)'")
        }
        #expect(result.stdout.contains("sarif") && result.stdout.contains("github"))
    }

    /// The bash script is valid bash that registers a completion function for `credc`.
    @Test func bashCompletionLoadsAndRegisters() throws {
        let script = try credc(["--generate-completion-script", "bash"]).stdout
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credc-completion-\(UUID().uuidString).bash")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "--norc", "-c", "source \"$1\" && complete -p credc", "bash", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("-F _credc credc"), "\(text)")
    }

    @Test func unknownShellIsAUsageError() throws {
        #expect(try credc(["--generate-completion-script", "tcsh"]).status == 64)
    }
}

/// The man page: ArgumentParser's `generate-manual` plugin reads `--experimental-dump-help`.
@Suite struct ManualTests {
    @Test func helpDumpDescribesEverySubcommand() throws {
        let result = try credc(["--experimental-dump-help"])
        #expect(result.status == 0, "\(result.stderr)")
        let dump = try parseJSON(result.stdout)
        let command = try #require(dump["command"] as? [String: Any])
        #expect(command["commandName"] as? String == "credc")
        let names = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        #expect(Set(CompletionTests.subcommands).isSubset(of: Set(names)), "\(names)")
    }
}
