import Diagnostics
import Testing

@testable import LanguageServer

@Suite struct LSPFramingTests {
    @Test func messagesInOneChunkAndAcrossChunks() throws {
        var framer = MessageFramer()
        let bytes = MessageFramer.frame(Array(#"{"a":1}"#.utf8)) + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n[]".utf8)
        framer.append(bytes)
        #expect(try framer.next() == Array(#"{"a":1}"#.utf8))
        #expect(try framer.next() == Array("[]".utf8))
        #expect(try framer.next() == nil)
        // Byte by byte: nothing until the last byte of the body.
        for byte in MessageFramer.frame(Array("{}".utf8)).dropLast() {
            framer.append([byte])
            #expect(try framer.next() == nil)
        }
        framer.append(Array("}".utf8))
        #expect(try framer.next() == Array("{}".utf8))
        #expect(!framer.hasPartialMessage)
    }

    @Test func aHeaderWithoutALengthIsAnErrorAndTheNextMessageStillComes() throws {
        var framer = MessageFramer()
        framer.append(Array("Content-Lenght: 2\r\n\r\n".utf8) + MessageFramer.frame(Array("{}".utf8)))
        #expect(throws: MessageFramer.MalformedHeader.self) { try framer.next() }
        #expect(try framer.next() == Array("{}".utf8))
        framer.append(Array("Content-Length: -4\r\n\r\n".utf8))
        #expect(throws: MessageFramer.MalformedHeader.self) { try framer.next() }
    }
}

@Suite struct LSPPositionTests {
    @Test func multiByteTextBeforeThePosition() {
        // 👨‍👩‍👧 is five scalars and eight UTF-16 code units; é is one of each.
        let text = "a: ok\nx: '👨‍👩‍👧 éé' X\n"
        let converter = PositionConverter(SourceFile(path: "t.yaml", text: text))
        let line = "x: '👨‍👩‍👧 éé' X"
        let column = line.unicodeScalars.count  // X is the last scalar
        let utf16 = line.utf16.count - 1
        let position = SourcePosition(line: 2, column: column)
        #expect(converter.lsp(position) == LSPPosition(line: 1, character: utf16))
        #expect(converter.source(LSPPosition(line: 1, character: utf16)) == position)
        // The end of a range just after the last character, and past the end of the line.
        #expect(converter.lsp(SourcePosition(line: 2, column: column + 1)) == LSPPosition(line: 1, character: utf16 + 1))
        #expect(converter.source(LSPPosition(line: 1, character: 99)) == SourcePosition(line: 2, column: column + 1))
        // Inside a surrogate pair: the position after the scalar.
        #expect(converter.source(LSPPosition(line: 1, character: 5)) == SourcePosition(line: 2, column: 6))
    }

    @Test func aByteOrderMarkCountsForTheClientOnly() {
        let converter = PositionConverter(SourceFile(path: "t.yaml", text: "\u{FEFF}name: X\n"))
        #expect(converter.lsp(SourcePosition(line: 1, column: 7)) == LSPPosition(line: 0, character: 7))
        #expect(converter.source(LSPPosition(line: 0, character: 7)) == SourcePosition(line: 1, column: 7))
    }

    @Test func fileURIs() {
        let path = "/tmp/a b/é#.yaml"
        let uri = FileURI.uri(ofPath: path)
        #expect(uri == "file:///tmp/a%20b/%C3%A9%23.yaml")
        #expect(FileURI.path(ofURI: uri) == path)
        #expect(FileURI.path(ofURI: "file://localhost/x.yaml") == "/x.yaml")
        #expect(FileURI.path(ofURI: "untitled:Untitled-1") == nil)
    }
}
