import Diagnostics
import Driver
import JSON
import YAML

/// `credc lsp`: a Language Server Protocol server over JSON-RPC (SPEC §13).
///
/// The server is a state machine over bytes: ``receive(_:)`` takes what arrived on the
/// client's stream and returns what to send back; ``idle()`` publishes the diagnostics that
/// edits made stale, and is called when no more input is waiting, so that a burst of edits is
/// checked once. The command owns the streams and ends the process once ``ending`` is set.
public final class LanguageServer {
    private enum Phase { case uninitialized, running, shutDown }

    private let workspaceFiles: any WorkspaceFiles
    private let limits: YAMLLimits
    private var phase = Phase.uninitialized
    private var framer = MessageFramer()
    private var roots: [String] = []
    var snapshot = WorkspaceSnapshot()
    var documents: [String: OpenDocument] = [:]
    /// The last analysis, of the texts in `analyzedSources`; nil when an edit made it stale.
    var current: WorkspaceAnalysis?
    /// What each file's last `publishDiagnostics` said, to send only lists that changed.
    private var published: [String: JSONValue] = [:]
    /// Documents edited since the last publish: their lists are sent even when unchanged, so
    /// that the client sees the edit was checked.
    private var touched: Set<String> = []

    /// How the session ended: the LSP specification has the server exit with 0 after
    /// `shutdown` and with 1 without (the command picks the codes).
    public enum Ending: Sendable {
        case afterShutdown
        case withoutShutdown
    }

    /// Set by `exit`.
    public private(set) var ending: Ending?

    public init(files: any WorkspaceFiles, limits: YAMLLimits = .default) {
        self.workspaceFiles = files
        self.limits = limits
    }

    /// How the session ends when the client's stream ends without `exit`.
    public var endingAtEndOfInput: Ending { phase == .shutDown ? .afterShutdown : .withoutShutdown }

    /// Takes bytes from the client; returns the framed messages to send.
    public func receive(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        framer.append(bytes)
        var output: [UInt8] = []
        while ending == nil {
            let body: [UInt8]?
            do {
                body = try framer.next()
            } catch {
                output += Self.frame(JSONRPC.error(id: .null, .parseError, "a message header without a valid Content-Length"))
                continue
            }
            guard let body else { break }
            for message in handle(body: body) { output += Self.frame(message) }
        }
        return output
    }

    /// Publishes diagnostics made stale by edits since the last call; empty when none are.
    public func idle() -> [UInt8] {
        idleMessages().flatMap(Self.frame)
    }

    func idleMessages() -> [JSONValue] {
        guard phase == .running, current == nil || !touched.isEmpty || needsPublish else { return [] }
        return publishDiagnostics()
    }

    private var needsPublish = false

    static func frame(_ message: JSONValue) -> [UInt8] {
        MessageFramer.frame(Array(message.compact.utf8))
    }

    /// Handles one message body; returns the messages to send, unframed.
    func handle(body: [UInt8]) -> [JSONValue] {
        let message: JSONValue
        do {
            message = try JSONValue.parse(body)
        } catch {
            return [JSONRPC.error(id: .null, .parseError, "not JSON: \(error)")]
        }
        return handle(message)
    }

    func handle(_ message: JSONValue) -> [JSONValue] {
        switch JSONRPC.Incoming(message) {
        case .invalid(let id, let reason):
            return [JSONRPC.error(id: id, .invalidRequest, reason)]
        case .response:
            return []
        case .notification(let method, let params):
            handleNotification(method, params)
            if method == "initialized", phase == .running, watchesFiles {
                // Files changed outside the editor (a checkout, a pull) are checked again.
                return [Self.fileWatchRegistration]
            }
            return []
        case .request(let id, let method, let params):
            switch phase {
            case .uninitialized where method != "initialize":
                return [JSONRPC.error(id: id, .serverNotInitialized, "the server is not initialized: send 'initialize' first")]
            case .shutDown:
                return [JSONRPC.error(id: id, .invalidRequest, "the server is shut down: only 'exit' is accepted")]
            case .uninitialized, .running:
                break
            }
            switch handleRequest(method, params) {
            case .success(let result): return [JSONRPC.response(id: id, result: result)]
            case .failure(let failure): return [JSONRPC.error(id: id, failure.code, failure.message)]
            }
        }
    }

    struct RequestFailure: Error {
        var code: JSONRPC.ErrorCode
        var message: String
    }

    private func handleRequest(_ method: String, _ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        switch method {
        case "initialize":
            guard phase == .uninitialized else {
                return .failure(RequestFailure(code: .invalidRequest, message: "'initialize' was already received"))
            }
            initialize(params)
            return .success(Self.initializeResult)
        case "shutdown":
            phase = .shutDown
            return .success(.null)
        case "textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/codeAction":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = FileURI.path(ofURI: uri) else {
                return .failure(RequestFailure(code: .invalidParams, message: "'textDocument.uri' must be a file: URI"))
            }
            let analysis = analyzed()
            guard let source = analysis.sources[path] ?? documents[path].map({ SourceFile(path: path, bytes: $0.text) })
            else { return .success(.null) }
            let query = DocumentQuery(
                source: source, analysis: analysis, uriOfPath: uri(ofPath:), displayPath: displayPath(of:))
            if method == "textDocument/codeAction" {
                guard let range = params["range"].flatMap(lspRange) else {
                    return .failure(RequestFailure(code: .invalidParams, message: "'range' is missing"))
                }
                return .success(query.codeActions(in: range, uri: uri))
            }
            guard let position = params["position"].flatMap(lspPosition) else {
                return .failure(RequestFailure(code: .invalidParams, message: "'position' is missing"))
            }
            switch method {
            case "textDocument/hover": return .success(query.hover(at: position))
            case "textDocument/definition": return .success(query.definition(at: position))
            default: return .success(query.completion(at: position))
            }
        default:
            return .failure(RequestFailure(code: .methodNotFound, message: "unknown method '\(method)'"))
        }
    }

