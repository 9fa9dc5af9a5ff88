import JSON
import Manifest
import ManifestTesting
import Plan
import Foundation
import Testing

/// The folder of golden files beside these tests.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// The package root, for `Schemas/`.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Compares `actual` with `Fixtures/<name>` byte for byte. With `RECORD=1` in the environment
/// it rewrites the file instead and fails, so that a recording run never passes by accident.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = fixturesDirectory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD"] == "1" {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); rerun without RECORD=1", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden \(name); run with RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(actual == expected, "output differs from \(name)", sourceLocation: sourceLocation)
}

/// A manifest that uses every field: two providers (one unmanaged), a credential with two
/// principals, and a named credential.
let sampleManifest = Manifest(
    providers: [
        ManifestRecord.provider(
            name: "Okta_Prod", label: "Okta (Production)", description: "Corporate Okta / SSO — prod",
            flow: "ClientCredentials", tokenUrl: "https://acme.okta.com/oauth2/default/v1/token",
            defaultScopes: ["billing.read", "billing.admin", "billing.read"]),
        ManifestRecord.provider(
            name: "Legacy_IdP", label: "Legacy", flow: "ClientCredentials",
            tokenUrl: "https://legacy.example.com/token", unmanaged: true),
    ],
    externalCredentials: [
        ManifestRecord.externalCredential(
            name: "Billing_API", label: "Billing API", description: "Calls the billing service",
            identityProvider: "Okta_Prod", scope: "{!\"session:role:\" + $User.Department}",
            additionalRefreshStatusCodes: [403, 419, 403],
            principals: [
                ManifestRecord.principal(name: "Marketing_Group", sequence: 2, profiles: ["Marketing User"]),
                ManifestRecord.principal(name: "Admin", sequence: 1, permissionSets: ["Billing_Admins", "Auditors"]),
            ]),
        ManifestRecord.externalCredential(name: "Archive_API", label: "Archive", identityProvider: "Legacy_IdP"),
    ],
    namedCredentials: [
        ManifestRecord.namedCredential(
            name: "Billing", label: "Billing", url: "https://billing.example.com/v2",
            externalCredential: "Billing_API", allowedNamespaces: ["acme"])
    ])
