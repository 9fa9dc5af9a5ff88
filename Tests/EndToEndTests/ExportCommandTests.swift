import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every regular file under `folder`, hidden ones included, as sorted relative paths.
func filesUnder(_ folder: URL) -> [String] {
    let base = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents.count
    guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    else { return [] }
    var paths: [String] = []
    for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
        paths.append(url.standardizedFileURL.resolvingSymlinksInPath().pathComponents.dropFirst(base).joined(separator: "/"))
    }
    return paths.sorted()
}

func text(_ folder: URL, _ path: String) throws -> String {
    String(decoding: try Data(contentsOf: folder.appendingPathComponent(path)), as: UTF8.self)
}

/// Parses `data` with Foundation's XMLParser (libxml2): nil when well-formed, else the error.
/// Also requires the Metadata API namespace on the root element.
func xmlProblem(_ data: Data) -> String? {
    final class RootNamespace: NSObject, XMLParserDelegate {
        var namespace: String?
        var seenRoot = false
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            if !seenRoot { namespace = namespaceURI }
            seenRoot = true
        }
    }
    let parser = XMLParser(data: data)
    let delegate = RootNamespace()
    parser.delegate = delegate
    parser.shouldProcessNamespaces = true
    guard parser.parse() else { return parser.parserError.map { "\($0)" } ?? "not well-formed" }
    return delegate.namespace == "http://soap.sforce.com/2006/04/metadata" ? nil : "namespace \(delegate.namespace ?? "none")"
}

let configWithProfile = validConfig.replacingOccurrences(
    of: "permissionSets: [Billing_Admins]", with: "permissionSets: [Billing_Admins]\n    profiles: [Support User]")

