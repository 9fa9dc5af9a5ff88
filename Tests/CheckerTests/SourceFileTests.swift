import Diagnostics
import Testing

/// Line starts are found with memchr when a file has no CR and byte by byte when it has one:
/// both must give the lines YAML sees.
@Suite struct SourceFileTests {
    @Test(arguments: [
        ("a\nbb\n\nccc", ["a", "bb", "", "ccc"]),
        ("a\nbb\n", ["a", "bb", ""]),
        ("\n", ["", ""]),
        ("", [""]),
        ("no break", ["no break"]),
        ("a\r\nbb\r\n", ["a", "bb", ""]),
        ("a\rbb\rc", ["a", "bb", "c"]),
        ("a\r\n\rb\nc", ["a", "", "b", "c"]),
        ("é\nü\n", ["é", "ü", ""]),
    ])
    func linesAreWhatYAMLSees(text: String, lines: [String]) {
        let file = SourceFile(path: "f.yaml", text: text)
        #expect(file.lineCount == lines.count)
        #expect((1...max(file.lineCount, 1)).map(file.lineText) == lines)
    }

    @Test func offsetsAndPositionsAgreeWithAndWithoutCR() {
        for text in ["key: value\nname: é x\n", "key: value\r\nname: é x\r\n"] {
            let file = SourceFile(path: "f.yaml", text: text)
            let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "x"))!
            #expect(file.position(ofByteOffset: offset) == SourcePosition(line: 2, column: 9))
            #expect(file.byteOffset(of: SourcePosition(line: 2, column: 9)) == offset)
        }
    }
}
