import JSON
import Manifest
import Schema

// Records for tests, by what a test usually sets. Production code makes records from values
// keyed by field ID; these shorthands exist only for tests, where a left-out field taking the
// table's default is what the test means.
extension ManifestRecord {
    public static func provider(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String, tokenUrl: String, defaultScopes: [String] = [], clientAuthentication: String? = nil,
        authorizeUrl: String? = nil, userInfoUrl: String? = nil, pkce: Bool? = nil,
        tokenRequest: ManifestRequestParameters? = nil, refreshRequest: ManifestRequestParameters? = nil,
        unmanaged: Bool? = nil
    ) -> ManifestRecord {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .description: JSONValue(description),
            .protocol: .string(`protocol`), .flow: .string(flow), .tokenUrl: .string(tokenUrl),
            .defaultScopes: JSONValue(defaultScopes), .authorizeUrl: JSONValue(authorizeUrl),
            .userInfoUrl: JSONValue(userInfoUrl),
        ]
        values[.clientAuthentication] = clientAuthentication.map(JSONValue.string)
        values[.pkce] = pkce.map(JSONValue.bool)
        values[.tokenRequest] = tokenRequest?.json
        values[.refreshRequest] = refreshRequest?.json
        values[.unmanaged] = unmanaged.map(JSONValue.bool)
        return ManifestRecord(.resource(.externalAuthIdentityProvider), values)
    }

    public static func externalCredential(
        name: String, label: String, description: String? = nil, protocol: String = "OAuth",
        flow: String = "ClientCredentialsExternalIdentityProvider", identityProvider: String,
        scope: String? = nil, passClientCredentialsInBody: Bool? = nil,
        additionalRefreshStatusCodes: [Int] = [], principals: [ManifestRecord] = []
    ) -> ManifestRecord {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .description: JSONValue(description),
            .protocol: .string(`protocol`), .flow: .string(flow), .identityProvider: .string(identityProvider),
            .scope: JSONValue(scope), .additionalRefreshStatusCodes: JSONValue(additionalRefreshStatusCodes),
            .principals: .array(principals.map(\.json)),
        ]
        values[.passClientCredentialsInBody] = passClientCredentialsInBody.map(JSONValue.bool)
        return ManifestRecord(.resource(.externalCredential), values)
    }

    public static func principal(
        name: String, sequence: Int, identityType: String? = nil, permissionSets: [String] = [], profiles: [String] = []
    ) -> ManifestRecord {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .sequence: .integer(sequence), .permissionSets: JSONValue(permissionSets),
            .profiles: JSONValue(profiles),
        ]
        values[.identityType] = identityType.map(JSONValue.string)
        return ManifestRecord(.principal, values)
    }

    public static func namedCredential(
        name: String, label: String, url: String, externalCredential: String,
        generateAuthorizationHeader: Bool? = nil, allowFormulasInHeaders: Bool? = nil,
        allowFormulasInBody: Bool? = nil, allowedNamespaces: [String] = [], enabled: Bool? = nil
    ) -> ManifestRecord {
        var values: [FieldID: JSONValue] = [
            .name: .string(name), .label: .string(label), .url: .string(url),
            .externalCredential: .string(externalCredential), .allowedNamespaces: JSONValue(allowedNamespaces),
        ]
        values[.generateAuthorizationHeader] = generateAuthorizationHeader.map(JSONValue.bool)
        values[.allowFormulasInHeaders] = allowFormulasInHeaders.map(JSONValue.bool)
        values[.allowFormulasInBody] = allowFormulasInBody.map(JSONValue.bool)
        values[.enabled] = enabled.map(JSONValue.bool)
        return ManifestRecord(.resource(.namedCredential), values)
    }
}
