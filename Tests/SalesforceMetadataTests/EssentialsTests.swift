import Foundation
import Testing

@testable import SalesforceMetadata

/// What Foundation did for the metadata reader and is written here now that only
/// FoundationEssentials is linked: the folder walk and percent-decoding of profile file names.
@Suite struct EssentialsTests {
    @Test func theWalkFindsRegularFilesSkipsHiddenOnesAndFollowsNoLink() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("credc-walk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["a/b", ".hidden", "a/.git", "outside"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["top.xml", "a/one.xml", "a/b/two.xml", ".hidden/no.xml", "a/.git/no", "a/.dot.xml", "outside/far.xml"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/linked").path, withDestinationPath: root.appendingPathComponent("outside").path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/link.xml").path, withDestinationPath: root.appendingPathComponent("top.xml").path)
        let found = try MetadataReader.regularFiles(under: root.path).sorted()
        #expect(found == ["a/b/two.xml", "a/one.xml", "outside/far.xml", "top.xml"])
    }

    @Test func aFolderThatIsNotThereThrows() {
        #expect(throws: (any Error).self) { try MetadataReader.regularFiles(under: "/nonexistent-credc-folder") }
    }

    @Test(arguments: [
        ("Admin", "Admin"), ("Custom%3A Support", "Custom: Support"), ("Caf%C3%A9", "Café"), ("a%2fb%2Fc", "a/b/c"),
    ])
    func percentEscapesAreDecoded(text: String, decoded: String) {
        #expect(percentDecoded(text) == decoded)
    }

    @Test(arguments: ["100%", "%4", "%zz", "%FF"])
    func malformedEscapesAreNotDecoded(text: String) {
        #expect(percentDecoded(text) == nil)
        // Foundation's removingPercentEncoding agreed, which the reader called before.
        #expect(text.removingPercentEncoding == nil)
    }
}
