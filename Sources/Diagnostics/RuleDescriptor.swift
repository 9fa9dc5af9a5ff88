/// What a rule is, for `credc rules`, `credc explain` and SARIF's `tool.driver.rules`.
public struct RuleDescriptor: Hashable, Sendable {
    public var id: RuleID
    public var defaultSeverity: Severity
    /// One line.
    public var summary: String
    /// Why the rule exists and how to fix a finding.
    public var rationale: String
    /// YAML that makes the rule fire; `1️⃣` marks where the finding starts.
    public var failingExample: String
    /// YAML close to the failing one that keeps the rule quiet.
    public var passingExample: String
    /// For rules that compare with the deployed state: the configuration deployed before both
    /// examples, as YAML (its compiled manifest is the state).
    public var deployedExample: String?
    /// False for rules whose findings stand whatever the project says (SPEC §4: Salesforce
    /// refuses the change, or the file cannot be checked): no inline suppression, no setting.
    public var canBeSuppressed: Bool

    public init(
        id: RuleID, defaultSeverity: Severity, summary: String, rationale: String,
        failingExample: String, passingExample: String, deployedExample: String? = nil,
        canBeSuppressed: Bool = true
    ) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.failingExample = failingExample
        self.passingExample = passingExample
        self.deployedExample = deployedExample
        self.canBeSuppressed = canBeSuppressed
    }
}
