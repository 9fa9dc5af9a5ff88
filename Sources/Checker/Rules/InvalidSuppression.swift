import Diagnostics

/// `invalid-suppression`: found by the driver (`InlineSuppressions`), which reads the comments
/// and knows, after every other rule ran, which suppression was used.
struct InvalidSuppression: Rule {
    let descriptor = RuleDescriptor(
        .invalidSuppression, .warning,
        "a `credc:ignore` that names an unknown rule, a rule that cannot be suppressed, or suppresses nothing",
        "A suppression that names no rule (a typo), or that no longer matches a finding on its line (the problem was fixed, or the comment is on the wrong line), silently stops meaning anything; ruff and eslint report these too. `immutable-field` and `yaml-syntax` cannot be suppressed: Salesforce refuses the change whatever the comment says, and a file that does not parse cannot be checked. Remove the comment, or fix the rule name.",
        failing: Example.documents(
            Example.provider,
            Example.credential(extra: "additionalRefreshStatusCodes: [401, 403]  # credc:ignore 1️⃣redundant-402\n"),
            Example.named()),
        passing: Example.documents(
            Example.provider,
            Example.credential(
                extra: "additionalRefreshStatusCodes: [401, 403]  # credc:ignore redundant-401 -- kept as documentation\n"),
            Example.named()),
        fix: .safe)
}
