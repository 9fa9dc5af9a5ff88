import Diagnostics

/// Every rule credc knows, in the order of SPEC §4. A plain value: `credc rules`, `credc explain`,
/// SARIF, the pipeline and the example tests all read it.
public enum Rules {
    /// The registry. Adding a rule is one file under `Rules/` and one line here.
    static let registered: [any Rule] = [
        YAMLSyntax(), YAMLLimits(), DuplicateKey(),
        UnknownDocument(), UnknownField(), MissingField(), TypeMismatch(), InvalidValue(), UnsupportedFlow(),
        NameFormat(), DuplicateName(), DuplicatePrincipal(), DuplicateSequence(),
        UnknownIdentityProvider(), UnknownExternalCredential(), ProviderFlowMismatch(), IdentityType(),
        PrincipalCredentials(), SecretInConfig(), ScopeFormulaRule(), RefreshStatusCode(), Redundant401(),
        InsecureURL(), NoPrincipals(), PrincipalWithoutAccess(), UnusedIdentityProvider(),
        UnusedExternalCredential(), ScopeOverridesDefault(), InvalidSuppression(), ProfileAccessNotDeployable(),
        UnknownVariable(), UnusedVariable(), VariableSyntax(),
        InvalidState(), ImmutableField(), UnrepresentedState(), ForeignResource(),
    ]

    public static let all: [RuleDescriptor] = registered.map(\.descriptor)

    public static func descriptor(_ id: RuleID) -> RuleDescriptor {
        guard let descriptor = byID[id] else { preconditionFailure("rule \(id) is not registered") }
        return descriptor
    }

    public static func find(_ id: String) -> RuleDescriptor? { byID[RuleID(id)] }

    /// The one place a finding gets its severity: its rule's default. Project settings may
    /// change it afterwards.
    public static func diagnostic(_ finding: Finding) -> Diagnostic {
        Diagnostic(finding, severity: descriptor(finding.rule).defaultSeverity)
    }

    /// ``diagnostic(_:)`` of each finding.
    public static func diagnostics(_ findings: [Finding]) -> [Diagnostic] { findings.map(diagnostic) }

    static let modelRules: [any ModelRule] = registered.compactMap { $0 as? any ModelRule }
    static let stateRules: [any StateRule] = registered.compactMap { $0 as? any StateRule }

    private static let byID: [RuleID: RuleDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
