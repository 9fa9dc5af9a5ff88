import Diagnostics
import Driver
import Testing

/// Inputs that once crashed or stalled credc, found by `scripts/fuzz` or while hardening it;
/// each goes through the whole pipeline, as the fuzzer feeds it.
@Suite struct FuzzRegressionTests {
    private func run(_ bytes: [UInt8]) -> Analysis {
        Pipeline.analyze([SourceFile(path: "fuzz.yaml", bytes: bytes)])
    }

    private func credential(scope: String) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: A
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        scope: '\(scope)'
        principals:
          - name: a
            sequence: 1
            permissionSets: [X]

        """
    }

    /// The formula parser recursed once per parenthesis and overflowed the stack.
    @Test func deeplyNestedFormulaIsRefusedNotRecursed() {
        let depth = 100_000
        let scope = "{!" + String(repeating: "(", count: depth) + "\"a\"" + String(repeating: ")", count: depth) + "}"
        let analysis = run(Array(credential(scope: scope).utf8))
        let finding = analysis.diagnostics.first { $0.message.contains("nests deeper than 64") }
        #expect(finding?.range.start == SourcePosition(line: 6, column: 11 + 64))
    }

    @Test func nestedCallsCountToo() {
        let depth = 65
        let scope = "{!" + String(repeating: "HEX(", count: depth) + "\"a\"" + String(repeating: ")", count: depth) + "}"
        #expect(run(Array(credential(scope: scope).utf8)).diagnostics.contains { $0.message.contains("nests deeper") })
        let fine = "{!" + String(repeating: "(", count: 64) + "\"a\"" + String(repeating: ")", count: 64) + "}"
        #expect(!run(Array(credential(scope: fine).utf8)).diagnostics.contains { $0.message.contains("nests deeper") })
    }
}
