import Diagnostics
import Schema
import Model

/// `immutable-field`: a principal change the plan against the deployed state cannot make in
/// place. The plan finds the changes; this rule places each at the principal's YAML.
struct ImmutableField: StateRule {
    let descriptor = RuleDescriptor(
        .immutableField, .error, "a principal's name or identity type changed in place",
        "Salesforce cannot modify a principal's name or identity type: the principal must be deleted and recreated, which drops its access grants and stored credentials for a moment. `credc plan` and `credc check --state` block such a change, whatever other errors the configuration has, unless the credential's name or principals have errors of their own; `credc plan --allow-replace` plans it as a replace. A principal counts as renamed when, in one credential, a principal of the state disappears and a new one takes its sequence number. This finding cannot be suppressed or turned off: Salesforce refuses the change whatever the configuration says.",
        failing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: 1️⃣Administrator\n    sequence: 1\n    permissionSets: [Billing_Admins]\n"),
            Example.named()),
        passing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins, Billing_Auditors]\n"),
            Example.named()),
        deployed: Example.valid,
        canBeSuppressed: false)

    func check(_ context: StateContext, into findings: inout [Finding]) {
        // A rename is told by sequence numbers and names: an error in the credential's name or
        // its principals (a duplicate sequence, a mistyped name) makes the comparison unsound.
        let unsound = context.diagnostics.filter { $0.severity == .error && $0.suppression == nil }
        for change in context.immutableChanges {
            let credential = context.model.externalCredentials.first { $0.name.value == change.credential }
            if let credential, unsound.contains(where: { diagnostic in
                diagnostic.file == credential.origin.file && (credential.origin.range.start...credential.origin.range.end).contains(diagnostic.range.start)
                    && (diagnostic.path == "name" || diagnostic.path.hasPrefix("principals"))
            }) {
                continue
            }
            let principal = credential?.principals.first { $0.name?.value == change.principal }
            let located: Located<String>? =
                switch change.field {
                case .name: principal?.name
                case .identityType: principal?.identityType ?? principal?.name
                }
            findings.append(
                Finding(
                    rule: .immutableField, message: change.reason, file: credential?.origin.file ?? "",
                    range: located?.range ?? credential?.name.range ?? .fileStart, path: located?.path ?? "",
                    notes: [
                        Note("deployed: \(change.field.rawValue) '\(change.before)'; configured: '\(change.after)'"),
                        Note("`credc plan --allow-replace` plans it as a replace: delete, then create"),
                    ]))
        }
    }
}
