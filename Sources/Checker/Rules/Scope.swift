import Diagnostics
import Model
import YAML

// An external credential's `scope`: a formula that must parse, and a note when it replaces
// the provider's default scopes.

/// `scope-formula`: the scope is parsed as decoded text; the problem is mapped back to the
/// file's columns through the scalar's quoting.
struct ScopeFormulaRule: ModelRule {
    let descriptor = RuleDescriptor(
        .scopeFormula, .error, "a scope formula that does not parse",
        "A scope is static text or a formula `{!...}` built from string literals, merge fields ($User, $Organization, $Profile, $Permission, $Credential; a field of $User, $Organization or $Profile is one of the standard fields Salesforce documents for the User, Organization or Profile object, or a custom field ending in `__c`), the functions BASE64ENCODE, BASE64DECODE, BLOB, HASH, HEX and HMAC, parentheses and the operators + and &. A broken formula fails at callout time; credc points at the column where it goes wrong. Scopes are at most 3,900 characters.",
        failing: Example.documents(
            Example.provider, Example.credential(extra: "scope: '{!\"role:\" + 1️⃣$Usr.Department}'\n"), Example.named()),
        passing: Example.documents(
            Example.provider, Example.credential(extra: "scope: '{!\"role:\" + $User.Department}'\n"), Example.named()),
        fix: .safe)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            guard let scope = credential.scope, let issue = validateScope(scope.value).first else { continue }
            let file = credential.origin.file
            let range =
                context.files[file].map { source in
                    source.range(ofScalarOffset: issue.offset, length: issue.length, in: scope.range, style: credential.scopeStyle)
                } ?? scope.range
            findings.append(
                Finding(
                    rule: .scopeFormula, message: issue.message, file: file, range: range, path: scope.path,
                    suggestion: issue.suggestion))
        }
    }
}

/// `scope-overrides-default`.
struct ScopeOverridesDefault: ModelRule {
    let descriptor = RuleDescriptor(
        .scopeOverridesDefault, .info, "a credential scope replaces the provider's `defaultScopes`",
        "When a credential sets `scope`, the provider's default scopes are not requested. This is often intended; the note makes it visible.",
        failing: Example.documents(
            Example.provider + "defaultScopes: [billing.read]\n", Example.credential(extra: "scope: 1️⃣billing.write\n"),
            Example.named()),
        passing: Example.documents(
            Example.provider + "defaultScopes: [billing.read]\n", Example.credential(), Example.named()))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for credential in context.model.externalCredentials {
            guard let scope = credential.scope, let reference = credential.identityProvider,
                let provider = context.providers[reference.value], let defaults = provider.defaultScopes,
                let first = defaults.first
            else { continue }
            findings.append(
                Finding(
                    .scopeOverridesDefault,
                    "scope replaces the default scopes of '\(provider.name.value)' (\(defaults.map(\.value).joined(separator: " ")))",
                    file: credential.origin.file, at: scope,
                    notes: [Note("the provider's defaultScopes are set here", file: provider.origin.file, range: first.range)]))
        }
    }
}

extension SourceFile {
    /// The file range of `length` decoded characters from `offset` of the scalar at `range`.
    func range(ofScalarOffset offset: Int, length: Int, in range: SourceRange, style: ScalarStyle?) -> SourceRange {
        let raw = text(of: range)
        let quoting: ScalarQuoting =
            switch style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            case .plain, nil: .plain
            }
        return sourceRange(ofScalarOffset: offset, length: length, rawSource: Substring(raw), quoting: quoting, start: range.start)
    }
}
