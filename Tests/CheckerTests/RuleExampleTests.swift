import Checker
import Diagnostics
import Driver
import Testing

/// Every rule's documented examples: the failing one fires at its marker, the passing one is quiet.
@Suite struct RuleExampleTests {
    /// Rules about the deployed state point into the state, not YAML: they have no YAML examples.
    static let stateRules: Set<RuleID> = [.immutableField, .invalidState, .unrepresentedState, .foreignResource]
    static let checkedRules = Rules.all.filter { !stateRules.contains($0.id) }

    @Test(arguments: checkedRules.map(\.id.rawValue))
    func failingExampleFiresAtTheMarker(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let (text, positions) = extractMarkers(descriptor.failingExample)
        let expected = try #require(positions.first, "the failing example of \(rule) has no marker")
        let findings = analyze(text).findings(descriptor.id)
        #expect(findings.map(\.range.start).contains(expected), "\(rule): \(findings)")
        #expect(findings.allSatisfy { $0.severity == descriptor.defaultSeverity })
    }

    @Test(arguments: checkedRules.map(\.id.rawValue))
    func passingExampleIsQuiet(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let findings = analyze(descriptor.passingExample).findings(descriptor.id)
        #expect(findings.isEmpty, "\(rule): \(findings)")
    }

    /// Multi-byte text above a finding must not move it (SwiftLint re-runs examples this way).
    @Test(arguments: checkedRules.map(\.id.rawValue))
    func failingExampleSurvivesMultiByteTextAbove(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let (text, positions) = extractMarkers(descriptor.failingExample)
        let expected = try #require(positions.first)
        let findings = analyze("# 👨‍👩‍👧 éé\n" + text).findings(descriptor.id)
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
            "invalid-state", "unrepresented-state", "foreign-resource",
        ] {
            #expect(ids.contains(rule), "\(rule) is missing")
        }
        #expect(ids.count == 32)
    }
}
