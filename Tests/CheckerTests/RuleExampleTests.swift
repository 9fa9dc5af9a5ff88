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

    /// The rule's findings are exactly the markers: one more finding of the rule (a duplicate,
    /// a follow-on at another position) fails, as a missing one does.
    @Test(arguments: ruleIDs)
    func failingExampleFiresAtTheMarkersOnly(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let (text, positions) = extractMarkers(descriptor.failingExample)
        try #require(!positions.isEmpty, "the failing example of \(rule) has no marker")
        let findings = analyze(text, of: descriptor).findings(descriptor.id)
        #expect(findings.map(\.range.start).sorted() == positions.sorted(), "\(rule): \(findings)")
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
        let findings = analyze("# 👨‍👩‍👧 éé\n" + text, of: descriptor).findings(descriptor.id)
        let shifted = positions.map { SourcePosition(line: $0.line + 1, column: $0.column) }
        #expect(findings.map(\.range.start).sorted() == shifted.sorted(), "\(rule): \(findings)")
    }

    /// Multi-byte text in front of the error on its own line (as SwiftLint inserts it): where a
    /// marker is inside a scalar, past its first character, the text goes at the scalar's start
    /// (after its opening quote); the finding must move right by the text's Unicode scalars,
    /// which a column counted in bytes or characters would get wrong. An example allows it when
    /// the text leaves the rule's findings as many as before (it may not, in a URL or a name).
    static let multiByte = "é👨‍👩‍👧 "

    static func insertingMultiByteText(in example: String) -> (text: String, positions: [SourcePosition])? {
        let (text, positions) = extractMarkers(example)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let width = multiByte.unicodeScalars.count
        var shifted = positions
        var insertedOnLine: Set<Int> = []
        for (index, position) in positions.enumerated() {
            let line = Array(lines[position.line - 1].unicodeScalars)
            // The value of `key: value` or `- value`, and its opening quote.
            guard let colon = (0..<line.count).first(where: { line[$0] == ":" && $0 + 1 < line.count && line[$0 + 1] == " " })
            else { return nil }
            var start = colon + 2
            while start < line.count, line[start] == " " { start += 1 }
            if start < line.count, line[start] == "'" || line[start] == "\"" { start += 1 }
            guard position.column - 1 > start else { return nil }
            if insertedOnLine.insert(position.line).inserted {
                var scalars = String.UnicodeScalarView(line[..<start])
                scalars.append(contentsOf: multiByte.unicodeScalars)
                scalars.append(contentsOf: line[start...])
                lines[position.line - 1] = String(scalars)
            }
            shifted[index].column += width
        }
        return (lines.joined(separator: "\n"), shifted)
    }

    /// The rules whose failing example takes the text in front of its error: kept as a list, so
    /// that an example that stops allowing it is noticed, not silently skipped.
    static let rulesTakingMultiByteTextInFront: Set<String> = ["formula-syntax", "invalid-suppression", "scope-formula", "variable-syntax"]

    @Test(arguments: ruleIDs)
    func failingExampleSurvivesMultiByteTextInFrontOfTheError(rule: String) throws {
        let descriptor = try #require(Rules.find(rule))
        let original = analyze(extractMarkers(descriptor.failingExample).text, of: descriptor).findings(descriptor.id)
        guard let (text, shifted) = Self.insertingMultiByteText(in: descriptor.failingExample),
            analyze(text, of: descriptor).findings(descriptor.id).count == original.count
        else {
            #expect(!Self.rulesTakingMultiByteTextInFront.contains(rule), "\(rule)'s example no longer takes the text")
            return
        }
        #expect(Self.rulesTakingMultiByteTextInFront.contains(rule), "\(rule) takes the text: list it")
        let findings = analyze(text, of: descriptor).findings(descriptor.id)
        #expect(findings.map(\.range.start).sorted() == shifted.sorted(), "\(rule): \(findings)\n\(text)")
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
            "foreign-resource", "unknown-variable", "unused-variable", "variable-syntax", "formula-syntax", "jwt-claim",
            "aws-parameter",
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
