import Diagnostics

/// Keeps secret values out of every output: messages and the source lines reporters show.
struct Redaction {
    private let secrets: [String]
    /// Ranges of secret-in-config findings, by file.
    private let ranges: [String: [SourceRange]]

    init(secrets: [String], diagnostics: [Diagnostic]) {
        self.secrets = Array(Set(secrets)).sorted { $0.count > $1.count }
        var ranges: [String: [SourceRange]] = [:]
        for diagnostic in diagnostics where diagnostic.rule == .secretInConfig {
            ranges[diagnostic.file, default: []].append(diagnostic.range)
        }
        self.ranges = ranges
    }

    func redact(_ diagnostic: Diagnostic) -> Diagnostic {
        guard !secrets.isEmpty else { return diagnostic }
        var result = diagnostic
        result.message = redact(result.message)
        result.suggestion = result.suggestion.map(redact)
        result.notes = result.notes.map { note in
            var note = note
            note.message = redact(note.message)
            return note
        }
        return result
    }

    private func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.split(separator: secret, omittingEmptySubsequences: false).joined(separator: "****")
        }
        return result
    }

    /// The file with every character of a secret's range replaced by `*`, so that columns and
    /// carets stay where they were.
    func mask(_ file: SourceFile) -> SourceFile {
        guard let fileRanges = ranges[file.path], !fileRanges.isEmpty else { return file }
        var bytes = file.bytes
        // Last range first, so that earlier byte offsets stay valid.
        let offsets = fileRanges.map { (file.byteOffset(of: $0.start), file.byteOffset(of: $0.end)) }
        for (start, end) in offsets.sorted(by: { $0.0 > $1.0 }) where start < end && end <= bytes.count {
            var masked: [UInt8] = []
            for byte in bytes[start..<end] {
                if byte == 0x0A || byte == 0x0D {
                    masked.append(byte)
                } else if byte & 0xC0 != 0x80 {
                    masked.append(UInt8(ascii: "*"))
                }
            }
            bytes.replaceSubrange(start..<end, with: masked)
        }
        return SourceFile(path: file.path, bytes: bytes)
    }
}
