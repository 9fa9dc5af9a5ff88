import Emit
import Model

/// Turns a checked model into the normalized manifest. Call it only on a model without errors:
/// it fills defaults and does not re-validate.
public enum ManifestCompiler {
    public static func compile(_ model: Model) -> Manifest {
        // A provider-linked credential that does not say sends client credentials as its
        // provider does: its metadata has no row for it (SALESFORCE.md §11).
        var sendsInBody: [String: Bool] = [:]
        for provider in model.providers where !provider.isUnmanaged && sendsInBody[provider.name.value] == nil {
            sendsInBody[provider.name.value] = provider.clientAuthentication?.value == "body"
        }
        return Manifest(
            providers: model.providers.map { provider in
                ManifestProvider(
                    name: provider.name.value, label: provider.label?.value ?? "",
                    description: provider.description?.value, protocol: provider.protocol?.value ?? "OAuth",
                    flow: provider.flow?.value ?? "", tokenUrl: provider.tokenURL?.value ?? "",
                    defaultScopes: provider.defaultScopes?.map(\.value) ?? [],
                    clientAuthentication: provider.clientAuthentication?.value ?? "header",
                    authorizeUrl: provider.authorizeURL?.value, userInfoUrl: provider.userInfoURL?.value,
                    pkce: provider.pkce?.value ?? false, tokenRequest: compile(provider.tokenRequest),
                    refreshRequest: compile(provider.refreshRequest), unmanaged: provider.isUnmanaged)
            },
            externalCredentials: model.externalCredentials.map { credential in
                ManifestExternalCredential(
                    name: credential.name.value, label: credential.label?.value ?? "",
                    description: credential.description?.value, protocol: credential.protocol?.value ?? "OAuth",
                    flow: credential.flow?.value ?? "", identityProvider: credential.identityProvider?.value ?? "",
                    scope: credential.scope?.value,
                    passClientCredentialsInBody: credential.passClientCredentialsInBody?.value
                        ?? (credential.flow?.value == "ClientCredentialsExternalIdentityProvider"
                            ? credential.identityProvider.flatMap { sendsInBody[$0.value] } : nil) ?? false,
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

    /// A parameter written twice in one place is a `duplicate-key` error, so the first is kept.
    private static func compile(_ parameters: RequestParameters?) -> ManifestRequestParameters {
        func values(_ list: [RequestParameter]) -> [String: String] {
            Dictionary(list.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { first, _ in first })
        }
        guard let parameters else { return ManifestRequestParameters() }
        return ManifestRequestParameters(
            body: values(parameters.body), query: values(parameters.query), headers: values(parameters.headers))
    }
}
