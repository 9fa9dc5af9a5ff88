import ArgumentParser
import Checker
import Diagnostics
import Driver

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule: ID, default severity and summary.")

    func run() throws {
        let width = Rules.all.map(\.id.rawValue.count).max() ?? 0
        var text = ""
        for rule in Rules.all {
            let id = rule.id.rawValue.padding(to: width)
            let severity = rule.defaultSeverity.rawValue.padding(to: 7)
            text += "\(id)  \(severity)  \(rule.summary)\n"
        }
        try writeOut(text)
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show a rule's documentation with a failing and a passing example.")

    @Argument(help: "A rule ID, as `credc rules` lists them.")
    var rule: String

    func run() throws {
        guard let descriptor = Rules.find(rule) else {
            let suggestion = Suggestions.closest(to: rule, in: Rules.all.map(\.id.rawValue))
            throw fail(
                Exit.usage,
                "unknown rule '\(rule)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                    + " (`credc rules` lists them)")
        }
        try writeOut(Self.document(descriptor))
    }

    static func document(_ rule: RuleDescriptor) -> String {
        var text = "\(rule.id) (\(rule.defaultSeverity.rawValue))\n\n\(rule.summary)\n\n\(rule.rationale)\n"
        if !rule.failingExample.isEmpty {
            let failing = rule.failingExample.replacingAll("1️⃣", with: "")
            if let deployed = rule.deployedExample {
                text += "\nDeployed before (the state, as configuration):\n\n" + indent(deployed)
            }
            text += "\nFails:\n\n"
            text += indent(failing) + "\ncredc reports:\n\n" + indent(ReferenceDocs.exampleFindings(of: rule, in: failing))
            text += "\nPasses:\n\n" + indent(rule.passingExample)
        }
        return text
    }

    private static func indent(_ yaml: String) -> String {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
            .joined(separator: "\n")
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
