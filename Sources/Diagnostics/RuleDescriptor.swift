/// What a rule is, for `credc rules`, `credc explain` and SARIF's `tool.driver.rules`.
public struct RuleDescriptor: Hashable, Sendable {
    public var id: RuleID
    public var defaultSeverity: Severity
    /// One line.
    public var summary: String
    /// Why the rule exists and how to fix a finding.
    public var rationale: String
    /// False for rules whose findings stand whatever the project says (SPEC §4: Salesforce
    /// refuses the change, or the file cannot be checked): no inline suppression, no setting.
    public var canBeSuppressed: Bool
    /// Set when the rule's `suggestion` is a replacement of its finding's range (a misspelt
    /// name's closest match), which makes it a fix-it (SPEC §13); whether `check --fix` may
    /// apply it.
    public var suggestionFix: SuggestionFix?

    /// The examples are made when read, not when the registry is: every run looks its rules up
    /// for their severity, and only `rules`, `explain`, `docs`, SARIF and the tests show the
    /// examples, which are built from templates (a pre-commit run on one file paid for them).
    private let examples: @Sendable () -> Examples

    private struct Examples: Equatable {
        var failing: String
        var passing: String
        var deployed: String?
    }

    /// YAML that makes the rule fire; `1️⃣` marks where the finding starts.
    public var failingExample: String { examples().failing }
    /// YAML close to the failing one that keeps the rule quiet.
    public var passingExample: String { examples().passing }
    /// For rules that compare with the deployed state: the configuration deployed before both
    /// examples, as YAML (its compiled manifest is the state).
    public var deployedExample: String? { examples().deployed }

    public init(
        id: RuleID, defaultSeverity: Severity, summary: String, rationale: String,
        failingExample: @autoclosure @escaping @Sendable () -> String,
        passingExample: @autoclosure @escaping @Sendable () -> String,
        deployedExample: @autoclosure @escaping @Sendable () -> String? = nil,
        canBeSuppressed: Bool = true, suggestionFix: SuggestionFix? = nil
    ) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.canBeSuppressed = canBeSuppressed
        self.suggestionFix = suggestionFix
        examples = { Examples(failing: failingExample(), passing: passingExample(), deployed: deployedExample()) }
    }

    public static func == (a: RuleDescriptor, b: RuleDescriptor) -> Bool {
        a.id == b.id && a.defaultSeverity == b.defaultSeverity && a.summary == b.summary && a.rationale == b.rationale
            && a.canBeSuppressed == b.canBeSuppressed && a.suggestionFix == b.suggestionFix && a.examples() == b.examples()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(defaultSeverity)
        hasher.combine(summary)
        hasher.combine(rationale)
        hasher.combine(canBeSuppressed)
    }
}

/// How a rule's suggestion fixes its finding.
public enum SuggestionFix: Hashable, Sendable {
    /// The author's evident intent (a misspelt name): `check --fix` applies it.
    case safe
    /// A change of meaning the author must choose (another identity type): offered only.
    case unsafe
}
