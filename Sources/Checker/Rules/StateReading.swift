import Diagnostics

// Findings about the deployed state (`--state FILE`, `--state-metadata DIR`), made while it is
// read: by the manifest decoder (`Manifest(stateJSON:)`) and the metadata reader
// (`MetadataReader`). They point into the state, not into YAML, so they have no YAML examples;
// the end-to-end plan tests make each of them fire.

/// `invalid-state`.
struct InvalidState: Rule {
    let descriptor = RuleDescriptor(
        .invalidState, .error, "a state manifest or retrieved folder that cannot be read as credc state",
        "A plan made against a misread state could delete or overwrite real credentials, so nothing is compared while the state has an error: malformed JSON or XML, a manifest whose digest does not match its resources (it was edited or damaged after credc wrote it), a resource credc manages that lacks a required element, or a resource credc cannot represent whose kind and name (case-insensitive) the configuration also defines, which the deploy would replace. Restore the manifest that was deployed (or rewrite it with `credc build`), or retrieve the folder again.",
        failing: "", passing: "")
}

/// `unrepresented-state`.
struct UnrepresentedState: Rule {
    let descriptor = RuleDescriptor(
        .unrepresentedState, .warning, "something read from the org that credc does not represent",
        "An element or value of a resource credc manages that the manifest cannot carry, such as a parameter of a type credc does not model. It is not compared, and a deploy of the resource writes the resource without it, which removes it from the org: model it in the configuration if credc supports it, or change it in the org first. (The contract has the plan list such removals as changes; this version reports them here only.)",
        failing: "", passing: "")
}

/// `foreign-resource`.
struct ForeignResource: Rule {
    let descriptor = RuleDescriptor(
        .foreignResource, .info, "a resource in the retrieved folder that credc cannot represent",
        "A resource credc does not model (a protocol Salesforce reserves, an unknown flow variant, a legacy named credential) or a file of another metadata type is not credc's to manage: it is reported once, never compared, never changed or deleted. When the configuration defines a resource of the same kind and name, it is an `invalid-state` error instead: the deploy would replace the org's.",
        failing: "", passing: "")
}
