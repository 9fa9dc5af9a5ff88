import Diagnostics
import Driver
import Foundation
import Manifest
import ManifestTesting
import Testing

@testable import Import

/// The YAML import writes, checked by the same pipeline as `credc check`: no errors, and it
/// compiles to exactly the manifest that was read from the folder.
private func checkedManifest(_ files: [String: String]) -> (Manifest, [String]) {
    let analysis = Pipeline.analyze(files.map { SourceFile(path: $0.key, text: $0.value) })
    let errors = analysis.diagnostics.filter { $0.severity == .error }.map {
        "\($0.file):\($0.range.start.line):\($0.range.start.column): \($0.message) [\($0.rule)]"
    }
    return (ManifestCompiler.compile(analysis.model), errors)
}

@Suite struct RoundTripTests {
    @Test(arguments: [["org"], ["org", "foreign"]])
    func importedFixturesCheckAndCompileToWhatWasRead(_ folders: [String]) throws {
        var files: [String: Data] = [:]
        for folder in folders { files.merge(try fixtureFiles(folder)) { $1 } }
        let result = importFiles(files)
        let (manifest, errors) = checkedManifest(result.files)
        #expect(errors == [])
        #expect(manifest == result.manifest)
    }

    /// Awkward labels, descriptions, scopes and URLs survive: the writer quotes what YAML
    /// would otherwise read as something else.
    @Test func awkwardTextSurvives() {
        let texts = [
            "yes", "null", "0x10", "1e9", "- dash", "a: b", "x #y", "'single'", "\"double\"", "{!$User.Email}",
            "[list]", "tab\there", "line\nbreak", "trailing ", " leading", "é👍", "back\\slash", "%percent", "@at",
            "${SF_INSTANCE_URL}", "$${ already }", "a $$ b ${", "`tick`", "!tag", "&anchor", "*alias", "|pipe", ">fold", "?",
        ]
        for (index, text) in texts.enumerated() {
            let provider = ManifestRecord.provider(
                name: "P\(index)", label: text, description: text, flow: "ClientCredentials",
                tokenUrl: "https://idp.example.com/\(index)")
            let credential = ManifestRecord.externalCredential(
                name: "C\(index)", label: text, description: text, identityProvider: "P\(index)", scope: text,
                principals: [ManifestRecord.principal(name: "Admin", sequence: 1, permissionSets: ["Admins"])])
            let named = ManifestRecord.namedCredential(
                name: "N\(index)", label: text, url: "https://api.example.com/\(index)", externalCredential: "C\(index)")
            let writer = ResourceText(schemaReference: "s.json")
            let files = [
                "p.yaml": writer.document(kind: .externalAuthIdentityProvider, fields: ManifestFields.provider(provider)),
                "c.yaml": writer.document(kind: .externalCredential, fields: ManifestFields.externalCredential(credential)),
                "n.yaml": writer.document(kind: .namedCredential, fields: ManifestFields.namedCredential(named)),
            ]
            let (manifest, _) = checkedManifest(files)
            #expect(manifest.providers.first?.label == text, "\(text.debugDescription)")
            #expect(manifest.providers.first?.description == text, "\(text.debugDescription)")
            #expect(manifest.externalCredentials.first?.scope == text, "\(text.debugDescription)")
            #expect(manifest.namedCredentials.first?.label == text, "\(text.debugDescription)")
        }
    }
}
