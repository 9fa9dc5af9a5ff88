import Checker
import Diagnostics
import Reporters
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks the reporter for `--format` and whether text gets color.
enum Rendering {
    static let informationURI = "https://github.com/credc/credc"

    /// `stateSources` are the state files findings point into (`--state`, `--state-metadata`),
    /// for their source lines; the summary counts the files checked and those findings are in.
    static func render(
        _ diagnostics: [Diagnostic], messages: [ToolMessage] = [], run: CheckRun,
        stateSources: [String: SourceFile] = [:], stream: StandardStream
    ) -> String {
        let reporter = run.options.format.reporter(
            color: useColor(run.options.color, stream: stream), toolVersion: Credc.version,
            informationURI: informationURI, rules: Rules.all)
        let sources = run.analysis.files.merging(stateSources) { configuration, _ in configuration }
        var report = DiagnosticReport(diagnostics: diagnostics, sources: sources, checkedFiles: run.analysis.files.keys)
        report.messages = messages
        return reporter.render(report)
    }

    /// Findings and the tool's messages on standard error, in the chosen format: in text, the
    /// findings when any is not suppressed, then each message as a `credc: warning:` line; in
    /// a machine format one document, also when empty if `always` (a consumer of `build
    /// --format sarif` gets a log), so that nothing on standard error escapes the format.
    static func report(
        _ diagnostics: [Diagnostic], messages: [ToolMessage] = [], run: CheckRun,
        stateSources: [String: SourceFile] = [:], always: Bool
    ) {
        let shown = diagnostics.contains { $0.suppression == nil }
        guard run.options.format != .text else {
            if shown { printError(render(diagnostics, run: run, stateSources: stateSources, stream: .standardError), terminator: "") }
            for message in messages { printError("credc: \(message.level.rawValue): \(message.text)") }
            return
        }
        guard shown || always || !messages.isEmpty else { return }
        printError(
            render(diagnostics, messages: messages, run: run, stateSources: stateSources, stream: .standardError),
            terminator: "")
    }

    /// `--color auto`: only on a terminal; `NO_COLOR` turns it off and `FORCE_COLOR` on
    /// (no-color.org, force-color.org); an explicit `always`/`never` wins over both.
    static func useColor(_ choice: ColorChoice, stream: StandardStream) -> Bool {
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
