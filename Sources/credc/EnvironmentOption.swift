import Diagnostics
import Driver
import Manifest

/// `--env` (SPEC §7): which environment's values a run uses.
extension CheckRun {
    /// `build`, `plan`, `export` and `check --state` need `--env` when the configuration has environments, and
    /// every command rejects it when it has none or names an unknown one: exit 64, naming them.
    func requireKnownEnvironment(required: Bool) throws {
        let names = analysis.environmentNames
        let listed = names.map { "'\($0)'" }.joined(separator: ", ")
        switch options.env {
        case nil where required && !names.isEmpty:
            throw fail(
                Exit.usage,
                "this configuration has environments \(listed); choose one with --env NAME")
        case nil:
            return
        case let name? where names.isEmpty:
            throw fail(
                Exit.usage,
                "--env '\(name)': this configuration has no environment (no `kind: Environment` document); remove --env")
        case let name? where !names.contains(name):
            let suggestion = Suggestions.closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw fail(Exit.usage, "--env '\(name)' names no environment; the configuration has \(listed)\(suggestion)")
        default:
            return
        }
    }

    /// A plan compares with what was deployed to the same org: a state manifest written for
    /// another environment is refused (exit 1) rather than planned into a wrong diff.
    func requireStateOfSameEnvironment(_ deployed: DeployedState) throws {
        guard let statePath = deployed.recordedPath, let recorded = deployed.recorded,
            recorded.environment != analysis.environment
        else { return }
        // A manifest from before environments were introduced records none; it is taken as is.
        guard let stateEnvironment = recorded.environment else { return }
        throw fail(
            Exit.failure,
            "the state file '\(statePath)' is the manifest of environment '\(stateEnvironment)', "
                + (analysis.environment.map { "not of '\($0)'" } ?? "and this configuration has no environments")
                + "; give the state of the environment you plan for")
    }
}
