/// The functions a scope formula may call: the six that Salesforce's "Named Credential Formula
/// Functions" documented for scopes (contract 1.1 §1.1), from the one table of formula functions.
enum ScopeFormulaFunction {
    static let names: Set<String> = ["BASE64DECODE", "BASE64ENCODE", "BLOB", "HASH", "HEX", "HMAC"]

    static let all: [FormulaFunction] = FormulaFunction.all.filter { names.contains($0.name) }

    static func named(_ name: String) -> FormulaFunction? {
        let upper = name.uppercased()
        return all.first { $0.name == upper }
    }
}

/// The merge-field namespaces of SPEC §1.1 and the dot-separated names that follow each.
struct MergeFieldNamespace {
    struct Part {
        /// As SPEC §1.1 writes it: `Field`, `Credential_Name`.
        var placeholder: String
        /// As a message says it: "field name", "credential name".
        var description: String
    }

    var name: String
    var parts: [Part]
    /// The standard fields the first part may name, for the namespaces that read a standard object.
    var standardFields: StandardMergeFields? = nil

    /// The form SPEC §1.1 gives: `$Credential.Credential_Name.Param`.
    var template: String { "$" + ([name] + parts.map(\.placeholder)).joined(separator: ".") }

    static let all: [MergeFieldNamespace] = [
        MergeFieldNamespace(name: "User", parts: [Part(placeholder: "Field", description: "field name")], standardFields: .user),
        MergeFieldNamespace(
            name: "Organization", parts: [Part(placeholder: "Field", description: "field name")], standardFields: .organization),
        MergeFieldNamespace(name: "Profile", parts: [Part(placeholder: "Field", description: "field name")], standardFields: .profile),
        MergeFieldNamespace(name: "Permission", parts: [Part(placeholder: "Name", description: "permission name")]),
        MergeFieldNamespace(name: "Credential", parts: [
            Part(placeholder: "Credential_Name", description: "credential name"),
            Part(placeholder: "Param", description: "parameter name"),
        ]),
    ]

    /// Salesforce formulas ignore case in global names, so `$user.Email` is accepted.
    static func named(_ name: String) -> MergeFieldNamespace? {
        let lower = name.lowercased()
        return all.first { $0.name.lowercased() == lower }
    }
}

