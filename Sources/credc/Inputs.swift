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

/// The I/O of reading inputs: discovery, file bytes, `.credc.yaml`. Libraries get bytes only.
struct LoadedInputs {
    var files: [SourceFile]
    var settingsDiagnostics: [Diagnostic]
    var settings: Settings
    var discovery: InputDiscovery.Result

    static func load(_ options: InputValues) throws -> LoadedInputs {
        let paths = options.paths.isEmpty ? ["."] : options.paths
        let (settings, settingsFolder, settingsDiagnostics) = loadSettings(for: paths)
        let discovery: InputDiscovery.Result
        do {
            discovery = try InputDiscovery.search(paths, excluding: settings.exclude, relativeTo: settingsFolder)
        } catch .unreadable(let path) {
            throw fail(Exit.noInput, "cannot read '\(path)': no such file or directory, or permission denied")
        } catch .noYAML(let path) {
            throw fail(Exit.noInput, "no .yaml or .yml file found under '\(path)'")
        }
        var files: [SourceFile] = []
        for input in discovery.inputs {
            // A large file is mapped, its pages dropped once parsed; one over the limit is read
            // up to it, for the reader to report.
            guard let file = SourceFile.reading(path: input.path, limit: options.maxFileSize + 1, mappingFrom: Self.mappedFileSize)
            else {
                throw fail(Exit.noInput, "cannot read '\(input.path)'")
            }
            #if DEBUG
                // For the tests: a mapped file is cut short, as when it is rewritten in place
                // during a check.
                if file.isMapped, getenv("CREDC_TEST_TRUNCATE_MAPPED") != nil { truncate(input.path, 0) }
            #endif
            files.append(file)
        }
        return LoadedInputs(
            files: files, settingsDiagnostics: settingsDiagnostics, settings: settings, discovery: discovery)
    }

    /// From this size a file is mapped rather than read: where its reading goes parallel
    /// (`CheckOptions.parallelReadingSize`), and where a mapping costs less than a copy.
    /// Smaller files are read: mapping each of a configuration's thousands of small files
    /// made the kernel's work (mappings, faults) cost more than the copies saved.
    static let mappedFileSize = 1 << 20

    /// Files a directory search found: the pipeline leaves out those that are not credc files.
    var skippableFiles: Set<String> {
        Set(discovery.inputs.filter { $0.searchRoot != nil }.map(\.path))
    }

    /// After the analysis: `--verbose` lists what the searches passed over, and a directory
    /// whose every YAML file was skipped is exit 66 as SPEC §2 has it for a folder without YAML:
    /// checking nothing must not look like a clean run.
    func reportSkipped(_ skipped: [String], verbose: Bool) throws {
        if verbose {
            for link in discovery.skippedFolderLinks {
                printError("credc: skipped '\(link)': a symbolic link to a folder, not followed in a directory search")
            }
            for path in skipped {
                printError("credc: skipped '\(path)': not a credc file (no document has a credc/ apiVersion or a credc kind)")
            }
        }
        let skippedSet = Set(skipped)
        var roots: [String] = []
        var rootsWithInputs: Set<String> = []
        for input in discovery.inputs {
            guard let root = input.searchRoot else { continue }
            if !roots.contains(root) { roots.append(root) }
            if !skippedSet.contains(input.path) { rootsWithInputs.insert(root) }
        }
        if let empty = roots.first(where: { !rootsWithInputs.contains($0) }) {
            let count = discovery.inputs.filter { $0.searchRoot == empty }.count
            throw fail(
                Exit.noInput,
                "no credc file found under '\(empty)': its \(count) YAML file\(count == 1 ? " has" : "s have") no "
                    + "credc/ apiVersion or credc kind\(verbose ? "" : " (--verbose lists \(count == 1 ? "it" : "them"))")")
        }
    }


