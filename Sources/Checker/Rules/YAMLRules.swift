import Diagnostics

// Rules found while reading YAML: their logic is in the YAML module's reader (`Reader.swift`),
// which knows the events and positions.

/// `yaml-syntax`: found by `YAMLReader`.
struct YAMLSyntax: Rule {
    let descriptor = RuleDescriptor(
        .yamlSyntax, .error, "malformed YAML, invalid UTF-8, NUL bytes, unsupported tags",
        "credc reads YAML 1.2 with libyaml. A file that does not parse cannot be checked; custom tags such as `!secret` have no meaning in a credc document and are rejected rather than ignored. This finding cannot be suppressed or turned off: the rest of the file is not checked until it is fixed.",
        failing: "apiVersion: credc/v1\nkind: NamedCredential\nname: 1️⃣!secret Billing\n",
        passing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\nurl: https://billing.example.com\nexternalCredential: Billing_API\n",
        canBeSuppressed: false)
}

/// `yaml-limits`: found by `YAMLReader`.
struct YAMLLimits: Rule {
    let descriptor = RuleDescriptor(
        .yamlLimits, .error, "alias expansion, nesting depth or file size over the limits",
        "A file may be at most 32 MiB, nest at most 64 levels, and its aliases may bring at most 10,000 nodes into a document. The limits keep a hostile file (a \"billion laughs\" alias bomb) from exhausting memory; real configurations stay far below them.",
        failing: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, 1️⃣*c, *c, *c]\n",
        passing: "a: &a [x, x]\nb: [*a, *a]\n")
}

/// `duplicate-key`: found by `YAMLReader`, including keys that a `<<` merge brings in twice.
struct DuplicateKey: Rule {
    let descriptor = RuleDescriptor(
        .duplicateKey, .error, "a key twice in one mapping",
        "YAML parsers disagree on which of two equal keys wins; credc refuses to guess. Remove one of them.",
        failing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\n1️⃣name: Billing_2\n",
        passing: "apiVersion: credc/v1\nkind: NamedCredential\nname: Billing\nlabel: Billing\n")
}
