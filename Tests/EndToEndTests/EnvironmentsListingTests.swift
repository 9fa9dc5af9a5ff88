import Foundation
import Testing

/// `credc environments`: the list a CI matrix is taken from.
@Suite struct EnvironmentsListingTests {
    static func environment(_ name: String) -> String {
        """
        apiVersion: credc/v1
        kind: Environment
        name: \(name)
        variables:
          BILLING_URL: https://billing.\(name.lowercased()).example.com/v2

        """
    }

    /// Three environments over two files, written out of order; `Zeta` sorts first by code
    /// point (a locale's order would put it last).
    static func threeEnvironments() throws -> URL {
        let configuration = validConfig.replacingOccurrences(of: "url: https://billing.example.com/v2", with: "url: ${BILLING_URL}")
        return try makeFolder([
            "config/credentials.yaml": configuration,
            "config/environments/uat.yaml": environment("uat"),
            "config/environments/others.yaml": environment("prod") + "---\n" + environment("Zeta"),
        ])
    }

    @Test func jsonIsOneLineArraySortedByCodePoint() throws {
        let folder = try Self.threeEnvironments()
        let result = try credc(["environments", "config", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        // One line: `echo "names=$(credc environments --format json)" >> "$GITHUB_OUTPUT"` takes it whole.
        #expect(result.stdout == "[\"Zeta\",\"prod\",\"uat\"]\n")
        let names = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String]
        #expect(names == ["Zeta", "prod", "uat"])
    }

    @Test func textIsOneNameALine() throws {
        let folder = try Self.threeEnvironments()
        let result = try credc(["environments", "config"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Zeta\nprod\nuat\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func noEnvironmentsIsAnEmptyList() throws {
        let folder = try makeFolder(["config/credentials.yaml": validConfig])
        let json = try credc(["environments", "config", "--format", "json"], in: folder)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == "[]\n")
        let text = try credc(["environments", "config"], in: folder)
        #expect(text.status == 0)
        #expect(text.stdout.isEmpty)
    }

    /// A matrix from a broken configuration would deploy nothing sensible: nothing is listed.
    @Test func errorsListNothing() throws {
        let folder = try Self.threeEnvironments()
        try Data(Self.environment("uat").utf8).write(to: folder.appendingPathComponent("config/environments/again.yaml"))
        let result = try credc(["environments", "config", "--format", "json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("duplicate-name"), "\(result.stderr)")
    }

    @Test func usageErrors() throws {
        let folder = try Self.threeEnvironments()
        let withEnv = try credc(["environments", "config", "--env", "prod"], in: folder)
        #expect(withEnv.status == 64)
        #expect(withEnv.stderr.contains("remove --env"))
        let sarif = try credc(["environments", "config", "--format", "sarif"], in: folder)
        #expect(sarif.status == 64)
        #expect(sarif.stderr.contains("text or json"))
        #expect(try credc(["environments", "missing"], in: folder).status == 66)
    }
}
