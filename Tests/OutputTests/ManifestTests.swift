import Diagnostics
import JSON
@testable import Manifest
import Schema
import Foundation
import Testing

@Suite struct ManifestEncodingTests {
    @Test func matchesGoldenManifest() {
        expectGolden(sampleManifest.text, "sample-manifest.json")
    }

    @Test func digestIsSHA256OfCanonicalResources() {
        // Pinned: a change here changes every deployed state's digest.
        #expect(
            Manifest().digest == "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945")  // SHA-256("[]")
        let digest = sampleManifest.digest
        #expect(digest.hasPrefix("sha256:"))
        #expect(digest.count == 7 + 64)
        #expect(digest.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
        guard case .object(let members) = sampleManifest.json else {
            Issue.record("manifest JSON is not an object")
            return
        }
        #expect(members["digest"] == .string(digest))
        #expect(members["manifestVersion"] == 1)
    }

    @Test func isIndependentOfInputOrder() {
        let reordered = Manifest(
            providers: sampleManifest.providers.reversed(),
            externalCredentials: sampleManifest.externalCredentials.reversed().map { credential in
                var principals = credential.principals
                principals.reverse()
                return ManifestRecord.externalCredential(
                    name: credential.name, label: credential.label, description: credential.description,
                    identityProvider: credential.identityProvider, scope: credential.scope,
                    additionalRefreshStatusCodes: credential.additionalRefreshStatusCodes.reversed(),
                    principals: principals)
            },
            namedCredentials: sampleManifest.namedCredentials)
        #expect(reordered.text == sampleManifest.text)
        #expect(reordered.digest == sampleManifest.digest)
    }

    @Test func digestChangesWithAnyField() {
        var changed = sampleManifest
        changed.namedCredentials[0].enabled = false
        #expect(changed.digest != sampleManifest.digest)
    }

    /// Assignments normalize like the initializers: no mutation yields bytes that depend on it.
    @Test func mutationsKeepTheManifestNormalized() {
        var manifest = sampleManifest
        manifest.namedCredentials.append(
            ManifestRecord.namedCredential(name: "Aardvark", label: "A", url: "https://a.example.com", externalCredential: "Billing_API"))
        #expect(manifest.namedCredentials.map(\.name) == ["Aardvark", "Billing"])
        let billing = manifest.externalCredentials.firstIndex { $0.name == "Billing_API" }!
        manifest.externalCredentials[billing].principals[0].sequence = 9
        #expect(manifest.externalCredentials[billing].principals.map(\.name) == ["Marketing_Group", "Admin"])
        manifest.externalCredentials[billing].principals[0].permissionSets = ["b", "a", "b"]
        #expect(manifest.externalCredentials[billing].principals[0].permissionSets == ["a", "b"])
        manifest.externalCredentials[billing].additionalRefreshStatusCodes = [419, 403, 419]
        #expect(manifest.externalCredentials[billing].additionalRefreshStatusCodes == [403, 419])
        let rebuilt = Manifest(
            providers: manifest.providers, externalCredentials: manifest.externalCredentials,
            namedCredentials: manifest.namedCredentials.reversed())
        #expect(rebuilt == manifest)
    }

    @Test func withoutProfileGrantsEmptiesOnlyProfiles() {
        let stripped = sampleManifest.withoutProfileGrants()
        let profiles = stripped.externalCredentials.flatMap(\.principals).flatMap(\.profiles)
        #expect(profiles.isEmpty)
        #expect(
            stripped.externalCredentials.flatMap(\.principals).map(\.permissionSets)
                == sampleManifest.externalCredentials.flatMap(\.principals).map(\.permissionSets))
    }

    @Test func roundTrips() throws {
        for manifest in [sampleManifest, Manifest()] {
            #expect(try Manifest(stateJSON: Array(manifest.text.utf8)) == manifest)
        }
    }

    /// Nested mappings and rows (contract 1.2) round-trip, an unset optional number inside one
    /// (`aws.duration`) included: it is `null` in the manifest and read back as `null`.
    @Test func nestedFieldsRoundTrip() throws {
        let credential = ManifestRecord(.resource(.externalCredential), [
            .name: "Files_S3", .label: "Files", .protocol: "AwsSv4", .flow: "AccessKey",
            .aws: ["service": "s3", "region": "us-east-1"],
            .authHeaders: [["name": "Accept", "value": "application/json"]],
        ])
        let manifest = Manifest(externalCredentials: [credential])
        let decoded = try Manifest(stateJSON: Array(manifest.text.utf8))
        #expect(decoded == manifest)
        #expect(decoded.externalCredentials.first?[.aws] == [
            "service": "s3", "region": "us-east-1", "accountId": nil, "externalId": nil, "duration": nil,
            "trustAnchorArn": nil, "profileArn": nil,
        ])
        #expect(decoded.externalCredentials.first?[.authHeaders] == [["name": "Accept", "value": "application/json", "sequence": 1]])
    }

    /// SPEC §7: the environment is a top-level key outside `resources`, so outside the digest.
    @Test func environmentIsOutsideTheDigestAndRoundTrips() throws {
        var manifest = sampleManifest
        manifest.environment = "prod"
        #expect(manifest.digest == sampleManifest.digest)
        #expect(manifest.text.contains("\",\n  \"environment\": \"prod\",\n  \"manifestVersion\": 1,"))
        #expect(!sampleManifest.text.contains("environment"))
        let decoded = try Manifest(stateJSON: Array(manifest.text.utf8))
        #expect(decoded.environment == "prod")
        #expect(decoded == manifest)
        #expect(try Manifest(stateJSON: Array(sampleManifest.text.utf8)).environment == nil)
    }

    /// #26: an unmanaged provider may leave out what a deploy would write; the manifest says
    /// null for it, reads it back, and the schema accepts it (a managed one's null is refused).
    @Test func anUnmanagedProviderWithOnlyItsNameRoundTripsAndValidates() throws {
        let manifest = Manifest(providers: [
            ManifestRecord.provider(name: "Ping", label: "", description: nil, protocol: "", flow: "ClientCredentials", tokenUrl: "",
                             defaultScopes: [], unmanaged: true)
        ])
        #expect(manifest.text.contains("\"label\": null,"))
        #expect(manifest.text.contains("\"tokenUrl\": null,"))
        #expect(manifest.text.contains("\"flow\": \"ClientCredentials\","))
        #expect(try Manifest(stateJSON: Array(manifest.text.utf8)) == manifest)
        let schema = packageRoot.appendingPathComponent("Schemas/manifest-v1.schema.json").path
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credc-unmanaged-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(manifest.text.utf8).write(to: url)
        let valid = try validateWithPython(schema: schema, instance: url.path)
        #expect(valid.status == 0, "\(valid.output)")
        try Data(manifest.text.replacingOccurrences(of: "\"unmanaged\": true", with: "\"unmanaged\": false").utf8).write(to: url)
        #expect(try validateWithPython(schema: schema, instance: url.path).status == 1)
    }

    @Test func validatesAgainstTheManifestSchema() throws {
        let schema = packageRoot.appendingPathComponent("Schemas/manifest-v1.schema.json").path
        let golden = fixturesDirectory.appendingPathComponent("sample-manifest.json").path
        let valid = try validateWithPython(schema: schema, instance: golden)
        #expect(valid.status == 0, "the golden manifest fails the schema: \(valid.output)")

        // The schema must not accept everything: a string sequence is rejected.
        let broken = sampleManifest.text.replacingOccurrences(of: "\"sequence\": 1", with: "\"sequence\": \"1\"")
        let brokenURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("credc-broken-manifest-\(UUID().uuidString).json")
        try Data(broken.utf8).write(to: brokenURL)
        defer { try? FileManager.default.removeItem(at: brokenURL) }
        let invalid = try validateWithPython(schema: schema, instance: brokenURL.path)
        #expect(invalid.status == 1, "the schema accepted a string sequence: \(invalid.output)")
    }
}

