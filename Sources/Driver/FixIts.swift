import Checker
import Diagnostics

/// Fix-its (SPEC §13): a rule whose suggestion replaces its finding's range
/// (``RuleDescriptor/suggestionFix``) gets that replacement as a fix-it, written as YAML text
/// that keeps the scalar's quoting; and applying fix-its to a file's text.
public enum FixIts {
    /// `diagnostic` with its suggestion as a fix-it, when its rule says the suggestion is one and
    /// the source text at its range can take it. Text holding a `${…}` is left alone: the value
    /// came from an environment, and replacing the placeholder would drop the variable.
    static func attach(_ diagnostic: Diagnostic, in file: SourceFile?) -> Diagnostic {
        guard diagnostic.fixes.isEmpty, let suggestion = diagnostic.suggestion, let file,
            let safety = Rules.descriptor(diagnostic.rule).suggestionFix
        else { return diagnostic }
        let original = file.text(of: diagnostic.range)
        let replacement: String
        if diagnostic.rule == .unknownVariable, original.hasPrefix("${"), original.hasSuffix("}") {
            replacement = "${\(suggestion)}"
        } else if diagnostic.rule == .typeMismatch {
            // Its suggestion is the quoted scalar's text, which unquoted has the field's type.
            replacement = suggestion
        } else {
            guard !original.isEmpty, !original.contains("${"), !original.contains("\n"),
                let written = yamlText(suggestion, replacing: original)
            else { return diagnostic }
            replacement = written
        }
        var fixed = diagnostic
        fixed.fixes = [
            FixIt(
                message: "replace with '\(suggestion)'", edits: [TextEdit(range: diagnostic.range, text: replacement)],
                isSafe: safety == .safe)
        ]
        return fixed
    }

    /// `suggestion` as the source text in place of `original`: in the same quotes when
    /// `original` is a quoted scalar, bare when YAML reads it back as the same plain string.
    private static func yamlText(_ suggestion: String, replacing original: String) -> String? {
        if original.count >= 2, original.first == "'", original.last == "'" {
            return "'" + suggestion.replacing("'", with: "''") + "'"
        }
        if original.count >= 2, original.first == "\"", original.last == "\"" {
            guard !suggestion.contains(where: { $0 == "\"" || $0 == "\\" }) else { return nil }
            return "\"" + suggestion + "\""
        }
        let plain = suggestion.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.$/!{}".unicodeScalars.contains(scalar)
        }
        return plain && !suggestion.isEmpty ? suggestion : nil
    }

    /// `bytes` with `edits` applied, or nil when two of them overlap (the caller applies one,
    /// checks again, and applies the next).
    public static func apply(_ edits: [TextEdit], to file: SourceFile) -> [UInt8]? {
        let spans = edits.map { edit in
            (start: file.byteOffset(of: edit.range.start), end: file.byteOffset(of: edit.range.end), text: edit.text)
        }.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        for (earlier, later) in zip(spans, spans.dropFirst()) where later.start < earlier.end { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(file.bytes.count)
        var cursor = 0
        for span in spans {
            result += file.bytes[cursor..<span.start]
            result += Array(span.text.utf8)
            cursor = max(cursor, span.end)
        }
        result += file.bytes[cursor...]
        return result
    }
}
