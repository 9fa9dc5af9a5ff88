import Manifest
import Model
import Schema

/// Turns a checked model into the normalized manifest. Call it only on a model without errors:
/// it does not re-validate (the `""` fallbacks of required fields are never used on such a
/// model). A field the input leaves out is passed as `nil` and the manifest record gives it the
/// field table's default.
public enum ManifestCompiler {
    public static func compile(_ model: Model) -> Manifest {
        // A provider-linked client-credentials credential that does not say sends client
        // credentials as its provider does: its metadata has no row for it (SALESFORCE.md §11).
        var sendsInBody: [String: Bool] = [:]
        for provider in model.providers where !provider.isUnmanaged && sendsInBody[provider.name.value] == nil {
            sendsInBody[provider.name.value] = provider.clientAuthentication?.value == "body"
        }
        var manifest = Manifest()
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: manifest.providers = model.providers.map(compile)
            case .externalCredential:
                manifest.externalCredentials = model.externalCredentials.map { compile($0, sendsInBody: sendsInBody) }
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
            defaultScopes: provider.defaultScopes?.map(\.value) ?? [],
            clientAuthentication: provider.clientAuthentication?.value,
            authorizeUrl: provider.authorizeURL?.value, userInfoUrl: provider.userInfoURL?.value,
            pkce: provider.pkce?.value,
            tokenRequest: compile(provider.tokenRequest), refreshRequest: compile(provider.refreshRequest),
            unmanaged: provider.isUnmanaged)
    }

    /// A parameter written twice in one place is a `duplicate-key` error, so the first is kept.
    private static func compile(_ parameters: RequestParameters?) -> ManifestRequestParameters {
        func values(_ list: [RequestParameter]) -> [String: String] {
            Dictionary(list.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { first, _ in first })
        }
        guard let parameters else { return ManifestRequestParameters() }
        return ManifestRequestParameters(
            body: values(parameters.body), query: values(parameters.query), headers: values(parameters.headers))
    }

    private static func compile(
        _ credential: ExternalCredential, sendsInBody: [String: Bool]
    ) -> ManifestExternalCredential {
        let providerDefault =
            credential.flow?.value == "ClientCredentialsExternalIdentityProvider"
            ? credential.identityProvider.flatMap { sendsInBody[$0.value] } : nil
        return ManifestExternalCredential(
            name: credential.name.value, label: credential.label?.value ?? "",
            description: credential.description?.value, protocol: credential.protocol?.value ?? "",
            flow: credential.flow?.value ?? "", identityProvider: credential.identityProvider?.value ?? "",
            scope: credential.scope?.value,
            passClientCredentialsInBody: credential.passClientCredentialsInBody?.value ?? providerDefault,
            additionalRefreshStatusCodes: (credential.additionalRefreshStatusCodes ?? []).compactMap {
                if case .integer(let code) = $0.value { code } else { nil }
            },
            principals: credential.principals.map { principal in
                ManifestPrincipal(
                    name: principal.name?.value ?? "", sequence: principal.sequence?.value ?? 0,
                    identityType: principal.identityType?.value,
                    permissionSets: principal.permissionSets.map(\.value),
                    profiles: principal.profiles.map(\.value))
            })
    }

    private static func compile(_ named: NamedCredential) -> ManifestNamedCredential {
        ManifestNamedCredential(
            name: named.name.value, label: named.label?.value ?? "", url: named.url?.value ?? "",
            externalCredential: named.externalCredential?.value ?? "",
            generateAuthorizationHeader: named.generateAuthorizationHeader?.value,
            allowFormulasInHeaders: named.allowFormulasInHeaders?.value,
            allowFormulasInBody: named.allowFormulasInBody?.value,
            allowedNamespaces: named.allowedNamespaces?.map(\.value) ?? [],
            enabled: named.enabled?.value)
    }
}