/// Runs python3's `jsonschema` (exit 0 valid, 1 invalid, 2 tooling problem). A missing python3
/// or jsonschema is a test failure with instructions, never a skip.
private func validateWithPython(schema: String, instance: String) throws -> (status: Int32, output: String) {
    let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no 'jsonschema' module: pip install 'jsonschema>=4'")
            sys.exit(2)
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
        for error in errors:
            print(list(error.absolute_path), error.message)
        sys.exit(1 if errors else 0)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, schema, instance]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationStatus == 127 {
        Issue.record("python3 is not installed; the manifest schema test needs python3 with jsonschema 4.x")
    } else if process.terminationStatus == 2 {
        Issue.record("cannot validate the manifest schema: \(output)")
    }
    return (process.terminationStatus, output)
}

@Suite struct ManifestDecodingTests {
    func decode(_ text: String) throws(ManifestError) -> Manifest { try Manifest(stateJSON: Array(text.utf8)) }

    /// A state with `resources` replaced and the digest recomputed, so that only the shape is wrong.
    func state(resources: String, version: String = "1") -> String {
        let resourcesValue = (try? JSONValue.parse(Array(resources.utf8))) ?? .null
        let digest = Manifest.digest(ofResources: resourcesValue)
        return #"{"manifestVersion": \#(version), "digest": "\#(digest)", "resources": \#(resources)}"#
    }

