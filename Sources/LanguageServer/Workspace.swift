import JSON
import Diagnostics
import Driver

/// What the server reads from disk. The command implements it (the library does no I/O), the
/// tests give files in memory.
public protocol WorkspaceFiles {
    /// The credc files under `roots` as `credc check ROOTS` finds them (hidden folders and
    /// `.credc.yaml` excludes skipped), with absolute paths, and the project settings.
    func load(roots: [String]) -> WorkspaceSnapshot
}

/// The workspace as it is on disk.
public struct WorkspaceSnapshot: Sendable {
    /// Absolute paths.
    public var files: [SourceFile]
    /// Files a directory search found, which the pipeline leaves out when they are not credc files.
    public var skippableFiles: Set<String>
    public var settings: Settings
    /// Problems in `.credc.yaml`, in `settingsFile`.
    public var settingsDiagnostics: [Diagnostic]
    public var settingsFile: SourceFile?

    public init(
        files: [SourceFile] = [], skippableFiles: Set<String> = [], settings: Settings = Settings(),
        settingsDiagnostics: [Diagnostic] = [], settingsFile: SourceFile? = nil
    ) {
        self.files = files
        self.skippableFiles = skippableFiles
        self.settings = settings
        self.settingsDiagnostics = settingsDiagnostics
        self.settingsFile = settingsFile
    }
}

/// A document the client has open: its text wins over the file on disk.
struct OpenDocument {
    var uri: String
    var version: Int?
    var text: [UInt8]
}

extension OpenDocument {
    /// Applies `contentChanges` of `didChange`: a change with a range replaces it (UTF-16
    /// positions in the text as it stands after the changes before it), one without replaces all.
    mutating func apply(_ changes: [JSONValue]) {
        for change in changes {
            guard let newText = change["text"]?.stringValue else { continue }
            guard let range = change["range"].flatMap(lspRange) else {
                text = Array(newText.utf8)
                continue
            }
            let file = SourceFile(path: "", bytes: text)
            let converter = PositionConverter(file)
            let start = file.byteOffset(of: converter.source(range.start))
            let end = max(start, file.byteOffset(of: converter.source(range.end)))
            text.replaceSubrange(start..<end, with: Array(newText.utf8))
        }
    }
}

func lspPosition(_ value: JSONValue) -> LSPPosition? {
    guard let line = value["line"]?.intValue, let character = value["character"]?.intValue else { return nil }
    // Within what a file can hold: a client's wild number must not overflow the arithmetic.
    let bound = Int(Int32.max) - 1
    return LSPPosition(line: min(max(line, 0), bound), character: min(max(character, 0), bound))
}

func lspRange(_ value: JSONValue) -> LSPRange? {
    guard let start = value["start"].flatMap(lspPosition), let end = value["end"].flatMap(lspPosition) else { return nil }
    return LSPRange(start: start, end: end)
}

extension LSPPosition {
    var json: JSONValue { ["line": .integer(line), "character": .integer(character)] }
}

extension LSPRange {
    var json: JSONValue { ["start": start.json, "end": end.json] }
}
