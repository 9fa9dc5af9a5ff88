import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The real-shaped org folders of the import tests: `org` holds what credc models, `foreign`
/// adds what it does not (other protocols and flows, a legacy named credential, grants of
/// those, profile access).
private let importFixtures = packageRoot.appendingPathComponent("Tests/ImportTests/Fixtures")
private let defaultFolder = "force-app/main/default"

/// A temporary project whose `org/` is the given fixture folders overlaid in order.
private func project(_ overlays: String...) throws -> URL {
    let folder = try makeFolder([:])
    let org = folder.appendingPathComponent("org")
    for overlay in overlays {
        let source = importFixtures.appendingPathComponent(overlay)
        for path in filesUnder(source) {
            let target = org.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source.appendingPathComponent(path), to: target)
        }
    }
    return folder
}

/// `element/child=text` for every leaf of a metadata file, as a sorted multiset: two files with
/// the same rows in any order give the same list.
private func leaves(_ data: Data) -> [String] {
    final class Collector: NSObject, XMLParserDelegate {
        var stack: [String] = []
        var text = ""
        var rows: [[String]] = [[]]
        var leaves: [String] = []
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(elementName)
            rows.append([])
            text = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            let children = rows.removeLast()
            let path = stack.joined(separator: "/")
            stack.removeLast()
            if children.isEmpty {
                rows[rows.count - 1].append("\(path)=\(text.trimmingCharacters(in: .whitespacesAndNewlines))")
            } else {
                // A row is its leaves together, so that a value cannot move to another row unnoticed.
                rows[rows.count - 1].append("\(path){\(children.sorted().joined(separator: ";"))}")
            }
            text = ""
        }
    }
    let parser = XMLParser(data: data)
    let collector = Collector()
    parser.delegate = collector
    _ = parser.parse()
    return (collector.rows.first ?? []).sorted()
}

@Suite struct ImportCommandTests {
    @Test func adoptsAnOrgThatChecksAndPlansWithoutChanges() throws {
        let folder = try project("org")
        let result = try credc(["import", "org/\(defaultFolder)", "--out", "config"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("no problems in "), "\(result.stdout)")
        #expect(result.stderr.contains("credc: imported 2 identity providers, 2 external credentials and 3 named credentials into 'config'"))
        let config = folder.appendingPathComponent("config")
        #expect(filesUnder(config) == [
            ".credc-export", "credc-v1.schema.json", "credentials/Billing_API.yaml", "credentials/Calendar_API.yaml",
            "named-credentials/Billing.yaml", "named-credentials/Billing_Sandbox.yaml", "named-credentials/Calendar.yaml",
            "providers/Okta_Prod.yaml", "providers/Okta_Workforce.yaml",
        ])
        // The modeline's schema is the one `credc schema` prints, beside the folders by kind.
        #expect(try text(config, "credc-v1.schema.json") == (try credc(["schema"])).stdout)
        for path in filesUnder(config) where path.hasSuffix(".yaml") {
            #expect(try text(config, path).hasPrefix("# yaml-language-server: $schema=../credc-v1.schema.json\napiVersion: credc/v1\n"))
        }

        // A machine format gets its document even with nothing to report.
        let json = try credc(["import", "org/\(defaultFolder)", "--out", "config", "--format", "json"], in: folder)
        #expect(json.status == 0)
        #expect((try parseJSON(json.stdout)["diagnostics"] as? [Any])?.isEmpty == true)

        let check = try credc(["check", "config"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let plan = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.hasPrefix("Plan against the org as retrieved in 'org'.\n\nNo changes."))

        // Exported again, the modelled files hold the rows they were imported from.
        #expect(try credc(["export", "config", "--out", "exported"], in: folder).status == 0)
        let exported = folder.appendingPathComponent("exported")
        let original = folder.appendingPathComponent("org/\(defaultFolder)")
        for path in filesUnder(exported) where path.hasSuffix("-meta.xml") && !path.hasPrefix("permissionsets/") {
            let before = leaves(try Data(contentsOf: original.appendingPathComponent(path)))
            let after = leaves(try Data(contentsOf: exported.appendingPathComponent(path)))
            #expect(before == after, "\(path)")
        }
        // Permission sets: the grants, exactly, whether the org's set is one file or decomposed.
        let grants = { (rows: [String]) in rows.filter { $0.hasPrefix("PermissionSet/externalCredentialPrincipalAccesses") } }
        for path in filesUnder(exported) where path.hasPrefix("permissionsets/") {
            let name = String(path.dropFirst("permissionsets/".count).prefix { $0 != "." })
            let originals = filesUnder(original).filter {
                $0 == path || $0.hasPrefix("permissionsets/\(name)/")
            }
            let before = try originals.flatMap { grants(leaves(try Data(contentsOf: original.appendingPathComponent($0)))) }
            #expect(before.sorted() == grants(leaves(try Data(contentsOf: exported.appendingPathComponent(path)))), "\(path)")
        }
    }

