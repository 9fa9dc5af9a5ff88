import Diagnostics

// The rules of environments and variables (SPEC §7). The driver applies them: they need every
// environment's substituted run, which the model-wide checker does not see.

private let environmentsExample = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://${OKTA_HOST}/oauth2/default/v1/token
    ---
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Billing_API
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta
    principals:
      - name: Admin
        sequence: 1
        permissionSets: [Billing_Admins]
    ---
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: URL
    externalCredential: Billing_API
    ---
    apiVersion: credc/v1
    kind: Environment
    name: sandbox
    variables:
      OKTA_HOST: acme.oktapreview.com
    SANDBOX_VARIABLES
    ---
    apiVersion: credc/v1
    kind: Environment
    name: production
    variables:
      OKTA_HOST: acme.okta.com
      BILLING_URL: https://billing.example.com/v2

    """

private func environmentsExampleText(url: String = "${BILLING_URL}", sandbox: String = "  BILLING_URL: https://billing.sandbox.example.com/v2") -> String {
    environmentsExample.replacingFirst("url: URL", with: "url: \(url)")
        .replacingFirst("SANDBOX_VARIABLES\n", with: sandbox.isEmpty ? "" : sandbox + "\n")
}

extension Rules {
    static let environments: [RuleDescriptor] = [
        RuleDescriptor(
            id: .unknownVariable, defaultSeverity: .error, summary: "`${NAME}` that an environment does not define",
            rationale: "A value that uses `${NAME}` takes NAME's value from the environment being checked or built (`kind: Environment`, `--env NAME`). Every environment must define every variable it is used with, or that org would get the text `${NAME}`; the message names the environments that lack it. Without any Environment document, every `${NAME}` is this error: a typo must not become text. Write `$${` for a literal `${`.",
            failingExample: environmentsExampleText(url: "1️⃣${BILLING_URL}", sandbox: ""),
            passingExample: environmentsExampleText()),
        RuleDescriptor(
            id: .unusedVariable, defaultSeverity: .warning, summary: "a variable of an environment that no value uses",
            rationale: "A variable no value uses is probably left over or misspelt where it is used; removing it keeps the environments honest.",
            failingExample: environmentsExampleText(sandbox: "  BILLING_URL: https://billing.sandbox.example.com/v2\n  1️⃣LEGACY_URL: https://old.example.com"),
            passingExample: environmentsExampleText()),
        RuleDescriptor(
            id: .variableSyntax, defaultSeverity: .error,
            summary: "a malformed `${…}`, or a variable where none is allowed",
            rationale: "A variable is written `${NAME}`, NAME being upper-case letters, digits and underscores, not starting with a digit; `$${` writes a literal `${`. Names (of resources, principals, permission sets, profiles), references (`identityProvider`, `externalCredential`), `apiVersion`, `kind` and fields with a fixed set of values (`protocol`, `flow`, `identityType`) take no variable: a resource must be the same resource in every org, with only its values differing.",
            failingExample: environmentsExampleText(url: "https://billing.example.com/1️⃣${API_VERSION"),
            passingExample: environmentsExampleText()),
    ]
}
