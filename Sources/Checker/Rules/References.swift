import Diagnostics
import Model
import Schema

// References between resources: each names a resource of the inputs. The usage rules
// (`UnusedResources.swift`) stay quiet about what a broken reference may have meant.
//
// A file that does not parse may define any resource: a reference to a name that its unparsed
// text holds is not reported as broken (an over-indented line must not turn every reference to
// its credential into an error elsewhere). Its syntax error notes the first such reference.

/// `unknown-identity-provider`.
struct UnknownIdentityProvider: ModelRule {
    let descriptor = RuleDescriptor(
        .unknownIdentityProvider, .error, "`identityProvider` names no provider",
        "An external credential of this flow gets its tokens from an ExternalAuthIdentityProvider defined among the inputs (declare one with `unmanaged: true` if it already exists in the org).",
        failing: Example.documents(Example.provider, Example.credential(provider: "1️⃣Okta_Prd"), Example.named()),
        passing: Example.valid,
        fix: .safe)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            guard let reference = credential.identityProvider, context.providers[reference.value] == nil,
                context.model.unparsedFile(mentioning: reference.value) == nil
            else { continue }
            if let message = ReferenceMessages.outside(context.model, .externalAuthIdentityProvider, reference.value) {
                findings.append(Finding(.unknownIdentityProvider, "identityProvider " + message, file: credential.origin.file, at: reference))
                continue
            }
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
        passing: Example.valid,
        fix: .safe)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for named in context.model.namedCredentials {
            guard let reference = named.externalCredential, context.credentials[reference.value] == nil,
                context.model.unparsedFile(mentioning: reference.value) == nil
            else { continue }
            if let message = ReferenceMessages.outside(context.model, .externalCredential, reference.value) {
                findings.append(Finding(.unknownExternalCredential, "externalCredential " + message, file: named.origin.file, at: reference))
                continue
            }
            findings.append(
                Finding(
                    .unknownExternalCredential,
                    "externalCredential '\(reference.value)' names no ExternalCredential",
                    file: named.origin.file, at: reference,
                    suggestion: Suggestions.closest(to: reference.value, in: context.credentials.keys)))
        }
    }
}

/// The words of a reference whose target exists in other environments only (SPEC §7, 1.2); the
/// environment runs add the environments where it breaks.
enum ReferenceMessages {
    static func outside(_ model: Model, _ kind: ResourceKind, _ name: String) -> String? {
        guard let listed = model.elsewhere[kind]?[name] else { return nil }
        let names = listed.map { "'\($0)'" }.joined(separator: ", ")
        return "'\(name)' is not in this environment: its `environments:` lists only \(names); "
            + "list the same environments on this resource, or add them to '\(name)'"
    }
}

extension Checker {
    /// `findings` with a note on the syntax error of each file whose unparsed text may define
    /// a resource that a reference names but no parsed document defines: "cannot check
    /// references to 'X'", once per name, at its first reference.
    public static func notingUncheckedReferences(_ findings: [Finding], in model: Model) -> [Finding] {
        guard !model.unparsed.isEmpty else { return findings }
        let providers = Set(model.providers.map(\.name.value))
        let credentials = Set(model.externalCredentials.map(\.name.value))
        let references =
            model.externalCredentials.compactMap { credential in
                credential.identityProvider.flatMap { providers.contains($0.value) ? nil : (credential.origin.file, $0) }
            }
            + model.namedCredentials.compactMap { named in
                named.externalCredential.flatMap { credentials.contains($0.value) ? nil : (named.origin.file, $0) }
            }
        var result = findings
        var noted: Set<String> = []
        for (file, reference) in references where noted.insert(reference.value).inserted {
            guard let unparsed = model.unparsedFile(mentioning: reference.value),
                let index = result.firstIndex(where: {
                    $0.file == unparsed && ($0.rule == .yamlSyntax || $0.rule == .yamlLimits)
                })
            else { continue }
            result[index].notes.append(
                Note(
                    "cannot check references to '\(reference.value)': its file does not parse", file: file,
                    range: reference.range))
        }
        return result
    }
}
