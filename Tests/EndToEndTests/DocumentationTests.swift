import Foundation
import Testing

/// The repository documents itself: the generated pages in `docs/` are current, and no
/// document points at a file the repository does not hold.
@Suite struct ReferenceDocsTests {
    /// `credc docs --out` into a scratch folder, page by page against `docs/`. `RECORD=1`
    /// rewrites `docs/` and fails the run, like the other goldens.
    @Test func generatedPagesAreCurrent() throws {
        let scratch = try makeFolder([:])
        let result = try credc(["docs", "--out", scratch.path])
        try #require(result.status == 0, "\(result.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(pages == ["input-format.md", "rules.md"])
        for page in pages {
            let generated = try String(contentsOf: scratch.appendingPathComponent(page), encoding: .utf8)
            let committed = packageRoot.appendingPathComponent("docs/\(page)")
            if ProcessInfo.processInfo.environment["RECORD"] == "1" {
                try Data(generated.utf8).write(to: committed)
                Issue.record("recorded docs/\(page); run again without RECORD=1")
                continue
            }
            let expected = try? String(contentsOf: committed, encoding: .utf8)
            #expect(
                generated == expected,
                "docs/\(page) is stale: run `RECORD=1 swift test --filter ReferenceDocsTests` and commit it")
        }
    }

    @Test func generatedPagesListEveryRuleAndKind() throws {
        let scratch = try makeFolder([:])
        #expect(try credc(["docs", "--out", scratch.path]).status == 0)
        let rules = try String(contentsOf: scratch.appendingPathComponent("rules.md"), encoding: .utf8)
        let listed = try credc(["rules"]).stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(!listed.isEmpty)
        for rule in listed {
            #expect(rules.contains("\n## \(rule)\n"), "rules.md lacks \(rule)")
        }
        let format = try String(contentsOf: scratch.appendingPathComponent("input-format.md"), encoding: .utf8)
        for kind in ["ExternalAuthIdentityProvider", "ExternalCredential", "NamedCredential", "Principal"] {
            #expect(format.contains("\n## \(kind)\n"))
        }
        #expect(format.contains("| `tokenUrl` | string | yes, unless `unmanaged` |"))
    }
}

@Suite struct DocumentLinkTests {
    /// README.md and every page under docs/.
    private func documents() throws -> [URL] {
        let docs = packageRoot.appendingPathComponent("docs")
        let pages = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [packageRoot.appendingPathComponent("README.md")] + pages.map { docs.appendingPathComponent($0) }
    }

    @Test func everyRelativeLinkResolvesInsideTheRepository() throws {
        let documents = try documents()
        #expect(documents.count >= 5)
        let root = packageRoot.standardizedFileURL.path + "/"
        for document in documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            for target in markdownLinks(in: text) {
                if target.hasPrefix("https://") || target.hasPrefix("http://") || target.hasPrefix("#") { continue }
                let path = String(target.prefix { $0 != "#" })
                let resolved = document.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                #expect(resolved.path.hasPrefix(root), "\(document.lastPathComponent) links outside the repository: \(target)")
                #expect(
                    FileManager.default.fileExists(atPath: resolved.path),
                    "\(document.lastPathComponent) links to a missing file: \(target)")
            }
        }
    }

    /// `#anchor` links, within a page or into another, name a heading there (GitHub's anchors:
    /// lower case, punctuation dropped, spaces as hyphens): moving a section must move its links.
    @Test func everyAnchorNamesAHeading() throws {
        func anchors(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
                guard line.hasPrefix("#") else { return nil }
                let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                return String(title.unicodeScalars.filter {
                    CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
                }.map(Character.init)).replacingOccurrences(of: " ", with: "-")
            })
        }
        for document in try documents() {
            let text = try String(contentsOf: document, encoding: .utf8)
            for target in markdownLinks(in: text) where target.contains("#") && !target.hasPrefix("http") {
                let path = String(target.prefix { $0 != "#" })
                let anchor = String(target.drop { $0 != "#" }.dropFirst())
                let page = path.isEmpty ? document : document.deletingLastPathComponent().appendingPathComponent(path)
                guard page.pathExtension == "md", let pageText = try? String(contentsOf: page, encoding: .utf8) else { continue }
                #expect(anchors(pageText).contains(anchor), "\(document.lastPathComponent) links to a missing heading: \(target)")
            }
        }
    }

    /// Mentions in prose count too: a page that names `SPEC.md` sends readers looking for it.
    @Test func everyNamedDocumentExistsAndNothingPointsOutside() throws {
        for document in try documents() {
            let text = try String(contentsOf: document, encoding: .utf8)
            #expect(!text.contains("../shared"), "\(document.lastPathComponent) points outside the repository")
            // Sections of a contract the repository does not hold send readers nowhere.
            #expect(!text.contains("SPEC §"), "\(document.lastPathComponent) cites SPEC, which is not in the repository")
            for name in mentionedMarkdownFiles(in: text) {
                let besideIt = document.deletingLastPathComponent().appendingPathComponent(name).path
                let fromRoot = packageRoot.appendingPathComponent(name).path
                #expect(
                    FileManager.default.fileExists(atPath: besideIt) || FileManager.default.fileExists(atPath: fromRoot),
                    "\(document.lastPathComponent) names \(name), which the repository does not hold")
            }
        }
    }

    @Test func theCheckerFindsBrokenLinks() {
        #expect(markdownLinks(in: "see [the spec](../shared/SPEC.md#x) and [rules](rules.md).") == [
            "../shared/SPEC.md#x", "rules.md",
        ])
        #expect(mentionedMarkdownFiles(in: "the project's `SPEC.md`; docs/rules.md, and https://x.org/a.md") == [
            "SPEC.md", "docs/rules.md",
        ])
    }

    /// Targets of inline links `[text](target)`, outside code spans and blocks.
    private func markdownLinks(in text: String) -> [String] {
        var links: [String] = []
        for line in prose(text) {
            var rest = Substring(line)
            while let close = rest.range(of: "](") {
                let after = rest[close.upperBound...]
                guard let end = after.firstIndex(of: ")") else { break }
                links.append(String(after[..<end]))
                rest = after[end...]
            }
        }
        return links
    }

    /// File names ending in `.md`, not part of a URL.
    private func mentionedMarkdownFiles(in text: String) -> [String] {
        var names: [String] = []
        for line in prose(text, keepingCodeSpans: true) {
            for word in line.split(whereSeparator: { " `()[]<>,;:\"'*".contains($0) }) {
                var word = String(word)
                while word.hasSuffix(".") { word.removeLast() }
                if let hash = word.firstIndex(of: "#") { word = String(word[..<hash]) }
                if word.hasSuffix(".md"), !word.contains("//"), word.count > 3 { names.append(word) }
            }
        }
        return names
    }

    /// The lines outside fenced code blocks; without code spans unless asked.
    private func prose(_ text: String, keepingCodeSpans: Bool = false) -> [String] {
        var inFence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if keepingCodeSpans {
                lines.append(String(line))
            } else {
                lines.append(line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.offset.isMultiple(of: 2) }.map(\.element).joined())
            }
        }
        return lines
    }
}
