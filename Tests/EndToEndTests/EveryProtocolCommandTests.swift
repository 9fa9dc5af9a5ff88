import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `Tests/Fixtures/orgs/every-protocol`: an org folder in the shape of real retrieved files
/// (docs/metadata.md) with one credential per protocol and flow of SPEC §10, named
/// credentials with header, certificate and private-endpoint rows, per-user and named
/// principals, a per-principal scope, grants with the project's namespace prefix and an API 55
/// credential. Issue 22: it imports completely, checks clean, plans to no changes, and exports
/// the same rows.
private let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/orgs/every-protocol")
private let defaultFolder = "force-app/main/default"

/// The fixture adopted once: import, check, plan and export, in a temporary project.
private struct Adopted {
    let folder: URL
    let importRun: RunResult
    let check: RunResult
    let plan: RunResult
    let export: RunResult

    static let shared = Result { try Adopted() }

    init() throws {
        folder = try makeFolder([:])
        let org = folder.appendingPathComponent("org")
        try FileManager.default.copyItem(at: fixture, to: org)
        importRun = try credc(["import", "org", "--out", "config", "--color", "never"], in: folder)
        check = try credc(["check", "config", "--color", "never"], in: folder)
        plan = try credc(["plan", "config", "--state-metadata", "org", "--detailed-exitcode", "--color", "never"], in: folder)
        export = try credc(["export", "config", "--out", "exported", "--state-metadata", "org", "--color", "never"], in: folder)
    }

    /// The leaves of a file the org folder holds, as an export at API 58+ writes them: a row
    /// without `parameterGroup` (API 55–57) has the documented default, a principal's
    /// `<principal>` is a grant in its permission set, and a named credential without
    /// `calloutStatus` (before 59.0) is enabled.
    func orgLeaves(_ path: String) throws -> [MetadataRow] {
        let rows = metadataRows(try Data(contentsOf: folder.appendingPathComponent("org/\(defaultFolder)/\(path)")))
        var normalized: [MetadataRow] = []
        for row in rows {
            guard row.name == "externalCredentialParameters" else {
                normalized.append(row)
                continue
            }
            var row = row
            row.leaves["principal"] = nil
            if row.leaves["parameterGroup"] == nil {
                let isPrincipal = ["NamedPrincipal", "PerUserPrincipal", "AwsStsPrincipal"].contains(row.leaves["parameterType"] ?? "")
                row.leaves["parameterGroup"] = isPrincipal ? row.leaves["parameterName"] : "DefaultGroup"
            }
            normalized.append(row)
        }
        if path.hasPrefix("namedCredentials/"), !normalized.contains(where: { $0.name == "calloutStatus" }) {
            normalized.append(MetadataRow(name: "calloutStatus", text: "Enabled"))
        }
        return normalized.sorted()
    }

    func exportedLeaves(_ path: String) throws -> [MetadataRow] {
        metadataRows(try Data(contentsOf: folder.appendingPathComponent("exported/\(path)"))).sorted()
    }
}

@Suite struct EveryProtocolCommandTests {
    /// One credential per row of SPEC §10's table (`Jwt` aside: unverified), with its named credential.
    static let protocols: [(credential: String, namedCredential: String)] = [
        ("Ledger_CC_IdP", "Ledger"),  // OAuth ClientCredentialsExternalIdentityProvider, HttpHeader rows
        ("Helpdesk_Browser", "Helpdesk"),  // OAuth BrowserFlowExternalIdentityProvider, per-principal scope
        ("Drive_Legacy", "Drive"),  // OAuth BrowserFlow through a legacy Auth. Provider
        ("Payments_CC", "Payments"),  // OAuth ClientCredentialsClientSecret (header), ClientCertificate row
        ("Shipping_CC", "Shipping"),  // OAuth ClientCredentialsClientSecret (body)
        ("Analytics_JWT", "Analytics"),  // OAuth JwtBearer: claims, descriptions, formulas
        ("Partner_JWT_Assertion", "Partner"),  // OAuth ClientCredentialsJwtAssertion
        ("Archive_S3", "Archive"),  // AwsSv4 AccessKey
        ("Events_STS", "Events"),  // AwsSv4 STS, PrivateEndpoint with OutboundNetworkConnection
        ("Vault_RolesAnywhere", "Vault"),  // AwsSv4 RolesAnywhere
        ("Orders_API", "Orders"),  // Custom with AuthHeader formulas, HttpHeader rows
        ("Public_Status", "Status"),  // Custom NoAuthentication
        ("Tickets_Basic", "Tickets"),  // Basic
        ("Legacy_Weather", "Weather"),  // API 55: no parameterGroup, <principal>, no calloutStatus
    ]

