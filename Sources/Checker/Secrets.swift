import Diagnostics
import Model
import YAML

/// Finds secrets anywhere in a document: keys that name one, and values shaped like one.
/// Findings carry the secret's range so that every output can redact it.
enum SecretScanner {
    static func scan(
        _ node: Node, file: String, path: String, into diagnostics: inout [Diagnostic], secrets: inout [String]
    ) {
        switch node.content {
        case .scalar(let scalar):
            if let kind = secretShape(scalar.text) {
                secrets.append(scalar.text)
                diagnostics.append(
                    Diagnostic(
                        rule: .secretInConfig, severity: .error,
                        message: "this value looks like \(kind); secrets must not be kept in config or git",
                        file: file, range: node.range, path: path,
                        notes: [Note(removeAdvice)]))
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                scan(item, file: file, path: "\(path)[\(index)]", into: &diagnostics, secrets: &secrets)
            }
        case .mapping(let entries):
            for entry in entries where !entry.isMerged {
                let key = entry.key.scalar?.text ?? "?"
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if SecretKeys.isSecret(key) {
                    collectScalars(entry.value, into: &secrets)
                    diagnostics.append(
                        Diagnostic(
                            rule: .secretInConfig, severity: .error,
                            message: "'\(key)' holds a secret; secrets must not be kept in config or git",
                            file: file, range: entry.value.scalar?.text.isEmpty == false ? entry.value.range : entry.key.range,
                            path: childPath, notes: [Note(removeAdvice)]))
                    continue
                }
                scan(entry.value, file: file, path: childPath, into: &diagnostics, secrets: &secrets)
            }
        }
    }

    private static func collectScalars(_ node: Node, into secrets: inout [String]) {
        switch node.content {
        case .scalar(let scalar): if !scalar.text.isEmpty { secrets.append(scalar.text) }
        case .sequence(let items): for item in items { collectScalars(item, into: &secrets) }
        case .mapping(let entries): for entry in entries { collectScalars(entry.value, into: &secrets) }
        }
    }

    static let removeAdvice =
        "remove it and enter it in Salesforce Setup; if it was ever committed, rotate it"

    /// A description of the secret a value looks like, or nil.
    static func secretShape(_ text: String) -> String? {
        if text.contains("-----BEGIN"), text.contains("PRIVATE KEY") { return "a private key" }
        if looksLikeJWT(text) { return "a JSON Web Token" }
        return nil
    }

    /// Three base64url segments, the first two JSON objects (`eyJ` is base64 of `{"`).
    private static func looksLikeJWT(_ text: String) -> Bool {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" || $0 == "'" }) {
            let segments = word.split(separator: ".", omittingEmptySubsequences: false)
            guard segments.count == 3, segments[0].hasPrefix("eyJ"), segments[1].hasPrefix("eyJ") else { continue }
            let isBase64URL = segments.allSatisfy { segment in
                segment.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                        || $0 == "-" || $0 == "_" || $0 == "="
                }
            }
            if isBase64URL, segments[0].count >= 10, segments[1].count >= 10 { return true }
        }
        return false
    }
}
