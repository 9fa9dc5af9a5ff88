import FoundationEssentials
import Model
import Checker
import Diagnostics

/// Keeps secret values out of every output: messages and the source lines reporters show.
struct Redaction {
    private let secrets: [String]
    /// Ranges of secret-in-config findings, by file.
    private let ranges: [String: [SourceRange]]
    /// Files whose YAML did not parse to the end: no node says which text is a secret there, so
    /// lines that look like one are masked from their key's colon on.
    private let brokenFiles: Set<String>

    /// `findings` are the run's findings before settings: a secret is masked even where
    /// `secret-in-config` is turned off.
    init(secrets: [String], findings: [Finding]) {
        self.secrets = Array(Set(secrets)).sorted { $0.count > $1.count }
        var ranges: [String: [SourceRange]] = [:]
        for finding in findings where finding.rule == .secretInConfig || finding.rangeMayHoldSecret {
            ranges[finding.file, default: []].append(finding.range)
            // A secret that came through a variable is noted at the variable's definition,
            // whose line the text reporter shows: that value is the secret too.
            for note in finding.notes {
                if let file = note.file, let range = note.range { ranges[file, default: []].append(range) }
            }
        }
        self.ranges = ranges
        brokenFiles = Set(findings.filter { $0.rule == .yamlSyntax || $0.rule == .yamlLimits }.map(\.file))
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
            if secret.count >= 8 {
                result = result.split(separator: secret, omittingEmptySubsequences: false).joined(separator: "****")
            } else {
                result = Self.replacingWholeWords(secret, in: result)
            }
        }
        return result
    }

    /// A short secret (`x`, `abc`) is also a piece of ordinary words: it is masked only where no
    /// letter or digit continues it, as a value stands in a message (`'x'`, `:x@`).
    private static func replacingWholeWords(_ secret: String, in text: String) -> String {
        func isWordCharacter(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber } ?? false }
        var result = ""
        var rest = Substring(text)
        while let found = rest.firstRange(of: secret) {
            let before = found.lowerBound > rest.startIndex ? rest[rest.index(before: found.lowerBound)] : result.last
            let after = found.upperBound < rest.endIndex ? rest[found.upperBound] : nil
            let joined = (isWordCharacter(secret.first) && isWordCharacter(before))
                || (isWordCharacter(secret.last) && isWordCharacter(after))
            result += rest[..<found.lowerBound] + (joined ? secret : "****")
            rest = rest[found.upperBound...]
        }
        return result + rest
    }

    /// The file with every character of a secret's range replaced by `*`, so that columns and
    /// carets stay where they were.
    func mask(_ file: SourceFile) -> SourceFile {
        var spans = (ranges[file.path] ?? []).map { (file.byteOffset(of: $0.start), file.byteOffset(of: $0.end)) }
        if brokenFiles.contains(file.path) { spans += secretLookingLines(file) }
        guard !spans.isEmpty else { return file }
        var bytes = file.bytes
        // Last span first, so that earlier byte offsets stay valid.
        for (start, end) in spans.sorted(by: { $0.0 > $1.0 }) where start < end && end <= bytes.count {
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

    /// Byte spans after `key:` on lines whose key names a secret or whose value looks like one,
    /// and of credentials inside URLs.
    private func secretLookingLines(_ file: SourceFile) -> [(Int, Int)] {
        var spans: [(Int, Int)] = []
        for line in 1...file.lineCount {
            let text = file.lineBytes(line)
            let lineText = String(decoding: text, as: UTF8.self)
            let secretsInURLs = Checker.urlSecrets(in: lineText)
            if !secretsInURLs.isEmpty {
                // Scalar offsets to byte offsets; the text was decoded from these bytes.
                var byteOffsets = [text.startIndex]
                for scalar in lineText.unicodeScalars { byteOffsets.append(byteOffsets.last! + UTF8.width(scalar)) }
                for range in secretsInURLs where range.upperBound < byteOffsets.count {
                    spans.append((byteOffsets[range.lowerBound], byteOffsets[range.upperBound]))
                }
            }
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { continue }
            var key = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
            key = key.trimmingSpaces()
            if key.hasPrefix("- ") { key = String(key.dropFirst(2)).trimmingSpaces() }
            key = key.trimmingCharacters(in: ["\"", "'"])
            let value = String(decoding: text[(colon + 1)...], as: UTF8.self)
            if SecretKeys.isSecret(key) || Checker.secretShape(value) != nil {
                var start = colon + 1
                while start < text.endIndex, text[start] == UInt8(ascii: " ") { start += 1 }
                if start < text.endIndex { spans.append((start, text.endIndex)) }
            }
        }
        return spans
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