    @Test func theFolderImportsCompletelyChecksCleanAndPlansNoChanges() throws {
        let adopted = try Adopted.shared.get()
        #expect(adopted.importRun.status == 0, "\(adopted.importRun.stdout)\(adopted.importRun.stderr)")
        #expect(adopted.importRun.stderr.contains(
            "credc: imported 2 identity providers, 14 external credentials and 14 named credentials into 'config'"),
            "\(adopted.importRun.stderr)")
        // Nothing left out or unrepresented: the only findings are the permission sets' other content.
        let findings = adopted.importRun.stdout.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": error: ") }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
        #expect(!adopted.importRun.stdout.contains("left out"), "\(adopted.importRun.stdout)")
        #expect(adopted.check.status == 0, "\(adopted.check.stdout)\(adopted.check.stderr)")
        #expect(!adopted.check.stdout.contains(": error: "))
        #expect(adopted.plan.status == 0, "\(adopted.plan.stdout)\(adopted.plan.stderr)")
        #expect(adopted.plan.stdout.contains("No changes."), "\(adopted.plan.stdout)")
        #expect(adopted.export.status == 0, "\(adopted.export.stdout)\(adopted.export.stderr)")
    }

    @Test(arguments: protocols)
    func eachProtocolImportsAndExportsTheSameRows(credential: String, namedCredential: String) throws {
        let adopted = try Adopted.shared.get()
        let config = adopted.folder.appendingPathComponent("config")
        #expect(filesUnder(config).contains("credentials/\(credential).yaml"))
        #expect(filesUnder(config).contains("named-credentials/\(namedCredential).yaml"))
        for path in [
            "externalCredentials/\(credential).externalCredential-meta.xml",
            "namedCredentials/\(namedCredential).namedCredential-meta.xml",
        ] {
            let (org, exported) = (try adopted.orgLeaves(path), try adopted.exportedLeaves(path))
            #expect(org == exported, "\(path): only the org's \(org.filter { !exported.contains($0) }), only the export's \(exported.filter { !org.contains($0) })")
        }
    }

    @Test func providersExportTheSameRows() throws {
        let adopted = try Adopted.shared.get()
        for name in ["Helpdesk_IdP", "Ledger_Okta"] {
            let path = "externalAuthIdentityProviders/\(name).externalAuthIdentityProvider-meta.xml"
            #expect(try adopted.orgLeaves(path) == adopted.exportedLeaves(path), "\(path)")
        }
    }

    /// Grants keep the org's spelling (`acmeint__` where the org wrote it) and the API 55
    /// principal's permission set becomes its grant.
    @Test func grantsComeBackAsTheOrgSpellsThem() throws {
        let adopted = try Adopted.shared.get()
        let grant = { (rows: [MetadataRow]) in rows.filter { $0.name == "externalCredentialPrincipalAccesses" }.sorted() }
        for name in ["Finance_Integration", "Order_Desk"] {
            let path = "permissionsets/\(name).permissionset-meta.xml"
            #expect(grant(try adopted.orgLeaves(path)) == grant(try adopted.exportedLeaves(path)), "\(path)")
        }
        let decomposed = try adopted.orgLeaves("permissionsets/Support_Agents/Support_Agents.externalCredentialPrincipalAccesses-meta.xml")
        #expect(grant(decomposed) == grant(try adopted.exportedLeaves("permissionsets/Support_Agents.permissionset-meta.xml")))
        let weather = try adopted.exportedLeaves("permissionsets/Weather_Users.permissionset-meta.xml")
        #expect(weather.contains {
            $0.leaves["externalCredentialPrincipal"] == "Legacy_Weather-Weather_Users_kQ4vTz1667151014855"
        }, "\(weather)")
    }
}

/// One child of a metadata file's root: a leaf (`text`) or a row of leaves.
private struct MetadataRow: Hashable, Comparable, CustomStringConvertible {
    var name: String
    var text = ""
    var leaves: [String: String] = [:]

    var description: String {
        leaves.isEmpty ? "\(name)=\(text)" : "\(name){\(leaves.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))}"
    }

    static func < (lhs: MetadataRow, rhs: MetadataRow) -> Bool { lhs.description < rhs.description }
}

/// The children of the root, in file order.
private func metadataRows(_ data: Data) -> [MetadataRow] {
    final class Collector: NSObject, XMLParserDelegate {
        var depth = 0
        var text = ""
        var rows: [MetadataRow] = []
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            depth += 1
            if depth == 2 { rows.append(MetadataRow(name: elementName)) }
            text = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            if depth == 3 { rows[rows.count - 1].leaves[elementName] = text }
            if depth == 2, rows[rows.count - 1].leaves.isEmpty { rows[rows.count - 1].text = text }
            depth -= 1
            text = ""
        }
    }
    let parser = XMLParser(data: data)
    let collector = Collector()
    parser.delegate = collector
    _ = parser.parse()
    return collector.rows
}
