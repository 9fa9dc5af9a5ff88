import Diagnostics
import Model
import Schema

/// `missing-secrets`: a managed provider (or a principal whose protocol takes secrets) that does
/// not say where a secret it needs comes from. No rule of SPEC §4 says this: `missing-field` is an
/// error about what a deploy needs, while a deploy succeeds without secrets and only the callouts
/// fail until someone enters them, so this is a warning of its own (SPEC §12: "a missing one a
/// warning").
struct MissingSecrets: CredentialRule {
    let descriptor = RuleDescriptor(
        .missingSecrets, .warning, "a provider or principal that does not say where its secrets come from",
        "A deploy never carries client IDs and secrets, passwords or AWS keys: they are entered afterwards, and `credc secrets --apply` enters them through Salesforce's Connect REST API from the environment variables that `secrets:` names (`secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}`). A managed provider, or a Basic, AwsSv4 or client-secret principal, without them works only once someone enters them by hand in Setup, after every deploy that creates it and every sandbox refresh. Unmanaged providers, principals whose users authenticate themselves or whose certificate signs, take none; a Custom principal's parameters are whatever its `secrets:` names.",
        failing: Example.documents(
            Example.provider.replacingFirst(
                "secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}\n", with: "")
                .replacingFirst("name: Okta_Prod", with: "name: 1️⃣Okta_Prod"),
            Example.credential(), Example.named()),
        passing: Example.valid)

    func walker(for context: ModelContext) -> Walker {
        let walker = Walker()
        for provider in context.model.providers {
            walker.check(
                SecretInputs.provider(protocol: provider.protocol?.value, unmanaged: provider.isUnmanaged)?.requiredKeys ?? [],
                provider.secrets,
                holder: "identity provider '\(provider.name.value)'", file: provider.origin.file, at: provider.name)
        }
        return walker
    }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []

        func check(
            _ required: [String], _ secrets: SecretSources?, holder: @autoclosure () -> String, file: String,
            at name: Located<String>
        ) {
            // Keys are looked up without making their located entries: most are there.
            let missing = required.filter { secrets?.hasVariable(for: $0) != true }
            guard !missing.isEmpty else { return }
            findings.append(Finding(.missingSecrets, MissingSecrets.message(holder: holder(), missing: missing), file: file, at: name))
        }

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            let protocolName = credential.protocol?.value
            let flow = credential.flow?.value
            // A credential's principals share a row but for their identity type: looked up once each.
            // A few identity types at most: a list, not a hash table.
            var requiredKeys: [(identityType: String?, keys: [String])] = []
            for principal in principals {
                let identityType = principal.identityType?.value
                let required = requiredKeys.first { $0.identityType == identityType }?.keys ?? {
                    let keys = SecretInputs.principal(protocol: protocolName, flow: flow, identityType: identityType)?.requiredKeys ?? []
                    requiredKeys.append((identityType, keys))
                    return keys
                }()
                guard !required.isEmpty, let name = principal.name else { continue }
                check(required, principal.secrets, holder: "principal '\(name.value)'", file: credential.origin.file, at: name)
            }
        }
    }

    static func message(holder: String, missing: [String]) -> String {
        let quoted = missing.map { "'\($0)'" }
        let list = quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " and " + quoted.last! : quoted.joined()
        let example = missing.map { "\($0): VARIABLE" }.joined(separator: ", ")
        return "\(holder) does not say where \(list) come\(missing.count == 1 ? "s" : "") from: add secrets: {\(example)} "
            + "naming environment variables, so that credc secrets can enter \(missing.count == 1 ? "it" : "them") after a deploy"
    }
}
