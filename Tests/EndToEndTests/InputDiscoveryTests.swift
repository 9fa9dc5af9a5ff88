import Foundation
import Testing

private let dockerCompose = """
    services:
      web:
        image: nginx
        environment:
          POSTGRES_PASSWORD: example

    """

private let workflow = """
    name: ci
    on: [push]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - run: make test

    """

private let kubernetes = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web

    """

/// Which inputs a run reads: stray YAML, symbolic links, `.credc.yaml` found from the inputs.
@Suite struct InputDiscoveryTests {
    // MARK: Stray YAML (SPEC §1)

    @Test func directorySearchSkipsYAMLThatIsNotCredc() throws {
        let folder = try makeFolder([
            "config/a.yaml": validConfig, "docker-compose.yml": dockerCompose, "ci/workflow.yaml": workflow,
            "chart/values.yaml": "replicaCount: 2\nimage:\n  tag: latest\n", "empty.yaml": "",
        ])
        let result = try credc(["check", "."], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "no problems in 1 file\n")
        #expect(result.stderr.isEmpty)

        let verbose = try credc(["check", ".", "--verbose"], in: folder)
        #expect(verbose.status == 0)
        let skipped = verbose.stderr.split(separator: "\n").map(String.init)
        #expect(skipped == [
            "credc: skipped 'chart/values.yaml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
            "credc: skipped 'ci/workflow.yaml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
            "credc: skipped 'docker-compose.yml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
            "credc: skipped 'empty.yaml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
        ])
    }

    @Test func aFileNamedOnTheCommandLineIsAlwaysChecked() throws {
        let folder = try makeFolder(["docker-compose.yml": dockerCompose])
        let result = try credc(["check", "docker-compose.yml", "--format", "json"], in: folder)
        #expect(result.status == 1)
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String }.contains("unknown-document"))
    }

    @Test func documentsWithAnotherCredcApiVersionOrACredcKindStayErrors() throws {
        let folder = try makeFolder([
            "a.yaml": validConfig,
            "v2.yaml": "apiVersion: credc/v2\nkind: NamedCredential\nname: Next\n",
            "kind-only.yaml": "kind: ExternalCredential\nname: No_Version\n",
            "broken.yaml": "services: [\n",
        ])
        let result = try credc(["check", ".", "--format", "json"], in: folder)
        #expect(result.status == 1)
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        let found = Set(diagnostics.map { "\($0["file"] ?? "") \($0["line"] ?? ""):\($0["column"] ?? "") \($0["rule"] ?? "")" })
        #expect(found.contains("v2.yaml 1:13 unknown-document"), "\(found)")
        #expect(found.contains("kind-only.yaml 1:1 unknown-document"), "\(found)")
        // A file that does not parse cannot be told apart from a broken credc file: reported.
        #expect(found.contains("broken.yaml 2:1 yaml-syntax"), "\(found)")
    }

    /// SPEC §1 (1.2): a Kubernetes manifest or Helm chart has an `apiVersion` and a `kind`, but
    /// neither is credc's: a directory search passes over it, a named file is still checked.
    @Test func directorySearchSkipsKubernetesAndHelmYAML() throws {
        let chart = "apiVersion: v2\nname: web\nversion: 0.1.0\n"
        let folder = try makeFolder([
            "config/a.yaml": validConfig, "k8s/deployment.yaml": kubernetes + "---\napiVersion: v1\nkind: Service\n",
            "chart/Chart.yaml": chart,
        ])
        let result = try credc(["check", "."], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "no problems in 1 file\n")
        let verbose = try credc(["check", ".", "--verbose"], in: folder)
        #expect(verbose.stderr.split(separator: "\n").map(String.init) == [
            "credc: skipped 'chart/Chart.yaml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
            "credc: skipped 'k8s/deployment.yaml': not a credc file (no document has a credc/ apiVersion or a credc kind)",
        ])
        let named = try credc(["check", "k8s/deployment.yaml", "--format", "json"], in: folder)
        #expect(named.status == 1)
        let diagnostics = try #require(try parseJSON(named.stdout)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { "\($0["line"] ?? ""):\($0["column"] ?? "") \($0["rule"] ?? "")" }.first == "1:13 unknown-document")
    }

    @Test func aFolderWithOnlyStrayYAMLIsExit66() throws {
        let folder = try makeFolder(["docker-compose.yml": dockerCompose, "ci/workflow.yaml": workflow])
        let result = try credc(["check", "."], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr.contains("no credc file found under '.': its 2 YAML files have no credc/ apiVersion or credc kind"))
        #expect(result.stdout.isEmpty)
    }

    // MARK: Symbolic links

    @Test func directorySearchesDoNotFollowLinksToFolders() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("config/up").path, withDestinationPath: "..")
        // Followed, `up -> ..` made the search walk 40 levels deep: 41 copies of a.yaml.
        let result = try credc(["check", "config"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "no problems in 1 file\n")
        let verbose = try credc(["check", "config", "--verbose"], in: folder)
        #expect(verbose.stderr.contains(
            "credc: skipped 'config/up': a symbolic link to a folder, not followed in a directory search"))
    }

    @Test func aLinkNamedOnTheCommandLineIsFollowed() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked").path, withDestinationPath: "config")
        let named = try credc(["check", "linked"], in: folder)
        #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
        #expect(named.stdout == "no problems in 1 file\n")
    }

    @Test func aFileReachedTwiceIsReadOnce() throws {
        let folder = try makeFolder(["config/a.yaml": validConfig])
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("config/b.yaml").path, withDestinationPath: "a.yaml")
        let result = try credc(["check", "config", "./config/a.yaml"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "no problems in 1 file\n")
    }

    // MARK: `.credc.yaml` found from the inputs (SPEC §4)

    @Test func settingsAreFoundFromTheInputsNotTheWorkingDirectory() throws {
        let folder = try makeFolder([
            "repo/.credc.yaml": "exclude:\n  - config/invalid\nrules:\n  no-principals: off\n",
            "repo/config/a.yaml": validConfig.replacingOccurrences(
                of: "principals:\n  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n", with: ""),
            "repo/config/invalid/bad.yaml": "a: [\n",
            "elsewhere/.keep": "",
        ])
        for directory in ["repo", ".", "elsewhere", "repo/config"] {
            let inputs = ["repo": "config", ".": "repo/config", "elsewhere": "../repo/config", "repo/config": "."]
            let result = try credc(["check", inputs[directory]!], in: folder.appendingPathComponent(directory))
            #expect(result.status == 0, "from \(directory): \(result.stdout)\(result.stderr)")
            #expect(result.stdout == "no problems in 1 file\n", "from \(directory)")
        }
        let absolute = try credc(["check", folder.appendingPathComponent("repo/config").path], in: folder.appendingPathComponent("elsewhere"))
        #expect(absolute.status == 0, "\(absolute.stdout)")
        // Paths made absolute without Foundation (no `..`, `~` or `//`) and with it find the same file.
        for input in ["repo/config/a.yaml", "repo/config/", "./repo/./config", "repo//config", "repo/config/../config/a.yaml"] {
            let result = try credc(["check", input], in: folder)
            #expect(result.stdout == "no problems in 1 file\n", "\(input): \(result.stdout)\(result.stderr)")
        }
        let twoFolders = try credc(["check", "repo/config/a.yaml", "repo/.credc.yaml"], in: folder)
        #expect(!twoFolders.stdout.contains("no-principals"), "\(twoFolders.stdout)")
    }

    @Test func settingsFindingsNameTheFileByAPathFromTheWorkingDirectory() throws {
        let folder = try makeFolder([
            "repo/.credc.yaml": "rulez: {}\n", "repo/config/a.yaml": validConfig, "elsewhere/.keep": "",
        ])
        let below = try credc(["check", "repo/config", "--format", "json"], in: folder)
        #expect(try firstFile(below) == "repo/.credc.yaml")
        let inside = try credc(["check", ".", "--format", "json"], in: folder.appendingPathComponent("repo/config"))
        #expect(try firstFile(inside) == "../.credc.yaml")
        let aside = try credc(
            ["check", "../repo/config", "--format", "json"], in: folder.appendingPathComponent("elsewhere"))
        let file = try firstFile(aside)
        #expect(file.hasPrefix("/") && file.hasSuffix("/repo/.credc.yaml"), "\(file)")
    }

    private func firstFile(_ result: RunResult) throws -> String {
        let diagnostics = try #require(try parseJSON(result.stdout)["diagnostics"] as? [[String: Any]])
        return try #require(diagnostics.first?["file"] as? String)
    }
}
