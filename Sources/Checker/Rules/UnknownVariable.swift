import Diagnostics

/// `unknown-variable`: found by the driver (`Sources/Driver/Environments.swift`), which checks every
/// environment's substituted values and joins their findings.
struct UnknownVariable: Rule {
    let descriptor = RuleDescriptor(
        .unknownVariable, .error, "`${NAME}` that an environment does not define",
        "A value that uses `${NAME}` takes NAME's value from the environment being checked or built (`kind: Environment`, `--env NAME`). Every environment must define every variable it is used with, or that org would get the text `${NAME}`; the message names the environments that lack it. Without any Environment document, every `${NAME}` is this error: a typo must not become text. Write `$${` for a literal `${`. A resource's `environments:` naming no Environment document is this error too, with \"did you mean\".",
        failing: Example.environments(url: "1️⃣${BILLING_URL}", sandbox: ""),
        passing: Example.environments(),
        fix: .safe)
}
