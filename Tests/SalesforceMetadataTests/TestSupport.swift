import Manifest
import ManifestTesting
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import SalesforceMetadata

/// `Tests/SalesforceMetadataTests/Fixtures`, found from this file so tests run from anywhere.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// True when goldens are being re-recorded (`RECORD=1 swift test`).
let isRecording = ProcessInfo.processInfo.environment["RECORD"] == "1"

/// A realistic configuration: one managed Okta provider and one unmanaged provider, two
/// external credentials with several principals (names with spaces and hyphens), permission
/// sets and profiles, two named credentials.
let realisticManifest = Manifest(
    providers: [
        ManifestRecord.provider(
            name: "Okta_Prod", label: "Okta (Production)", description: "Corporate Okta",
            flow: "ClientCredentials", tokenUrl: "https://acme.okta.com/oauth2/default/v1/token",
            defaultScopes: ["billing.read", "audit.read"]),
        ManifestRecord.provider(
            name: "Okta_Legacy", label: "Okta (Legacy)", flow: "ClientCredentials",
            tokenUrl: "https://legacy.okta.com/oauth2/v1/token", unmanaged: true),
    ],
    externalCredentials: [
        ManifestRecord.externalCredential(
            name: "Billing_API", label: "Billing API", description: "Calls the billing service",
            identityProvider: "Okta_Prod", scope: #"{!"session:role:" + $User.Department}"#,
            additionalRefreshStatusCodes: [403],
            principals: [
                ManifestRecord.principal(name: "Admin", sequence: 1, permissionSets: ["Billing_Admins"]),
                ManifestRecord.principal(name: "Marketing_Group", sequence: 2, profiles: ["Marketing User"]),
                ManifestRecord.principal(
                    name: "Finance Team - EU", sequence: 3, permissionSets: ["Finance_Users", "Billing_Admins"]),
            ]),
        ManifestRecord.externalCredential(
            name: "Ledger_API", label: "Ledger & GL <API>", description: #"Posts "journal" entries & reads 'balances'"#,
            identityProvider: "Okta_Legacy", scope: #"ledger.read {!"tenant=" & $Organization.Id & "<eu>"}"#,
            passClientCredentialsInBody: true, additionalRefreshStatusCodes: [601, 403, 429],
            principals: [
                ManifestRecord.principal(
                    name: "Ledger Reader", sequence: 10, permissionSets: ["Finance_Users"],
                    profiles: ["System Administrator"]),
                ManifestRecord.principal(name: "Ledger-Writer", sequence: 20, permissionSets: ["Ledger_Writers"]),
            ]),
    ],
    namedCredentials: [
        ManifestRecord.namedCredential(name: "Billing", label: "Billing", url: "https://billing.example.com/v2", externalCredential: "Billing_API"),
        ManifestRecord.namedCredential(
            name: "Ledger", label: "Ledger", url: "https://ledger.example.com/api", externalCredential: "Ledger_API",
            generateAuthorizationHeader: false, allowFormulasInHeaders: true, allowFormulasInBody: true,
            allowedNamespaces: ["finlib", "acme"], enabled: false),
    ])

/// What survives an export: unmanaged providers are not written and profiles cannot be.
func exportable(_ manifest: Manifest) -> Manifest {
    var exportable = manifest.withoutProfileGrants()
    exportable.providers.removeAll { $0.unmanaged }
    return exportable
}

/// What a folder of `files` reads back as, with the fields a folder cannot show (the flow of
/// a credential whose provider is unmanaged) taken from `configured`, as a plan does.
func readBack(_ files: [String: Data], configured: Manifest = realisticManifest) -> Manifest {
    MetadataReader().read(files: files).manifest(observing: configured)
}

/// Parses `data` with Foundation's XMLParser and reports failures.
func expectWellFormed(_ data: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let parser = XMLParser(data: data)
    #expect(parser.parse(), "\(name) is not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
}

/// The `xmllint` executable from PATH, or nil.
func xmllintPath() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/xmllint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs `xmllint --noout` over files; returns its exit status and standard error.
func runXmllint(_ executable: String, files: [URL]) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--noout"] + files.map(\.path)
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let output = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Writes `files` under a fresh temporary directory and returns it.
func writeTemporaryFolder(_ files: [String: Data]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("credc-sfdx-\(UUID().uuidString)")
    for (path, data) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
    return root
}

/// Every regular file under `directory`, keyed by `/`-separated relative path.
func filesUnder(_ directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = directory.standardizedFileURL.pathComponents.count
    guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
        return files
    }
    for case let url as URL in enumerator where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
        files[url.standardizedFileURL.pathComponents.dropFirst(base).joined(separator: "/")] = try Data(contentsOf: url)
    }
    return files
}
