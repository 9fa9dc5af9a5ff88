import Diagnostics
import Model

// Contract 1.1 provider fields (SPEC §1): which fields a provider's flow allows, header names,
// and what a provider-linked credential may say about how client credentials are sent.
extension Checker {
    /// `authorizeUrl`, `userInfoUrl` and `pkce` belong to AuthorizationCode providers, which
    /// need `authorizeUrl`; header names are HTTP tokens.
    mutating func checkProviderFields(_ provider: IdentityProvider) {
        let file = provider.origin.file
        if provider.flow?.value == "ClientCredentials" {
            let fields: [(String, SourceRange?, String?)] = [
                ("authorizeUrl", provider.authorizeURL?.range, provider.authorizeURL?.path),
                ("userInfoUrl", provider.userInfoURL?.range, provider.userInfoURL?.path),
                ("pkce", provider.pkce?.range, provider.pkce?.path),
            ]
            for case let (name, range?, path?) in fields {
                append(
                    Diagnostic(
                        rule: .providerFlowMismatch, severity: Rules.descriptor(.providerFlowMismatch).defaultSeverity,
                        message: "'\(name)' is not allowed on a provider whose flow is ClientCredentials: only the "
                            + "AuthorizationCode flow has an authorization step",
                        file: file, range: range, path: path, notes: [Note("remove it, or use flow: AuthorizationCode")]))
            }
        }
        if provider.flow?.value == "AuthorizationCode", provider.authorizeURL == nil {
            append(
                Diagnostic(
                    rule: .missingField, severity: Rules.descriptor(.missingField).defaultSeverity,
                    message: "missing required field 'authorizeUrl': an AuthorizationCode provider needs the "
                        + "authorization endpoint",
                    file: file, range: provider.origin.kindRange, path: ""))
        }
        // The token request's `scope` body parameter is where `defaultScopes` go (MetadataMapping).
        if let scope = provider.tokenRequest?.body.first(where: { $0.name.value == "scope" }) {
            append(
                Diagnostic(
                    rule: .invalidValue, severity: Rules.descriptor(.invalidValue).defaultSeverity,
                    message: "the token request's 'scope' parameter is written from defaultScopes; list the scopes there",
                    file: file, range: scope.name.range, path: scope.name.path, suggestion: "defaultScopes"))
        }
        for parameters in [provider.tokenRequest, provider.refreshRequest].compactMap({ $0 }) {
            for header in parameters.headers where !HTTPToken.isToken(header.name.value) {
                append(
                    Diagnostic(
                        rule: .invalidValue, severity: Rules.descriptor(.invalidValue).defaultSeverity,
                        message: "'\(header.name.value)' is not an HTTP header name: use letters, digits and "
                            + "!#$%&'*+-.^_`|~, without spaces or ':'",
                        file: file, range: header.name.range, path: header.name.path))
            }
        }
    }

    /// The browser flow sends no client credentials of its own; a provider-linked
    /// client-credentials credential sends them as its provider does (its metadata has no row
    /// for it: SALESFORCE.md §11), so `passClientCredentialsInBody` must agree with a managed
    /// provider's `clientAuthentication`.
    mutating func checkProviderLink(_ credential: ExternalCredential, provider: IdentityProvider?) {
        guard let passInBody = credential.passClientCredentialsInBody else { return }
        let file = credential.origin.file
        let severity = Rules.descriptor(.providerFlowMismatch).defaultSeverity
        if credential.flow?.value == "BrowserFlowExternalIdentityProvider" {
            append(
                Diagnostic(
                    rule: .invalidValue, severity: Rules.descriptor(.invalidValue).defaultSeverity,
                    message: "passClientCredentialsInBody is not allowed with flow BrowserFlowExternalIdentityProvider; "
                        + "set clientAuthentication on the provider instead",
                    file: file, range: passInBody.range, path: passInBody.path))
            return
        }
        guard let provider, !provider.isUnmanaged else { return }
        let providerSendsInBody = provider.clientAuthentication?.value == "body"
        guard passInBody.value != providerSendsInBody else { return }
        var diagnostic = Diagnostic(
            rule: .providerFlowMismatch, severity: severity,
            message: "passClientCredentialsInBody is \(passInBody.value), but provider '\(provider.name.value)' sends "
                + "client credentials in the \(providerSendsInBody ? "body" : "header"); a provider-linked credential "
                + "sends them as its provider does",
            file: file, range: passInBody.range, path: passInBody.path,
            notes: [Note("set clientAuthentication: \(passInBody.value ? "body" : "header") on the provider, or remove this field")])
        if let setting = provider.clientAuthentication {
            diagnostic.notes.append(Note("the provider's clientAuthentication is set here", file: provider.origin.file, range: setting.range))
        }
        append(diagnostic)
    }
}

/// RFC 9110 §5.6.2 `token`: what an HTTP header name may be.
enum HTTPToken {
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
            }
    }
}
