import Diagnostics
import Driver
import Foundation
import JSON
import Testing

@testable import LanguageServer

/// Files in memory, searched as a directory would be.
struct MemoryWorkspace: WorkspaceFiles {
    var files: [String: String]

    func load(roots: [String]) -> WorkspaceSnapshot {
        let found = files.keys.filter { path in roots.contains { path.hasPrefix($0 + "/") } }.sorted()
        return WorkspaceSnapshot(
            files: found.map { SourceFile(path: $0, text: files[$0]!) }, skippableFiles: Set(found))
    }
}

let provider = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Prod
    label: Okta (Production)
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://acme.okta.com/oauth2/v1/token
    secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}

    """

let credential = """
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Billing_API
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta_Prod
    principals:
      - name: Admins  # credc:ignore principal-without-access -- granted in Setup
        sequence: 1

    """

let named = """
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: ${BILLING_URL}
    externalCredential: Billing_API
    ---
    apiVersion: credc/v1
    kind: Environment
    name: prod
    variables:
      BILLING_URL: https://billing.example.com

    """

/// A server over the three files, initialized, with what it published first.
final class Session {
    let server: LanguageServer
    var nextID = 1
    var first: [JSONValue] = []

    init(files: [String: String] = ["/ws/provider.yaml": provider, "/ws/credential.yaml": credential, "/ws/named.yaml": named]) {
        server = LanguageServer(files: MemoryWorkspace(files: files))
        _ = request("initialize", ["rootUri": "file:///ws", "capabilities": [:]])
        notify("initialized", [:])
        first = server.idleMessages()
    }

    func request(_ method: String, _ params: JSONValue) -> JSONValue? {
        defer { nextID += 1 }
        return server.handle(["jsonrpc": "2.0", "id": .integer(nextID), "method": .string(method), "params": params]).first
    }

    @discardableResult
    func notify(_ method: String, _ params: JSONValue) -> [JSONValue] {
        server.handle(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    func open(_ path: String, _ text: String) {
        notify("textDocument/didOpen", ["textDocument": ["uri": .string("file://" + path), "languageId": "yaml", "version": 1, "text": .string(text)]])
    }

    func change(_ path: String, _ text: String, version: Int = 2) {
        notify("textDocument/didChange", ["textDocument": ["uri": .string("file://" + path), "version": .integer(version)], "contentChanges": [["text": .string(text)]]])
    }

    /// The published lists by path.
    func publish() -> [String: [JSONValue]] {
        var lists: [String: [JSONValue]] = [:]
        for message in server.idleMessages() {
            guard let uri = message["params"]?["uri"]?.stringValue, let list = message["params"]?["diagnostics"]?.arrayValue else { continue }
            lists[FileURI.path(ofURI: uri)!] = list
        }
        return lists
    }

    func at(_ path: String, line: Int, character: Int) -> JSONValue {
        ["textDocument": ["uri": .string("file://" + path)], "position": ["line": .integer(line), "character": .integer(character)]]
    }
}

func errorCode(_ response: JSONValue?) -> Int? { response?["error"]?["code"]?.intValue }

@Suite struct LifecycleTests {
    @Test func requestsBeforeInitializeAndBadInput() {
        let server = LanguageServer(files: MemoryWorkspace(files: [:]))
        let early = server.handle(["jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": [:]])
        #expect(errorCode(early.first) == -32002)
        #expect(errorCode(server.handle(body: Array("{not json".utf8)).first) == -32700)
        #expect(server.handle(body: Array("{not json".utf8)).first?["id"] == .null)
        #expect(errorCode(server.handle(body: Array("[1, 2]".utf8)).first) == -32600)
        #expect(errorCode(server.handle(["jsonrpc": "2.0", "id": 7]).first) == -32600)
        #expect(errorCode(server.handle(["jsonrpc": "1.0", "id": 7, "method": "initialize"]).first) == -32600)
        let initialized = server.handle(["jsonrpc": "2.0", "id": 2, "method": "initialize", "params": [:]])
        #expect(initialized.first?["result"]?["capabilities"]?["hoverProvider"] == true)
        #expect(errorCode(server.handle(["jsonrpc": "2.0", "id": 3, "method": "textDocument/rename", "params": [:]]).first) == -32601)
        #expect(server.handle(["jsonrpc": "2.0", "method": "$/unknownNotification", "params": [:]]).isEmpty)
        #expect(errorCode(server.handle(["jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": [:]]).first) == -32602)
        #expect(server.ending == nil)
    }

    @Test func filesAreWatchedWhenTheClientCan() {
        let server = LanguageServer(files: MemoryWorkspace(files: ["/ws/a.yaml": provider]))
        let capabilities: JSONValue = ["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]]
        _ = server.handle(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["rootUri": "file:///ws", "capabilities": capabilities]])
        let registration = server.handle(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        #expect(registration.first?["method"] == "client/registerCapability")
        // The client's answer is a response, which needs none.
        #expect(server.handle(["jsonrpc": "2.0", "id": "credc-watch-files", "result": .null]).isEmpty)
        #expect(Session().server.handle(["jsonrpc": "2.0", "method": "initialized", "params": [:]]).isEmpty)
    }

    @Test func framedBytesInAndOut() {
        let server = LanguageServer(files: MemoryWorkspace(files: [:]))
        let output = server.receive(Array("Content-Length: 3\r\n\r\n{x}".utf8))
        #expect(String(decoding: output, as: UTF8.self).hasPrefix("Content-Length: "))
        #expect(String(decoding: output, as: UTF8.self).contains("-32700"))
    }

    @Test func exitAfterShutdownIsCleanWithoutItIsNot() {
        let clean = Session()
        #expect(clean.request("shutdown", .null)?["result"] == .null)
        #expect(errorCode(clean.request("textDocument/hover", clean.at("/ws/named.yaml", line: 0, character: 0))) == -32600)
        clean.notify("exit", .null)
        #expect(clean.server.ending == .afterShutdown)

        let abrupt = Session()
        #expect(abrupt.server.endingAtEndOfInput == .withoutShutdown)
        abrupt.notify("exit", .null)
        #expect(abrupt.server.ending == .withoutShutdown)
    }
}

@Suite struct DiagnosticsTests {
    @Test func everyFileIsPublishedAtStartAndCrossFileBreaksReachTheOtherFile() throws {
        let session = Session()
        #expect(session.first.count == 3)
        #expect(session.first.allSatisfy { $0["params"]?["diagnostics"] == .array([]) })

        // Renaming the provider breaks the credential's reference, in the other file.
        session.open("/ws/provider.yaml", provider)
        _ = session.publish()
        session.change("/ws/provider.yaml", provider.replacingOccurrences(of: "name: Okta_Prod", with: "name: Okta_Prodd"))
        let lists = session.publish()
        let broken = try #require(lists["/ws/credential.yaml"]?.first)
        #expect(broken["code"] == "unknown-identity-provider")
        #expect(broken["source"] == "credc")
        #expect(broken["severity"] == 1)
        #expect(broken["range"]?["start"] == ["line": 6, "character": 18])
        #expect(broken["message"]?.stringValue?.contains("did you mean 'Okta_Prodd'?") == true)
        // The edited file is published too, though its list did not change (the provider is not
        // reported unused while a reference may be meant for it).
        #expect(lists["/ws/provider.yaml"] == [])

        // Undone: both lists are empty again; the named credential's, unchanged, is not sent.
        session.change("/ws/provider.yaml", provider, version: 3)
        let fixed = session.publish()
        #expect(fixed["/ws/credential.yaml"] == [])
        #expect(fixed["/ws/provider.yaml"] == [])
        #expect(fixed["/ws/named.yaml"] == nil)
    }

    @Test func aDocumentThatIsNotYAMLGetsADiagnostic() throws {
        let session = Session()
        session.open("/ws/credential.yaml", credential)
        session.change("/ws/credential.yaml", "apiVersion: credc/v1\nkind: [unclosed\n")
        let list = try #require(session.publish()["/ws/credential.yaml"])
        #expect(list.contains { $0["code"] == "yaml-syntax" })
    }

    @Test func positionsAfterMultiByteTextAreUTF16() throws {
        let session = Session()
        // One flow mapping on one line: the multi-byte label stands before the error.
        let line = "{apiVersion: credc/v1, kind: ExternalAuthIdentityProvider, label: \"# 👨‍👩‍👧 éé\", name: Okta__Prod, protocol: OAuth, flow: ClientCredentials, tokenUrl: 'https://acme.okta.com/token'}"
        session.open("/ws/provider.yaml", provider)
        _ = session.publish()
        session.change("/ws/provider.yaml", line + "\n")
        let list = try #require(session.publish()["/ws/provider.yaml"])
        let nameFormat = try #require(list.first { $0["code"] == "name-format" })
        let start = line.range(of: "Okta__Prod")!.lowerBound
        let utf16 = line.utf16.distance(from: line.startIndex, to: start)
        #expect(nameFormat["range"]?["start"] == ["line": 0, "character": .integer(utf16)])
        #expect(nameFormat["range"]?["end"] == ["line": 0, "character": .integer(utf16 + 10)])
    }

    @Test func incrementalChangesApplyInUTF16() {
        var document = OpenDocument(uri: "file:///x.yaml", version: 1, text: Array("a: 👨‍👩‍👧 b\nc: d\n".utf8))
        document.apply([["range": ["start": ["line": 0, "character": 12], "end": ["line": 1, "character": 1]], "text": "B\nC"]])
        #expect(String(decoding: document.text, as: UTF8.self) == "a: 👨‍👩‍👧 B\nC: d\n")
    }
}

@Suite struct RequestTests {
    @Test func hoverOnAFieldARuleAndAReference() throws {
        let session = Session()
        let field = try #require(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 5, character: 2)))
        let fieldText = try #require(field["result"]?["contents"]?["value"]?.stringValue)
        // Contract 1.2: `flow` is required by protocol (OAuth), not by the table.
        #expect(fieldText.contains("**`flow`**: string"))
        #expect(fieldText.contains("ClientCredentialsExternalIdentityProvider"))

        let rule = try #require(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 8, character: 40)))
        #expect(rule["result"]?["contents"]?["value"]?.stringValue?.contains("principal-without-access") == true)
        #expect(rule["result"]?["contents"]?["value"]?.stringValue?.contains("no permission set or profile") == true)

        let reference = try #require(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 6, character: 20)))
        let referenceText = try #require(reference["result"]?["contents"]?["value"]?.stringValue)
        #expect(referenceText == "**ExternalAuthIdentityProvider** `Okta_Prod` — Okta (Production)\n\nprovider.yaml:3")

        let principalField = try #require(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 9, character: 6)))
        #expect(principalField["result"]?["contents"]?["value"]?.stringValue?.contains("**`sequence`**: integer, required") == true)

        let kind = try #require(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 1, character: 8)))
        #expect(kind["result"]?["contents"]?["value"]?.stringValue?.hasPrefix("**ExternalCredential**\n\nHow Salesforce authenticates") == true)

        #expect(session.request("textDocument/hover", session.at("/ws/credential.yaml", line: 2, character: 12))?["result"] == .null)
    }

    @Test func definitionOfReferencesAndVariables() {
        let session = Session()
        let provider = session.request("textDocument/definition", session.at("/ws/credential.yaml", line: 6, character: 20))
        #expect(provider?["result"] == ["uri": "file:///ws/provider.yaml", "range": ["start": ["line": 2, "character": 6], "end": ["line": 2, "character": 15]]])
        let credential = session.request("textDocument/definition", session.at("/ws/named.yaml", line: 5, character: 22))
        #expect(credential?["result"]?["uri"] == "file:///ws/credential.yaml")
        let variable = session.request("textDocument/definition", session.at("/ws/named.yaml", line: 4, character: 9))
        #expect(variable?["result"] == [["uri": "file:///ws/named.yaml", "range": ["start": ["line": 11, "character": 2], "end": ["line": 11, "character": 13]]]])
    }

    private func labels(_ response: JSONValue?) -> [String] {
        response?["result"]?["items"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
    }

    @Test func completionOfFieldsValuesNamesAndVariables() {
        let session = Session()
        let edited = credential.replacingOccurrences(of: "identityProvider: Okta_Prod\n", with: "identityProvider: Ok\nsc\n")
            .replacingOccurrences(of: "    sequence: 1\n", with: "    sequence: 1\n    identityType: \n    \n")
        session.open("/ws/credential.yaml", edited)
        let fields = labels(session.request("textDocument/completion", session.at("/ws/credential.yaml", line: 7, character: 2)))
        #expect(fields.contains("scope"))
        #expect(fields.contains("additionalRefreshStatusCodes"))
        #expect(!fields.contains("identityProvider"))  // already there
        #expect(!fields.contains("tokenUrl"))  // a provider's

        #expect(labels(session.request("textDocument/completion", session.at("/ws/credential.yaml", line: 6, character: 20))) == ["Okta_Prod"])
        let types = labels(session.request("textDocument/completion", session.at("/ws/credential.yaml", line: 11, character: 18)))
        // Those the credential's flow allows (client credentials: named principals only).
        #expect(types == ["NamedPrincipal"])
        let principalFields = labels(session.request("textDocument/completion", session.at("/ws/credential.yaml", line: 12, character: 4)))
        #expect(principalFields.contains("profiles"))
        #expect(!principalFields.contains("sequence"))
        #expect(!principalFields.contains("name"))

        session.open("/ws/named.yaml", named.replacingOccurrences(of: "url: ${BILLING_URL}", with: "url: ${BI"))
        #expect(labels(session.request("textDocument/completion", session.at("/ws/named.yaml", line: 4, character: 9))) == ["BILLING_URL"])
        let flows = labels(session.request("textDocument/completion", session.at("/ws/provider.yaml", line: 5, character: 6)))
        #expect(flows == ["ClientCredentials", "AuthorizationCode"])
    }

    @Test func positionsOutsideTheDocumentAnswerNothingAndDoNotTrap() {
        let session = Session()
        session.open("/ws/credential.yaml", credential)
        for (line, character) in [(1_000_000_000, 3), (-5, -5), (Int.max, Int.max), (9, 1_000), (13, 0)] {
            for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion"] {
                let response = session.request(method, session.at("/ws/credential.yaml", line: line, character: character))
                #expect(response?["error"] == nil, "\(method) at \(line):\(character)")
            }
        }
        #expect(session.request("textDocument/hover", session.at("/ws/unknown.yaml", line: 0, character: 0))?["result"] == .null)
    }

    @Test func codeActionsAreTheFixItsOfOverlappingDiagnostics() throws {
        let session = Session()
        session.open("/ws/credential.yaml", credential.replacingOccurrences(of: "identityProvider: Okta_Prod", with: "identityProvider: Okta_Prd"))
        _ = session.publish()
        var analysis = try #require(session.server.current)
        let index = try #require(analysis.diagnostics.firstIndex { $0.rule == .unknownIdentityProvider })
        let range = analysis.diagnostics[index].range
        analysis.diagnostics[index].fixes = [FixIt(message: "change to 'Okta_Prod'", edits: [TextEdit(range: range, text: "Okta_Prod")])]
        session.server.current = analysis
        let params: JSONValue = [
            "textDocument": ["uri": "file:///ws/credential.yaml"],
            "range": ["start": ["line": 6, "character": 20], "end": ["line": 6, "character": 20]], "context": ["diagnostics": []],
        ]
        let actions = try #require(session.request("textDocument/codeAction", params)?["result"]?.arrayValue)
        #expect(actions.count == 1)
        #expect(actions.first?["title"] == "change to 'Okta_Prod'")
        #expect(actions.first?["kind"] == "quickfix")
        #expect(actions.first?["isPreferred"] == true)
        #expect(actions.first?["edit"] == ["changes": ["file:///ws/credential.yaml": [["range": ["start": ["line": 6, "character": 18], "end": ["line": 6, "character": 26]], "newText": "Okta_Prod"]]]])
        var elsewhere = params
        if case .object(var members) = elsewhere {
            members["range"] = ["start": ["line": 0, "character": 0], "end": ["line": 1, "character": 0]]
            elsewhere = .object(members)
        }
        #expect(session.request("textDocument/codeAction", elsewhere)?["result"] == .array([]))
    }
}
