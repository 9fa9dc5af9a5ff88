import Foundation
import Testing

/// Where credc writes (`-o`, `--out`, `--metadata-out`): missing folders above an output are
/// created, and a folder credc wrote is replaced whole, but never over files changed or added
/// since it wrote them, unless `--force` (SPEC §11).
@Suite struct OutputFolderTests {
    private let orgFixture = packageRoot.appendingPathComponent("Tests/ImportTests/Fixtures/org")

    /// A project with the configuration in `config/`, its manifest in `state.json`, and the
    /// import fixture's org folder in `org/`.
    private func project() throws -> URL {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        try FileManager.default.copyItem(at: orgFixture, to: folder.appendingPathComponent("org"))
        #expect(try credc(["build", "config", "-o", "state.json"], in: folder).status == 0)
        return folder
    }

    private func exists(_ folder: URL, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
    }

    // MARK: Missing parent folders

    @Test func everyOutputPathGetsItsMissingFolders() throws {
        let folder = try project()
        let build = try credc(["build", "config", "-o", "a/b/c.json"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try parseJSON(text(folder, "a/b/c.json"))["manifestVersion"] as? Int == 1)

        let plan = try credc(
            ["plan", "config", "--state", "state.json", "-o", "out/plans/plan.json", "--metadata-out", "build/deploy/prod"],
            in: folder)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(try parseJSON(text(folder, "out/plans/plan.json"))["planVersion"] as? Int == 1)
        #expect(exists(folder, "build/deploy/prod/package.xml"))

        let export = try credc(["export", "config", "--out", "x/y"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(exists(folder, "x/y/package.xml"))

        let imported = try credc(["import", "org", "--out", "adopted/from/org"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(exists(folder, "adopted/from/org/providers/Okta_Prod.yaml"))

        // No temporary file or folder is left beside any of them.
        let hidden = filesUnder(folder).filter { $0.split(separator: "/").contains { $0.hasPrefix(".") && $0 != ".credc-export" } }
        #expect(hidden.isEmpty, "\(hidden)")
    }

    @Test func aPathUnderAFileIsExit73AndCreatesNothing() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig, "file.txt": "x"])
        let build = try credc(["build", "config", "-o", "file.txt/a/c.json"], in: folder)
        #expect(build.status == 73)
        #expect(build.stderr.contains("cannot write 'file.txt/a/c.json': 'file.txt' is not a folder"))
        let export = try credc(["export", "config", "--out", "new/file.txt/y"], in: folder)
        #expect(export.status == 0, "a folder named like a file elsewhere is fine: \(export.stderr)")
        let blocked = try credc(["export", "config", "--out", "file.txt/x/y"], in: folder)
        #expect(blocked.status == 73)
        #expect(blocked.stderr.contains("'file.txt' is not a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["config", "file.txt", "new"])
    }

    // MARK: Files changed since credc wrote them

    @Test func reimportOverAnEditedFolderIsRefusedUntilForce() throws {
        let folder = try project()
        let config = folder.appendingPathComponent("adopted")
        #expect(try credc(["import", "org", "--out", "adopted"], in: folder).status == 0)

        // Unchanged: a re-import refreshes the folder.
        let again = try credc(["import", "org", "--out", "adopted"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")

        // A recorded file that is gone loses nothing: the next import writes it again.
        try FileManager.default.removeItem(at: config.appendingPathComponent("named-credentials/Calendar.yaml"))
        #expect(try credc(["import", "org", "--out", "adopted"], in: folder).status == 0)
        #expect(exists(config, "named-credentials/Calendar.yaml"))

        // What a user does next: a URL becomes a variable, an Environment document is added.
        let edited = try text(config, "named-credentials/Billing.yaml")
            .replacingOccurrences(of: "url: https://billing.example.com/v2", with: "url: https://${BILLING_HOST}/v2")
        #expect(edited.contains("${BILLING_HOST}"))
        try Data(edited.utf8).write(to: config.appendingPathComponent("named-credentials/Billing.yaml"))
        let environment = "apiVersion: credc/v1\nkind: Environment\nname: prod\nvariables:\n  BILLING_HOST: billing.example.com\n"
        try FileManager.default.createDirectory(
            at: config.appendingPathComponent("environments"), withIntermediateDirectories: true)
        try Data(environment.utf8).write(to: config.appendingPathComponent("environments/prod.yaml"))
        let before = filesUnder(config)

        let refused = try credc(["import", "org", "--out", "adopted"], in: folder)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("""
            credc: error: 'adopted' holds files changed or added since credc wrote it, which replacing the folder would lose:
              adopted/environments/prod.yaml (added)
              adopted/named-credentials/Billing.yaml (changed)
            keep them elsewhere, or re-run with --force to replace the folder anyway (it is left as it is)
            """))
        #expect(!refused.stderr.contains("credc: imported"))
        #expect(filesUnder(config) == before)
        #expect(try text(config, "named-credentials/Billing.yaml") == edited)
        #expect(try text(config, "environments/prod.yaml") == environment)

        let forced = try credc(["import", "org", "--force", "--out", "adopted"], in: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!exists(config, "environments/prod.yaml"))
        #expect(try !text(config, "named-credentials/Billing.yaml").contains("${BILLING_HOST}"))
        // And the forced folder is recorded like any other: the next run is clean.
        #expect(try credc(["import", "org", "--out", "adopted"], in: folder).status == 0)
    }

    @Test func aFolderOfAnOlderCredcIsReplacedWhenNothingInItDiffers() throws {
        let folder = try project()
        #expect(try credc(["import", "org", "--out", "adopted"], in: folder).status == 0)
        // The marker of credc 1.1: the folder is credc's, but what it wrote is not recorded.
        let oldMarker = Data("This folder was written by credc.\n".utf8)
        try oldMarker.write(to: folder.appendingPathComponent("adopted/.credc-export"))
        // Every file is what this run writes: nothing can be lost.
        #expect(try credc(["import", "org", "--out", "adopted"], in: folder).status == 0)
        #expect(try text(folder, "adopted/.credc-export").contains("  providers/Okta_Prod.yaml\n"))

        // A file that differs may be an edit: listed, and replaced only with --force.
        try oldMarker.write(to: folder.appendingPathComponent("adopted/.credc-export"))
        try Data("# mine\n".utf8).write(to: folder.appendingPathComponent("adopted/providers/Okta_Prod.yaml"))
        let refused = try credc(["import", "org", "--out", "adopted"], in: folder)
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("""
            credc: error: 'adopted' was written by a credc that did not record its files (or its .credc-export was edited), so credc cannot tell whether this one was changed since:
              adopted/providers/Okta_Prod.yaml
            look at it (`git status`), then re-run with --force
            """))
        #expect(try text(folder, "adopted/providers/Okta_Prod.yaml") == "# mine\n")
        #expect(try credc(["import", "org", "--out", "adopted", "--force"], in: folder).status == 0)
        #expect(try text(folder, "adopted/providers/Okta_Prod.yaml") != "# mine\n")
    }

    /// A file that already holds what the run writes there loses nothing when replaced, whoever
    /// put it there: the same change made in the folder and in the configuration.
    @Test func aChangeTheRunMakesTooDoesNotBlock() throws {
        let changed = validConfig.replacingOccurrences(of: "https://billing.example.com/v2", with: "https://billing.example.com/v3")
        let folder = try makeFolder(["old/a.yaml": validConfig, "new/a.yaml": changed])
        #expect(try credc(["export", "old", "--out", "desired"], in: folder).status == 0)
        #expect(try credc(["export", "new", "--out", "preview"], in: folder).status == 0)
        let file = "namedCredentials/Billing.namedCredential-meta.xml"
        try Data(try text(folder, "preview/\(file)").utf8).write(to: folder.appendingPathComponent("desired/\(file)"))
        let result = try credc(["export", "new", "--out", "desired"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try text(folder, "desired/\(file)").contains("v3"))
    }

    @Test func forceNeverReplacesAFolderCredcDidNotWrite() throws {
        let folder = try project()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("mine/notes.txt"))
        for arguments in [
            ["import", "org", "--out", "mine", "--force"], ["export", "config", "--out", "mine", "--force"],
            ["plan", "config", "--state", "state.json", "--metadata-out", "mine", "--force"],
        ] {
            let result = try credc(arguments, in: folder)
            #expect(result.status == 73, "\(arguments)")
            #expect(result.stderr.contains("'mine' exists and was not written by credc"), "\(arguments)")
        }
        #expect(filesUnder(folder.appendingPathComponent("mine")) == ["notes.txt"])
        // A plan whose deploy folder is refused writes nothing else either, not even its -o file.
        let plan = try credc(
            ["plan", "config", "--state", "state.json", "-o", "plan.json", "--metadata-out", "mine"], in: folder)
        #expect(plan.status == 73)
        #expect(plan.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
        let stray = try credc(["plan", "config", "--state", "state.json", "--force"], in: folder)
        #expect(stray.status == 64)
        #expect(stray.stderr.contains("--force applies only with --metadata-out"))
    }

    @Test func exportAndPlanFoldersAreProtectedTheSameWay() throws {
        let folder = try project()
        let commands = [
            ["export", "config", "--out", "desired"],
            ["plan", "config", "--state", "state.json", "--metadata-out", "deploy"],
        ]
        for command in commands {
            let out = command.last!
            #expect(try credc(command, in: folder).status == 0, "\(command)")
            #expect(try credc(command, in: folder).status == 0, "unchanged: \(command)")
            let package = folder.appendingPathComponent("\(out)/package.xml")
            try Data((try text(folder, "\(out)/package.xml") + "<!-- mine -->\n").utf8).write(to: package)
            let refused = try credc(command, in: folder)
            #expect(refused.status == 73, "\(command)")
            #expect(refused.stderr.contains("  \(out)/package.xml (changed)\n"), "\(refused.stderr)")
            #expect(try text(folder, "\(out)/package.xml").hasSuffix("<!-- mine -->\n"))
            #expect(try credc(command + ["--force"], in: folder).status == 0, "\(command)")
            #expect(try !text(folder, "\(out)/package.xml").contains("<!-- mine -->"))
        }
    }

    // MARK: Nothing of an earlier run survives

    /// A plan that writes a second deploy (a new principal's grants) and destructive changes,
    /// then one with no changes into the same folder: the folder is exactly what the second
    /// run writes into a fresh folder.
    @Test func noFileOfAnEarlierDeploySurvives() throws {
        let withLegacy = validConfig + """
            ---
            apiVersion: credc/v1
            kind: NamedCredential
            name: Legacy
            label: Legacy
            url: https://legacy.example.com
            externalCredential: Billing_API

            """
        let withAuditors = validConfig.replacingOccurrences(
            of: "    permissionSets: [Billing_Admins]\n",
            with: "    permissionSets: [Billing_Admins]\n  - name: Auditors\n    sequence: 2\n    permissionSets: [Audit_Readers]\n")
        #expect(withAuditors.contains("Auditors"))
        let folder = try makeFolder(["old/a.yaml": withLegacy, "new/a.yaml": withAuditors])
        #expect(try credc(["build", "old", "-o", "state.json"], in: folder).status == 0)

        let first = try credc(["plan", "new", "--state", "state.json", "--metadata-out", "deploy"], in: folder)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let earlier = filesUnder(folder.appendingPathComponent("deploy"))
        #expect(earlier.contains { $0.hasPrefix("destructiveChanges") }, "\(earlier)")
        #expect(earlier.contains { $0.contains("/") && $0.hasSuffix("package.xml") }, "a second deploy: \(earlier)")

        let second = ["plan", "old", "--state", "state.json", "--metadata-out"]
        #expect(try credc(second + ["deploy"], in: folder).status == 0)
        #expect(try credc(second + ["fresh"], in: folder).status == 0)
        let now = filesUnder(folder.appendingPathComponent("deploy"))
        #expect(now == filesUnder(folder.appendingPathComponent("fresh")))
        #expect(now == [".credc-export", "package.xml"])
        for path in now {
            #expect(try text(folder, "deploy/\(path)") == text(folder, "fresh/\(path)"), "\(path)")
        }
    }
}
