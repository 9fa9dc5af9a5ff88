import Digest
import JSON
import Schema

extension Manifest {
    /// The `manifestVersion` this build writes and reads.
    public static let version = 1

    /// The `resources` array: kinds in dependency order (providers, external credentials, named
    /// credentials), each kind by name (the order `Manifest.init` keeps).
    public var resourcesJSON: JSONValue {
        .array(ResourceKind.allCases.flatMap(resourcesJSON(of:)))
    }

    private func resourcesJSON(of kind: ResourceKind) -> [JSONValue] { records(of: kind).map(\.json) }

    /// `sha256:` and the lowercase hex SHA-256 of the JCS serialization of `resourcesJSON`.
    public var digest: String { Manifest.digest(ofResources: resourcesJSON) }

    static func digest(ofResources resources: JSONValue) -> String {
        "sha256:" + SHA256.hex(Array(resources.canonical.utf8))
    }

    /// The whole document: `manifestVersion`, `digest`, `resources`, and `environment` when set.
    public var json: JSONValue {
        let resources = resourcesJSON
        var members: [String: JSONValue] = [
            "manifestVersion": .integer(Manifest.version),
            "digest": .string(Manifest.digest(ofResources: resources)),
            "resources": resources,
        ]
        if let environment { members["environment"] = .string(environment) }
        return .object(members)
    }

    /// What `credc build` writes: `json` pretty-printed, ending with one newline.
    public var text: String { json.prettyPrinted }
}
