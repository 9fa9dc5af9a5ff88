import Checker
import Diagnostics
import Driver
import Testing

/// Every rule's documented examples: the failing one fires at its marker, the passing one is
/// quiet. Rules that compare with a deployed state are checked against their deployed example.
@Suite struct RuleExampleTests {
    /// Found while a state is read, never in YAML: the end-to-end plan tests make them fire
    /// (`PlanCommandTests`, `PlanSFDXTests`).
    static let stateReadingRules: Set<RuleID> = [.invalidState, .unrepresentedState, .foreignResource]
    static let ruleIDs = Rules.all.filter { !stateReadingRules.contains($0.id) }.map(\.id.rawValue)

    private func analyze(_ text: String, of descriptor: RuleDescriptor) -> Analysis {
        Pipeline.analyze(example: text, of: descriptor, path: "test.yaml")
    }

    @Test(arguments: ruleIDs)
    func failingExampleFiresAtTheMarker(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let (text, positions) = extractMarkers(descriptor.failingExample)
        let expected = try #require(positions.first, "the failing example of \(rule) has no marker")
        let findings = analyze(text, of: descriptor).findings(descriptor.id)
        #expect(findings.map(\.range.start).contains(expected), "\(rule): \(findings)")
        #expect(findings.allSatisfy { $0.severity == descriptor.defaultSeverity })
    }

    @Test(arguments: ruleIDs)
    func passingExampleIsQuiet(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let findings = analyze(descriptor.passingExample, of: descriptor).findings(descriptor.id)
        #expect(findings.isEmpty, "\(rule): \(findings)")
    }

    /// Multi-byte text above a finding must not move it (SwiftLint re-runs examples this way).
    @Test(arguments: ruleIDs)
    func failingExampleSurvivesMultiByteTextAbove(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let (text, positions) = extractMarkers(descriptor.failingExample)
        let expected = try #require(positions.first)
        let findings = analyze("# 👨‍👩‍👧 éé\n" + text, of: descriptor).findings(descriptor.id)
        let shifted = SourcePosition(line: expected.line + 1, column: expected.column)
        #expect(findings.map(\.range.start).contains(shifted), "\(rule): \(findings)")
    }

    @Test func everyRuleOfTheSpecIsRegistered() {
        let ids = Set(Rules.all.map(\.id.rawValue))
        for rule in [
            "yaml-syntax", "yaml-limits", "duplicate-key", "unknown-document", "unknown-field", "missing-field",
            "type-mismatch", "invalid-value", "unsupported-flow", "name-format", "duplicate-name",
            "duplicate-principal", "duplicate-sequence", "unknown-identity-provider", "unknown-external-credential",
            "provider-flow-mismatch", "identity-type", "principal-credentials", "secret-in-config", "scope-formula",
            "refresh-status-code", "redundant-401", "insecure-url", "no-principals", "principal-without-access",
            "unused-identity-provider", "unused-external-credential", "scope-overrides-default", "immutable-field",
            "invalid-suppression", "profile-access-not-deployable", "invalid-state", "unrepresented-state",
            "foreign-resource", "unknown-variable", "unused-variable", "variable-syntax",
        ] {
            #expect(ids.contains(rule), "\(rule) is missing")
        }
        #expect(ids.count == Rules.all.count, "a rule is registered twice")
    }

    @Test func onlyStateReadingRulesHaveNoExamples() {
        let without = Rules.all.filter { $0.failingExample.isEmpty || $0.passingExample.isEmpty }.map(\.id)
        #expect(Set(without) == Self.stateReadingRules)
    }

    @Test func onlyImmutableFieldAndYAMLSyntaxCannotBeSuppressed() {
        #expect(Rules.all.filter { !$0.canBeSuppressed }.map(\.id) == [.yamlSyntax, .immutableField])
    }
}