    func expectError(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try decode(text)
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description == expected, sourceLocation: sourceLocation)
        }
    }

    let provider = #"{"kind": "ExternalAuthIdentityProvider", "name": "Okta", "label": "Okta", "description": null, "protocol": "OAuth", "flow": "ClientCredentials", "tokenUrl": "https://x", "defaultScopes": [], "unmanaged": false}"#

    func credential(principal: String) -> String {
        #"{"kind": "ExternalCredential", "name": "Api", "label": "Api", "description": null, "protocol": "OAuth", "flow": "ClientCredentialsExternalIdentityProvider", "identityProvider": "Okta", "scope": null, "passClientCredentialsInBody": false, "additionalRefreshStatusCodes": [403], "principals": [\#(principal)]}"#
    }

    @Test func acceptsAHandWrittenStateWithTheRightDigest() throws {
        let principal = #"{"name": "Admin", "sequence": 1, "identityType": "NamedPrincipal", "permissionSets": ["B", "A"], "profiles": []}"#
        let manifest = try decode(state(resources: "[\(provider), \(credential(principal: principal))]"))
        #expect(manifest.externalCredentials.first?.principals.first?.permissionSets == ["A", "B"])
    }

    @Test func rejectsAnEnvironmentThatIsNotAString() {
        let text = state(resources: "[]").replacingOccurrences(of: "\"resources\"", with: "\"environment\": 1, \"resources\"")
        expectError(text, "environment: expected a string, found integer")
    }

    @Test func rejectsText() {
        expectError("hello", "the state is not valid JSON: line 1, column 1: expected a JSON value, found 'h'")
        expectError("", "the state is not valid JSON: line 1, column 1: expected a JSON value, found the end of the input")
    }

    /// A syntax error keeps the parser's position, so the `invalid-state` finding points at it.
    @Test func syntaxErrorsBecomeInvalidStateAtTheirPosition() {
        do {
            _ = try decode("{\"manifestVersion\": 1,\n  \"resources\": [")
            Issue.record("accepted a truncated state")
        } catch {
            let finding = error.finding(file: "state.json")
            #expect(finding.rule == .invalidState)
            #expect(finding.file == "state.json")
            #expect(finding.range.start == SourcePosition(line: 2, column: 17))
        }
    }

    /// Other errors point at the value their path names, or at the object that lacks it.
    @Test func shapeErrorsPointAtTheirValue() throws {
        let withoutFlow = provider.replacingOccurrences(of: "\"flow\": \"ClientCredentials\", ", with: "")
        do {
            _ = try decode(state(resources: "[\n  \(withoutFlow)\n]"))
            Issue.record("accepted a provider without flow")
        } catch {
            #expect(error.path == "resources[0].flow")
            #expect(error.range?.start == SourcePosition(line: 2, column: 3), "\(error)")  // the provider object
        }
        let text = state(resources: "[]").replacingOccurrences(of: "\"resources\"", with: "\"extra\": 10,\n\"resources\"")
        do {
            _ = try decode(text)
            Issue.record("accepted an unknown field")
        } catch {
            let column = try #require(text.split(separator: "\n").first?.count)  // `10,` ends the line
            #expect(error.path == "extra")
            #expect(error.range == SourceRange(line: 1, column: column - 2, endLine: 1, endColumn: column), "\(error)")
        }
    }

    @Test func rejectsTruncatedState() {
        let text = sampleManifest.text
        let truncated = String(text.prefix(text.count / 2))
        do {
            _ = try decode(truncated)
            Issue.record("accepted a truncated state")
        } catch {
            #expect(error.path == "")
            #expect(error.message.hasPrefix("the state is not valid JSON: line "))
        }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        expectError(
            state(resources: "[]").replacingOccurrences(of: "\"resources\": []", with: "\"resources\": \(deep)"),
            "the state is not valid JSON: line 1, column 185: arrays and objects are nested more than 64 levels deep")
    }

    @Test func rejectsOtherVersionsAndShapes() {
        expectError("[]", "expected an object, found array")
        expectError(state(resources: "[]", version: "2"),
                    "manifestVersion: unsupported manifest version 2; this credc reads version 1")
        expectError(state(resources: "[]", version: "\"1\""), "manifestVersion: expected an integer, found string")
        expectError(state(resources: "[]", version: "1.0"), "manifestVersion: expected an integer, found non-integer number")
        expectError(#"{"manifestVersion": 1, "resources": []}"#, "digest: missing field")
        expectError(state(resources: "{}"), "resources: expected an array, found object")
        expectError(
            state(resources: "[]").replacingOccurrences(of: "{", with: "{\"extra\": 1, "), "extra: unknown field")
    }

    @Test func namesTheFieldThatIsWrong() {
        func principal(_ sequence: String) -> String {
            #"{"name": "Admin", "sequence": \#(sequence), "identityType": "NamedPrincipal", "permissionSets": [], "profiles": []}"#
        }
        expectError(state(resources: "[\(provider), \(credential(principal: principal("\"1\"")))]"),
                    "resources[1].principals[0].sequence: expected an integer, found string")
        expectError(state(resources: "[\(provider), \(credential(principal: principal("1.5")))]"),
                    "resources[1].principals[0].sequence: expected an integer, found non-integer number")
        expectError(state(resources: "[\(provider), \(credential(principal: principal("true")))]"),
                    "resources[1].principals[0].sequence: expected an integer, found boolean")
        expectError(state(resources: "[\(credential(principal: "{}"))]"),
                    "resources[0].principals[0].name: missing field")
        expectError(
            state(resources: "[\(credential(principal: principal("1") + ", " + principal("2")))]"),
            "resources[0].principals[1].name: a second principal named 'Admin'")
        expectError(state(resources: "[\(provider.replacingOccurrences(of: "[]", with: "[1]"))]"),
                    "resources[0].defaultScopes[0]: expected a string, found integer")
        expectError(state(resources: "[\(provider.replacingOccurrences(of: "\"unmanaged\": false", with: "\"unmanaged\": 0"))]"),
                    "resources[0].unmanaged: expected a boolean, found integer")
        expectError(state(resources: "[\(provider.replacingOccurrences(of: "\"description\": null", with: "\"description\": []"))]"),
                    "resources[0].description: expected a string or null, found array")
        expectError(state(resources: "[\(provider.replacingOccurrences(of: "\"label\": \"Okta\", ", with: ""))]"),
                    "resources[0].label: missing field")
        expectError(state(resources: "[\(provider.replacingOccurrences(of: "{", with: "{\"secret\": \"x\", "))]"),
                    "resources[0].secret: unknown field")
        expectError(state(resources: "[\(provider), \(provider)]"),
                    "resources[1].name: a second ExternalAuthIdentityProvider named 'Okta'")
        expectError(state(resources: #"[{"kind": "Flow"}]"#),
                    "resources[0].kind: unknown kind 'Flow'; expected one of ExternalAuthIdentityProvider, ExternalCredential, NamedCredential")
        expectError(state(resources: "[1]"), "resources[0]: expected an object, found integer")
    }

    @Test func rejectsAStateWhoseDigestDoesNotMatch() {
        let original = sampleManifest.text
        let edited = original.replacingOccurrences(of: "\"enabled\": true", with: "\"enabled\": false")
        #expect(edited != original)
        do {
            _ = try decode(edited)
            Issue.record("accepted a hand-edited state")
        } catch {
            #expect(error.path == "digest")
            #expect(error.message.hasPrefix("digest mismatch: the file says \(sampleManifest.digest) but its resources hash to sha256:"))
        }
        expectError(state(resources: "[]").replacingOccurrences(of: "sha256:", with: "md5:"),
                    "digest: digest mismatch: the file says md5:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945 but its resources hash to sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945; the state was edited or damaged after credc wrote it. Restore the manifest that was deployed, or regenerate it with 'credc build'")
    }
}

@Suite struct NameListNormalizationTests {
    /// `é` and `e` + U+0301 are equal Swift strings but different bytes: both stay, in byte
    /// order, whatever order they came in.
    @Test func canonicallyEquivalentNamesAreKeptByBytes() {
        let composed = "\u{E9}x"
        let decomposed = "e\u{301}x"
        let forward = ManifestRecord.principal(name: "A", sequence: 1, profiles: [composed, decomposed, "B", "B"])
        let backward = ManifestRecord.principal(name: "A", sequence: 1, profiles: [decomposed, composed, "B"])
        #expect(forward.profiles.map { Array($0.utf8) } == backward.profiles.map { Array($0.utf8) })
        #expect(forward.profiles.map { Array($0.utf8) } == ["B", decomposed, composed].map { Array($0.utf8) })
    }
}
