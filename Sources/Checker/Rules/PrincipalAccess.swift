import Diagnostics
import Model

// Who can use an external credential: its principals, and the permission sets and profiles
// that get access to them.

/// `no-principals`.
struct NoPrincipals: ModelRule {
    let descriptor = RuleDescriptor(
        .noPrincipals, .warning, "an external credential with no principal",
        "Users reach an external credential through its principals; without one, nobody can use it. When `principals` is written but misspelt or of the wrong type, that error is the cause and this warning is not reported as well.",
        failing: Example.documents(
            Example.provider,
            Example.credential(name: "1️⃣Billing_API", principals: "  []\n")
                .replacingFirst("principals:\n  []", with: "principals: []"),
            Example.named()),
        passing: Example.valid)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials where credential.principals.isEmpty {
            let range = credential.origin.range
            let causedByAnother = context.earlierFindings.contains { finding in
                finding.file == credential.origin.file && range.start <= finding.range.start
                    && finding.range.start < range.end
                    && (finding.path == "principals" || finding.suggestion == "principals")
            }
            guard !causedByAnother else { continue }
            findings.append(
                Finding(
                    .noPrincipals, "external credential '\(credential.name.value)' has no principal, so nobody can use it",
                    file: credential.origin.file, at: credential.name))
        }
    }
}

/// `principal-without-access`.
struct PrincipalWithoutAccess: CredentialRule {
    let descriptor = RuleDescriptor(
        .principalWithoutAccess, .warning, "a principal no permission set or profile gets access to",
        "Access to a principal is granted through permission sets or profiles; a principal with neither is unusable. When `permissionSets` or `profiles` is written but misspelt or of the wrong type, that error is the cause and this warning is not reported as well.",
        failing: Example.documents(Example.provider, Example.credential(principals: "  - name: 1️⃣Admin\n    sequence: 1\n"), Example.named()),
        passing: Example.valid)

    private static let accessFields: Set<String> = ["permissionSets", "profiles"]

    func walker(for context: ModelContext) -> Walker {
        // Picked once: a large input has many principals and many findings.
        Walker(accessProblems: Dictionary(grouping: context.earlierFindings.filter(isAboutAccess), by: \.file))
    }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []
        private let accessProblems: [String: [Finding]]

        init(accessProblems: [String: [Finding]]) { self.accessProblems = accessProblems }

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            let file = credential.origin.file
            for principal in principals where principal.permissionSets.isEmpty && principal.profiles.isEmpty {
                let range = principal.range
                let causedByAnother = accessProblems[file]?.contains {
                    range.start <= $0.range.start && $0.range.start < range.end
                }
                guard causedByAnother != true else { continue }
                let path = principal.name?.path ?? "principals[\(principal.index)]"
                findings.append(
                    Finding(
                        rule: .principalWithoutAccess,
                        message: "principal '\(principal.name?.value ?? "")' gets no permission set or profile, so nobody can use it",
                        file: file, range: principal.name?.range ?? principal.range, path: path,
                        notes: [Note("add permissionSets or profiles")]))
            }
        }
    }

    private func isAboutAccess(_ finding: Finding) -> Bool {
        if let suggestion = finding.suggestion, Self.accessFields.contains(suggestion) { return true }
        let field = finding.path.split(separator: ".").last.map { $0.prefix { $0 != "[" } } ?? ""
        return Self.accessFields.contains(String(field))
    }
}
