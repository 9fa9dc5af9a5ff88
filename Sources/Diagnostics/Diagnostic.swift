/// How bad a finding is. Ordered from least to most severe.
public enum Severity: String, Comparable, Sendable, CaseIterable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A rule's stable identifier, as users write it in `# credc:ignore` and `.credc.yaml`.
public struct RuleID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension RuleID {
    public static let yamlSyntax: RuleID = "yaml-syntax"
    public static let yamlLimits: RuleID = "yaml-limits"
    public static let duplicateKey: RuleID = "duplicate-key"
    public static let unknownDocument: RuleID = "unknown-document"
    public static let unknownField: RuleID = "unknown-field"
    public static let missingField: RuleID = "missing-field"
    public static let typeMismatch: RuleID = "type-mismatch"
    public static let invalidValue: RuleID = "invalid-value"
    public static let unsupportedFlow: RuleID = "unsupported-flow"
    public static let nameFormat: RuleID = "name-format"
    public static let duplicateName: RuleID = "duplicate-name"
    public static let duplicatePrincipal: RuleID = "duplicate-principal"
    public static let duplicateSequence: RuleID = "duplicate-sequence"
    public static let unknownIdentityProvider: RuleID = "unknown-identity-provider"
    public static let unknownExternalCredential: RuleID = "unknown-external-credential"
    public static let providerFlowMismatch: RuleID = "provider-flow-mismatch"
    public static let identityType: RuleID = "identity-type"
    public static let principalCredentials: RuleID = "principal-credentials"
    public static let secretInConfig: RuleID = "secret-in-config"
    public static let scopeFormula: RuleID = "scope-formula"
    public static let refreshStatusCode: RuleID = "refresh-status-code"
    public static let redundant401: RuleID = "redundant-401"
    public static let insecureURL: RuleID = "insecure-url"
    public static let noPrincipals: RuleID = "no-principals"
    public static let principalWithoutAccess: RuleID = "principal-without-access"
    public static let unusedIdentityProvider: RuleID = "unused-identity-provider"
    public static let unusedExternalCredential: RuleID = "unused-external-credential"
    public static let scopeOverridesDefault: RuleID = "scope-overrides-default"
    public static let immutableField: RuleID = "immutable-field"
    public static let invalidSuppression: RuleID = "invalid-suppression"
    public static let profileAccessNotDeployable: RuleID = "profile-access-not-deployable"
    public static let invalidState: RuleID = "invalid-state"
    public static let unrepresentedState: RuleID = "unrepresented-state"
    public static let foreignResource: RuleID = "foreign-resource"
    public static let unknownVariable: RuleID = "unknown-variable"
    public static let unusedVariable: RuleID = "unused-variable"
    public static let variableSyntax: RuleID = "variable-syntax"
    public static let missingSecrets: RuleID = "missing-secrets"
    public static let formulaSyntax: RuleID = "formula-syntax"
    public static let jwtClaim: RuleID = "jwt-claim"
    public static let awsParameter: RuleID = "aws-parameter"
}

/// A secondary location that explains a diagnostic ("first defined here").
public struct Note: Hashable, Sendable {
    public var message: String
    public var file: String?
    public var range: SourceRange?

    public init(_ message: String, file: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.file = file
        self.range = range
    }
}

/// What a rule found, before it has a severity. Rules and the reader create findings without
/// choosing how bad they are: the rule registry stamps the severity from the rule's descriptor
/// in one place, and project settings may change it afterwards.
public struct Finding: Hashable, Sendable {
    public var rule: RuleID
    public var message: String
    /// The path as given on the command line.
    public var file: String
    public var range: SourceRange
    /// The YAML path of the offending node, e.g. `principals[1].sequence`; empty for a whole file.
    public var path: String
    public var notes: [Note]
    /// A replacement the user most likely meant ("did you mean 'Okta_Prod'?").
    public var suggestion: String?
    /// Edits that fix the finding, in its file (SPEC §13).
    public var fixes: [FixIt] = []
    /// Whether the text at `range` may be a secret that every shown source line must mask, as
    /// a `secret-in-config` finding's is (a `secrets:` value that names no variable, SPEC §12).
    public var rangeMayHoldSecret = false

