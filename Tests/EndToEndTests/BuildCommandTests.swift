import Foundation
import Testing

@Suite struct BuildCommandTests {
    @Test func samplesBuildToTheGoldenManifest() throws {
        let result = try credc(["build", "Samples"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let golden = packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/samples.manifest.json")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try Data(result.stdout.utf8).write(to: golden)
            Issue.record("recorded \(golden.lastPathComponent); run again without RECORD=1")
        }
        #expect(result.stdout == (try String(contentsOf: golden, encoding: .utf8)))
    }

    /// The same resources written differently: other file split and order, other key order,
    /// quoting, flow and block style, anchors and merge keys, comments, duplicates in name lists.
    @Test func equivalentConfigurationsGiveTheSameBytes() throws {
        let plain = try makeFolder(["all.yaml": validConfig])
        let rewritten = try makeFolder([
            "z/named.yml": """
                # the endpoint
                {apiVersion: credc/v1, kind: NamedCredential, externalCredential: Billing_API,
                 url: "https://billing.example.com/v2", label: 'Billing', name: Billing,
                 enabled: true}
                """,
            "a/credentials.yaml": """
                kind: ExternalCredential
                apiVersion: "credc/v1"
                name: Billing_API
                label: "Billing API"
                identityProvider: Okta_Prod
                protocol: OAuth
                flow: ClientCredentialsExternalIdentityProvider
                passClientCredentialsInBody: false
                principals:
                  - {sequence: 1, name: Admin, permissionSets: [Billing_Admins, Billing_Admins], identityType: NamedPrincipal}
                ---
                apiVersion: credc/v1
                kind: ExternalAuthIdentityProvider
                name: Okta_Prod
                label: >-
                  Okta
                tokenUrl: 'https://acme.okta.com/oauth2/v1/token'
                flow: ClientCredentials
                protocol: OAuth
                """,
        ])
        let first = try credc(["build", "."], in: plain)
        let second = try credc(["build", "z", "a"], in: rewritten)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(first.stdout == second.stdout)
    }

    @Test func mergeKeysAndAliasesCompileLikeTheirExpansion() throws {
        let expanded = try makeFolder(["a.yaml": validConfig])
        let merged = try makeFolder([
            "a.yaml": validConfig.replacingOccurrences(
                of: "principals:\n  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n",
                with: "principals:\n  - &admin\n    name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n")
        ])
        let aliased = try credc(["build", "."], in: merged)
        #expect(aliased.status == 0, "\(aliased.stderr)")
        #expect(aliased.stdout == (try credc(["build", "."], in: expanded)).stdout)
    }

    @Test func documentOrderAndArgumentOrderDoNotMatter() throws {
        let documents = validConfig.components(separatedBy: "---\n")
        let forward = try makeFolder(["a.yaml": documents.joined(separator: "---\n")])
        let backward = try makeFolder(["a.yaml": documents.reversed().map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "---\n")])
        let split = try makeFolder(["1.yaml": documents[2], "2.yaml": documents[0], "3.yaml": documents[1]])
        let outputs = try [
            credc(["build", "a.yaml"], in: forward), credc(["build", "a.yaml"], in: backward),
            credc(["build", "3.yaml", "1.yaml", "2.yaml"], in: split), credc(["build", "."], in: split),
        ]
        for output in outputs { #expect(output.status == 0, "\(output.stderr)") }
        #expect(Set(outputs.map(\.stdout)).count == 1)
    }

    @Test func errorsWriteNothing() throws {
        let folder = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "Billing_API\n", with: "Billing__API\n")])
        let output = folder.appendingPathComponent("manifest.json")
        let result = try credc(["build", "a.yaml", "-o", "manifest.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("[name-format]"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func failureLeavesAnExistingFileUntouched() throws {
        let folder = try makeFolder(["a.yaml": "a: [\n", "manifest.json": "previous\n"])
        let result = try credc(["build", "a.yaml", "-o", "manifest.json"], in: folder)
        #expect(result.status == 1)
        let kept = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(kept == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "manifest.json"])
    }

    @Test func outputIsWrittenAtomicallyWithNoTemporaryLeft() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "manifest.json": "previous\n"])
        let result = try credc(["build", "a.yaml", "-o", "manifest.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(written == (try credc(["build", "a.yaml"], in: folder)).stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "manifest.json"])
    }

    @Test func outputThroughASymbolicLinkWritesItsTarget() throws {
        let folder = try makeFolder(["a.yaml": validConfig, "target.json": ""])
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.json").path, withDestinationPath: "target.json")
        #expect(try credc(["build", "a.yaml", "-o", "link.json"], in: folder).status == 0)
        let target = try String(contentsOf: folder.appendingPathComponent("target.json"), encoding: .utf8)
        #expect(target.hasPrefix("{\n  \"digest\""))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("link.json").path)
        #expect(link == "target.json")
    }

    @Test func aFullDeviceIsExit73() throws {
        let folder = try makeFolder(["a.yaml": validConfig])
        #expect(try credc(["build", "a.yaml", "-o", "/dev/full"], in: folder).status == 73)
        let process = Process()
        process.executableURL = credcBinary
        process.arguments = ["build", "a.yaml"]
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 73)
    }

    @Test func unwritableOutputIsExit73() throws {
        // A path under a regular file cannot be created, whoever runs the tests (root included).
        let folder = try makeFolder(["a.yaml": validConfig, "file.txt": "x"])
        let result = try credc(["build", "a.yaml", "-o", "file.txt/folder/manifest.json"], in: folder)
        #expect(result.status == 73)
        #expect(result.stderr.contains("credc: error: cannot write 'file.txt/folder/manifest.json': 'file.txt' is not a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "file.txt"])
    }

    @Test func warningsGoToStandardErrorAndTheManifestStillBuilds() throws {
        let folder = try makeFolder(["a.yaml": validConfig.replacingOccurrences(of: "    permissionSets: [Billing_Admins]\n", with: "")])
        let result = try credc(["build", "a.yaml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("[principal-without-access]"))
        #expect(try parseJSON(result.stdout)["manifestVersion"] as? Int == 1)
        #expect(try credc(["build", "--strict", "a.yaml"], in: folder).status == 1)
    }

    @Test func manifestHasNoSourcePathsAndDigestsItsResources() throws {
        let result = try credc(["build", "Samples"])
        #expect(!result.stdout.contains("Samples/"))
        #expect(!result.stdout.contains(" : "))
        let digest = try #require(try parseJSON(result.stdout)["digest"] as? String)
        #expect(digest.hasPrefix("sha256:") && digest.count == 71)
    }
}

@Suite struct SchemaTests {
    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let committed = try String(contentsOf: packageRoot.appendingPathComponent("Schemas/credc-v1.schema.json"), encoding: .utf8)
        #expect(try credc(["schema"]).stdout == committed, "run `credc schema > Schemas/credc-v1.schema.json`")
    }

    /// The manifest's schema is generated from the field table too (a field added to the table
    /// is in it with no other change).
    @Test func schemaCommandPrintsTheCommittedManifestSchema() throws {
        let committed = try String(
            contentsOf: packageRoot.appendingPathComponent("Schemas/manifest-v1.schema.json"), encoding: .utf8)
        #expect(
            try credc(["schema", "--manifest"]).stdout == committed,
            "run `credc schema --manifest > Schemas/manifest-v1.schema.json`")
    }

    @Test func everyValidSampleDocumentValidates() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: packageRoot.appendingPathComponent("Samples").path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("invalid/") }.map { "Samples/" + $0 }
        let results = try validate(schema: "Schemas/credc-v1.schema.json", files)
        #expect(results.count == 40)
        for result in results { #expect(result.valid, "\(result.file)#\(result.document ?? -1)") }
    }

    /// The schema rejects exactly the invalid documents whose errors a schema can express;
    /// references, duplicates and formulas need the checker.
    @Test func schemaRejectsTheInvalidSamplesItCanSee() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Samples/invalid").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "Samples/invalid/" + $0 }
        let rejected = Set(try validate(schema: "Schemas/credc-v1.schema.json", files).filter { !$0.valid }
            .map { "\($0.file.dropFirst("Samples/invalid/".count))#\($0.document.map(String.init) ?? "-")" })
        #expect(rejected == [
            "broken.yaml#-", "indentation.yaml#-", "yaml.yaml#-", "names.yaml#0", "principals.yaml#0", "principals.yaml#1",
            "providers.yaml#1", "schema.yaml#0", "schema.yaml#1", "schema.yaml#2", "schema.yaml#3", "schema.yaml#4", "scope.yaml#0",
            "secrets.yaml#0",
            // protocols.yaml: a field the AccessKey flow does not take, a PrivateEndpoint without its
            // connection; its JWT claims, AWS forms, formulas and header secret need the checker.
            "protocols.yaml#1", "protocols.yaml#2",
        ])
    }

    @Test func builtManifestValidatesAgainstTheManifestSchema() throws {
        let folder = try makeFolder([:])
        let manifest = folder.appendingPathComponent("manifest.json").path
        #expect(try credc(["build", "Samples", "-o", manifest]).status == 0)
        let results = try validate(schema: "Schemas/manifest-v1.schema.json", [manifest])
        #expect(results.map(\.valid) == [true])
    }
}
