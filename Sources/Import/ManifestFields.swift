import Manifest

/// The YAML fields of each manifest resource, keyed by the field table's names.
///
/// Every stored property of the manifest types appears here, or in ``notImported`` with the
/// reason: `ManifestFieldsTests` reflects over the types, so a field added to the manifest
/// fails the tests until import writes it.
enum ManifestFields {
    /// Manifest properties that import never writes, and why.
    static let notImported: [String: String] = [
        // A retrieved folder holds what the org has, so every provider in it is managed.
        "unmanaged": "a provider read from the org is managed",
        // Metadata carries no profile access to principals (SALESFORCE.md §4).
        "profiles": "profile access is not in metadata",
    ]

    static func provider(_ provider: ManifestProvider) -> [String: ImportedValue] {
        var fields: [String: ImportedValue] = [
            "name": .name(provider.name),
            "label": .text(provider.label),
            "protocol": .name(provider.protocol),
            "flow": .name(provider.flow),
            "tokenUrl": .text(provider.tokenUrl),
            "defaultScopes": .names(provider.defaultScopes),
            "clientAuthentication": .name(provider.clientAuthentication),
            "pkce": .boolean(provider.pkce),
            "tokenRequest": .requestParameters(provider.tokenRequest),
            "refreshRequest": .requestParameters(provider.refreshRequest),
        ]
        fields["description"] = provider.description.map(ImportedValue.text)
        fields["authorizeUrl"] = provider.authorizeUrl.map(ImportedValue.text)
        fields["userInfoUrl"] = provider.userInfoUrl.map(ImportedValue.text)
        return fields
    }

    static func externalCredential(_ credential: ManifestExternalCredential) -> [String: ImportedValue] {
        var fields: [String: ImportedValue] = [
            "name": .name(credential.name),
            "label": .text(credential.label),
            "protocol": .name(credential.protocol),
            "flow": .name(credential.flow),
            "identityProvider": .name(credential.identityProvider),
            "passClientCredentialsInBody": .boolean(credential.passClientCredentialsInBody),
            "additionalRefreshStatusCodes": .integers(credential.additionalRefreshStatusCodes),
            "principals": .principals(credential.principals.map(principal)),
        ]
        fields["description"] = credential.description.map(ImportedValue.text)
        fields["scope"] = credential.scope.map(ImportedValue.text)
        return fields
    }

    static func principal(_ principal: ManifestPrincipal) -> [String: ImportedValue] {
        [
            "name": .name(principal.name),
            "sequence": .integer(principal.sequence),
            "identityType": .name(principal.identityType),
            "permissionSets": .names(principal.permissionSets),
        ]
    }

    static func namedCredential(_ named: ManifestNamedCredential) -> [String: ImportedValue] {
        [
            "name": .name(named.name),
            "label": .text(named.label),
            "url": .text(named.url),
            "externalCredential": .name(named.externalCredential),
            "generateAuthorizationHeader": .boolean(named.generateAuthorizationHeader),
            "allowFormulasInHeaders": .boolean(named.allowFormulasInHeaders),
            "allowFormulasInBody": .boolean(named.allowFormulasInBody),
            "allowedNamespaces": .names(named.allowedNamespaces),
            "enabled": .boolean(named.enabled),
        ]
    }
}
