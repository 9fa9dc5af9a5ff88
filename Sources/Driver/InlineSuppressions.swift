import Checker
import Diagnostics

/// `# credc:ignore RULE[,RULE...] [-- reason]` at the end of a line, or alone on the line above.
///
/// Remembers which suppressions matched a finding, so that after every rule ran it can report
/// (as `invalid-suppression`) the ones that name an unknown rule, a rule that cannot be
/// suppressed, or suppress nothing.
struct InlineSuppressions {
    /// One rule named in a comment.
    private struct Name {
        var rule: String
        /// Where the name is written.
        var range: SourceRange
    }

    private struct Entry {
        var names: [Name]
        var justification: String?
        /// The line the comment covers.
        var target: Int
        /// What removing the comment removes: the whole line when it stands alone, else the
        /// comment and the blanks before it.
        var removal: SourceRange
    }

    /// By file, then by the 1-based line the comment covers.
    private var entries: [String: [Int: [Entry]]] = [:]
    /// Suppressions that matched a finding: file, covered line, rule.
    private var used: Set<Use> = []

    private struct Use: Hashable {
        var file: String
        var line: Int
        var rule: String
    }

    /// `scalarRanges` are, by file, the scalars whose text holds `credc:ignore`: a `#` inside
    /// a quoted or block scalar is text, not a comment.
    init(files: [SourceFile], scalarRanges: [String: [SourceRange]] = [:]) {
        for file in files where Self.mayHoldSuppressions(file) {
            let scalars = scalarRanges[file.path] ?? []
            for line in 1...file.lineCount {
                let text = file.lineText(line)
                guard text.contains("credc:ignore"), let entry = Self.parse(text, line: line, outside: scalars)
                else { continue }
                entries[file.path, default: [:]][entry.target, default: []].append(entry)
            }
            file.releasePages(0..<file.count)
        }
    }

    /// Marks the findings a suppression covers. Findings of rules that cannot be suppressed
    /// stay as they are.
    mutating func mark(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { mark($0) }
    }

    private mutating func mark(_ diagnostic: Diagnostic) -> Diagnostic {
        let line = diagnostic.range.start.line
        guard let found = entries[diagnostic.file]?[line],
            Rules.find(diagnostic.rule.rawValue)?.canBeSuppressed != false,
            let entry = found.first(where: { $0.names.contains { $0.rule == diagnostic.rule.rawValue } })
        else {
            return diagnostic
        }
        used.insert(Use(file: diagnostic.file, line: line, rule: diagnostic.rule.rawValue))
        var result = diagnostic
        result.suppression = Suppression(justification: entry.justification)
        return result
    }

    /// `invalid-suppression` findings, once every rule ran. Files in `unread` stopped at a YAML
    /// error: findings after it were never made, so their suppressions may be right.
    func problems(skipping unread: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for (file, lines) in entries {
            for entry in lines.values.joined() {
                for name in entry.names {
                    guard let rule = Rules.find(name.rule) else {
                        let suggestion = Suggestions.closest(to: name.rule, in: Rules.all.map(\.id.rawValue))
                        findings.append(
                            Finding(
                                rule: .invalidSuppression,
                                message: "credc:ignore names '\(name.rule)', which is not a rule; `credc rules` lists them",
                                file: file, range: name.range, suggestion: suggestion))
                        continue
                    }
                    if !rule.canBeSuppressed {
                        findings.append(
                            Finding(
                                rule: .invalidSuppression,
                                message: "'\(rule.id)' cannot be suppressed; the finding stands",
                                file: file, range: name.range,
                                notes: [Note(Self.unsuppressibleReason(rule.id))]))
                        continue
                    }
                    guard rule.id != .invalidSuppression, !unread.contains(file),
                        !used.contains(Use(file: file, line: entry.target, rule: name.rule))
                    else { continue }
                    findings.append(
                        Finding(
                            rule: .invalidSuppression,
                            message: "credc:ignore \(name.rule) suppresses nothing: line \(entry.target) has no '\(name.rule)' finding; remove it",
                            file: file, range: name.range, fixes: [Self.removal(of: name, from: entry)]))
                }
            }
        }
        return findings
    }

