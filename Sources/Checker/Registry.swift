import Diagnostics

/// Every rule credc knows, in the order of SPEC §4. A plain value: `credc rules`, `credc explain`,
/// SARIF, the pipeline and the example tests all read it.
public enum Rules {
    /// The registry. Adding a rule is one file under `Rules/` and one entry here, which says
    /// where the rule runs.
    static let registered: [RegisteredRule] = [
        .found(YAMLSyntax()),
        .found(YAMLLimits()),
        .found(DuplicateKey()),
        .found(UnknownDocument()),
        .found(UnknownField()),
        .found(MissingField()),
        .found(TypeMismatch()),
        .found(InvalidValue()),
        .found(UnsupportedFlow()),
        .model(NameFormat()),
        .model(DuplicateName()),
        .model(DuplicatePrincipal()),
        .model(DuplicateSequence()),
        .model(UnknownIdentityProvider()),
        .model(UnknownExternalCredential()),
        .model(ProviderFlowMismatch()),
        .model(IdentityType()),
        .model(PrincipalCredentials()),
        .found(SecretInConfig()),
        .model(ScopeFormulaRule()),
        .model(RefreshStatusCode()),
        .model(Redundant401()),
        .model(InsecureURL()),
        .model(NoPrincipals()),
        .model(PrincipalWithoutAccess()),
        .model(UnusedIdentityProvider()),
        .model(UnusedExternalCredential()),
        .model(ScopeOverridesDefault()),
        .found(InvalidSuppression()),
        .model(ProfileAccessNotDeployable()),
        .model(MissingSecrets()),
        .model(FormulaSyntax()),
        .model(JWTClaim()),
        .model(AWSParameter()),
        .found(UnknownVariable()),
        .found(UnusedVariable()),
        .found(VariableSyntax()),
        .found(InvalidState()),
        .state(ImmutableField()),
        .found(UnrepresentedState()),
        .found(ForeignResource()),
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

    // Read from the entries' cases: a cast such as `as? any ModelRule` searches the process's
    // conformance records, a measurable part of a pre-commit run on one small file.
    static let modelRules: [any ModelRule] = registered.compactMap {
        if case .model(let rule) = $0 { rule } else { nil }
    }
    static let stateRules: [any StateRule] = registered.compactMap {
        if case .state(let rule) = $0 { rule } else { nil }
    }

    private static let byID: [RuleID: RuleDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

/// A rule in the registry, with where it runs.
enum RegisteredRule: Sendable {
    /// Found where the input is read (the YAML reader, the model builder, the driver): the
    /// rule only describes itself.
    case found(any Rule)
    /// Run over the whole model.
    case model(any ModelRule)
    /// Run against the deployed state.
    case state(any StateRule)

    var rule: any Rule {
        switch self {
        case .found(let rule): rule
        case .model(let rule): rule
        case .state(let rule): rule
        }
    }

    var descriptor: RuleDescriptor { rule.descriptor }
}
