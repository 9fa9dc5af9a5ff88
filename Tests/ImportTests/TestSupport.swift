import Diagnostics
import Foundation
import Import
import SalesforceMetadata
import Testing

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Every file of the fixture folders, overlaid in order, by path relative to them.
func fixtureFiles(_ names: String...) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in names {
        let folder = fixtures.appendingPathComponent(name)
        let base = folder.standardizedFileURL.pathComponents.count
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let relative = url.standardizedFileURL.pathComponents.dropFirst(base).joined(separator: "/")
            files[relative] = try Data(contentsOf: url)
        }
    }
    return files
}

/// Reads `files` as a retrieved folder and imports it, as the command does.
func importFiles(_ files: [String: Data]) -> ImportResult {
    let read = MetadataReader().read(files: files)
    var sources: [String: SourceFile] = [:]
    for (path, data) in files { sources[path] = SourceFile(path: path, bytes: Array(data)) }
    let grants = files.keys.sorted().filter(ProfileAccessScan.isProfileFile).flatMap {
        ProfileAccessScan.grants(file: $0, data: files[$0]!)
    }
    return OrgImport().run(read, sources: sources, profileGrants: grants)
}

func importTexts(_ files: [String: String]) -> ImportResult {
    importFiles(files.mapValues { Data($0.utf8) })
}

/// `file:line:column: severity: message [rule]`, one per line, as the text format starts.
func summary(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map {
        "\($0.file):\($0.range.start.line):\($0.range.start.column): \($0.severity.rawValue): \($0.message) [\($0.rule)]"
    }
}

let metadataRoot = "force-app/main/default"

/// A metadata file's text with the XML declaration and the namespace, around `body`.
func metadataXML(_ root: String, _ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <\(root) xmlns="http://soap.sforce.com/2006/04/metadata">
    \(body)
    </\(root)>

    """
}
