import Diagnostics

/// Everything a reporter needs: the findings and the files they point into.
public struct DiagnosticReport: Sendable {
    /// Already in reporting order (`Diagnostic.sortKey`); suppressed ones included.
    public var diagnostics: [Diagnostic]
    /// The input files by the path diagnostics use, for source lines and fingerprints.
    public var sources: [String: SourceFile]
    /// How many files the summary counts ("in 3 files"): those checked and those findings
    /// are in (a state folder's files, `.credc.yaml`).
    public var fileCount: Int
    /// What the tool says beside the findings (a deploy's order, what `--fix` changed, what an
    /// export could not write): in the same format as the findings, so that no output of a
    /// machine format escapes it.
    public var messages: [ToolMessage] = []

    public init(diagnostics: [Diagnostic], sources: [String: SourceFile], fileCount: Int) {
        self.diagnostics = diagnostics
        self.sources = sources
        self.fileCount = fileCount
    }

    /// A report whose summary counts `checkedFiles` and every other file a shown finding is in:
    /// findings in twenty org files were summed up as "in 1 file" (the configuration).
    public init(diagnostics: [Diagnostic], sources: [String: SourceFile], checkedFiles: some Sequence<String>) {
        var files = Set(checkedFiles)
        for diagnostic in diagnostics where diagnostic.suppression == nil && !diagnostic.file.isEmpty {
            files.insert(diagnostic.file)
        }
        self.init(diagnostics: diagnostics, sources: sources, fileCount: files.count)
    }

    /// Counts of the findings that are not suppressed.
    public var summary: DiagnosticSummary {
        DiagnosticSummary(diagnostics: diagnostics, files: fileCount)
    }

    /// The findings every format except SARIF shows: suppressed ones are left out.
    var unsuppressed: [Diagnostic] { diagnostics.filter { $0.suppression == nil } }
}

/// Turns a report into the text of one `--format`. Rendering never fails and never prints:
/// the caller writes the returned string, which ends with a newline unless it is empty.
public protocol DiagnosticReporter: Sendable {
    func render(_ report: DiagnosticReport) -> String
}

/// The values of `--format` for diagnostics (SPEC §2).
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text
    case json
    case sarif
    case github

    /// The reporter for this format.
    /// - Parameters:
    ///   - color: ANSI color in `text`; the caller decides (`--color`, TTY, `NO_COLOR`).
    ///   - toolVersion: credc's version, for SARIF's `tool.driver.version`.
    ///   - informationURI: where credc is documented, for SARIF's `tool.driver.informationUri`.
    ///   - rules: every rule descriptor, for SARIF's `tool.driver.rules`.
    public func reporter(
        color: Bool, toolVersion: String, informationURI: String, rules: [RuleDescriptor]
    ) -> any DiagnosticReporter {
        switch self {
        case .text: TextReporter(color: color)
        case .json: JSONReporter()
        case .sarif: SARIFReporter(toolVersion: toolVersion, informationURI: informationURI, rules: rules)
        case .github: GitHubReporter()
        }
    }
}

extension Diagnostic {
    /// The message with the "did you mean" suggestion appended, for formats with one text field.
    var messageWithSuggestion: String {
        guard let suggestion else { return message }
        return "\(message); did you mean '\(suggestion)'?"
    }
}

extension Note {
    /// `message (FILE:LINE:COL)`, or the bare message when the note has no range.
    func textWithLocation(defaultFile: String) -> String {
        guard let range else { return message }
        return "\(message) (\(file ?? defaultFile):\(range.start.line):\(range.start.column))"
    }
}

/// A message of the tool's own, not a finding about an input.
public struct ToolMessage: Hashable, Sendable {
    public enum Level: String, Hashable, Sendable {
        case warning, note
    }

    public var level: Level
    public var text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}
