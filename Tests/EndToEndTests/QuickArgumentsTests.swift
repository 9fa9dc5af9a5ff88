import Foundation
import Testing

/// `credc check` with paths and its common options is parsed without ArgumentParser (start-up);
/// a trailing `--`, which that parse leaves to ArgumentParser, must change nothing.
@Suite struct QuickArgumentsTests {
    static let argumentLists: [[String]] = [
        ["check", "Samples"],
        ["check", "Samples/invalid", "--color", "never"],
        ["check", "--format", "json", "Samples/invalid/names.yaml", "Samples/providers"],
        ["check", "--format=sarif", "--strict", "Samples/credentials"],
        ["check", "Samples/invalid", "--format", "github", "--no-inline-suppressions", "--verbose"],
        ["check", "--color=always", "--strict", "Samples/invalid/scope.yaml"],
        ["check", "--env", "prod", "Samples"],
        ["check", "no-such-file.yaml"],
        ["check"],
    ]

    @Test(arguments: argumentLists)
    func quickAndArgumentParserParsesAgree(arguments: [String]) throws {
        let quick = try credc(arguments)
        let parsed = try credc(arguments + ["--"])
        #expect(quick.status == parsed.status)
        #expect(quick.stdout == parsed.stdout)
        #expect(quick.stderr == parsed.stderr)
    }

    /// What the quick parse does not take goes to ArgumentParser, which says what is wrong.
    @Test(arguments: [
        (["check", "--format", "yaml", "Samples"], "'yaml'"),
        (["check", "--format"], "--format"),
        (["check", "--stirct", "Samples"], "--stirct"),
    ])
    func whatItDoesNotTakeArgumentParserReports(arguments: [String], mention: String) throws {
        let result = try credc(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(mention), "\(result.stderr)")
    }
}
