import Diagnostics

/// `variable-syntax`: found by the driver (`Sources/Driver/Environments.swift`), which checks every
/// environment's substituted values and joins their findings.
struct VariableSyntax: Rule {
    let descriptor = RuleDescriptor(
        .variableSyntax, .error, "a malformed `${…}`, or a variable where none is allowed",
        "A variable is written `${NAME}`, NAME being upper-case letters, digits and underscores, not starting with a digit; `$${` writes a literal `${`. Names (of resources, principals, permission sets, profiles), references (`identityProvider`, `externalCredential`), `apiVersion`, `kind` and fields with a fixed set of values (`protocol`, `flow`, `identityType`) take no variable: a resource must be the same resource in every org, with only its values differing.",
        failing: Example.environments(url: "https://billing.example.com/1️⃣${API_VERSION"),
        passing: Example.environments())
}
