import Foundation
import Testing

/// credc links FoundationEssentials only: Foundation proper (with its ICU data and its
/// thousands of protocol conformances) took a third of a small file's start-up (README,
/// Performance). One `import Foundation` anywhere in Sources would bring it back whole.
@Suite struct FoundationImportTests {
    @Test func noSourceFileImportsFoundationProper() throws {
        let sources = packageRoot.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        let forbidden = try Regex(#"^\s*(@\w+\s+)*(public\s+|internal\s+)?import\s+(Foundation|FoundationNetworking|FoundationXML|FoundationInternationalization)\s*$"#)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.wholeMatch(of: forbidden) != nil {
                Issue.record("Sources/\(file): `\(line)` links Foundation proper; use FoundationEssentials")
            }
        }
    }
}
