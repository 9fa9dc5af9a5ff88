// swift-tools-version:6.0
import PackageDescription

/// Linux release builds (pre-commit's plain `swift build -c release` among them) link the Swift
/// runtime and FoundationEssentials into credc, as `--static-swift-stdlib` does: loading and
/// relocating their shared libraries was most of a run on one small file. No source imports
/// Foundation proper (`FoundationImportTests`): with its ICU data and conformances it took a
/// third of that run. libyaml stays a system library;
/// libxml2 and libcurl are loaded when first needed (Sources/CXML, Sources/CHTTP). Debug builds
/// and tests link dynamically. The executable stays position-independent: linking it at a fixed
/// address saved the loader about 0.5 ms of relocations per start, not worth giving up
/// address-space randomisation for.
let staticSwiftRuntime = LinkerSetting.unsafeFlags(
    ["-static-stdlib"], .when(platforms: [.linux], configuration: .release))

let package = Package(
    name: "credc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credc", targets: ["credc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // A large input mapped into memory, its pages dropped behind the parser.
        .target(name: "CMappedFile"),
        .target(name: "Diagnostics", dependencies: ["CMappedFile"]),
        // libcurl, loaded with dlopen() at the first request: `credc secrets --apply` only.
        .target(name: "CHTTP", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // libxml2, loaded with dlopen() at the first metadata file: import, plan and export only.
        .target(name: "CXML", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // What `credc secrets` enters after a deploy, and entering it through the Connect API.
        .target(name: "Secrets", dependencies: ["Schema", "Model", "JSON", "CHTTP"]),
        // SHA-256 for the manifest digest and the SARIF fingerprint.
        .target(name: "Digest"),
        // JSON values, the one writer (pretty, compact, JCS) and the strict parser.
        .target(name: "JSON", dependencies: ["Diagnostics"]),
        // Resource kinds, the field table, naming rules and the JSON Schema made from them.
        .target(name: "Schema", dependencies: ["JSON"]),
        .target(name: "YAML", dependencies: ["CYAML", "Diagnostics"]),
        .target(name: "Model", dependencies: ["Schema", "YAML", "Diagnostics"]),
        .target(name: "Checker", dependencies: ["Schema", "Model", "YAML", "JSON", "Diagnostics"]),
        // The deployment manifest: types, canonical JSON, digest, decoding of a state file.
        .target(name: "Manifest", dependencies: [
            "Schema", "JSON", "Diagnostics", "Digest",
        ]),
        .target(name: "Plan", dependencies: ["Schema", "Manifest", "JSON"]),
        // text, json, sarif and github output of diagnostics.
        .target(name: "Reporters", dependencies: ["Diagnostics", "JSON", "Digest"]),
        .target(name: "SalesforceMetadata", dependencies: ["Schema", "JSON", "Manifest", "Plan", "Diagnostics", "CXML"]),
        .target(name: "Driver", dependencies: [
            "Schema", "YAML", "Model", "Checker", "Manifest", "Plan", "SalesforceMetadata", "Diagnostics",
        ]),
        // A retrieved metadata folder → credc YAML (credc import).
        .target(name: "Import", dependencies: [
            "Driver", "Checker", "Schema", "Manifest", "SalesforceMetadata", "YAML", "Diagnostics", "JSON",
        ]),
        // `credc lsp`: the Language Server Protocol server, over bytes; the command owns stdin and stdout.
        .target(name: "LanguageServer", dependencies: [
            "Driver", "Checker", "Schema", "Model", "YAML", "JSON", "Diagnostics",
        ]),
        .executableTarget(name: "credc", dependencies: [
            "Driver", "LanguageServer", "Schema", "JSON", "Manifest", "Plan", "Reporters", "Checker", "SalesforceMetadata", "Import",
            "Diagnostics", "Digest", "Secrets",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        // Compiled against the static FoundationEssentials modules too, whose imports name the
        // static libraries they need for the link.
        swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
        linkerSettings: [staticSwiftRuntime]),
        // Record shorthands for the tests that build manifests by hand.
        .target(name: "ManifestTesting", dependencies: ["Manifest", "Schema", "JSON"], path: "Tests/ManifestTesting"),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "Diagnostics"]),
        .testTarget(
            name: "CheckerTests", dependencies: ["Driver", "Checker", "Model", "Schema", "YAML", "Diagnostics"],
            exclude: ["Fixtures"]),
        // Everything credc writes: JSON, the manifest, the plan, the reporters.
        .testTarget(
            name: "OutputTests",
            dependencies: ["ManifestTesting", "Driver", "Schema", "JSON", "Manifest", "Plan", "Reporters", "Model", "Diagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "SalesforceMetadataTests", dependencies: ["ManifestTesting", "SalesforceMetadata", "Manifest", "Plan", "Schema", "JSON", "Diagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ImportTests",
            dependencies: ["ManifestTesting", "Import", "Driver", "SalesforceMetadata", "Manifest", "Schema", "JSON", "YAML", "Diagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "LanguageServerTests",
            dependencies: ["LanguageServer", "Driver", "JSON", "Diagnostics"]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets", "Driver", "Diagnostics"]),
        .testTarget(name: "EndToEndTests", dependencies: [], exclude: ["Fixtures"]),
    ]
)

// Release builds optimise across modules: the rules read the model's generic resources, whose
// accessors were otherwise called unspecialised, copying each value through its type's witnesses.
let crossModule = SwiftSetting.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
for target in package.targets where target.type == .regular || target.type == .executable {
    if target.name.hasPrefix("C") && target.name.dropFirst().first?.isUppercase == true { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [crossModule]
}
