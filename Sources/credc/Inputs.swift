import ArgumentParser
import Checker
import Diagnostics
import Driver
import Foundation

/// The I/O of reading inputs: discovery, file bytes, `.credc.yaml`. Libraries get bytes only.
struct LoadedInputs {
    var files: [SourceFile]
    var settingsDiagnostics: [Diagnostic]
    var settings: Settings

    static func load(_ options: InputOptions) throws -> LoadedInputs {
        let (settings, settingsFile, settingsDiagnostics) = loadSettings()
        let paths = options.paths.isEmpty ? ["."] : options.paths
        let found: [String]
        do {
            found = try InputDiscovery.files(
                under: paths, excluding: settings.exclude, relativeTo: settingsFile.map(directoryOf))
        } catch .unreadable(let path) {
            throw fail(Exit.noInput, "cannot read '\(path)': no such file or directory, or permission denied")
        } catch .noYAML(let path) {
            throw fail(Exit.noInput, "no .yaml or .yml file found under '\(path)'")
        }
        var files: [SourceFile] = []
        for path in found {
            guard let bytes = readPrefix(path, limit: options.maxFileSize + 1) else {
                throw fail(Exit.noInput, "cannot read '\(path)'")
            }
            files.append(SourceFile(path: path, bytes: bytes))
        }
        return LoadedInputs(files: files, settingsDiagnostics: settingsDiagnostics, settings: settings)
    }

    /// Reads at most `limit` bytes: a file over the size limit is reported, not loaded whole.
    private static func readPrefix(_ path: String, limit: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            return Array(try handle.read(upToCount: limit) ?? Data())
        } catch {
            return nil
        }
    }

    /// `.credc.yaml`, found by walking up from the working directory.
    private static func loadSettings() -> (Settings, String?, [Diagnostic]) {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        var prefix = ""
        while true {
            let candidate = directory.appendingPathComponent(Settings.fileName).path
            if FileManager.default.fileExists(atPath: candidate) {
                let display = prefix + Settings.fileName
                guard let data = FileManager.default.contents(atPath: candidate) else {
                    let diagnostic = Rules.diagnostic(
                        Finding(rule: .yamlSyntax, message: "cannot read the settings file", file: display, range: .fileStart))
                    return (Settings(), display, [diagnostic])
                }
                let (settings, diagnostics) = Settings.parse(SourceFile(path: display, bytes: Array(data)))
                return (settings, display, diagnostics)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return (Settings(), nil, []) }
            directory = parent
            prefix += "../"
        }
    }

    private static func directoryOf(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}

/// Prints `credc: error: …` to standard error and returns the exit code to throw.
func fail(_ code: ExitCode, _ message: String) -> ExitCode {
    printError("credc: error: \(message)")
    return code
}

func printError(_ text: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}

/// Writes to standard output; a failed write (a full disk, a closed pipe) is exit 73, so that
/// a script never takes a truncated manifest or plan for a whole one.
func writeOut(_ text: String) throws {
    do {
        try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch {
        throw fail(Exit.cannotCreate, "cannot write to standard output: \(error.localizedDescription)")
    }
}
