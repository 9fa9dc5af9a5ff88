import ArgumentParser
import LanguageServer

/// Exit codes of SPEC §2, in one place.
enum Exit {
    static let success = ExitCode(0)
    /// Errors in the configuration (or warnings under --strict), or a blocked plan.
    static let failure = ExitCode(1)
    /// `plan --detailed-exitcode`: success with changes.
    static let changes = ExitCode(2)
    static let usage = ExitCode(64)
    /// An input path or the state file does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// An output file cannot be written.
    static let cannotCreate = ExitCode(73)

    /// `credc lsp`: 0 when the client sent `shutdown` before `exit` (or before closing the
    /// stream), 1 otherwise, as the LSP specification has it.
    static func of(_ ending: LanguageServer.Ending) -> ExitCode {
        switch ending {
        case .afterShutdown: success
        case .withoutShutdown: failure
        }
    }
}
