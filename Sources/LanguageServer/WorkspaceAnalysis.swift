import Diagnostics
import Driver
import JSON
import Model
import YAML

/// One run of the pipeline over the workspace, with the open documents' unsaved text in place
/// of their files: the same rules, settings, suppressions and environments as `credc check`.
struct WorkspaceAnalysis {
    /// Every text analyzed, by path, unmasked: positions are converted against these.
    var sources: [String: SourceFile] = [:]
    /// Unsuppressed diagnostics, the settings file's included.
    var diagnostics: [Diagnostic] = []
    /// The workspace's model, then that of each open document outside the workspace.
    var models: [Model] = []

    init(snapshot: WorkspaceSnapshot, documents: [String: OpenDocument], limits: YAMLLimits) {
        var inputs: [SourceFile] = []
        for file in snapshot.files {
            inputs.append(documents[file.path].map { SourceFile(path: file.path, bytes: $0.text) } ?? file)
        }
        let workspacePaths = Set(inputs.map(\.path))
        let options = CheckOptions(limits: limits, settings: snapshot.settings, skippableFiles: snapshot.skippableFiles)
        var analyses = [Pipeline.analyze(inputs, options: options)]
        var analyzed = inputs
        // An open YAML file the search does not take (outside the folders, or excluded) is
        // checked on its own, as `credc check FILE` would; one that is no credc file is skipped.
        for (path, document) in documents.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        where !workspacePaths.contains(path) && (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
            let file = SourceFile(path: path, bytes: document.text)
            var alone = options
            alone.skippableFiles = [path]
            analyses.append(Pipeline.analyze([file], options: alone))
            analyzed.append(file)
        }
        for file in analyzed { sources[file.path] = file }
        if let settingsFile = snapshot.settingsFile { sources[settingsFile.path] = settingsFile }
        // Skipped files are no credc files: nothing is reported for them.
        let skipped = Set(analyses.flatMap(\.skippedFiles))
        for path in skipped { sources[path] = nil }
        diagnostics = (snapshot.settingsDiagnostics + analyses.flatMap(\.diagnostics)).filter { $0.suppression == nil }
        models = analyses.map(\.model)
    }

    /// The `diagnostics` of `publishDiagnostics` for every analyzed file, empty lists included.
    func lspDiagnostics(uriOfPath: (String) -> String) -> [String: JSONValue] {
        var lists: [String: [JSONValue]] = [:]
        for path in sources.keys { lists[path] = [] }
        for diagnostic in diagnostics {
            lists[diagnostic.file, default: []].append(lspDiagnostic(diagnostic, uriOfPath: uriOfPath))
        }
        return lists.mapValues(JSONValue.array)
    }

    func converter(for path: String) -> PositionConverter {
        PositionConverter(sources[path] ?? SourceFile(path: path, bytes: []))
    }

    /// An LSP `Diagnostic`: `code` is the rule, notes with a place are related information,
    /// the "did you mean" and notes without a place end the message, as the text reporter shows them.
    func lspDiagnostic(_ diagnostic: Diagnostic, uriOfPath: (String) -> String) -> JSONValue {
        var message = diagnostic.message
        var related: [JSONValue] = []
        for note in diagnostic.notes {
            if let range = note.range {
                let file = note.file ?? diagnostic.file
                related.append([
                    "location": ["uri": .string(uriOfPath(file)), "range": converter(for: file).lsp(range).json],
                    "message": .string(note.message),
                ])
            } else {
                message += "\nnote: \(note.message)"
            }
        }
        if let suggestion = diagnostic.suggestion { message += "\nhelp: did you mean '\(suggestion)'?" }
        var members: [String: JSONValue] = [
            "range": converter(for: diagnostic.file).lsp(diagnostic.range).json,
            "severity": .integer(Self.severity(diagnostic.severity)),
            "code": .string(diagnostic.rule.rawValue),
            "source": "credc",
            "message": .string(message),
        ]
        if !related.isEmpty { members["relatedInformation"] = .array(related) }
        return .object(members)
    }

    /// LSP's DiagnosticSeverity: 1 error, 2 warning, 3 information.
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
    }
}
