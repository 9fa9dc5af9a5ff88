import Foundation
import Testing

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `credc` binary; `make test` builds it before running the tests.
let credcBinary: URL = {
    if let override = ProcessInfo.processInfo.environment["CREDC_BIN"] { return URL(fileURLWithPath: override) }
    return packageRoot.appendingPathComponent(".build/debug/credc")
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs credc with a clean environment (no color variables), in `directory`.
func credc(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = credcBinary
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? packageRoot
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    env["FORCE_COLOR"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Both pipes are drained at once, before waiting: a child that fills one pipe (a SARIF log
    // on stderr) while the other is read would block forever.
    nonisolated(unsafe) var errData = Data()
    let stderrRead = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        stderrRead.signal()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    stderrRead.wait()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder with the given files.
func makeFolder(_ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credc-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (path, text) in files {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return folder
}

func makeFolder(bytes files: [String: [UInt8]]) throws -> URL {
    let folder = try makeFolder([:])
    for (path, bytes) in files {
        try Data(bytes).write(to: folder.appendingPathComponent(path))
    }
    return folder
}

func parseJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}

/// The `secrets:` line of `validConfig`'s provider.
let validConfigSecrets = "secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}"

let validConfig = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Prod
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://acme.okta.com/oauth2/v1/token
    secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
    ---
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Billing_API
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta_Prod
    principals:
      - name: Admin
        sequence: 1
        permissionSets: [Billing_Admins]
    ---
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: https://billing.example.com/v2
    externalCredential: Billing_API

    """

/// One document's verdict from `scripts/validate-json-schema.py` (python3 `jsonschema`).
struct SchemaVerdict {
    var file: String
    var document: Int?
    var valid: Bool
    var errors: [String]
}

/// Validates YAML or JSON files against a JSON Schema with a real validator. A missing python3
/// or module fails the calling test (the script exits 3): schema tests are never skipped.
func validate(schema: String, _ files: [String]) throws -> [SchemaVerdict] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "scripts/validate-json-schema.py", schema] + files
    process.currentDirectoryURL = packageRoot
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "schema validation could not run: \(errorText)")
    return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return SchemaVerdict(
            file: object["file"] as? String ?? "", document: object["document"] as? Int,
            valid: object["valid"] as? Bool ?? false, errors: object["errors"] as? [String] ?? [])
    }
}
