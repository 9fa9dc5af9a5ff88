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

    private func resourcesJSON(of kind: ResourceKind) -> [JSONValue] {
        switch kind {
        case .externalAuthIdentityProvider: providers.map(\.json)
        case .externalCredential: externalCredentials.map(\.json)
        case .namedCredential: namedCredentials.map(\.json)
        }
    }

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

// Each type lists its fields once, in declaration order: the manifest writes them and the plan
// compares them, so a field added here can never be missed by a plan.

/// A resource object: its `kind` and its fields.
private func resourceObject(kind: ResourceKind, _ fields: [(String, JSONValue)]) -> JSONValue {
    .object(Dictionary(uniqueKeysWithValues: [("kind", .string(kind.rawValue))] + fields))
}

extension ManifestProvider {
    /// The manifest fields in declaration order, `kind` excepted: what the manifest writes and a plan compares.
    public var fields: [(String, JSONValue)] {
        // An unmanaged provider may leave out what a deploy would write (it never writes it): null.
        func required(_ text: String) -> JSONValue { unmanaged && text.isEmpty ? .null : .string(text) }
        return [
            ("name", .string(name)), ("label", required(label)), ("description", JSONValue(description)),
            ("protocol", required(`protocol`)), ("flow", required(flow)), ("tokenUrl", required(tokenUrl)),
            ("defaultScopes", JSONValue(defaultScopes)), ("clientAuthentication", .string(clientAuthentication)),
            ("authorizeUrl", JSONValue(authorizeUrl)), ("userInfoUrl", JSONValue(userInfoUrl)), ("pkce", .bool(pkce)),
            ("tokenRequest", tokenRequest.json), ("refreshRequest", refreshRequest.json),
            ("unmanaged", .bool(unmanaged)),
        ]
    }

    var json: JSONValue { resourceObject(kind: .externalAuthIdentityProvider, fields) }
}

extension ManifestRequestParameters {
    /// `{"body": {...}, "headers": {...}, "query": {...}}`, every place present.
    var json: JSONValue {
        func object(_ parameters: [String: String]) -> JSONValue { .object(parameters.mapValues { .string($0) }) }
        return .object(["body": object(body), "query": object(query), "headers": object(headers)])
    }
}

extension ManifestExternalCredential {
    /// The manifest fields in declaration order, `kind` excepted: what the manifest writes and a plan compares.
    public var fields: [(String, JSONValue)] {
        [
            ("name", .string(name)), ("label", .string(label)), ("description", JSONValue(description)),
            ("protocol", .string(`protocol`)), ("flow", .string(flow)), ("identityProvider", .string(identityProvider)),
            ("scope", JSONValue(scope)), ("passClientCredentialsInBody", .bool(passClientCredentialsInBody)),
            ("additionalRefreshStatusCodes", JSONValue(additionalRefreshStatusCodes)),
            ("principals", .array(principals.map(\.json))),
        ]
    }

    var json: JSONValue { resourceObject(kind: .externalCredential, fields) }
}

extension ManifestPrincipal {
    /// The manifest fields in declaration order, `kind` excepted: what the manifest writes and a plan compares.
    public var fields: [(String, JSONValue)] {
        [
            ("name", .string(name)), ("sequence", .integer(sequence)), ("identityType", .string(identityType)),
            ("permissionSets", JSONValue(permissionSets)), ("profiles", JSONValue(profiles)),
        ]
    }

    var json: JSONValue { .object(Dictionary(uniqueKeysWithValues: fields)) }
}

extension ManifestNamedCredential {
    /// The manifest fields in declaration order, `kind` excepted: what the manifest writes and a plan compares.
    public var fields: [(String, JSONValue)] {
        [
            ("name", .string(name)), ("label", .string(label)), ("url", .string(url)),
            ("externalCredential", .string(externalCredential)),
            ("generateAuthorizationHeader", .bool(generateAuthorizationHeader)),
            ("allowFormulasInHeaders", .bool(allowFormulasInHeaders)),
            ("allowFormulasInBody", .bool(allowFormulasInBody)), ("allowedNamespaces", JSONValue(allowedNamespaces)),
            ("enabled", .bool(enabled)),
        ]
    }

    var json: JSONValue { resourceObject(kind: .namedCredential, fields) }
}
