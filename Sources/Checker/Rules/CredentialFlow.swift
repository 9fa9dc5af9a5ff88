import Diagnostics
import Model
import Schema

// What the provider-linked flows require of the provider and of the principals.

let checkedFlow = "ClientCredentialsExternalIdentityProvider"

/// `provider-flow-mismatch`: a credential's provider of the wrong flow, a provider field its
/// flow does not allow, and a provider-linked credential that contradicts how its provider
/// sends client credentials (its metadata has no row for it: SALESFORCE.md §11).
struct ProviderFlowMismatch: ModelRule {
    let descriptor = RuleDescriptor(
        .providerFlowMismatch, .error, "a provider of the wrong flow, or a provider field its flow does not allow",
        "With ClientCredentialsExternalIdentityProvider, Salesforce asks the identity provider for a token with the client-credentials grant; with BrowserFlowExternalIdentityProvider, each user signs in through the provider's authorization-code flow. A provider set up for the other flow cannot serve it. `authorizeUrl`, `userInfoUrl` and `pkce` belong to AuthorizationCode providers, and a provider-linked credential sends client credentials as its provider's `clientAuthentication` says.",
        failing: Example.documents(
            Example.provider.replacingFirst("flow: ClientCredentials", with: "flow: AuthorizationCode"),
            Example.credential(provider: "1️⃣Okta_Prod"), Example.named()),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        var flowAskedOf: Set<String> = []
        for credential in context.model.externalCredentials {
            guard let flow = credential.flow?.value, let neededFlow = ProtocolTable.providerFlowOfCredentialFlow[flow],
                let reference = credential.identityProvider, let provider = context.providers[reference.value]
            else { continue }
            // An unmanaged provider needs no flow of its own, until a credential's flow depends on
            // it: then it is a missing field of the provider, asked for once.
            if provider.flow == nil, provider.isUnmanaged, flowAskedOf.insert(provider.name.value).inserted {
                findings.append(
                    Finding(
                        rule: .missingField,
                        message: "missing required field 'flow': credential '\(credential.name.value)' uses flow \(flow), "
                            + "which needs an unmanaged provider to say its flow (\(neededFlow))",
                        file: provider.origin.file, range: provider.origin.kindRange,
                        notes: [Note("the credential refers to it here", file: credential.origin.file, range: reference.range)],
                        suggestion: nil))
            }
            if let providerFlow = provider.flow, providerFlow.value != neededFlow {
                findings.append(
                    Finding(
                        .providerFlowMismatch,
                        "flow \(flow) needs a provider whose flow is \(neededFlow); '\(provider.name.value)' uses \(providerFlow.value)",
                        file: credential.origin.file, at: reference,
                        notes: [Note("the provider's flow is set here", file: provider.origin.file, range: providerFlow.range)]))
            }
            checkClientAuthentication(credential, flow: flow, provider: provider, into: &findings)
        }
        for provider in context.model.providers where provider.flow?.value == "ClientCredentials" {
            let fields: [(String, SourceRange?, String?)] = [
                ("authorizeUrl", provider.authorizeURL?.range, provider.authorizeURL?.path),
                ("userInfoUrl", provider.userInfoURL?.range, provider.userInfoURL?.path),
                ("pkce", provider.pkce?.range, provider.pkce?.path),
            ]
            for case let (name, range?, path?) in fields {
                findings.append(
                    Finding(
                        rule: .providerFlowMismatch,
                        message: "'\(name)' is not allowed on a provider whose flow is ClientCredentials: only the "
                            + "AuthorizationCode flow has an authorization step",
                        file: provider.origin.file, range: range, path: path,
                        notes: [Note("remove it, or use flow: AuthorizationCode")]))
            }
        }
    }

    /// A client-credentials credential linked to a managed provider: `passClientCredentialsInBody`
    /// must agree with the provider's `clientAuthentication` (the browser flow rejects the
    /// field in the model builder).
    private func checkClientAuthentication(
        _ credential: ExternalCredential, flow: String, provider: IdentityProvider, into findings: inout [Finding]
    ) {
        guard flow == checkedFlow, let passInBody = credential.passClientCredentialsInBody, !provider.isUnmanaged
        else { return }
        let providerSendsInBody = provider.clientAuthentication?.value == "body"
        guard passInBody.value != providerSendsInBody else { return }
        var notes = [Note("set clientAuthentication: \(passInBody.value ? "body" : "header") on the provider, or remove this field")]
        if let setting = provider.clientAuthentication {
            notes.append(Note("the provider's clientAuthentication is set here", file: provider.origin.file, range: setting.range))
        }
        findings.append(
            Finding(
                .providerFlowMismatch,
                "passClientCredentialsInBody is \(passInBody.value), but provider '\(provider.name.value)' sends "
                    + "client credentials in the \(providerSendsInBody ? "body" : "header"); a provider-linked credential "
                    + "sends them as its provider does",
                file: credential.origin.file, at: passInBody, notes: notes))
    }
}

/// `identity-type`.
struct IdentityType: CredentialRule {
    let descriptor = RuleDescriptor(
        .identityType, .error, "an identity type the credential's flow does not allow",
        "Client-credentials flows authenticate as the integration, not as each user, so every principal is a NamedPrincipal; PerUserPrincipal is for flows where each user signs in (the browser flows, JWT bearer, Custom, Basic), and AwsStsPrincipal for AwsSv4 STS, which allows only it.",
        failing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: 1️⃣PerUserPrincipal\n    permissionSets: [Billing_Admins]\n"),
            Example.named()),
        passing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: NamedPrincipal\n    permissionSets: [Billing_Admins]\n"),
            Example.named()),
        fix: .unsafe)

    func walker(for context: ModelContext) -> Walker { Walker() }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            guard let row = credential.flowSpec, let allowed = row.identityTypes.first else { return }
            for principal in principals {
                // Left out, it is NamedPrincipal: a flow that does not allow it needs the type written.
                let identityType = principal.identityType?.value ?? Fields.principalIdentityType.defaultString
                guard !row.identityTypes.contains(identityType) else { continue }
                let message =
                    "identityType '\(identityType)' is not allowed with flow \(row.displayName); use "
                    + row.identityTypes.joined(separator: " or ")
                if let written = principal.identityType {
                    findings.append(
                        Finding(.identityType, message, file: credential.origin.file, at: written, suggestion: allowed))
                } else {
                    findings.append(
                        Finding(
                            rule: .identityType, message: message + " (left out, it is NamedPrincipal)",
                            file: credential.origin.file, range: principal.name?.range ?? principal.range,
                            path: "principals[\(principal.index)]"))
                }
            }
        }
    }
}

/// `principal-credentials`.
struct PrincipalCredentials: ModelRule {
    let descriptor = RuleDescriptor(
        .principalCredentials, .error, "`clientId`/`clientSecret` on a principal",
        "With this flow the client ID and secret are auto-populated from the identity provider; setting them on a principal is an error (and a secret in git).",
        failing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    1️⃣clientId: 0oa1b2c3\n    permissionSets: [Billing_Admins]\n"),
            Example.named()),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            for key in credential.principalCredentialKeys {
                findings.append(
                    Finding(
                        .principalCredentials,
                        "'\(key.value)' must not be set on a principal: this flow takes the client credentials from the identity provider; remove it",
                        file: credential.origin.file, at: key))
            }
        }
    }
}
