import Diagnostics

/// `# credc:ignore RULE[,RULE...] [-- reason]` at the end of a line, or alone on the line above.
struct InlineSuppressions {
    private struct Entry {
        var rules: Set<String>
        var justification: String?
    }

    /// By file, then by the 1-based line the comment covers.
    private var entries: [String: [Int: [Entry]]] = [:]

    /// `scalarRanges` are, by file, the scalars whose text holds `credc:ignore`: a `#` inside
    /// a quoted or block scalar is text, not a comment.
    init(files: [SourceFile], scalarRanges: [String: [SourceRange]] = [:]) {
        for file in files where Self.mayHoldSuppressions(file) {
            let scalars = scalarRanges[file.path] ?? []
            for line in 1...file.lineCount {
                let text = file.lineText(line)
                guard text.contains("credc:ignore"), let parsed = Self.parse(text, line: line, outside: scalars)
                else { continue }
                let target = parsed.standsAlone ? line + 1 : line
                entries[file.path, default: [:]][target, default: []].append(parsed.entry)
            }
        }
    }

    func mark(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let lines = entries[diagnostic.file], let found = lines[diagnostic.range.start.line] else {
            return diagnostic
        }
        guard let entry = found.first(where: { $0.rules.contains(diagnostic.rule.rawValue) }) else {
            return diagnostic
        }
        var result = diagnostic
        result.suppression = Suppression(justification: entry.justification)
        return result
    }

    /// A cheap test before any line is read.
    static func mayHoldSuppressions(_ file: SourceFile) -> Bool {
        file.bytes.contains(UInt8(ascii: "#")) && file.bytes.firstRange(of: Array("credc:ignore".utf8)) != nil
    }

    /// A comment starts at `#` at the line start or after whitespace (YAML's rule).
    private static func parse(
        _ line: String, line number: Int, outside scalarRanges: [SourceRange]
    ) -> (entry: Entry, standsAlone: Bool)? {
        let scalars = Array(line.unicodeScalars)
        for index in scalars.indices where scalars[index] == "#" {
            guard index == 0 || scalars[index - 1] == " " || scalars[index - 1] == "\t" else { continue }
            let position = SourcePosition(line: number, column: index + 1)
            guard !scalarRanges.contains(where: { $0.start <= position && position < $0.end }) else { continue }
            let comment = String(String.UnicodeScalarView(scalars[(index + 1)...]))
            let trimmed = comment.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("credc:ignore") else { continue }
            var rest = trimmed.dropFirst("credc:ignore".count)
            guard rest.first == " " || rest.first == "\t" else { return nil }
            var justification: String?
            if let separator = rest.firstRange(of: " -- ") {
                justification = String(rest[separator.upperBound...]).trimmingSpaces()
                rest = rest[..<separator.lowerBound]
            }
            let rules = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
            guard !rules.isEmpty else { return nil }
            let standsAlone = scalars[..<index].allSatisfy { $0 == " " || $0 == "\t" }
            return (Entry(rules: Set(rules), justification: justification), standsAlone)
        }
        return nil
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
