import Foundation
import Testing

/// Where credc writes (`-o`, `--out`, `--metadata-out`): missing folders above an output are
/// created (SPEC §11).
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
}
