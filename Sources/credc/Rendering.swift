import Checker
import Diagnostics
import Reporters
import Foundation

/// Picks the reporter for `--format` and whether text gets color.
enum Rendering {
    static let informationURI = "https://github.com/credc/credc"

    static func render(_ diagnostics: [Diagnostic], run: CheckRun, stream: FileHandle) -> String {
        let format = DiagnosticFormat(rawValue: run.options.format.rawValue) ?? .text
        let reporter = format.reporter(
            color: useColor(run.options.color, stream: stream), toolVersion: Credc.version,
            informationURI: informationURI, rules: Rules.all)
        let report = DiagnosticReport(
            diagnostics: diagnostics, sources: run.analysis.files, fileCount: run.analysis.files.count)
        return reporter.render(report)
    }

    /// `--color auto`: only on a terminal; `NO_COLOR` turns it off and `FORCE_COLOR` on
    /// (no-color.org, force-color.org); an explicit `always`/`never` wins over both.
    static func useColor(_ choice: ColorChoice, stream: FileHandle) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let value = environment["NO_COLOR"], !value.isEmpty { return false }
            if let value = environment["FORCE_COLOR"], !value.isEmpty, value != "0" { return true }
            return isatty(stream.fileDescriptor) == 1 && environment["TERM"] != "dumb"
        }
    }
}
