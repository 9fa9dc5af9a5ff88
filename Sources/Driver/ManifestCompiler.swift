import Manifest
import Model
import Schema

/// Turns a checked model into the normalized manifest. Call it only on a model without errors:
/// it fills the field table's defaults and does not re-validate (the `""` fallbacks of required
/// fields are never used on such a model).
public enum ManifestCompiler {
    public static func compile(_ model: Model) -> Manifest {
        var manifest = Manifest()
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: manifest.providers = model.providers.map(compile)
            case .externalCredential: manifest.externalCredentials = model.externalCredentials.map(compile)
            case .namedCredential: manifest.namedCredentials = model.namedCredentials.map(compile)
            }
        }
        return manifest
    }

    private static func compile(_ provider: IdentityProvider) -> ManifestProvider {
        ManifestProvider(
            name: provider.name.value, label: provider.label?.value ?? "",
            description: provider.description?.value, protocol: provider.protocol?.value ?? "",
            flow: provider.flow?.value ?? "", tokenUrl: provider.tokenURL?.value ?? "",
            defaultScopes: provider.defaultScopes?.map(\.value) ?? [], unmanaged: provider.isUnmanaged)
    }

    private static func compile(_ credential: ExternalCredential) -> ManifestExternalCredential {
        ManifestExternalCredential(
            name: credential.name.value, label: credential.label?.value ?? "",
            description: credential.description?.value, protocol: credential.protocol?.value ?? "",
            flow: credential.flow?.value ?? "", identityProvider: credential.identityProvider?.value ?? "",
            scope: credential.scope?.value,
            passClientCredentialsInBody: credential.passClientCredentialsInBody?.value
                ?? Fields.credentialPassClientCredentialsInBody.defaultBool,
            additionalRefreshStatusCodes: (credential.additionalRefreshStatusCodes ?? []).compactMap {
                if case .integer(let code) = $0.value { code } else { nil }
            },
            principals: credential.principals.map { principal in
                ManifestPrincipal(
                    name: principal.name?.value ?? "", sequence: principal.sequence?.value ?? 0,
                    identityType: principal.identityType?.value ?? Fields.principalIdentityType.defaultString,
                    permissionSets: principal.permissionSets.map(\.value),
                    profiles: principal.profiles.map(\.value))
            })
    }

    private static func compile(_ named: NamedCredential) -> ManifestNamedCredential {
        ManifestNamedCredential(
            name: named.name.value, label: named.label?.value ?? "", url: named.url?.value ?? "",
            externalCredential: named.externalCredential?.value ?? "",
            generateAuthorizationHeader: named.generateAuthorizationHeader?.value
                ?? Fields.namedGenerateAuthorizationHeader.defaultBool,
            allowFormulasInHeaders: named.allowFormulasInHeaders?.value ?? Fields.namedAllowFormulasInHeaders.defaultBool,
            allowFormulasInBody: named.allowFormulasInBody?.value ?? Fields.namedAllowFormulasInBody.defaultBool,
            allowedNamespaces: named.allowedNamespaces?.map(\.value) ?? [],
            enabled: named.enabled?.value ?? Fields.namedEnabled.defaultBool)
    }
}
