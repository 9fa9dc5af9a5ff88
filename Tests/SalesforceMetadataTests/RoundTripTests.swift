import Manifest
import ManifestTesting
import Foundation
import Testing

@testable import SalesforceMetadata

@Suite struct RoundTripTests {
    static let manifests: [(String, Manifest)] = [
        ("empty", Manifest()),
        ("realistic", realisticManifest),
        (
            "tricky principal names and formulas",
            Manifest(
                providers: [
                    ManifestRecord.provider(
                        name: "Auth0", label: "Auth0 <dev> & \"test\"", flow: "AuthorizationCode",
                        tokenUrl: "https://a.example.com/token?x=1&y=2", authorizeUrl: "https://a.example.com/authorize?a=<b>",
                        tokenRequest: ManifestRequestParameters(body: ["audience": "https://api & co"], headers: ["X-Tenant": "t&t"]))
                ],
                externalCredentials: [
                    ManifestRecord.externalCredential(
                        name: "Tricky", label: "It's <tricky> & \"quoted\"", flow: "BrowserFlowExternalIdentityProvider",
                        identityProvider: "Auth0",
                        scope: #"{!"a\"b" & '<c>' + $Credential.Tricky.Scope & BASE64ENCODE(BLOB("x&y"))}"#,
                        principals: [
                            ManifestRecord.principal(name: "Ops Team - Night Shift", sequence: 1, permissionSets: ["Ops"]),
                            ManifestRecord.principal(name: "a-b-c", sequence: 2, permissionSets: ["Ops", "Audit"]),
                            ManifestRecord.principal(name: "With  Double  Spaces", sequence: 2147483647),
                            ManifestRecord.principal(name: "Ünïcode Ops", sequence: 3, permissionSets: ["Audit"]),
                        ])
                ],
                namedCredentials: [
                    ManifestRecord.namedCredential(name: "T", label: "T & T", url: "https://t.example.com/a%20b", externalCredential: "Tricky")
                ])
        ),
        (
            "no optional fields",
            Manifest(
                providers: [ManifestRecord.provider(name: "P", label: "P", flow: "ClientCredentials", tokenUrl: "https://p.example.com")],
                externalCredentials: [ManifestRecord.externalCredential(name: "E", label: "E", identityProvider: "P")])
        ),
        (
            "whitespace and every provider field",
            Manifest(
                providers: [
                    ManifestRecord.provider(
                        name: "P", label: "  spaced  ", description: " \n ", flow: "AuthorizationCode",
                        tokenUrl: "https://p.example.com/t", defaultScopes: ["a", "b"], clientAuthentication: "body",
                        authorizeUrl: "https://p.example.com/a", userInfoUrl: "https://p.example.com/u", pkce: true,
                        tokenRequest: ManifestRequestParameters(body: ["resource": " "], query: ["x": ""], headers: ["X-A": "1"]),
                        refreshRequest: ManifestRequestParameters(body: ["audience": "https://api"], query: ["x": "2"], headers: ["X-A": "2"]))
                ],
                externalCredentials: [
                    ManifestRecord.externalCredential(
                        name: "E", label: " E ", flow: "BrowserFlowExternalIdentityProvider", identityProvider: "P",
                        scope: "  a   b  ",
                        principals: [ManifestRecord.principal(name: "U", sequence: 1, identityType: "PerUserPrincipal")])
                ])
        ),
        (
            "empty strings",
            Manifest(
                providers: [ManifestRecord.provider(name: "P", label: "P", description: "", flow: "ClientCredentials", tokenUrl: "https://p.example.com")],
                externalCredentials: [ManifestRecord.externalCredential(name: "E", label: "E", description: "", identityProvider: "P", scope: "")])
        ),
    ]

    @Test(arguments: manifests.indices)
    func readingTheExportGivesTheManifestBack(index: Int) throws {
        let (name, manifest) = Self.manifests[index]
        let export = try MetadataExporter().export(manifest)
        let result = MetadataReader().read(files: export.files)
        #expect(result.issues == [], "\(name)")
        #expect(result.manifest(observing: manifest) == exportable(manifest), "\(name)")
    }

    @Test func roundTripThroughADirectory() throws {
        let export = try MetadataExporter().export(realisticManifest)
        let folder = try writeTemporaryFolder(export.files.mapKeys { "force-app/main/default/\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try MetadataReader().read(directory: folder)
        #expect(result.issues == [])
        #expect(result.manifest(observing: realisticManifest) == exportable(realisticManifest))
    }

    @Test func exportOfTheReadBackIsByteIdentical() throws {
        let first = try MetadataExporter().export(realisticManifest)
        let second = try MetadataExporter().export(readBack(first.files))
        #expect(second.files == first.files)
    }
}

extension Dictionary {
    func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
