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
import LanguageServer

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the Language Server Protocol server on standard input and output (for editors).")

    func run() throws {
        // A client that goes away mid-write ends the session; it must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer(files: DiskWorkspace())
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var output = server.receive(chunk[0..<count])
            // Edits that arrived together are checked once, after the last of them.
            if server.ending == nil, !inputIsWaiting() { output += server.idle() }
            guard writeAll(output) else { break }
            if let ending = server.ending { throw Exit.of(ending) }
        }
        throw Exit.of(server.endingAtEndOfInput)
    }

    private func inputIsWaiting() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}

/// The workspace on disk, found as `credc check ROOT...` finds its inputs.
private struct DiskWorkspace: WorkspaceFiles {
    func load(roots: [String]) -> WorkspaceSnapshot {
        guard let options = try? InputOptions.parse(roots), let loaded = try? LoadedInputs.load(options.values) else {
            return WorkspaceSnapshot()
        }
        // The settings file's findings name it relative to the working directory.
        let working = FileManager.default.currentDirectoryPath
        let settingsDiagnostics = loaded.settingsDiagnostics.map { diagnostic in
            var absolute = diagnostic
            if !absolute.file.hasPrefix("/") {
                absolute.file = URL(fileURLWithPath: absolute.file, relativeTo: URL(fileURLWithPath: working)).standardizedFileURL.path
            }
            return absolute
        }
        let settingsFile = settingsDiagnostics.first.flatMap { diagnostic in
            FileManager.default.contents(atPath: diagnostic.file).map { SourceFile(path: diagnostic.file, bytes: Array($0)) }
        }
        return WorkspaceSnapshot(
            files: loaded.files, skippableFiles: loaded.skippableFiles, settings: loaded.settings,
            settingsDiagnostics: settingsDiagnostics, settingsFile: settingsFile)
    }
}