    private func handleNotification(_ method: String, _ params: JSONValue) {
        if method == "exit" {
            ending = endingAtEndOfInput
            return
        }
        guard phase == .running else { return }
        switch method {
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.stringValue,
                let path = FileURI.path(ofURI: uri), let text = item["text"]?.stringValue
            else { return }
            documents[path] = OpenDocument(uri: uri, version: item["version"]?.intValue, text: Array(text.utf8))
            // A file created in the editor: the search finds it once it is on disk.
            if !snapshot.files.contains(where: { $0.path == path }) { reload() }
            edited(path)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = FileURI.path(ofURI: uri),
                let changes = params["contentChanges"]?.arrayValue, documents[path] != nil
            else { return }
            documents[path]?.apply(changes)
            documents[path]?.version = params["textDocument"]?["version"]?.intValue
            edited(path)
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = FileURI.path(ofURI: uri),
                documents.removeValue(forKey: path) != nil
            else { return }
            // The file on disk is what counts again (or nothing, when it was never saved).
            reload()
            edited(path)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles", "workspace/didChangeWorkspaceFolders":
            if method == "workspace/didChangeWorkspaceFolders" { changeFolders(params["event"]) }
            reload()
            current = nil
        default:
            break  // `initialized`, `$/cancelRequest`, `$/setTrace` and anything unknown
        }
    }

    private func initialize(_ params: JSONValue) {
        var roots: [String] = []
        if let folders = params["workspaceFolders"]?.arrayValue {
            roots = folders.compactMap { $0["uri"]?.stringValue.flatMap(FileURI.path(ofURI:)) }
        }
        if roots.isEmpty, let root = params["rootUri"]?.stringValue.flatMap(FileURI.path(ofURI:)) { roots = [root] }
        if roots.isEmpty, let root = params["rootPath"]?.stringValue, root.hasPrefix("/") { roots = [root] }
        self.roots = roots
        watchesFiles = params["capabilities"]?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"] == true
        phase = .running
        reload()
    }

    /// Whether the client can watch files for the server.
    private var watchesFiles = false

    /// Asks the client to report changes to YAML files and settings files
    /// (`workspace/didChangeWatchedFiles`); its answer is ignored.
    static let fileWatchRegistration = JSONRPC.request(
        id: "credc-watch-files", "client/registerCapability",
        [
            "registrations": [
                [
                    "id": "credc-watch-files", "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": ["watchers": [["globPattern": "**/*.{yaml,yml}"], ["globPattern": "**/.credc.yaml"]]],
                ]
            ]
        ])

    private func changeFolders(_ event: JSONValue?) {
        let removed = Set(event?["removed"]?.arrayValue?.compactMap { $0["uri"]?.stringValue.flatMap(FileURI.path(ofURI:)) } ?? [])
        let added = event?["added"]?.arrayValue?.compactMap { $0["uri"]?.stringValue.flatMap(FileURI.path(ofURI:)) } ?? []
        roots = roots.filter { !removed.contains($0) } + added
    }

    private func reload() {
        snapshot = roots.isEmpty ? WorkspaceSnapshot() : workspaceFiles.load(roots: roots)
        current = nil
    }

    private func edited(_ path: String) {
        touched.insert(path)
        current = nil
    }

    /// The analysis of the texts as they stand, made now when an edit made it stale.
    private func analyzed() -> WorkspaceAnalysis {
        if let current { return current }
        let analysis = WorkspaceAnalysis(snapshot: snapshot, documents: documents, limits: limits)
        current = analysis
        needsPublish = true
        return analysis
    }

    private func publishDiagnostics() -> [JSONValue] {
        let analysis = analyzed()
        var messages: [JSONValue] = []
        let lists = analysis.lspDiagnostics(uriOfPath: uri(ofPath:))
        // Files gone from the workspace get an empty list once.
        let paths = Set(lists.keys).union(published.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for path in paths {
            let list = lists[path] ?? .array([])
            guard published[path] != list || touched.contains(path) else { continue }
            var params: [String: JSONValue] = ["uri": .string(uri(ofPath: path)), "diagnostics": list]
            if let version = documents[path]?.version { params["version"] = .integer(version) }
            messages.append(JSONRPC.notification("textDocument/publishDiagnostics", .object(params)))
            published[path] = lists[path] == nil ? nil : list
        }
        touched = []
        needsPublish = false
        return messages
    }

    /// The URI the client used for an open document, so that its editor matches the list.
    private func uri(ofPath path: String) -> String {
        documents[path]?.uri ?? FileURI.uri(ofPath: path)
    }

    /// Relative to the workspace folder that holds it.
    private func displayPath(of path: String) -> String {
        for root in roots {
            let folder = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(folder) { return String(path.dropFirst(folder.count)) }
        }
        return path
    }

    static let initializeResult: JSONValue = [
        "capabilities": [
            // Incremental: a keystroke sends the change, not the whole file.
            "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
            "hoverProvider": true,
            "definitionProvider": true,
            "completionProvider": ["triggerCharacters": ["{", ":", " "], "resolveProvider": false],
            "codeActionProvider": ["codeActionKinds": ["quickfix"]],
        ],
        "serverInfo": ["name": "credc"],
    ]
}
