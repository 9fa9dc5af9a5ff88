import Diagnostics

/// Every rule credc knows, in the order of SPEC §4. A plain value: `credc rules`, `credc explain`,
/// SARIF and the example tests all read it.
public enum Rules {
    public static let all: [RuleDescriptor] = syntax + schema + semantics + plan + state

    public static func descriptor(_ id: RuleID) -> RuleDescriptor {
        guard let descriptor = byID[id] else { preconditionFailure("rule \(id) is not registered") }
        return descriptor
    }

    public static func find(_ id: String) -> RuleDescriptor? { byID[RuleID(id)] }

    private static let byID: [RuleID: RuleDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

// MARK: Example building blocks

private let provider = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta_Prod
    label: Okta (Production)
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://acme.okta.com/oauth2/default/v1/token

    """

private func credential(
    name: String = "Billing_API", provider: String = "Okta_Prod", extra: String = "", principals: String? = nil
) -> String {
    """
    apiVersion: credc/v1
    kind: ExternalCredential
    name: \(name)
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: \(provider)
    \(extra)principals:
    \(principals ?? "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n")
    """
}

private func named(name: String = "Billing", url: String = "https://billing.example.com/v2", credential: String = "Billing_API") -> String {
    """
    apiVersion: credc/v1
    kind: NamedCredential
    name: \(name)
    label: Billing
    url: \(url)
    externalCredential: \(credential)

    """
}

private func documents(_ parts: String...) -> String {
    parts.joined(separator: "---\n")
}

private func rule(
    _ id: RuleID, _ severity: Severity, _ summary: String, _ rationale: String, failing: String, passing: String
) -> RuleDescriptor {
    RuleDescriptor(
        id: id, defaultSeverity: severity, summary: summary, rationale: rationale, failingExample: failing,
        passingExample: passing)
}

private let valid = documents(provider, credential(), named())

// MARK: The rules

extension Rules {
    static let syntax: [RuleDescriptor] = [
        rule(
            .yamlSyntax, .error, "malformed YAML, invalid UTF-8, NUL bytes, unsupported tags",
            "credc reads YAML 1.2 with libyaml. A file that does not parse cannot be checked; custom tags such as `!secret` have no meaning in a credc document and are rejected rather than ignored.",
            failing: "apiVersion: credc/v1\nkind: NamedCredential\nname: 1️⃣!secret Billing\n",
            passing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com\nexternalCredential: Billing_API\n"),
        rule(
            .yamlLimits, .error, "alias expansion, nesting depth or file size over the limits",
            "A file may be at most 32 MiB, nest at most 64 levels, and its aliases may bring at most 10,000 nodes into a document. The limits keep a hostile file (a \"billion laughs\" alias bomb) from exhausting memory; real configurations stay far below them.",
            failing: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, 1️⃣*c, *c, *c]\n",
            passing: "a: &a [x, x]\nb: [*a, *a]\n"),
        rule(
            .duplicateKey, .error, "a key twice in one mapping",
            "YAML parsers disagree on which of two equal keys wins; credc refuses to guess. Remove one of them.",
            failing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\n1️⃣name: Billing_2\n",
            passing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\n"),
    ]

    static let schema: [RuleDescriptor] = [
        rule(
            .unknownDocument, .error, "a document that is not `apiVersion: credc/v1` or has an unknown `kind`",
            "Every document in a credc input is one resource with `apiVersion: credc/v1` and a kind of ExternalAuthIdentityProvider, ExternalCredential or NamedCredential. Other YAML does not belong among the inputs.",
            failing: "apiVersion: credc/v1\nkind: 1️⃣NamedCredentials\nname: Billing\n",
            passing: named()),
        rule(
            .unknownField, .error, "a field the kind does not have",
            "A misspelt field would otherwise be ignored silently and the default used instead. The message lists the known fields and the closest match.",
            failing: documents(provider, credential(), "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com/v2\nexternalCredential: Billing_API\n1️⃣enabeld: false\n"),
            passing: documents(provider, credential(), "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com/v2\nexternalCredential: Billing_API\nenabled: false\n")),
        rule(
            .missingField, .error, "a required field is absent",
            "Salesforce cannot deploy a resource without its required fields; the message says what the field is for.",
            failing: "apiVersion: credc/v1\nkind: 1️⃣NamedCredential\nname: Billing\nlabel: Billing\nexternalCredential: Billing_API\n",
            passing: documents(provider, credential(), named())),
        rule(
            .typeMismatch, .error, "a value of the wrong YAML type",
            "credc never converts types: `sequence: \"1\"` is a string, not a number, and `enabled: yes` is the string \"yes\" under YAML 1.2. Write the value in the type the field takes.",
            failing: credential(principals: "  - name: Admin\n    sequence: 1️⃣\"1\"\n    permissionSets: [Billing_Admins]\n"),
            passing: credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n")),
        rule(
            .invalidValue, .error, "a value outside the allowed set or range",
            "Fields such as `protocol`, `flow` and `identityType` take one of a few values, and `sequence` a number from 1 to 2147483647. The message lists what is allowed.",
            failing: provider.replacingFirst("protocol: OAuth", with: "protocol: 1️⃣OAuth2"),
            passing: provider),
        rule(
            .unsupportedFlow, .error, "a known OAuth flow that v1 does not support",
            "Salesforce offers several OAuth flows for external credentials; credc v1 checks only ClientCredentialsExternalIdentityProvider. The others are recognised, so that you are told \"not supported yet\" rather than \"unknown value\".",
            failing: credential().replacingFirst("flow: ClientCredentialsExternalIdentityProvider", with: "flow: 1️⃣JwtBearer"),
            passing: credential()),
    ]

    static let semantics: [RuleDescriptor] = [
        rule(
            .nameFormat, .error, "a name that breaks the naming rules",
            "Developer names (resources and permission sets) take ASCII letters, digits and underscores, begin with a letter, do not end with an underscore or contain two in a row, and have at most 80 characters. Principal names take 1 to 255 letters, digits, spaces, underscores and hyphens and begin with a letter. Salesforce rejects other names at deploy time; credc says which rule a name breaks before that.",
            failing: documents(provider, credential(name: "1️⃣Billing__API"), named(credential: "Billing__API")),
            passing: valid),
        rule(
            .duplicateName, .error, "two resources of one kind with the same name",
            "Names identify resources in the org; a second definition would silently replace the first. The message points at both.",
            failing: documents(provider, credential(), named(), named(name: "1️⃣Billing")),
            passing: documents(provider, credential(), named(), named(name: "Billing_EU"))),
        rule(
            .duplicatePrincipal, .error, "two principals with the same name in one credential",
            "A principal's name is its parameter name, unique within its external credential.",
            failing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n  - name: 1️⃣Admin\n    sequence: 2\n    permissionSets: [Billing_Admins]\n"), named()),
            passing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n  - name: Auditor\n    sequence: 2\n    permissionSets: [Billing_Auditors]\n"), named())),
        rule(
            .duplicateSequence, .error, "two principals with the same sequence number in one credential",
            "The sequence number orders principals when a user has access to several; Salesforce requires each to be unique within the credential.",
            failing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n  - name: Auditor\n    sequence: 1️⃣1\n    permissionSets: [Billing_Auditors]\n"), named()),
            passing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n  - name: Auditor\n    sequence: 2\n    permissionSets: [Billing_Auditors]\n"), named())),
        rule(
            .unknownIdentityProvider, .error, "`identityProvider` names no provider",
            "An external credential of this flow gets its tokens from an ExternalAuthIdentityProvider defined among the inputs (declare one with `unmanaged: true` if it already exists in the org).",
            failing: documents(provider, credential(provider: "1️⃣Okta_Prd"), named()),
            passing: valid),
        rule(
            .unknownExternalCredential, .error, "`externalCredential` names no external credential",
            "A named credential authenticates through an ExternalCredential defined among the inputs.",
            failing: documents(provider, credential(), named(credential: "1️⃣Biling_API")),
            passing: valid),
        rule(
            .providerFlowMismatch, .error, "the credential's flow needs a provider whose flow is `ClientCredentials`",
            "With ClientCredentialsExternalIdentityProvider, Salesforce asks the identity provider for a token with the client-credentials grant; a provider set up for the authorization-code flow cannot serve it.",
            failing: documents(provider.replacingFirst("flow: ClientCredentials", with: "flow: AuthorizationCode"), credential(provider: "1️⃣Okta_Prod"), named()),
            passing: valid),
        rule(
            .identityType, .error, "this flow allows only `NamedPrincipal`",
            "Client-credentials flows authenticate as the integration, not as each user, so every principal is a NamedPrincipal; PerUserPrincipal is for flows where each user signs in.",
            failing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: 1️⃣PerUserPrincipal\n    permissionSets: [Billing_Admins]\n"), named()),
            passing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    identityType: NamedPrincipal\n    permissionSets: [Billing_Admins]\n"), named())),
        rule(
            .principalCredentials, .error, "`clientId`/`clientSecret` on a principal",
            "With this flow the client ID and secret are auto-populated from the identity provider; setting them on a principal is an error (and a secret in git).",
            failing: documents(provider, credential(principals: "  - name: Admin\n    sequence: 1\n    1️⃣clientId: 0oa1b2c3\n    permissionSets: [Billing_Admins]\n"), named()),
            passing: valid),
        rule(
            .secretInConfig, .error, "a secret in the config",
            "Client secrets, passwords, tokens, API keys and private keys belong in Salesforce, never in git: anyone with read access to the repository has them, forever. credc reports keys that name a secret and values that look like a private key or a JWT, and never prints the value. Remove it, enter it in Setup, and rotate it if it was ever committed.",
            failing: provider + "password: 1️⃣hunter2\n",
            passing: provider),
        rule(
            .scopeFormula, .error, "a scope formula that does not parse",
            "A scope is static text or a formula `{!...}` built from string literals, merge fields ($User, $Organization, $Profile, $Permission, $Credential), the functions BASE64ENCODE, BASE64DECODE, BLOB, HASH, HEX and HMAC, parentheses and the operators + and &. A broken formula fails at callout time; credc points at the column where it goes wrong. Scopes are at most 3,900 characters.",
            failing: documents(provider, credential(extra: "scope: '{!\"role:\" + 1️⃣$Usr.Department}'\n"), named()),
            passing: documents(provider, credential(extra: "scope: '{!\"role:\" + $User.Department}'\n"), named())),
        rule(
            .refreshStatusCode, .error, "an additional refresh code that is not an integer in 400..499 or 600..999, or is listed twice",
            "Besides 401, Salesforce can refresh the token when a callout returns one of these codes. It accepts 4xx and 6xx to 9xx codes, no 5xx.",
            failing: documents(provider, credential(extra: "additionalRefreshStatusCodes: [403, 1️⃣503]\n"), named()),
            passing: documents(provider, credential(extra: "additionalRefreshStatusCodes: [403, 419]\n"), named())),
        rule(
            .redundant401, .warning, "401 listed as an additional refresh code",
            "A 401 response always triggers a token refresh; listing it changes nothing.",
            failing: documents(provider, credential(extra: "additionalRefreshStatusCodes: [1️⃣401, 403]\n"), named()),
            passing: documents(provider, credential(extra: "additionalRefreshStatusCodes: [403]\n"), named())),
        rule(
            .insecureURL, .error, "a URL that is not absolute https, or a named credential URL with a query string",
            "Tokens and callouts must travel over TLS. A named credential's URL is the base of every callout; query parameters belong in the callout's path.",
            failing: documents(provider, credential(), named(url: "1️⃣http://billing.example.com/v2")),
            passing: valid),
        rule(
            .noPrincipals, .warning, "an external credential with no principal",
            "Users reach an external credential through its principals; without one, nobody can use it.",
            failing: documents(provider, credential(name: "1️⃣Billing_API", principals: "  []\n").replacingFirst("principals:\n  []", with: "principals: []"), named()),
            passing: valid),
        rule(
            .principalWithoutAccess, .warning, "a principal no permission set or profile gets access to",
            "Access to a principal is granted through permission sets or profiles; a principal with neither is unusable.",
            failing: documents(provider, credential(principals: "  - name: 1️⃣Admin\n    sequence: 1\n"), named()),
            passing: valid),
        rule(
            .unusedIdentityProvider, .warning, "a managed provider that no credential uses",
            "A provider that no external credential refers to is probably left over. Mark providers that exist in the org for other reasons `unmanaged: true`.",
            failing: documents(provider, credential(), named(), provider.replacingFirst("name: Okta_Prod", with: "name: 1️⃣Okta_Old")),
            passing: valid),
        rule(
            .unusedExternalCredential, .warning, "an external credential that no named credential uses",
            "An external credential does nothing until a named credential calls through it.",
            failing: documents(provider, credential(name: "1️⃣Billing_API")),
            passing: valid),
        rule(
            .scopeOverridesDefault, .info, "a credential scope replaces the provider's `defaultScopes`",
            "When a credential sets `scope`, the provider's default scopes are not requested. This is often intended; the note makes it visible.",
            failing: documents(provider + "defaultScopes: [billing.read]\n", credential(extra: "scope: 1️⃣billing.write\n"), named()),
            passing: documents(provider + "defaultScopes: [billing.read]\n", credential(), named())),
    ]

    static let plan: [RuleDescriptor] = [
        rule(
            .immutableField, .error, "a principal's name or identity type changed in place",
            "Salesforce cannot modify a principal's name or identity type: the principal must be deleted and recreated, which drops its access grants and stored credentials for a moment. `credc plan` and `credc check --state` block such a change; rerun with `--allow-replace` to plan it as a replace. A principal counts as renamed when, in one credential, a principal of the state disappears and a new one takes its sequence number.",
            failing: "",
            passing: ""),
    ]

    /// Findings about the deployed state (`--state FILE`, `--state-metadata DIR`): they point
    /// into the state, not into YAML, so they have no YAML examples.
    static let state: [RuleDescriptor] = [
        rule(
            .invalidState, .error, "a state manifest or retrieved folder that cannot be read as credc state",
            "A plan made against a misread state could delete or overwrite real credentials, so nothing is compared while the state has an error: malformed JSON or XML, a manifest whose digest does not match its resources (it was edited or damaged after credc wrote it), or a resource credc manages that lacks a required element. Restore the manifest that was deployed (or rewrite it with `credc build`), or retrieve the folder again.",
            failing: "",
            passing: ""),
        rule(
            .unrepresentedState, .warning, "something read from the org that credc does not represent",
            "An element or value of a resource credc manages that the manifest cannot carry, such as a parameter of a type credc does not model. It is not compared; a deploy of the resource writes it without that element, so the plan shows its removal. Model it in the configuration if credc supports it, or change it in the org first.",
            failing: "",
            passing: ""),
        rule(
            .foreignResource, .info, "a resource in the retrieved folder that credc cannot represent",
            "A resource of another protocol or flow, a legacy named credential, or a file of another metadata type is not credc's to manage: it is reported once, never compared, never changed or deleted.",
            failing: "",
            passing: ""),
    ]
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        var head = Substring(self)
        var prefix = ""
        while !head.isEmpty {
            if head.hasPrefix(target) { return prefix + replacement + head.dropFirst(target.count) }
            prefix.append(head.removeFirst())
        }
        return self
    }
}
