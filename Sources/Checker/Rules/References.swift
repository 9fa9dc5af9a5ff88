import Diagnostics
import Model

// References between resources: each names a resource of the inputs. The usage rules
// (`UnusedResources.swift`) stay quiet about what a broken reference may have meant.

/// `unknown-identity-provider`.
struct UnknownIdentityProvider: ModelRule {
    let descriptor = RuleDescriptor(
        .unknownIdentityProvider, .error, "`identityProvider` names no provider",
        "An external credential of this flow gets its tokens from an ExternalAuthIdentityProvider defined among the inputs (declare one with `unmanaged: true` if it already exists in the org).",
        failing: Example.documents(Example.provider, Example.credential(provider: "1️⃣Okta_Prd"), Example.named()),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            guard let reference = credential.identityProvider, context.providers[reference.value] == nil else { continue }
            findings.append(
                Finding(
                    .unknownIdentityProvider,
                    "identityProvider '\(reference.value)' names no ExternalAuthIdentityProvider",
                    file: credential.origin.file, at: reference,
                    suggestion: Suggestions.closest(to: reference.value, in: context.providers.keys)))
        }
    }
}

/// `unknown-external-credential`.
struct UnknownExternalCredential: ModelRule {
    let descriptor = RuleDescriptor(
        .unknownExternalCredential, .error, "`externalCredential` names no external credential",
        "A named credential authenticates through an ExternalCredential defined among the inputs.",
        failing: Example.documents(Example.provider, Example.credential(), Example.named(credential: "1️⃣Biling_API")),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for named in context.model.namedCredentials {
            guard let reference = named.externalCredential, context.credentials[reference.value] == nil else { continue }
            findings.append(
                Finding(
                    .unknownExternalCredential,
                    "externalCredential '\(reference.value)' names no ExternalCredential",
                    file: named.origin.file, at: reference,
                    suggestion: Suggestions.closest(to: reference.value, in: context.credentials.keys)))
        }
    }
}
