import Diagnostics
import Model
import YAML

/// Finds secrets anywhere in a document: keys that name one, and values shaped like one.
/// Findings carry the secret's range so that every output can redact it.
enum SecretScanner {
    /// One step of the path from the document root; joined into text only for a finding.
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    static func scan(
        _ node: Node, file: String, path: inout [PathComponent], into diagnostics: inout [Diagnostic],
        secrets: inout [String]
    ) {
        switch node.content {
        case .scalar(let scalar):
            if let kind = secretShape(scalar.text) {
                secrets.append(scalar.text)
                diagnostics.append(
                    Diagnostic(
                        rule: .secretInConfig, severity: .error,
                        message: "this value looks like \(kind); secrets must not be kept in config or git",
                        file: file, range: node.range, path: text(of: path),
                        notes: [Note(removeAdvice)]))
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                scan(item, file: file, path: &path, into: &diagnostics, secrets: &secrets)
                path.removeLast()
            }
        case .mapping(let entries):
            for entry in entries where !entry.isMerged {
                let key = entry.key.scalar?.text ?? "?"
                path.append(.key(key))
                defer { path.removeLast() }
                if SecretKeys.isSecret(key) || isCredentialHeader(key, under: path) {
                    collectScalars(entry.value, into: &secrets)
                    diagnostics.append(
                        Diagnostic(
                            rule: .secretInConfig, severity: .error,
                            message: "'\(key)' holds a secret; secrets must not be kept in config or git",
                            file: file, range: entry.value.scalar?.text.isEmpty == false ? entry.value.range : entry.key.range,
                            path: text(of: path), notes: [Note(removeAdvice)]))
                    continue
                }
                scan(entry.value, file: file, path: &path, into: &diagnostics, secrets: &secrets)
            }
        }
    }

    /// Headers of a provider's token or refresh request that carry credentials themselves
    /// (SPEC §1: `secret-in-config` covers header names such as `Authorization`). `path` ends
    /// with the header's own key.
    private static func isCredentialHeader(_ key: String, under path: [PathComponent]) -> Bool {
        guard path.count >= 3, case .key("headers") = path[path.count - 2],
            case .key(let request) = path[path.count - 3], request == "tokenRequest" || request == "refreshRequest"
        else { return false }
        return SecretKeys.credentialHeaders.contains(key.lowercased())
    }

    /// `a.b[0].c`, as the diagnostics' `path` spells it.
    private static func text(of path: [PathComponent]) -> String {
        var result = ""
        for component in path {
            switch component {
            case .key(let key): result += result.isEmpty ? key : "." + key
            case .index(let index): result += "[\(index)]"
            }
        }
        return result
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
        if contains(text, "-----BEGIN"), contains(text, "PRIVATE KEY") { return "a private key" }
        if looksLikeJWT(text) { return "a JSON Web Token" }
        return nil
    }

    /// Three base64url segments, the first two JSON objects (`eyJ` is base64 of `{"`), anywhere
    /// in the text: a token pasted into a URL query is still a token.
    private static func looksLikeJWT(_ text: String) -> Bool {
        guard contains(text, "eyJ") else { return false }
        let bytes = Array(text.utf8)
        var start = 0
        while let found = bytes[start...].firstRange(of: Array("eyJ".utf8))?.lowerBound {
            var index = found
            let header = base64URLRun(bytes, &index)
            if header >= 10, index < bytes.count, bytes[index] == UInt8(ascii: "."),
                bytes[(index + 1)...].starts(with: Array("eyJ".utf8))
            {
                index += 1
                if base64URLRun(bytes, &index) >= 10, index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    return true
                }
            }
            start = found + 1
        }
        return false
    }

    private static func base64URLRun(_ bytes: [UInt8], _ index: inout Int) -> Int {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isBase64URL =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            guard isBase64URL else { break }
            index += 1
        }
        return index - start
    }

    /// A byte search: every scalar of every document passes through here, and
    /// `String.contains(_:)` goes through the generic substring searcher.
    private static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let count = needle.utf8CodeUnitCount
            guard count > 0 else { return true }
            guard bytes.count >= count else { return false }
            let needle = UnsafeBufferPointer(start: needle.utf8Start, count: count)
            for start in 0...(bytes.count - count) where bytes[start] == needle[0] {
                if bytes[start..<(start + count)].elementsEqual(needle) { return true }
            }
            return false
        }
    }
}
