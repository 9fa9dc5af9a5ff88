import Diagnostics

// Rules found while the model is built: their logic is in the Model module's `ModelBuilder`,
// which reads each document against the field table.

/// `unknown-document`: found by `ModelBuilder`.
struct UnknownDocument: Rule {
    let descriptor = RuleDescriptor(
        .unknownDocument, .error, "a document that is not `apiVersion: credc/v1` or has an unknown `kind`",
        "Every document in a credc input is one resource with `apiVersion: credc/v1` and a kind of ExternalAuthIdentityProvider, ExternalCredential or NamedCredential. Other YAML does not belong among the inputs.",
        failing: "apiVersion: credc/v1\nkind: 1️⃣NamedCredentials\nname: Billing\n",
        passing: Example.named(),
        fix: .safe)
}

/// `unknown-field`: found by `ModelBuilder`.
struct UnknownField: Rule {
    let descriptor = RuleDescriptor(
        .unknownField, .error, "a field the kind does not have",
        "A misspelt field would otherwise be ignored silently and the default used instead. The message lists the known fields and the closest match; when the closest match is a required field, this finding stands for the `missing-field` one too.",
        failing: Example.documents(Example.provider, Example.credential(), "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com/v2\nexternalCredential: Billing_API\n1️⃣enabeld: false\n"),
        passing: Example.documents(Example.provider, Example.credential(), "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com/v2\nexternalCredential: Billing_API\nenabled: false\n"),
        fix: .safe)
}

/// `missing-field`: found by `ModelBuilder`.
struct MissingField: Rule {
    let descriptor = RuleDescriptor(
        .missingField, .error, "a required field is absent",
        "Salesforce cannot deploy a resource without its required fields; the message says what the field is for. A field that is only misspelt (`tokenUrI:` for `tokenUrl:`) is reported once, as `unknown-field` with its \"did you mean\".",
        failing: "apiVersion: credc/v1\nkind: 1️⃣NamedCredential\nname: Billing\nlabel: Billing\nexternalCredential: Billing_API\n",
        passing: Example.valid)
}

/// `type-mismatch`: found by `ModelBuilder`.
struct TypeMismatch: Rule {
    let descriptor = RuleDescriptor(
        .typeMismatch, .error, "a value of the wrong YAML type",
        "credc never converts types: `sequence: \"1\"` is a string, not a number, and `enabled: yes` is the string \"yes\" under YAML 1.2. Write the value in the type the field takes.",
        failing: Example.credential(principals: "  - name: Admin\n    sequence: 1️⃣\"1\"\n    permissionSets: [Billing_Admins]\n"),
        passing: Example.credential(),
        fix: .safe)
}

/// `invalid-value`: found by `ModelBuilder`.
struct InvalidValue: Rule {
    let descriptor = RuleDescriptor(
        .invalidValue, .error, "a value outside the allowed set or range",
        "Fields such as `protocol`, `flow` and `identityType` take one of a few values, and `sequence` a number from 1 to 2147483647. The message lists what is allowed.",
        failing: Example.provider.replacingFirst("protocol: OAuth", with: "protocol: 1️⃣OAuth2"),
        passing: Example.provider,
        fix: .safe)
}

/// `unsupported-flow`: found by `ModelBuilder`.
struct UnsupportedFlow: Rule {
    let descriptor = RuleDescriptor(
        .unsupportedFlow, .error, "a known protocol or flow that credc does not support yet",
        "credc models every protocol and flow a real org holds (OAuth's flows, Custom, Basic, AwsSv4, Jwt). Salesforce's metadata lists more authentication protocols that it reserves for future use (JwtExchange, Password); they are recognised, so that you are told \"not supported yet\" rather than \"unknown value\".",
        failing: """
            apiVersion: credc/v1
            kind: ExternalCredential
            name: Token_Exchange
            label: Token Exchange
            protocol: 1️⃣JwtExchange

            """,
        passing: Example.credential())
}
