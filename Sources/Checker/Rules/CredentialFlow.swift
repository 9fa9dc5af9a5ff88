import Diagnostics
import Model

// What the flow ClientCredentialsExternalIdentityProvider requires of the provider and of the
// principals.

let checkedFlow = "ClientCredentialsExternalIdentityProvider"

/// `provider-flow-mismatch`.
struct ProviderFlowMismatch: ModelRule {
    let descriptor = RuleDescriptor(
        .providerFlowMismatch, .error, "the credential's flow needs a provider whose flow is `ClientCredentials`",
        "With ClientCredentialsExternalIdentityProvider, Salesforce asks the identity provider for a token with the client-credentials grant; a provider set up for the authorization-code flow cannot serve it.",
        failing: Example.documents(
            Example.provider.replacingFirst("flow: ClientCredentials", with: "flow: AuthorizationCode"),
            Example.credential(provider: "1️⃣Okta_Prod"), Example.named()),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials where credential.flow?.value == checkedFlow {
            guard let reference = credential.identityProvider, let provider = context.providers[reference.value],
                let providerFlow = provider.flow, providerFlow.value != "ClientCredentials"
            else { continue }
            findings.append(
                Finding(
                    .providerFlowMismatch,
                    "flow \(checkedFlow) needs a provider whose flow is ClientCredentials; '\(provider.name.value)' uses \(providerFlow.value)",
                    file: credential.origin.file, at: reference,
                    notes: [Note("the provider's flow is set here", file: provider.origin.file, range: providerFlow.range)]))
        }
    }
}

/// `identity-type`.
struct IdentityType: ModelRule {
    let descriptor = RuleDescriptor(
        .identityType, .error, "this flow allows only `NamedPrincipal`",
        "Client-credentials flows authenticate as the integration, not as each user, so every principal is a NamedPrincipal; PerUserPrincipal is for flows where each user signs in.",
        failing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: 1️⃣PerUserPrincipal\n    permissionSets: [Billing_Admins]\n"),
            Example.named()),
        passing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: NamedPrincipal\n    permissionSets: [Billing_Admins]\n"),
            Example.named()))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials where credential.flow?.value == checkedFlow {
            for principal in credential.principals {
                guard let identityType = principal.identityType, identityType.value != "NamedPrincipal" else { continue }
                findings.append(
                    Finding(
                        .identityType,
                        "identityType '\(identityType.value)' is not allowed with flow \(checkedFlow); use NamedPrincipal",
                        file: credential.origin.file, at: identityType, suggestion: "NamedPrincipal"))
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
            for principal in credential.principals {
                for key in principal.credentialKeys {
                    findings.append(
                        Finding(
                            .principalCredentials,
                            "'\(key.value)' must not be set on a principal: this flow takes the client credentials from the identity provider; remove it",
                            file: credential.origin.file, at: key))
                }
            }
        }
    }
}
