import Checker
import Diagnostics
import Driver
import Foundation
import Testing

/// One large file is read in chunks on several cores, or by one reader with a second core
/// modeling: the diagnostics and the model must be those of reading it on one thread.
@Suite struct ParallelReadingTests {
    /// The valid and invalid samples (but those that do not parse), as one file of many
    /// documents, twice: the second copy's names clash with the first's across the chunks.
    private static let text =
        sampleDocuments + "\n" + sampleDocuments + "\n---\n# credc:ignore secret-in-config -- a test value\npassword: hunter2\n"

    private func run(_ text: String, parallelFrom size: Int, chunks: Bool = true) -> (diagnostics: [Diagnostic], manifest: String) {
        var options = CheckOptions()
        options.parallelReadingSize = size
        options.readsInChunks = chunks
        let analysis = Pipeline.analyze([SourceFile(path: "all.yaml", text: text)], options: options)
        return (analysis.diagnostics, ManifestCompiler.compile(analysis.model).text)
    }

    @Test func chunkedAndPipelinedReadingsAreTheOneThreadReading() {
        let one = run(Self.text, parallelFrom: .max)
        #expect(one.diagnostics.count > 50)
        #expect(Set(one.diagnostics.map(\.rule)).count > 10)
        let chunked = run(Self.text, parallelFrom: 0)
        let pipelined = run(Self.text, parallelFrom: 0, chunks: false)
        #expect(chunked.diagnostics == one.diagnostics)
        #expect(chunked.manifest == one.manifest)
        #expect(pipelined.diagnostics == one.diagnostics)
        #expect(pipelined.manifest == one.manifest)
    }

    /// A large file is mapped, and the parser drops the pages it has passed (a megabyte at a
    /// time) while both cores read: what it finds is what reading the file into memory finds.
    @Test(arguments: [0, Int.max])
    func aMappedFileReadsAsTheFileInMemory(parallelFrom size: Int) throws {
        let padding = String(repeating: "# " + String(repeating: "padding ", count: 9) + "\n", count: 40_000)
        let text = padding + Self.text + "\n---\n" + padding + "apiVersion: credc/v1\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credc-mapped-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try #require(SourceFile.mapping(path: url.path, minimumSize: 1, limit: .max))
        #expect(mapped.isMapped)
        #expect(mapped.count > 3 * SourceFile.releasedBlock)
        var options = CheckOptions()
        options.parallelReadingSize = size
        let fromMapping = Pipeline.analyze([mapped], options: options)
        let fromMemory = Pipeline.analyze([SourceFile(path: url.path, text: text)], options: options)
        #expect(fromMapping.diagnostics.count > 50)
        #expect(fromMapping.diagnostics == fromMemory.diagnostics)
        #expect(ManifestCompiler.compile(fromMapping.model).text == ManifestCompiler.compile(fromMemory.model).text)
        #expect(mapped.bytes == Array(text.utf8))
    }

    /// A reader finding in a later chunk (an alias to an earlier document's anchor; reading
    /// stops there) has the message and the stop of one read: the file is read whole again.
    @Test func aReaderFindingInALaterChunkIsThatOfOneRead() {
        let text = "a: &shared x\n" + Self.text + "\n---\nb: *shared\n---\nc: after the stop\n"
        let one = run(text, parallelFrom: .max)
        let chunked = run(text, parallelFrom: 0)
        #expect(one.diagnostics.contains { $0.message.contains("anchor of an earlier document") })
        #expect(chunked.diagnostics == one.diagnostics)
        #expect(chunked.manifest == one.manifest)
    }
}

/// A large model's rules run side by side, the heaviest first: their findings must be those
/// of running them one after another, in registry order.
@Suite struct SideBySideRulesTests {
    @Test func rulesSideBySideFindWhatTheyFindOneAfterAnother() {
        // The samples' findings (every rule that fires on them), and the heavy rules' own:
        // a broken header formula, a permission set spelt in two cases, a flow's missing field.
        let extra = """
            ---
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Heavy_API
            label: Heavy
            protocol: Custom
            authHeaders:
              - name: X-Key
                value: '{!$Credential.Heavy_API.Nope}'
            principals:
              - name: One
                sequence: 1
                permissionSets: [Heavy_Users]
                secrets: {ApiKey: HEAVY_KEY}
              - name: Two
                sequence: 2
                permissionSets: [heavy_users]
                secrets: {ApiKey: HEAVY_KEY_TWO}
            ---
            apiVersion: credc/v1
            kind: ExternalCredential
            name: No_Provider_API
            label: No provider
            protocol: OAuth
            flow: ClientCredentialsExternalIdentityProvider
            principals:
              - name: One
                sequence: 1
                permissionSets: [Heavy_Users]

            """
        let text = sampleDocuments + "\n" + extra
        func run(sideBySideFrom: Int) -> [Diagnostic] {
            var options = CheckOptions()
            options.rulesSideBySideFrom = sideBySideFrom
            return Pipeline.analyze([SourceFile(path: "all.yaml", text: text)], options: options).diagnostics
        }
        let oneAfterAnother = run(sideBySideFrom: .max)
        let rules = Set(oneAfterAnother.map(\.rule))
        #expect(rules.isSuperset(of: [.formulaSyntax, .duplicateName, .missingField]))
        #expect(rules.count > 10)
        #expect(run(sideBySideFrom: 0) == oneAfterAnother)
        // The diagnostics above are sorted by position; the checker's own findings keep their
        // order, which must be the registry's, whichever rule started first.
        let analysis = Pipeline.analyze([SourceFile(path: "all.yaml", text: text)], options: CheckOptions())
        let serial = Checker.check(analysis.model, files: analysis.files, sideBySideFrom: .max)
        #expect(Set(serial.map(\.rule)).isSuperset(of: [.formulaSyntax, .duplicateName]))
        #expect(Checker.check(analysis.model, files: analysis.files, sideBySideFrom: 0) == serial)
    }
}

/// The valid and invalid samples (but those that do not parse), as one file of many documents.
let sampleDocuments: String = {
    let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples").standardized
    let paths = (FileManager.default.enumerator(atPath: samples.path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yaml") && !["invalid/broken.yaml", "invalid/yaml.yaml", "invalid/indentation.yaml"].contains($0) }
        .sorted()
    let documents = paths.compactMap { try? String(contentsOf: samples.appendingPathComponent($0), encoding: .utf8) }
    return documents.map { $0.hasPrefix("---") ? $0 : "---\n" + $0 }.joined(separator: "\n")
}()
