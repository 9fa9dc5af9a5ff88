import Crypto

/// The `kind` strings of the manifest's resources.
public enum ManifestKind {
    public static let provider = "ExternalAuthIdentityProvider"
    public static let externalCredential = "ExternalCredential"
    public static let namedCredential = "NamedCredential"
}

extension Manifest {
    /// The `manifestVersion` this build writes and reads.
    public static let version = 1

    /// The `resources` array: providers, external credentials, then named credentials, each
    /// kind by name (the order `Manifest.init` keeps).
    public var resourcesJSON: JSONValue {
        .array(providers.map(\.json) + externalCredentials.map(\.json) + namedCredentials.map(\.json))
    }

    /// `sha256:` and the lowercase hex SHA-256 of the JCS serialization of `resourcesJSON`.
    public var digest: String { Manifest.digest(ofResources: resourcesJSON) }

    static func digest(ofResources resources: JSONValue) -> String {
        let hash = SHA256.hash(data: Array(resources.canonical.utf8))
        return "sha256:" + hash.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    /// The whole document: `manifestVersion`, `digest` and `resources`.
    public var json: JSONValue {
        let resources = resourcesJSON
        return .object([
            "manifestVersion": .integer(Manifest.version),
            "digest": .string(Manifest.digest(ofResources: resources)),
            "resources": resources,
        ])
    }

    /// What `credc build` writes: `json` pretty-printed, ending with one newline.
    public var text: String { json.prettyPrinted }
}

extension ManifestProvider {
    var json: JSONValue {
        .object([
            "kind": .string(ManifestKind.provider),
            "name": .string(name),
            "label": .string(label),
            "description": JSONValue(description),
            "protocol": .string(`protocol`),
            "flow": .string(flow),
            "tokenUrl": .string(tokenUrl),
            "defaultScopes": JSONValue(defaultScopes),
            "unmanaged": .bool(unmanaged),
        ])
    }
}

extension ManifestExternalCredential {
    var json: JSONValue {
        .object([
            "kind": .string(ManifestKind.externalCredential),
            "name": .string(name),
            "label": .string(label),
            "description": JSONValue(description),
            "protocol": .string(`protocol`),
            "flow": .string(flow),
            "identityProvider": .string(identityProvider),
            "scope": JSONValue(scope),
            "passClientCredentialsInBody": .bool(passClientCredentialsInBody),
            "additionalRefreshStatusCodes": JSONValue(additionalRefreshStatusCodes),
            "principals": .array(principals.map(\.json)),
        ])
    }
}

extension ManifestPrincipal {
    var json: JSONValue {
        .object([
            "name": .string(name),
            "sequence": .integer(sequence),
            "identityType": .string(identityType),
            "permissionSets": JSONValue(permissionSets),
            "profiles": JSONValue(profiles),
        ])
    }
}

extension ManifestNamedCredential {
    var json: JSONValue {
        .object([
            "kind": .string(ManifestKind.namedCredential),
            "name": .string(name),
            "label": .string(label),
            "url": .string(url),
            "externalCredential": .string(externalCredential),
            "generateAuthorizationHeader": .bool(generateAuthorizationHeader),
            "allowFormulasInHeaders": .bool(allowFormulasInHeaders),
            "allowFormulasInBody": .bool(allowFormulasInBody),
            "allowedNamespaces": JSONValue(allowedNamespaces),
            "enabled": .bool(enabled),
        ])
    }
}