    /// A Salesforce CLI placeholder stays text through import, check and plan.
    @Test func placeholdersRoundTripAsText() throws {
        let folder = try project("org")
        let file = folder.appendingPathComponent("org/\(defaultFolder)/namedCredentials/Billing.namedCredential-meta.xml")
        let xml = try String(decoding: Data(contentsOf: file), as: UTF8.self)
        try Data(xml.replacingOccurrences(of: "Billing: v2 #prod", with: "Billing (${SF_ORG_NAME})").utf8).write(to: file)
        let result = try credc(["import", "org", "--out", "config", "--color", "never"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try text(folder.appendingPathComponent("config"), "named-credentials/Billing.yaml").contains(
            "\nlabel: Billing ($${SF_ORG_NAME})\n"))
        #expect(result.stdout.contains("'label' of 'Billing' holds '${', written as '$${'"))
        let check = try credc(["check", "config"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let plan = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    @Test func foreignResourcesAreReportedAndLeftOut() throws {
        let folder = try project("org", "foreign")
        let result = try credc(["import", "org", "--out", "config", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try parseJSON(result.stdout)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let rules = diagnostics.compactMap { $0["rule"] as? String }
        #expect(rules.filter { $0 == "foreign-resource" }.count == 5, "\(rules)")
        #expect(rules.filter { $0 == "unrepresented-state" }.count == 1, "\(rules)")
        let legacy = try #require(diagnostics.first { ($0["file"] as? String)?.hasSuffix("Legacy_ERP.namedCredential-meta.xml") == true })
        #expect(legacy["file"] as? String == "org/\(defaultFolder)/namedCredentials/Legacy_ERP.namedCredential-meta.xml")
        #expect(legacy["severity"] as? String == "info")
        #expect(!filesUnder(folder.appendingPathComponent("config")).contains { $0.contains("Stripe") || $0.contains("Legacy") })

        let check = try credc(["check", "config"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // What is left out is left alone: the plan against the whole org folder has no changes.
        let plan = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    /// An org's header row holding a key (SPEC §10): the row is left out, not its resource, the
    /// key is never printed, and the plan shows the row's removal with the value hidden.
    @Test func aHeaderRowHoldingAKeyIsLeftOutNotItsResource() throws {
        let folder = try project("org")
        let file = folder.appendingPathComponent("org/\(defaultFolder)/namedCredentials/Billing.namedCredential-meta.xml")
        let key = "AKIA2QWERTYZXCVB7K3D"
        let xml = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "    <namedCredentialType>",
            with: "    <namedCredentialParameters>\n        <parameterName>X-Key</parameterName>\n"
                + "        <parameterType>HttpHeader</parameterType>\n        <parameterValue>\(key)</parameterValue>\n"
                + "        <sequenceNumber>1</sequenceNumber>\n    </namedCredentialParameters>\n    <namedCredentialType>")
        try Data(xml.utf8).write(to: file)
        let imported = try credc(["import", "org", "--out", "config"], in: folder)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("the HttpHeader row 'X-Key' of NamedCredential 'Billing' holds what looks like an AWS access key ID"))
        let written = try String(contentsOf: folder.appendingPathComponent("config/named-credentials/Billing.yaml"), encoding: .utf8)
        #expect(!written.contains(key) && !written.contains("X-Key"))
        for format in ["text", "json"] {
            let plan = try credc(["plan", "config", "--state-metadata", "org", "--prune", "--format", format], in: folder)
            #expect(!plan.stdout.contains("- delete") && !plan.stdout.contains(#""action": "delete""#), "\(plan.stdout)")
            #expect(!plan.stdout.contains(key))
            #expect(plan.stdout.contains("X-Key") && plan.stdout.contains("(value hidden)"), "\(plan.stdout)")
        }
        #expect(![imported.stdout, imported.stderr].joined().contains(key))
    }

    /// An org whose resources credc can represent none of: each is listed, nothing is written,
    /// exit 66 — exit 0 means the folder written is a configuration `check` accepts.
    @Test func anImportOfNothingRepresentableWritesNothing() throws {
        let folder = try makeFolder([
            "org/externalCredentials/Vault.externalCredential-meta.xml": """
                <?xml version="1.0" encoding="UTF-8"?>
                <ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
                    <authenticationProtocol>Password</authenticationProtocol>
                    <label>Vault</label>
                </ExternalCredential>

                """,
        ])
        for format in ["text", "json"] {
            let result = try credc(["import", "org", "--out", "config", "--format", format], in: folder)
            #expect(result.status == 66, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("foreign-resource"))
            #expect(result.stderr.contains("nothing to import: credc can represent none of the resources found"))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
        }
    }

    @Test func textDiagnosticsShowTheXMLLine() throws {
        let folder = try project("org", "foreign")
        let result = try credc(["import", "org", "--out", "config", "--color", "never"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains(
            "org/\(defaultFolder)/profiles/Custom%3A Support.profile-meta.xml:4:5: warning: profile 'Custom: Support' has access"))
        #expect(result.stdout.contains("   4 |     <externalCredentialPrincipalAccesses>\n"))
    }

    @Test func malformedXMLWritesNothing() throws {
        let folder = try project("org")
        let broken = folder.appendingPathComponent("org/\(defaultFolder)/namedCredentials/Billing.namedCredential-meta.xml")
        try Data("<?xml version=\"1.0\"?>\n<NamedCredential>\n  <label>A & B</label>\n</NamedCredential>\n".utf8).write(to: broken)
        let result = try credc(["import", "org", "--out", "config", "--color", "never"], in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("org/\(defaultFolder)/namedCredentials/Billing.namedCredential-meta.xml:3:"))
        #expect(result.stdout.contains("error: malformed XML"))
        #expect(result.stdout.contains("[invalid-state]"))
        #expect(result.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
    }

    @Test func replacesOnlyEmptyOrCredcFolders() throws {
        let folder = try project("org")
        let config = folder.appendingPathComponent("config")

        // Empty: replaced.
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        #expect(try credc(["import", "org", "--out", "config"], in: folder).status == 0)
        #expect(filesUnder(config).contains("providers/Okta_Prod.yaml"))

        // Written by credc: replaced whole, so a file of the last run that is no longer imported goes.
        try FileManager.default.removeItem(
            at: folder.appendingPathComponent("org/\(defaultFolder)/namedCredentials/Calendar.namedCredential-meta.xml"))
        #expect(try credc(["import", "org", "--out", "config"], in: folder).status == 0)
        #expect(!filesUnder(config).contains("named-credentials/Calendar.yaml"))
        #expect(filesUnder(config).contains("named-credentials/Billing.yaml"))
        #expect(filesUnder(config).contains(".credc-export"))

        // Anybody else's: exit 73, untouched.
        let mine = try makeFolder(["notes.txt": "mine", "credentials/a.yaml": "keep"])
        let before = filesUnder(mine)
        let refused = try credc(["import", "org", "--out", mine.path], in: folder)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("exists and was not written by credc"))
        #expect(filesUnder(mine) == before)
        #expect(try text(mine, "notes.txt") == "mine")

        // A file where the folder should be: exit 73.
        let file = folder.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        #expect(try credc(["import", "org", "--out", "file.txt"], in: folder).status == 73)
        #expect(try text(folder, "file.txt") == "x")
    }

    @Test func unreadableInputIsExit66() throws {
        let folder = try makeFolder(["a-file.xml": "<x/>"])
        let missing = try credc(["import", "nowhere", "--out", "config"], in: folder)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("cannot read the folder 'nowhere'"))
        let notAFolder = try credc(["import", "a-file.xml", "--out", "config"], in: folder)
        #expect(notAFolder.status == 66)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
        // A folder with no credential metadata is most likely the wrong folder.
        let empty = try credc(["import", ".", "--out", "config"], in: folder)
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("no external auth identity provider, external credential or named credential under '.'"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
    }

    @Test func outIsRequired() throws {
        let result = try credc(["import", "org"], in: try makeFolder([:]))
        #expect(result.status == 64)
    }
}
