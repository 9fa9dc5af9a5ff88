/// The functions a scope formula may call, with the arities Salesforce documents in
/// "Named Credential Formula Functions"
/// (https://developer.salesforce.com/docs/platform/named-credentials/references/named-credentials-reference/nc-formula-functions.html).
struct ScopeFormulaFunction {
    /// Upper case, as Salesforce documents it; calls match it case-insensitively.
    var name: String
    var parameters: [String]

    var signature: String { "\(name)(\(parameters.joined(separator: ", ")))" }

    static let all: [ScopeFormulaFunction] = [
        ScopeFormulaFunction(name: "BASE64DECODE", parameters: ["expr"]),
        ScopeFormulaFunction(name: "BASE64ENCODE", parameters: ["expr"]),
        ScopeFormulaFunction(name: "BLOB", parameters: ["expr"]),
        ScopeFormulaFunction(name: "HASH", parameters: ["algorithm", "expr"]),
        ScopeFormulaFunction(name: "HEX", parameters: ["expr"]),
        ScopeFormulaFunction(name: "HMAC", parameters: ["algorithm", "valueToSign", "secretSigningKey"]),
    ]

    static func named(_ name: String) -> ScopeFormulaFunction? {
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

    /// The form SPEC §1.1 gives: `$Credential.Credential_Name.Param`.
    var template: String { "$" + ([name] + parts.map(\.placeholder)).joined(separator: ".") }

    static let all: [MergeFieldNamespace] = [
        MergeFieldNamespace(name: "User", parts: [Part(placeholder: "Field", description: "field name")]),
        MergeFieldNamespace(name: "Organization", parts: [Part(placeholder: "Field", description: "field name")]),
        MergeFieldNamespace(name: "Profile", parts: [Part(placeholder: "Field", description: "field name")]),
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

/// The candidate closest to `word` (ignoring case) if it is close enough to be a likely typo:
/// at most a third of the word's length in edits (at least one), a swap of two neighbours
/// counting as one edit.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let typed = Array(word.lowercased().unicodeScalars)
    let allowed = max(1, (typed.count + 2) / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
        if distance <= allowed, distance < best?.distance ?? .max {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
/// of adjacent scalars each cost 1.
func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
    if lhs.isEmpty { return rhs.count }
    if rhs.isEmpty { return lhs.count }
    var beforePrevious = [Int](repeating: 0, count: rhs.count + 1)
    var previous = Array(0...rhs.count)
    var current = [Int](repeating: 0, count: rhs.count + 1)
    for i in 1...lhs.count {
        current[0] = i
        for j in 1...rhs.count {
            let substitution = lhs[i - 1] == rhs[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution)
            if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[rhs.count]
}