    /// The fix-it that removes `name` from its comment, or the comment when it names nothing else.
    private static func removal(of name: Name, from entry: Entry) -> FixIt {
        guard entry.names.count > 1, let index = entry.names.firstIndex(where: { $0.range == name.range }) else {
            return FixIt(message: "remove the comment", edits: [TextEdit(range: entry.removal, text: "")])
        }
        // With the separator after it, or before it when it is the last name.
        let range =
            index + 1 < entry.names.count
            ? SourceRange(start: name.range.start, end: entry.names[index + 1].range.start)
            : SourceRange(start: entry.names[index - 1].range.end, end: name.range.end)
        return FixIt(message: "remove '\(name.rule)' from the comment", edits: [TextEdit(range: range, text: "")])
    }

    private static func unsuppressibleReason(_ rule: RuleID) -> String {
        rule == .yamlSyntax
            ? "a file that does not parse cannot be checked; fix the YAML"
            : "Salesforce refuses the change whatever the configuration says; rename back, or plan a replace with `credc plan --allow-replace`"
    }

    /// Files whose YAML was not read to the end.
    static func unreadFiles(_ diagnostics: [Diagnostic]) -> Set<String> {
        Set(diagnostics.filter { $0.rule == .yamlSyntax || $0.rule == .yamlLimits }.map(\.file))
    }

    /// Whether a comment on `line`, or alone on the line above, suppresses `rule` there: for
    /// deciding while a document is read, before any finding is marked.
    static func suppresses(_ rule: RuleID, atLine line: Int, in file: SourceFile, outside scalarRanges: [SourceRange]) -> Bool {
        for candidate in [line, line - 1] where candidate >= 1 && candidate <= file.lineCount {
            let text = file.lineText(candidate)
            guard text.contains("credc:ignore"), let entry = parse(text, line: candidate, outside: scalarRanges),
                entry.target == line
            else { continue }
            if entry.names.contains(where: { $0.rule == rule.rawValue }) { return true }
        }
        return false
    }

    /// A cheap test before any line is read.
    static func mayHoldSuppressions(_ file: SourceFile) -> Bool {
        file.contains(bytes: "credc:ignore")
    }

    /// A comment starts at `#` at the line start or after whitespace (YAML's rule).
    private static func parse(_ line: String, line number: Int, outside scalarRanges: [SourceRange]) -> Entry? {
        let scalars = Array(line.unicodeScalars)
        for index in scalars.indices where scalars[index] == "#" {
            guard index == 0 || scalars[index - 1] == " " || scalars[index - 1] == "\t" else { continue }
            let position = SourcePosition(line: number, column: index + 1)
            guard !scalarRanges.contains(where: { $0.start <= position && position < $0.end }) else { continue }
            var cursor = index + 1
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\t" { cursor += 1 }
            let directive = Array("credc:ignore".unicodeScalars)
            guard scalars[cursor...].starts(with: directive) else { continue }
            cursor += directive.count
            guard cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\t" else { return nil }
            var justification: String?
            var end = scalars.count
            if let separator = firstIndex(of: " -- ", in: scalars, from: cursor) {
                justification = String(String.UnicodeScalarView(scalars[(separator + 4)...])).trimmingSpaces()
                end = separator
            }
            var names: [Name] = []
            var start: Int?
            for offset in cursor...end {
                let isSeparator = offset == end || [",", " ", "\t"].contains(scalars[offset])
                if isSeparator, let first = start {
                    names.append(
                        Name(
                            rule: String(String.UnicodeScalarView(scalars[first..<offset])),
                            range: SourceRange(
                                start: SourcePosition(line: number, column: first + 1),
                                end: SourcePosition(line: number, column: offset + 1))))
                    start = nil
                } else if !isSeparator, start == nil {
                    start = offset
                }
            }
            guard !names.isEmpty else { return nil }
            let standsAlone = scalars[..<index].allSatisfy { $0 == " " || $0 == "\t" }
            var commentStart = index
            while commentStart > 0, scalars[commentStart - 1] == " " || scalars[commentStart - 1] == "\t" { commentStart -= 1 }
            let removal =
                standsAlone
                ? SourceRange(start: SourcePosition(line: number, column: 1), end: SourcePosition(line: number + 1, column: 1))
                : SourceRange(
                    start: SourcePosition(line: number, column: commentStart + 1),
                    end: SourcePosition(line: number, column: scalars.count + 1))
            return Entry(
                names: names, justification: justification, target: standsAlone ? number + 1 : number, removal: removal)
        }
        return nil
    }

    private static func firstIndex(of needle: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let needle = Array(needle.unicodeScalars)
        guard scalars.count >= needle.count, start <= scalars.count - needle.count else { return nil }
        return (start...(scalars.count - needle.count)).first { scalars[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }
        var text = String(String.UnicodeScalarView(scalars))
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
