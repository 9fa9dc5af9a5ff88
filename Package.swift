// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "credc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credc", targets: ["credc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "Diagnostics"),
        .target(name: "YAML", dependencies: ["CYAML", "Diagnostics"]),
        .target(name: "Model", dependencies: ["YAML", "Diagnostics"]),
        .target(name: "Checker", dependencies: ["Model", "YAML", "Diagnostics"]),
        .target(name: "Emit", dependencies: [
            "Model", "Diagnostics",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "SalesforceMetadata", dependencies: ["Emit"]),
        .target(name: "Driver", dependencies: ["YAML", "Model", "Checker", "Emit", "SalesforceMetadata", "Diagnostics"]),
        .target(name: "Import", dependencies: ["Driver", "SalesforceMetadata", "Emit", "Model", "YAML", "Diagnostics"]),
        .executableTarget(name: "credc", dependencies: [
            "Driver", "Emit", "Checker", "SalesforceMetadata", "Import", "Diagnostics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "Diagnostics"]),
        .testTarget(
            name: "CheckerTests", dependencies: ["Driver", "Checker", "Model", "YAML", "Diagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "EmitTests", dependencies: ["Driver", "Emit", "Model", "Diagnostics"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SalesforceMetadataTests", dependencies: ["SalesforceMetadata", "Emit"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ImportTests", dependencies: ["Import", "Driver", "SalesforceMetadata", "Emit", "Model", "YAML", "Diagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: [], exclude: ["Fixtures"]),
    ]
)
