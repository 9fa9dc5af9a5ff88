import Diagnostics
import Testing

@testable import YAML

/// A large file is read in chunks of whole documents on several cores: the chunks must hold
/// exactly the documents, positions and findings of one read of the whole file.
@Suite struct ChunkTests {
    private func file(_ text: String) -> SourceFile { SourceFile(path: "big.yaml", text: text) }

    /// Every document of every chunk, in order, described by what a rule can see of it.
    private func described(_ documents: [Document]) -> [String] {
        documents.map { "\($0.index) \(describe($0.root))" }
    }

    private func describe(_ node: Node) -> String {
        let range = "\(node.range.start.line):\(node.range.start.column)-\(node.range.end.line):\(node.range.end.column)"
        switch node.content {
        case .scalar(let scalar): return "\(scalar.text)@\(range)"
        case .sequence(let items): return "[\(items.map(describe).joined(separator: ", "))]@\(range)"
        case .mapping(let entries):
            return "{\(entries.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", "))}@\(range)"
        }
    }

    private func readInChunks(_ source: SourceFile, count: Int) throws -> (documents: [Document], findings: [Finding]) {
        let chunks = try #require(YAMLReader.chunks(of: source, count: count))
        var documents: [Document] = []
        var findings: [Finding] = []
        for chunk in chunks {
            let read = YAMLReader.read(source, chunk: chunk, firstDocument: documents.count) { documents.append($0) }
            findings += read.findings
        }
        return (documents, findings)
    }

    private let text = (0..<40).map { index in
        """
        # document \(index)
        name: Doc_\(index)
        label: "é \(index)"
        list: [a, \(index)]
        block: |
          line one
          ---not a marker, indented
        \(index % 3 == 0 ? "---x: a key, not a marker\n" : "")
        """
    }.joined(separator: "---\n")

    @Test(arguments: [2, 3, 7])
    func chunksReadAsTheWholeFile(count: Int) throws {
        let source = file(text)
        let whole = YAMLReader.read(source)
        #expect(whole.findings.isEmpty)
        let chunked = try readInChunks(source, count: count)
        #expect(chunked.findings.isEmpty)
        #expect(described(chunked.documents) == described(whole.documents))
        #expect(whole.documents.count == 40)
    }

    @Test func chunksStartAtADocumentMarkerLine() throws {
        let source = file(text)
        let chunks = try #require(YAMLReader.chunks(of: source, count: 4))
        #expect(chunks.count == 4)
        #expect(chunks.first?.bytes.lowerBound == 0)
        #expect(chunks.last?.bytes.upperBound == source.bytes.count)
        for (chunk, next) in zip(chunks, chunks.dropFirst()) {
            #expect(chunk.bytes.upperBound == next.bytes.lowerBound)
            #expect(Array(source.bytes[next.bytes.lowerBound..<(next.bytes.lowerBound + 4)]) == Array("---\n".utf8))
            #expect(source.position(ofByteOffset: next.bytes.lowerBound) == SourcePosition(line: next.firstLine, column: 1))
        }
    }

    /// A problem's position is the file's, not the chunk's.
    @Test func findingsOfALaterChunkPointIntoTheFile() throws {
        let source = file(text + "---\nname: a\nname: b\n")
        let whole = YAMLReader.read(source)
        let chunked = try readInChunks(source, count: 3)
        #expect(whole.findings.map(\.range) == chunked.findings.map(\.range))
        #expect(whole.findings.map(\.rule) == [.duplicateKey])
    }

    @Test func directivesAndBreaksSourceFileDoesNotCountAreNotSplit() {
        #expect(YAMLReader.chunks(of: file("%YAML 1.2\n---\na: 1\n---\nb: 2\n"), count: 2) == nil)
        #expect(YAMLReader.chunks(of: file("a: 1\n%TAG !e! tag:e,2000:\n---\nb: 2\n"), count: 2) == nil)
        #expect(YAMLReader.chunks(of: file("a: 1\u{85}\n---\nb: 2\n"), count: 2) == nil)
        #expect(YAMLReader.chunks(of: file("a: 1\u{2028}\n---\nb: 2\n"), count: 2) == nil)
        // No marker line to split at: one document.
        #expect(YAMLReader.chunks(of: file("a: 1\nb: ---\n"), count: 2) == nil)
        #expect(YAMLReader.chunks(of: file("a: 1\n"), count: 1) == nil)
    }
}
