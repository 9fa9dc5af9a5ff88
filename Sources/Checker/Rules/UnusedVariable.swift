import Diagnostics

/// `unused-variable`: found by the driver (`Sources/Driver/Environments.swift`), which checks every
/// environment's substituted values and joins their findings.
struct UnusedVariable: Rule {
    let descriptor = RuleDescriptor(
        .unusedVariable, .warning, "a variable of an environment that no value uses",
        "A variable no value uses is probably left over or misspelt where it is used; removing it keeps the environments honest.",
        failing: Example.environments(sandbox: "  BILLING_URL: https://billing.sandbox.example.com/v2\n  1️⃣LEGACY_URL: https://old.example.com"),
        passing: Example.environments())
}