@Suite struct ExportCommandTests {
    @Test func writesTheSFDXFolder() throws {
        let folder = try makeFolder(["config/a.yaml": configWithProfile])
        let result = try credc(["export", "config", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let out = folder.appendingPathComponent("out")
        #expect(filesUnder(out) == [
            ".credc-export",
            "externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml",
            "externalCredentials/Billing_API.externalCredential-meta.xml",
            "namedCredentials/Billing.namedCredential-meta.xml",
            "package.xml",
            "permissionsets/Billing_Admins.permissionset-meta.xml",
        ])
        for path in filesUnder(out) where path.hasSuffix(".xml") {
            let problem = xmlProblem(try Data(contentsOf: out.appendingPathComponent(path)))
            #expect(problem == nil, "\(path): \(problem ?? "")")
        }
        let package = try text(out, "package.xml")
        #expect(package.contains("<members>Billing_API</members>\n        <name>ExternalCredential</name>"))
        #expect(package.contains("<version>66.0</version>"))
        let credential = try text(out, "externalCredentials/Billing_API.externalCredential-meta.xml")
        #expect(credential.contains("<parameterName>Admin</parameterName>"))
        #expect(credential.contains("<externalAuthIdentityProvider>Okta_Prod</externalAuthIdentityProvider>"))
        #expect(try text(out, "permissionsets/Billing_Admins.permissionset-meta.xml").contains(
            "<externalCredentialPrincipal>Billing_API-Admin</externalCredentialPrincipal>"))
        // The profile grant cannot be metadata: said on standard error, not written.
        #expect(result.stderr.contains("credc: warning: Billing_API/Admin/profile:Support User: profile 'Support User'"))
        #expect(!filesUnder(out).contains { $0.hasPrefix("profiles/") })
        // Nothing is left beside the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["config", "out"])
    }

    /// #26: an unmanaged provider with only its name and flow checks clean, builds a manifest
    /// the schema accepts, is never exported, and plans to nothing.
    @Test func anUnmanagedProviderWithOnlyItsNameAndFlowIsNeverDeployed() throws {
        let config = validConfig.replacingOccurrences(
            of: "name: Okta_Prod\nlabel: Okta\nprotocol: OAuth\nflow: ClientCredentials\ntokenUrl: https://acme.okta.com/oauth2/v1/token\n\(validConfigSecrets)\n",
            with: "name: Okta_Prod\nflow: ClientCredentials\nunmanaged: true\n")
        let folder = try makeFolder(["config/a.yaml": config])
        let check = try credc(["check", "config"], in: folder)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(try credc(["build", "config", "-o", "manifest.json"], in: folder).status == 0)
        let verdicts = try validate(schema: "Schemas/manifest-v1.schema.json", [folder.appendingPathComponent("manifest.json").path])
        #expect(verdicts.map(\.valid) == [true], "\(verdicts.map(\.errors))")
        let export = try credc(["export", "config", "--out", "out"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(!filesUnder(folder.appendingPathComponent("out")).contains { $0.hasPrefix("externalAuthIdentityProviders/") })
        #expect(try text(folder.appendingPathComponent("out"), "externalCredentials/Billing_API.externalCredential-meta.xml")
            .contains("<externalAuthIdentityProvider>Okta_Prod</externalAuthIdentityProvider>"))
        let plan = try credc(["plan", "config", "--state", "manifest.json", "--detailed-exitcode"], in: folder)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    @Test func apiVersionGoesToPackageXML() throws {
        let folder = try makeFolder(["a.yaml": validConfig])
        let result = try credc(["export", "a.yaml", "--out", "out", "--api-version", "63.0"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try text(folder.appendingPathComponent("out"), "package.xml").contains("<version>63.0</version>"))

        let tooOld = try credc(["export", "a.yaml", "--out", "old", "--api-version", "58.0"], in: folder)
        #expect(tooOld.status == 64)
        #expect(tooOld.stderr.contains("'58.0' is not a Metadata API version credc can write"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("old").path))
    }

    @Test func configurationErrorsWriteNothing() throws {
        let broken = validConfig.replacingOccurrences(of: "sequence: 1", with: "sequence: \"1\"")
        let folder = try makeFolder(["a.yaml": broken])
        let result = try credc(["export", "a.yaml", "--out", "out", "--color", "never"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("[type-mismatch]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.yaml"])
    }

    @Test func unwritableFolderIsExit73() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "file.txt": "not a folder"])
        // A path under a regular file cannot be created, whoever runs the tests (root included).
        let result = try credc(["export", "a.yaml", "--out", "file.txt/out"], in: folder)
        #expect(result.status == 73)
        #expect(result.stderr.contains("credc: error: cannot write 'file.txt/out'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "file.txt"])

        let isFile = try credc(["export", "a.yaml", "--out", "file.txt"], in: folder)
        #expect(isFile.status == 73)
        #expect(isFile.stderr.contains("it exists and is not a folder"))
        #expect(try text(folder, "file.txt") == "not a folder")
    }

    @Test func replacesOnlyItsOwnFolders() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "project/keep.txt": "mine"])
        let refused = try credc(["export", "a.yaml", "--out", "project"], in: folder)
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("'project' exists and was not written by credc (it has no .credc-export file)"))
        #expect(filesUnder(folder.appendingPathComponent("project")) == ["keep.txt"])

        // A previous export is replaced whole: a file of an earlier run that this one does not
        // write disappears. (A file added by hand blocks the export: see OutputFolderTests.)
        #expect(try credc(["export", "a.yaml", "--out", "out"], in: folder).status == 0)
        let withoutNamedCredential = String(validConfig[..<validConfig.range(of: "---\napiVersion: credc/v1\nkind: NamedCredential")!.lowerBound])
        try Data(withoutNamedCredential.utf8).write(to: folder.appendingPathComponent("a.yaml"))
        let again = try credc(["export", "a.yaml", "--out", "out"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        let files = filesUnder(folder.appendingPathComponent("out"))
        #expect(!files.contains("namedCredentials/Billing.namedCredential-meta.xml"))
        #expect(files.contains("externalCredentials/Billing_API.externalCredential-meta.xml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "out", "project"])

        // An empty folder (e.g. made by the CI job) is fine too.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("empty"), withIntermediateDirectories: false)
        #expect(try credc(["export", "a.yaml", "--out", "empty"], in: folder).status == 0)
        #expect(filesUnder(folder.appendingPathComponent("empty")).contains("package.xml"))
    }
}
