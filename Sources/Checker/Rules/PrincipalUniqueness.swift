import Diagnostics
import Model

// A principal's name and its sequence number are each unique within its external credential.
// A value a principal gets through a `<<` merge stands where the merged mapping wrote it, the
// same place as the first definition: the finding then points there, with a note at the
// principal that merged it.

/// The notes of a duplicate: the first definition, or, when the duplicate came through a
/// merge (both stand at the same place), the principal that merged it.
private func duplicateNotes<T>(_ duplicate: Located<T>, first: Located<T>, of principal: Principal, file: String, firstNote: String) -> [Note] {
    guard duplicate.range == first.range else { return [Note(firstNote, file: file, range: first.range)] }
    let name = principal.name.map { "'\($0.value)'" } ?? "principal \(principal.index + 1)"
    return [Note("\(name) gets it through this `<<` merge", file: file, range: .at(principal.range.start))]
}

private func twoPrincipals(_ secondName: String, _ secondSequence: String, _ secondSet: String) -> String {
    Example.documents(
        Example.provider,
        Example.credential(
            principals: Example.adminPrincipal
                + "  - name: \(secondName)\n    sequence: \(secondSequence)\n    permissionSets: [\(secondSet)]\n"),
        Example.named())
}

/// `duplicate-principal`.
struct DuplicatePrincipal: CredentialRule {
    let descriptor = RuleDescriptor(
        .duplicatePrincipal, .error, "two principals with the same name in one credential",
        "A principal's name is its parameter name, unique within its external credential.",
        failing: twoPrincipals("1️⃣Admin", "2", "Billing_Admins"),
        passing: twoPrincipals("Auditor", "2", "Billing_Auditors"))

    func walker(for context: ModelContext) -> Walker { Walker() }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            // Names are located only for a finding: the table keeps each first's position.
            var names = SmallTable<String, Int>(capacity: principals.count)
            for (position, principal) in principals.enumerated() {
                guard let text = principal.nameText else { continue }
                if let firstPosition = names[text], let first = principals[firstPosition].name, let name = principal.name {
                    findings.append(
                        Finding(
                            .duplicatePrincipal, "principal '\(name.value)' is defined twice in '\(credential.name.value)'",
                            file: credential.origin.file, at: name,
                            notes: duplicateNotes(
                                name, first: first, of: principal, file: credential.origin.file,
                                firstNote: "first defined here")))
                } else {
                    names.insert(position, for: text)
                }
            }
        }
    }
}

/// `duplicate-sequence`.
struct DuplicateSequence: CredentialRule {
    let descriptor = RuleDescriptor(
        .duplicateSequence, .error, "two principals with the same sequence number in one credential",
        "The sequence number orders principals when a user has access to several; Salesforce requires each to be unique within the credential.",
        failing: twoPrincipals("Auditor", "1️⃣1", "Billing_Auditors"),
        passing: twoPrincipals("Auditor", "2", "Billing_Auditors"),
        fix: .safe)

    func walker(for context: ModelContext) -> Walker { Walker() }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            var sequences = SmallTable<Int, Located<Int>>(capacity: principals.count)
            for principal in principals {
                guard let sequence = principal.sequence else { continue }
                if let first = sequences[sequence.value] {
                    findings.append(
                        Finding(
                            .duplicateSequence,
                            "sequence \(sequence.value) is used twice in '\(credential.name.value)'; each principal needs its own",
                            file: credential.origin.file, at: sequence,
                            notes: duplicateNotes(
                                sequence, first: first, of: principal, file: credential.origin.file,
                                firstNote: "first used here"),
                            suggestion: String((sequences.keys.max() ?? sequence.value) + 1)))
                } else {
                    sequences.insert(sequence, for: sequence.value)
                }
            }
        }
    }
}
