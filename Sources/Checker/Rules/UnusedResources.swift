import Diagnostics
import Model

// Resources nothing refers to. A broken reference is the cause of an "unused" resource more
// often than not (`identityProvider: Okta_Prd` leaves `Okta_Prod` unused), so these warnings
// stay quiet about the resource a broken reference most likely meant: the one its "did you
// mean" suggests, or every resource of the kind when a reference has no suggestion or is
// missing, misspelt or of the wrong type (its error is reported instead). Every other unused
// resource is still reported.

//
// A file that does not parse may use any resource its unparsed text names: those are not
// reported either, and a reference into that text is not broken.

/// The names a broken reference may have meant: nil when it could be any of them.
private func possiblyMeant(
    by references: [Located<String>?], among names: some Collection<String>, in model: Model
) -> Set<String>? {
    let known = Set(names)
    var meant: Set<String> = []
    for reference in references {
        guard let reference else { return nil }
        guard !known.contains(reference.value), model.unparsedFile(mentioning: reference.value) == nil else { continue }
        guard let suggestion = Suggestions.closest(to: reference.value, in: known) else { return nil }
        meant.insert(suggestion)
    }
    return meant
}

/// `unused-identity-provider`.
struct UnusedIdentityProvider: ModelRule {
    let descriptor = RuleDescriptor(
        .unusedIdentityProvider, .warning, "a managed provider that no credential uses",
        "A provider that no external credential refers to is probably left over. Mark providers that exist in the org for other reasons `unmanaged: true`. While an external credential's `identityProvider` is broken, the provider it most likely meant is not reported: the broken reference is.",
        failing: Example.documents(
            Example.provider, Example.credential(), Example.named(),
            Example.provider.replacingFirst("name: Okta_Prod", with: "name: 1️⃣Okta_Old")),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        let credentials = context.model.externalCredentials
        let used = Set(credentials.compactMap { $0.identityProvider?.value })
        guard let meant = possiblyMeant(by: credentials.map(\.identityProvider), among: context.providers.keys, in: context.model) else {
            return
        }
        for provider in context.model.providers
        where !provider.isUnmanaged && !used.contains(provider.name.value) && !meant.contains(provider.name.value)
            && context.model.unparsedFile(mentioning: provider.name.value) == nil
        {
            findings.append(
                Finding(
                    .unusedIdentityProvider,
                    "identity provider '\(provider.name.value)' is used by no external credential",
                    file: provider.origin.file, at: provider.name))
        }
    }
}

/// `unused-external-credential`.
struct UnusedExternalCredential: ModelRule {
    let descriptor = RuleDescriptor(
        .unusedExternalCredential, .warning, "an external credential that no named credential uses",
        "An external credential does nothing until a named credential calls through it. While a named credential's `externalCredential` is broken, the credential it most likely meant is not reported: the broken reference is.",
        failing: Example.documents(Example.provider, Example.credential(name: "1️⃣Billing_API")),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        let named = context.model.namedCredentials
        let used = Set(named.compactMap { $0.externalCredential?.value })
        guard let meant = possiblyMeant(by: named.map(\.externalCredential), among: context.credentials.keys, in: context.model) else {
            return
        }
        for credential in context.model.externalCredentials
        where !used.contains(credential.name.value) && !meant.contains(credential.name.value)
            && context.model.unparsedFile(mentioning: credential.name.value) == nil
        {
            findings.append(
                Finding(
                    .unusedExternalCredential,
                    "external credential '\(credential.name.value)' is used by no named credential",
                    file: credential.origin.file, at: credential.name))
        }
    }
}