    /// `.credc.yaml`, the nearest one at or above the folder that holds every input (SPEC §4),
    /// so that the working directory does not change the result. Returns the settings, the
    /// absolute folder that `exclude` paths are relative to, and the file's findings, which name
    /// it by `displayPath(of:)`.
    private static func loadSettings(for paths: [String]) -> (Settings, String?, [Diagnostic]) {
        var folder = plainCommonFolder(of: paths) ?? commonFolder(of: paths).pathComponents.dropFirst().map { Substring($0) }
        while true {
            let directory = "/" + folder.joined(separator: "/")
            let candidate = (folder.isEmpty ? "" : directory) + "/" + Settings.fileName
            var status = stat()
            if stat(candidate, &status) == 0 {
                let display = displayPath(of: candidate)
                guard let data = FileManager.default.contents(atPath: candidate) else {
                    let diagnostic = Rules.diagnostic(
                        Finding(rule: .yamlSyntax, message: "cannot read the settings file", file: display, range: .fileStart))
                    return (Settings(), directory, [diagnostic])
                }
                let (settings, diagnostics) = Settings.parse(SourceFile(path: display, bytes: Array(data)))
                return (settings, directory, diagnostics)
            }
            guard !folder.isEmpty else { return (Settings(), nil, []) }
            folder.removeLast()
        }
    }

    /// ``commonFolder(of:)`` of paths that need no Foundation to make absolute: relative or
    /// absolute, without `..`, `~` or empty components (the case of every pre-commit run), on
    /// Linux (where standardizing a path has no automount prefixes). Nil for any other.
    private static func plainCommonFolder(of paths: [String]) -> [Substring]? {
        #if os(Linux)
            guard !paths.isEmpty, let working = currentDirectory() else { return nil }
            var common: [Substring]?
            for path in paths {
                var trimmed = Substring(path)
                if trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
                let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("~"), !parts.contains("..") else { return nil }
                let absolute = trimmed.hasPrefix("/") ? Array(parts.dropFirst()) : working + parts
                guard !absolute.contains("") || absolute == [""] else { return nil }
                var components = absolute.filter { $0 != "." && !$0.isEmpty }
                var status = stat()
                let isFolder = stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                if !isFolder, !components.isEmpty { components.removeLast() }
                common = common.map { Array(zip($0, components).prefix { $0 == $1 }.map(\.0)) } ?? components
            }
            return common ?? []
        #else
            return nil
        #endif
    }

    /// The working directory's components, from getcwd (as FileManager's currentDirectoryPath).
    private static func currentDirectory() -> [Substring]? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let found = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { getcwd($0.baseAddress, $0.count) != nil }
        }
        guard found else { return nil }
        let path = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        guard path.hasPrefix("/") else { return nil }
        return path.split(separator: "/")
    }

    private static func commonFolder(of paths: [String]) -> URL {
        let folders = paths.map { path -> [String] in
            let url = URL(fileURLWithPath: path).standardizedFileURL
            let isFolder = isDirectory(url.path)
            return (isFolder ? url : url.deletingLastPathComponent()).pathComponents
        }
        var common = folders.first ?? []
        for components in folders.dropFirst() {
            common = Array(zip(common, components).prefix { $0 == $1 }.map(\.0))
        }
        return URL(fileURLWithPath: "/" + common.dropFirst().joined(separator: "/"), isDirectory: true)
    }

    /// Relative to the working directory when the file is in it, below it or above it
    /// (`.credc.yaml`, `config/.credc.yaml`, `../.credc.yaml`); absolute otherwise.
    private static func displayPath(of file: String) -> String {
        let working = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let components = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        let folder = Array(components.dropLast())
        if folder.starts(with: working) {
            return components.dropFirst(working.count).joined(separator: "/")
        }
        if working.starts(with: folder) {
            return String(repeating: "../", count: working.count - folder.count) + Settings.fileName
        }
        return file
    }
}

/// Prints `credc: error: …` to standard error and returns the exit code to throw.
func fail(_ code: ExitCode, _ message: String) -> ExitCode {
    printError("credc: error: \(message)")
    return code
}

func printError(_ text: String, terminator: String = "\n") {
    // Standard error that cannot be written to has no one to tell.
    try? StandardStream.standardError.write((text + terminator).utf8)
}

/// Writes to standard output; a failed write (a full disk, a closed pipe) is exit 73, so that
/// a script never takes a truncated manifest or plan for a whole one.
func writeOut(_ text: String) throws {
    do {
        try StandardStream.standardOutput.write(text.utf8)
    } catch {
        throw fail(Exit.cannotCreate, "cannot write to standard output: \(errorText(error))")
    }
}