    public init(
        rule: RuleID, message: String, file: String, range: SourceRange, path: String = "", notes: [Note] = [],
        suggestion: String? = nil, fixes: [FixIt] = []
    ) {
        self.rule = rule
        self.message = message
        self.file = file
        self.range = range
        self.path = path
        self.notes = notes
        self.suggestion = suggestion
        self.fixes = fixes
    }
}

/// Replaces `range` (1-based, the end exclusive, columns in Unicode scalars) with `text`.
public struct TextEdit: Hashable, Sendable {
    public var range: SourceRange
    public var text: String

    public init(range: SourceRange, text: String) {
        self.range = range
        self.text = text
    }
}

/// A fix-it (SPEC §13): what it does, in words, and its edits, all in the finding's file.
public struct FixIt: Hashable, Sendable {
    public var message: String
    public var edits: [TextEdit]
    /// Safe fixes keep the meaning the author evidently intended (a misspelt name with one close
    /// match): `check --fix` applies only those. Editors offer every fix.
    public var isSafe: Bool

    public init(message: String, edits: [TextEdit], isSafe: Bool = true) {
        self.message = message
        self.edits = edits
        self.isSafe = isSafe
    }
}

/// One finding with its severity, from a YAML syntax error to a blocked plan.
public struct Diagnostic: Hashable, Sendable {
    public var rule: RuleID
    public var severity: Severity
    public var message: String
    /// The path as given on the command line.
    public var file: String
    public var range: SourceRange
    /// The YAML path of the offending node, e.g. `principals[1].sequence`; empty for a whole file.
    public var path: String
    public var notes: [Note]
    /// A replacement the user most likely meant ("did you mean 'Okta_Prod'?").
    public var suggestion: String?
    /// Edits that fix the finding, in its file (SPEC §13).
    public var fixes: [FixIt] = []
    /// Set when an inline `# credc:ignore` comment covers this finding.
    public var suppression: Suppression?

    public init(
        rule: RuleID, severity: Severity, message: String, file: String, range: SourceRange,
        path: String = "", notes: [Note] = [], suggestion: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.path = path
        self.notes = notes
        self.suggestion = suggestion
        self.suppression = nil
    }

    /// A finding with the severity its rule has in this run.
    public init(_ finding: Finding, severity: Severity) {
        self.init(
            rule: finding.rule, severity: severity, message: finding.message, file: finding.file,
            range: finding.range, path: finding.path, notes: finding.notes, suggestion: finding.suggestion)
        fixes = finding.fixes
    }

    /// The order every reporter uses: file, then position, then rule.
    public static func sortKey(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file.utf8.lexicographicallyPrecedes(rhs.file.utf8) }
        if lhs.range != rhs.range { return lhs.range < rhs.range }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

/// An inline suppression that matched a diagnostic.
public struct Suppression: Hashable, Sendable {
    public var justification: String?
    public init(justification: String?) { self.justification = justification }
}

/// Counts for the summary line and the machine formats.
public struct DiagnosticSummary: Hashable, Sendable {
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public var files = 0

    public init(diagnostics: [Diagnostic], files: Int) {
        for diagnostic in diagnostics where diagnostic.suppression == nil {
            switch diagnostic.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
        self.files = files
    }
}

extension Sequence<Diagnostic> {
    /// Whether a run with these findings fails: any error, or with `strict` any warning, that
    /// is not suppressed (SPEC §2, exit code 1).
    public func containsFailure(strict: Bool) -> Bool {
        contains { diagnostic in
            diagnostic.suppression == nil
                && (diagnostic.severity == .error || (strict && diagnostic.severity == .warning))
        }
    }
}
