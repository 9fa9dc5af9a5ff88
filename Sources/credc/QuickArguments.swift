import Reporters

/// `credc check` with paths and its common options, parsed without ArgumentParser. Its parse
/// builds the argument sets of every command through reflection and generic metadata, whose
/// conformance lookups scan the whole (statically linked) binary: a third of a run on one small
/// file, the run a pre-commit hook makes on every commit. Anything else (help, `--`, an option
/// not listed here, a repeated one, a value that is not valid) goes to ArgumentParser, which
/// parses it as always and says what is wrong.
enum QuickArguments {
    /// What `credc check` runs on.
    struct Check {
        var inputs: InputValues

        func run() throws { try CheckCommand.run(inputs, state: nil, stateMetadata: nil, fix: false) }
    }

    /// The command `arguments` (without the program name) make, or nil to let ArgumentParser parse them.
    static func check(_ arguments: [String]) -> Check? {
        guard arguments.first == "check" else { return nil }
        var inputs = InputValues()
        // Plain flags, not sets: a Set's generic metadata is itself a lookup at start-up.
        var seenStrict = false, seenVerbose = false, seenNoSuppressions = false
        var seenFormat = false, seenColor = false, seenEnv = false
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                inputs.paths.append(argument)
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            func once(_ seen: inout Bool) -> Bool {
                defer { seen = true }
                return !seen
            }
            switch name {
            case "--strict", "--verbose", "--no-inline-suppressions":
                guard value == nil else { return nil }
                switch name {
                case "--strict": guard once(&seenStrict) else { return nil }; inputs.strict = true
                case "--verbose": guard once(&seenVerbose) else { return nil }; inputs.verbose = true
                default: guard once(&seenNoSuppressions) else { return nil }; inputs.noInlineSuppressions = true
                }
            case "--format", "--color", "--env":
                if value == nil {
                    guard let next = rest.first, !next.hasPrefix("-") else { return nil }
                    value = rest.removeFirst()
                }
                guard let value else { return nil }
                switch name {
                case "--format":
                    guard once(&seenFormat), let format = DiagnosticFormat(rawValue: value) else { return nil }
                    inputs.format = format
                case "--color":
                    guard once(&seenColor), let color = ColorChoice(rawValue: value) else { return nil }
                    inputs.color = color
                default:
                    guard once(&seenEnv) else { return nil }
                    inputs.env = value
                }
            default:
                return nil
            }
        }
        // With no --state and the default limits, neither CheckCommand's nor InputOptions's
        // validation can fail.
        return Check(inputs: inputs)
    }
}
