import ArgumentParser
import Reporters
import YAML

/// `credc check` with paths and its common options, parsed without ArgumentParser. Its parse
/// builds the argument sets of every command through reflection and generic metadata, whose
/// conformance lookups scan the whole (statically linked) binary: a third of a run on one small
/// file, the run a pre-commit hook makes on every commit. Anything else (help, `--`, an option
/// not listed here, a repeated one, a value that is not valid) goes to ArgumentParser, which
/// parses it as always and says what is wrong; so does a command whose validation fails.
enum QuickArguments {
    /// The command `arguments` (without the program name) make, or nil to let ArgumentParser parse them.
    static func check(_ arguments: [String]) -> CheckCommand? {
        guard arguments.first == "check" else { return nil }
        var paths: [String] = []
        var format = DiagnosticFormat.text
        var color = ColorChoice.auto
        var env: String?
        var flags: Set<String> = []
        var valued: Set<String> = []
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                paths.append(argument)
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--strict", "--verbose", "--no-inline-suppressions":
                guard value == nil, flags.insert(name).inserted else { return nil }
            case "--format", "--color", "--env":
                if value == nil {
                    guard let next = rest.first, !next.hasPrefix("-") else { return nil }
                    value = rest.removeFirst()
                }
                guard let value, valued.insert(name).inserted else { return nil }
                switch name {
                case "--format":
                    guard let parsed = DiagnosticFormat(rawValue: value) else { return nil }
                    format = parsed
                case "--color":
                    guard let parsed = ColorChoice(rawValue: value) else { return nil }
                    color = parsed
                default:
                    env = value
                }
            default:
                return nil
            }
        }
        // Every property is set: a wrapper left as declared would stop the program when read.
        var inputs = InputOptions()
        inputs.paths = paths
        inputs.format = format
        inputs.strict = flags.contains("--strict")
        inputs.color = color
        inputs.env = env
        inputs.verbose = flags.contains("--verbose")
        inputs.noInlineSuppressions = flags.contains("--no-inline-suppressions")
        inputs.maxFileSize = YAMLLimits.default.maxFileSize
        inputs.maxDepth = YAMLLimits.default.maxDepth
        inputs.maxAliasExpansion = YAMLLimits.default.maxAliasExpansion
        var command = CheckCommand()
        command.inputs = inputs
        command.state = nil
        command.stateMetadata = nil
        command.fix = false
        do {
            try inputs.validate()
            try command.validate()
        } catch {
            return nil
        }
        return command
    }
}
