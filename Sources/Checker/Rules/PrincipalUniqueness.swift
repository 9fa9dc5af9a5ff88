import Diagnostics
import Model

// A principal's name and its sequence number are each unique within its external credential.

private func twoPrincipals(_ secondName: String, _ secondSequence: String, _ secondSet: String) -> String {
    Example.documents(
        Example.provider,
        Example.credential(
            principals: Example.adminPrincipal
                + "  - name: \(secondName)\n    sequence: \(secondSequence)\n    permissionSets: [\(secondSet)]\n"),
        Example.named())
}

/// `duplicate-principal`.
struct DuplicatePrincipal: ModelRule {
    let descriptor = RuleDescriptor(
        .duplicatePrincipal, .error, "two principals with the same name in one credential",
        "A principal's name is its parameter name, unique within its external credential.",
        failing: twoPrincipals("1️⃣Admin", "2", "Billing_Admins"),
        passing: twoPrincipals("Auditor", "2", "Billing_Auditors"))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            var names: [String: Located<String>] = [:]
            for principal in credential.principals {
                guard let name = principal.name else { continue }
                if let first = names[name.value] {
                    findings.append(
                        Finding(
                            .duplicatePrincipal, "principal '\(name.value)' is defined twice in '\(credential.name.value)'",
                            file: credential.origin.file, at: name,
                            notes: [Note("first defined here", file: credential.origin.file, range: first.range)]))
                } else {
                    names[name.value] = name
                }
            }
        }
    }
}

/// `duplicate-sequence`.
struct DuplicateSequence: ModelRule {
    let descriptor = RuleDescriptor(
        .duplicateSequence, .error, "two principals with the same sequence number in one credential",
        "The sequence number orders principals when a user has access to several; Salesforce requires each to be unique within the credential.",
        failing: twoPrincipals("Auditor", "1️⃣1", "Billing_Auditors"),
        passing: twoPrincipals("Auditor", "2", "Billing_Auditors"))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            var sequences: [Int: Located<Int>] = [:]
            for principal in credential.principals {
                guard let sequence = principal.sequence else { continue }
                if let first = sequences[sequence.value] {
                    findings.append(
                        Finding(
                            .duplicateSequence,
                            "sequence \(sequence.value) is used twice in '\(credential.name.value)'; each principal needs its own",
                            file: credential.origin.file, at: sequence,
                            notes: [Note("first used here", file: credential.origin.file, range: first.range)],
                            suggestion: String((sequences.keys.max() ?? sequence.value) + 1)))
                } else {
                    sequences[sequence.value] = sequence
                }
            }
        }
    }
}
