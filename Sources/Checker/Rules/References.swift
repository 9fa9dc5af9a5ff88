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
        let references = context.model.externalCredentials.map { ($0.identityProvider, $0.origin.file) }
        findings += brokenReferences(references, field: "identityProvider", to: .externalAuthIdentityProvider,
                                     names: context.providers.keys, rule: .unknownIdentityProvider, in: context.model)
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
        findings += brokenReferences(
            context.model.namedCredentials.map { ($0.externalCredential, $0.origin.file) }, field: "externalCredential",
            to: .externalCredential, names: context.credentials.keys, rule: .unknownExternalCredential, in: context.model)
    }
}

/// A finding for each reference (with its file) that names no resource of `kind` (`names`):
/// none at all, with "did you mean", or none in this environment. A name that a file which
/// did not parse may define is left alone.
private func brokenReferences(
    _ references: [(Located<String>?, String)], field: String, to kind: ResourceKind, names: some Collection<String>,
    rule: RuleID, in model: Model
) -> [Finding] {
    references.compactMap { reference, file in
        guard let reference, !names.contains(reference.value), model.unparsedFile(mentioning: reference.value) == nil
        else { return nil }
        if let message = ReferenceMessages.outside(model, kind, reference.value) {
            return Finding(rule, "\(field) " + message, file: file, at: reference)
        }
        return Finding(
            rule, "\(field) '\(reference.value)' names no \(kind.rawValue)", file: file, at: reference,
            suggestion: Suggestions.closest(to: reference.value, in: Array(names)))
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
