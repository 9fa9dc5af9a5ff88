import Foundation
import Testing

/// Issue 21: no output of credc bypasses `--format`. Every command run with `--format json`
/// leaves standard error empty or holding exactly one JSON document (findings and the tool's
/// own messages); only a run the exit code says failed for usage or I/O (64, 66, 73) may say
/// so in a line of text.
@Suite struct FormatDisciplineTests {
    /// A configuration whose export has notes (a permission set without the org's file, a
    /// profile grant), deployed once, and an org whose principal was replaced in place.
    func workspace() throws -> URL {
        let config = validConfig.replacingOccurrences(
            of: "permissionSets: [Billing_Admins]",
            with: "permissionSets: [Billing_Admins]\n    profiles: [Support]  # credc:ignore profile-access-not-deployable -- in Setup")
        let folder = try makeFolder([
            "config/a.yaml": config,
            "broken/a.yaml": config.replacingOccurrences(of: "Okta_Prod\nlabel", with: "Okta Prod\nlabel"),
            "changed/a.yaml": config.replacingOccurrences(
                of: "permissionSets: [Billing_Admins]", with: "permissionSets: [Billing_Admins, Billing_Support]"),
        ])
        #expect(try credc(["build", "config", "-o", "state.json"], in: folder).status == 0)
        #expect(try credc(["export", "config", "--out", "org"], in: folder).status == 0)
        return folder
    }

    @Test(arguments: [
        ["check", "config"], ["check", "broken"], ["check", "config", "--fix"], ["build", "config", "-o", "out/m.json"],
        ["build", "broken"], ["export", "config", "--out", "out/export"],
        ["plan", "config", "--state", "state.json", "--state-metadata", "org", "--metadata-out", "out/deploy", "-o", "out/p.json"],
        ["plan", "broken", "--state", "state.json"], ["import", "org", "--out", "out/imported"],
        ["plan", "changed", "--state", "state.json", "--metadata-out", "out/deploy2"],
        ["environments", "config"], ["check", "config", "--state-metadata", "missing"],
    ])
    func standardErrorIsEmptyOrOneDocument(arguments: [String]) throws {
        let folder = try workspace()
        let result = try credc(arguments + ["--format", "json"], in: folder)
        let stderr = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if result.status >= 64 {
            #expect(stderr.hasPrefix("credc: error: ") && !stderr.contains("\n"), "\(arguments): \(result.stderr)")
            return
        }
        guard !stderr.isEmpty else { return }
        let document = try JSONSerialization.jsonObject(with: Data(stderr.utf8))
        #expect((document as? [String: Any])?["version"] as? Int == 1, "\(arguments): \(result.stderr)")
    }

    @Test func theToolsMessagesAreInTheDocument() throws {
        let folder = try workspace()
        // A plan's deploy notes too: the new grant's permission set has no org file to merge into.
        let plan = try credc(["plan", "changed", "--state", "state.json", "--metadata-out", "d", "--format", "json"], in: folder)
        #expect(plan.status == 0, "\(plan.stderr)")
        let planMessages = try #require(try parseJSON(plan.stderr)["messages"] as? [[String: Any]])
        #expect(planMessages.contains { ($0["message"] as? String)?.contains("PermissionSet Billing_Support") == true })
        let export = try credc(["export", "config", "--out", "out/export", "--format", "json"], in: folder)
        let messages = try #require(try parseJSON(export.stderr)["messages"] as? [[String: Any]])
        #expect(messages.contains { ($0["message"] as? String)?.contains("PermissionSet Billing_Admins") == true })
        #expect(messages.allSatisfy { $0["level"] as? String == "warning" })
        let sarif = try credc(["export", "config", "--out", "out/export2", "--format", "sarif"], in: folder)
        try expectValidSARIF(sarif.stderr)
        #expect(sarif.stderr.contains("\"toolExecutionNotifications\""))
        let github = try credc(["export", "config", "--out", "out/export3", "--format", "github"], in: folder)
        #expect(github.stderr.contains("::warning::PermissionSet Billing_Admins"), "\(github.stderr)")
        // Text keeps its lines.
        let text = try credc(["export", "config", "--out", "out/export4"], in: folder)
        #expect(text.stderr.contains("credc: warning: PermissionSet Billing_Admins"), "\(text.stderr)")
    }
}
