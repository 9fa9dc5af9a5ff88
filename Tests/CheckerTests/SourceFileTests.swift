import Diagnostics
import Foundation
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

    /// The line of an offset, counted without line starts, is the line line starts give.
    @Test(arguments: ["a\nbb\n\nccc\n", "a\r\nbb\r\n\r\nccc", "a\rbb\r\rc", "é\nü\n", ""])
    func countedLinesAreTheLinesOfPositions(text: String) {
        let file = SourceFile(path: "f.yaml", text: text)
        for offset in 0...text.utf8.count + 1 {
            #expect(file.line(ofByteOffset: offset) == file.position(ofByteOffset: offset).line, "offset \(offset)")
        }
    }

    /// In a large haystack the search anchors on the needle's rarest byte (`%` of `\n%`, `$`
    /// of `x${`): it finds the first occurrence, at either end and after near misses.
    @Test func aSearchAnchoredOnARareByteFindsTheFirstOccurrence() {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 17)
        for index in stride(from: 0, to: bytes.count, by: 7) { bytes[index] = 0x0A }
        bytes[100] = UInt8(ascii: "%")  // after an `a`: a near miss
        bytes.withUnsafeBufferPointer { haystack in
            #expect(firstOffset(of: Array("\n%".utf8), in: haystack, from: 0) == nil)
        }
        bytes[70_000] = 0x0A
        bytes[70_001] = UInt8(ascii: "%")
        bytes[90_000] = 0x0A
        bytes[90_001] = UInt8(ascii: "%")
        bytes.withUnsafeBufferPointer { haystack in
            #expect(firstOffset(of: Array("\n%".utf8), in: haystack, from: 0) == 70_000)
            #expect(firstOffset(of: Array("\n%".utf8), in: haystack, from: 70_001) == 90_000)
        }
        bytes[0] = UInt8(ascii: "x")
        bytes[1] = UInt8(ascii: "$")
        bytes[2] = UInt8(ascii: "{")
        bytes[bytes.count - 2] = UInt8(ascii: "$")
        bytes[bytes.count - 1] = UInt8(ascii: "{")
        bytes.withUnsafeBufferPointer { haystack in
            #expect(firstOffset(of: Array("x${".utf8), in: haystack, from: 0) == 0)
            #expect(firstOffset(of: Array("${".utf8), in: haystack, from: 2) == bytes.count - 2)
            #expect(firstOffset(of: Array("a${".utf8), in: haystack, from: 0) == bytes.count - 3)
        }
    }

    /// A mapped file is the file: the same bytes, lines and positions, and so after its pages
    /// are dropped; a search finds a needle across the seam of the blocks it drops pages by.
    @Test func aMappedFileIsTheFileInMemory() throws {
        let seam = SourceFile.releasedBlock
        var bytes = Array(String(repeating: "key: value é\r\n", count: seam / 15 + 100).utf8)
        let needle = Array("credc:ignore".utf8)
        bytes.replaceSubrange(seam - 5..<seam - 5 + needle.count, with: needle)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credc-mapped-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try #require(SourceFile.mapping(path: url.path, minimumSize: 1, limit: .max))
        let inMemory = SourceFile(path: url.path, bytes: bytes)
        #expect(mapped.isMapped && !inMemory.isMapped)
        for file in [mapped, inMemory] {
            #expect(file.contains(bytes: "credc:ignore"))
            #expect(!file.contains(bytes: "credc:ignore!"))
        }
        mapped.releasePages(0..<mapped.count)
        #expect(mapped.count == bytes.count)
        #expect(mapped.bytes == bytes)
        #expect(mapped.lineCount == inMemory.lineCount)
        for line in [1, 2, mapped.lineCount / 2, mapped.lineCount - 1, mapped.lineCount] {
            #expect(mapped.lineText(line) == inMemory.lineText(line))
        }
        for offset in [0, 17, seam - 1, seam, bytes.count - 3, bytes.count] {
            #expect(mapped.position(ofByteOffset: offset) == inMemory.position(ofByteOffset: offset))
            #expect(mapped.byte(at: offset) == inMemory.byte(at: offset))
        }
    }

    /// Only a regular file within the sizes asked for is mapped; anything else is read.
    @Test func onlyARegularFileOfTheSizesAskedForIsMapped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credc-mapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.yaml")
        try Data("a: 1\n".utf8).write(to: file)
        try Data().write(to: folder.appendingPathComponent("empty.yaml"))
        #expect(SourceFile.mapping(path: file.path, minimumSize: 1, limit: 5)?.lineText(1) == "a: 1")
        #expect(SourceFile.mapping(path: file.path, minimumSize: 6, limit: 100) == nil)
        #expect(SourceFile.mapping(path: file.path, minimumSize: 1, limit: 4) == nil)
        #expect(SourceFile.mapping(path: folder.appendingPathComponent("empty.yaml").path, minimumSize: 0, limit: 100) == nil)
        #expect(SourceFile.mapping(path: folder.path, minimumSize: 0, limit: .max) == nil)
        #expect(SourceFile.mapping(path: folder.appendingPathComponent("missing.yaml").path, minimumSize: 0, limit: .max) == nil)
    }

    /// A file from disk lets go of its contents and reads them again when asked, mapped or not;
    /// once the file has changed (here rewritten, same size, a later modification time), it
    /// reads as empty: no line is shown that is not the one checked.
    @Test(arguments: [false, true])
    func aFileFromDiskReadsItsContentsAgainUnlessTheyChanged(mapped: Bool) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credc-unload-\(UUID().uuidString).yaml")
        try Data("a: 1\nb: é\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try #require(
            mapped ? SourceFile.mapping(path: url.path, minimumSize: 1, limit: .max) : SourceFile.reading(path: url.path, limit: 100))
        #expect(file.isMapped == mapped)
        file.unloadContents()
        #expect(file.lineText(2) == "b: é")
        #expect(file.position(ofByteOffset: 8) == SourcePosition(line: 2, column: 4))
        #expect(file.isMapped == mapped)
        // Written again; the modification time is set apart, as a coarse file system could leave it.
        try Data("a: 2\nb: é\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: url.path)
        // Bytes read are kept; a mapping shows the file as it is now (that is what it is).
        #expect(file.lineText(1) == (mapped ? "a: 2" : "a: 1"))
        file.unloadContents()
        #expect(file.isEmpty)
        #expect(file.lineCount == 1)
        #expect(file.lineText(2) == "")
        // A file not from disk has nothing to read again: it keeps its bytes.
        let inMemory = SourceFile(path: url.path, text: "x: 1\n")
        inMemory.unloadContents()
        #expect(inMemory.lineText(1) == "x: 1")
    }
}

