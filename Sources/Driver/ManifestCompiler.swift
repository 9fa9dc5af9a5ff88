import Manifest
import Model

/// Turns a checked model into the normalized manifest. Call it only on a model without errors:
/// it fills defaults and does not re-validate.
public enum ManifestCompiler {
    public static func compile(_ model: Model) -> Manifest {
        Manifest(
            providers: model.providers.map { provider in
                ManifestProvider(
                    name: provider.name.value, label: provider.label?.value ?? "",
                    description: provider.description?.value, protocol: provider.protocol?.value ?? "OAuth",
                    flow: provider.flow?.value ?? "", tokenUrl: provider.tokenURL?.value ?? "",
                    defaultScopes: provider.defaultScopes?.map(\.value) ?? [], unmanaged: provider.isUnmanaged)
            },
            externalCredentials: model.externalCredentials.map { credential in
                ManifestExternalCredential(
                    name: credential.name.value, label: credential.label?.value ?? "",
                    description: credential.description?.value, protocol: credential.protocol?.value ?? "OAuth",
                    flow: credential.flow?.value ?? "", identityProvider: credential.identityProvider?.value ?? "",
                    scope: credential.scope?.value,
                    passClientCredentialsInBody: credential.passClientCredentialsInBody?.value ?? false,
                    additionalRefreshStatusCodes: (credential.additionalRefreshStatusCodes ?? []).compactMap {
                        if case .integer(let code) = $0.value { code } else { nil }
                    },
                    principals: credential.principals.map { principal in
                        ManifestPrincipal(
                            name: principal.name?.value ?? "", sequence: principal.sequence?.value ?? 0,
                            identityType: principal.identityType?.value ?? "NamedPrincipal",
                            permissionSets: principal.permissionSets.map(\.value),
                            profiles: principal.profiles.map(\.value))
                    })
            },
            namedCredentials: model.namedCredentials.map { named in
                ManifestNamedCredential(
                    name: named.name.value, label: named.label?.value ?? "", url: named.url?.value ?? "",
                    externalCredential: named.externalCredential?.value ?? "",
                    generateAuthorizationHeader: named.generateAuthorizationHeader?.value ?? true,
                    allowFormulasInHeaders: named.allowFormulasInHeaders?.value ?? false,
                    allowFormulasInBody: named.allowFormulasInBody?.value ?? false,
                    allowedNamespaces: named.allowedNamespaces?.map(\.value) ?? [],
                    enabled: named.enabled?.value ?? true)
            })
    }
}
