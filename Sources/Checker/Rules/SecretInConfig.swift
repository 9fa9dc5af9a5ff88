import Diagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model
import Schema
import YAML

/// `secret-in-config`: found on every document, known or not, by ``Checker/scanSecrets(_:in:)``,
/// before the model is built from it.
struct SecretInConfig: Rule {
    let descriptor = RuleDescriptor(
        .secretInConfig, .error, "a secret in the config",
        "Client secrets, passwords, tokens, API keys and private keys belong in Salesforce, never in git: anyone with read access to the repository has them, forever. credc reports keys that name a secret, values that look like a private key or a JWT, credentials inside URLs (`https://user:password@host`, query parameters such as `client_secret`, `password`, `token`, `api_key`), and literal header values (`authHeaders`, a named credential's `headers`) that look like a credential: a known token format (an AWS access key ID, `sk-…`, `ghp_…`), `Bearer`/`Basic` followed by a token, or a long random string. A placeholder such as `xxx` is not one; a formula `{!$Credential.NAME.PARAM}` is how a header carries a principal's secret, entered with `credc secrets`. It never prints the secret: messages and source lines show `****` in its place, even when the finding is suppressed or turned off, and so do the manifest, plans and exported metadata, unless the finding on a value is suppressed inline (`# credc:ignore secret-in-config -- reason`): the team vouches that it is no secret, so outputs carry the value as written (`--no-inline-suppressions` makes it an error again). A key that names a secret where the kind has no such field is also `unknown-field`. Remove it, enter it in Setup, and rotate it if it was ever committed.",
        failing: Example.provider + "password: 1️⃣hunter2\n",
        passing: Example.provider)
}

/// What scanning one document for secrets found.
public struct SecretScan: Sendable {
    public var findings: [Finding] = []
    /// The secret texts, which every output must redact.
    public var secrets: [String] = []
    /// The document with every secret replaced by `****`: the model is built from it, so that
    /// no manifest or metadata file carries a secret, whatever the settings say.
    public var document: Document
}

/// Finds secrets anywhere in a document: keys that name one, values shaped like one, and
/// credentials inside URLs. Findings carry the secret's range so that every output can redact it.
struct SecretScanner {
    /// One step of the path from the document root; joined into text only for a finding.
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    static let mask = "****"
    /// The fields whose headers may carry credentials (``FieldFlags/secretBearing``), by name.
    static let secretBearingFields = Set(
        ResourceKind.allCases.flatMap(\.fields).filter { $0.flags.contains(.secretBearing) }.map(\.name))

    let file: SourceFile
    /// Whether a finding is suppressed inline: the team vouches that the value is no secret, so
    /// the model (and every output built from it) keeps it as written. Messages and source
    /// lines still mask it: its text stays in ``secrets`` (SPEC §4, 1.2).
    let isVouchedFor: (Finding) -> Bool
    private(set) var findings: [Finding] = []
    private(set) var secrets: [String] = []
    private var path: [PathComponent] = []

    init(file: SourceFile, isVouchedFor: @escaping (Finding) -> Bool = { _ in false }) {
        self.file = file
        self.isVouchedFor = isVouchedFor
    }

    /// Scans `node`; returns it with its secrets masked, or nil when it holds none. Merged
    /// entries (`<<`) are copies of nodes reported where they are written: masked, not reported.
    mutating func scan(_ node: Node, reporting: Bool = true) -> Node? {
        // By the node's kind, not its `content`: that would make each scalar's value too.
        if let text = node.scalarText {
            return scan(text: text, style: node.scalarStyle ?? .plain, isString: node.isStringScalar, of: node, reporting: reporting)
        }
        // `items` and `entries` rather than `content`: binding an enum's payload copied it, a
        // fifth of the scan's time.
        if let items = node.items {
            var masked: [Node]?
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                defer { path.removeLast() }
                if let replacement = scan(item, reporting: reporting) {
                    if masked == nil { masked = Array(items) }
                    masked?[index] = replacement
                }
            }
            return masked.map { Node.sequence($0, range: node.range) }
        }
        if let entries = node.entries {
            var masked: [MappingEntry]?
            let holdsSecretSources = Self.isSecretSources(path)
            for index in entries.indices {
                let key = entries.key(at: index).scalarText ?? "?"
                let value = entries.value(at: index)
                let isMerged = entries.isMerged(at: index)
                path.append(.key(key))
                defer { path.removeLast() }
                let replacement: Node?
                if holdsSecretSources {
                    // Keys name secrets and values name variables (SPEC §12): neither is one.
                    // A value that is no variable name may be the secret itself: masked here,
                    // reported by the model builder without its text.
                    replacement =
                        maskedUnlessVariableName(value)
                        ?? scan(value, reporting: reporting && !isMerged)
                } else if SecretKeys.isSecret(key) || Self.isCredentialHeader(key, at: path) {
                    var values: [String] = []
                    Self.collectScalars(value, into: &values)
                    secrets += values
                    let hasValue = value.scalarText?.isEmpty == false
                    let finding = Finding(
                        rule: .secretInConfig,
                        message: "'\(key)' holds a secret; secrets must not be kept in config or git",
                        file: file.path, range: hasValue ? value.range : entries.key(at: index).range,
                        path: pathText, notes: [Note(Self.removeAdvice)])
                    if reporting && !isMerged { findings.append(finding) }
                    replacement = values.isEmpty || isVouchedFor(finding) ? nil : Self.maskedWhole(value)
                } else {
                    replacement = scan(value, reporting: reporting && !isMerged)
                }
                if let replacement {
                    if masked == nil { masked = Array(entries) }
                    masked?[index].value = replacement
                }
            }
            return masked.map { Node.mapping($0, range: node.range) }
        }
        return nil
    }

    // The tests of `path` (here and below) are static: called from the mutating scan, a
    // method or a computed property of the scanner copied it, retaining each of its references.

    /// Whether the mapping at `path` is a `secrets:` of a resource or of a principal.
    private static func isSecretSources(_ path: [PathComponent]) -> Bool {
        guard case .key("secrets")? = path.last else { return false }
        if path.count == 1 { return true }
        guard path.count == 3, case .key("principals") = path[0], case .index = path[1] else { return false }
        return true
    }

    /// The value masked when it is a scalar other than an environment variable's name (or a
    /// `${…}` that an environment fills in); nil when it may stay.
    private mutating func maskedUnlessVariableName(_ value: Node) -> Node? {
        guard let scalar = value.scalar, !scalar.text.isEmpty else { return nil }
        if case .string(let text) = scalar.value, SecretInputs.isEnvironmentVariableName(text) || Self.contains(text, "${") {
            return nil
        }
        secrets.append(scalar.text)
        return Self.maskedWhole(value)
    }

    /// Whether the scalar at `path` is the value of a header row (`authHeaders[0].value`, a named
    /// credential's `headers[0].value`): header values are sent as written, so a literal that
    /// looks like a credential is one (SPEC §10).
    private static func isHeaderValue(_ path: [PathComponent]) -> Bool {
        // The set lookup hashes: it comes after the tests that rule out most scalars.
        guard path.count == 3, case .key("value") = path[2], case .index = path[1], case .key(let field) = path[0],
            Self.secretBearingFields.contains(field)
        else { return false }
        return true
    }

    /// Headers of a provider's token or refresh request that carry credentials themselves
    /// (SPEC §1: `secret-in-config` covers header names such as `Authorization`). `path`
    /// ends with the header's own key.
    private static func isCredentialHeader(_ key: String, at path: [PathComponent]) -> Bool {
        guard path.count >= 3, case .key("headers") = path[path.count - 2],
            case .key(let request) = path[path.count - 3], Self.secretBearingFields.contains(request)
        else { return false }
        return SecretKeys.credentialHeaders.contains(key.lowercased())
    }

    private mutating func scan(text: String, style: ScalarStyle, isString: Bool, of node: Node, reporting: Bool) -> Node? {
        if let kind = Self.secretShape(text)
            ?? (Self.isHeaderValue(path) ? HeaderSecrets.shape(text) : HeaderSecrets.knownToken(text))
        {
            secrets.append(text)
            let finding = Finding(
                rule: .secretInConfig,
                message: "this value looks like \(kind); secrets must not be kept in config or git",
                file: file.path, range: node.range, path: pathText,
                notes: [Note(Self.isHeaderValue(path) ? Self.headerAdvice : Self.removeAdvice)])
            if reporting { findings.append(finding) }
            return isVouchedFor(finding) ? nil : Self.maskedWhole(node)
        }
        guard isString, Self.contains(text, "://") else { return nil }
        let parts = URLSecrets.parts(of: text)
        guard !parts.isEmpty else { return nil }
        let scalars = Array(text.unicodeScalars)
        var maskedText = String.UnicodeScalarView()
        var next = 0
        for part in parts {
            let secret = String(scalars: scalars[part.offset..<(part.offset + part.length)])
            secrets.append(secret)
            maskedText.append(contentsOf: scalars[next..<part.offset])
            maskedText.append(contentsOf: Self.mask.unicodeScalars)
            next = part.offset + part.length
        }
        maskedText.append(contentsOf: scalars[next...])
        let masked = String(maskedText)
        let field = path.last.flatMap { if case .key(let key) = $0 { key } else { nil } }
        let subject = field.map { "the URL in '\($0)'" } ?? "this URL"
        // A value that is one URL is shown, masked; a URL inside longer text is not quoted whole.
        let shown = masked.contains(where: \.isWhitespace) ? "" : " (\(masked))"
        let found = parts.map { part in
            Finding(
                rule: .secretInConfig,
                message: "\(subject) carries \(part.what)\(shown); credentials in URLs are secrets and must not be kept in config or git",
                file: file.path,
                range: file.range(ofScalarOffset: part.offset, length: part.length, in: node.range, style: style),
                path: pathText, notes: [Note(Self.removeAdvice)])
        }
        if reporting { findings += found }
        if found.allSatisfy(isVouchedFor) { return nil }
        return Node.scalar(Scalar(text: masked, style: style, value: .string(masked)), range: node.range)
    }

    /// `a.b[0].c`, as the diagnostics' `path` spells it.
    private var pathText: String {
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

    /// The node with every scalar value under it replaced by the mask.
    private static func maskedWhole(_ node: Node) -> Node {
        switch node.content {
        case .scalar(let scalar):
            guard !scalar.text.isEmpty else { return node }
            return Node.scalar(Scalar(text: mask, style: scalar.style, value: .string(mask)), range: node.range)
        case .sequence(let items):
            return Node.sequence(items.map(maskedWhole), range: node.range)
        case .mapping(let entries):
            let masked = entries.map { MappingEntry(key: $0.key, value: maskedWhole($0.value), isMerged: $0.isMerged) }
            return Node.mapping(masked, range: node.range)
        }
    }

    static let headerAdvice =
        "make it a principal's parameter: write {!$Credential.CREDENTIAL.PARAM} here, name its environment "
        + "variable under the principal's secrets: and enter it with credc secrets; if it was ever committed, rotate it"

    static let removeAdvice =
        "remove it and enter it in Salesforce Setup; if it was ever committed, rotate it"

    /// A description of the secret a value looks like, or nil.
    static func secretShape(_ text: String) -> String? {
        // Most scalars are shorter than either shape can be: their length rules both out.
        let length = text.utf8.count
        if length >= minimumPrivateKeyLength, contains(text, "-----BEGIN"), contains(text, "PRIVATE KEY") { return "a private key" }
        if length >= minimumJWTLength, looksLikeJWT(text) { return "a JSON Web Token" }
        return nil
    }

    /// `-----BEGIN` and `PRIVATE KEY` side by side (they cannot overlap).
    private static let minimumPrivateKeyLength = 21
    /// `eyJ` and 7 more base64url characters, a dot, then the same again and a dot
    /// (``looksLikeJWT(_:)``).
    private static let minimumJWTLength = 22

    /// Three base64url segments, the first two JSON objects (`eyJ` is base64 of `{"`), anywhere
    /// in the text: a token pasted into a URL query is still a token.
    private static func looksLikeJWT(_ text: String) -> Bool {
        guard contains(text, "eyJ") else { return false }
        let bytes = Array(text.utf8)
        var start = 0
        let marker = Array("eyJ".utf8)
        while let found = bytes.withUnsafeBufferPointer({ firstOffset(of: marker, in: $0, from: start) }) {
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

    /// A byte search (``firstOffset(of:in:from:)``, memchr and memcmp): every scalar of every
    /// document passes through here several times, and `String.contains(_:)` goes through the
    /// generic substring searcher.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        var text = text
        let bytes = UnsafeBufferPointer(start: needle.utf8Start, count: count)
        return text.withUTF8 { firstOffset(of: bytes, in: $0, from: 0) != nil }
    }
}

/// What a literal header value looks like when it is a credential (SPEC §10, 1.2): a known
/// token format, `Bearer`/`Basic`/`Token` followed by a token, or a long high-entropy string;
/// also AWS access keys. A formula (`{!$Credential.X.Key}`), a variable and a placeholder
/// (`xxx`, `changeme`, `<your key>`) are not.
///
/// Judged on UTF-8 bytes: every header value of every document passes through here. Token
/// formats, schemes and placeholder words are ASCII, so letters, digits and case are ASCII's;
/// a byte of a non-ASCII character is none of them, and such a token is never a credential by
/// shape (no token alphabet holds it).
enum HeaderSecrets {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func shape(_ text: String) -> String? {
        var text = text
        return text.withUTF8(shape(bytes:))
    }

    private static func shape(bytes text: Bytes) -> String? {
        var start = 0
        var end = text.count
        while start < end, text[start] == space { start += 1 }
        while end > start, text[end - 1] == space { end -= 1 }
        let value = Bytes(rebasing: text[start..<end])
        if firstOffset(of: formulaOpen, in: value, from: 0) != nil || firstOffset(of: variableOpen, in: value, from: 0) != nil {
            return nil
        }
        var token = value[...]
        var scheme: String?
        for (prefix, name) in schemes where hasPrefix(value[...], prefix, ignoringCase: true) {
            scheme = name
            token = value[(value.startIndex + prefix.count)...].drop { $0 == space }
        }
        guard !isPlaceholder(token) else { return nil }
        if let known = knownFormat(token) { return known }
        // `Basic` carries base64 of user:password, short or not.
        if scheme == "Basic", token.count >= 8, token.allSatisfy({ isAlphanumeric($0) || "+/=".utf8.contains($0) }) {
            return "HTTP Basic credentials"
        }
        if isHighEntropy(token) { return scheme.map { "a \($0) token" } ?? "a credential (a long random string)" }
        return nil
    }

    private static let space = UInt8(ascii: " ")
    private static let formulaOpen = Array("{!".utf8)
    private static let variableOpen = Array("${".utf8)
    private static let schemes: [(prefix: [UInt8], name: String)] = [
        (Array("bearer ".utf8), "Bearer"), (Array("basic ".utf8), "Basic"), (Array("token ".utf8), "Token"),
    ]

    /// Prefixes that only tokens have, with their minimum length after the prefix.
    private static let knownPrefixes: [(prefix: [UInt8], minimum: Int, what: String)] = [
        ("AKIA", 16, "an AWS access key ID"), ("ASIA", 16, "an AWS access key ID"),
        ("sk-", 20, "an API secret key"), ("sk_live_", 16, "a Stripe secret key"), ("rk_live_", 16, "a Stripe key"),
        ("ghp_", 30, "a GitHub token"), ("github_pat_", 30, "a GitHub token"), ("xoxb-", 20, "a Slack token"),
        ("xoxp-", 20, "a Slack token"), ("AIza", 30, "a Google API key"), ("glpat-", 20, "a GitLab token"),
    ].map { (Array($0.0.utf8), $0.1, $0.2) }

    /// By byte, whether one of `knownPrefixes` starts with it: most values are rejected on
    /// their first byte.
    private static let startsAKnownPrefix: [Bool] = knownPrefixes.reduce(into: Array(repeating: false, count: 256)) {
        $0[Int($1.prefix[0])] = true
    }

    /// A whole value in a format only tokens have (`AKIA…`, `ghp_…`), wherever it stands: under
    /// a misspelt key it is still a secret.
    static func knownToken(_ text: String) -> String? {
        guard let first = text.utf8.first, startsAKnownPrefix[Int(first)] else { return nil }
        var text = text
        return text.withUTF8 { knownFormat($0[...]) }
    }

    private static func knownFormat(_ token: Slice<Bytes>) -> String? {
        for known in knownPrefixes where hasPrefix(token, known.prefix, ignoringCase: false) {
            let rest = token.dropFirst(known.prefix.count)
            if rest.count >= known.minimum, rest.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) {
                return known.what
            }
        }
        return nil
    }

    /// Words that stand for a value, lowercase.
    private static let placeholderWords = ["changeme", "placeholder", "your", "example", "redacted", "todo", "secret", "xxx"]
        .map { Array($0.utf8) }

    /// `xxx`, `changeme`, `<api key>`, `your-key-here`, `****`: text that stands for a value.
    private static func isPlaceholder(_ token: Slice<Bytes>) -> Bool {
        guard let first = token.first else { return true }
        if token.allSatisfy({ $0 == first }) || "<[{".utf8.contains(first) { return true }
        return placeholderWords.contains { word in
            guard token.count >= word.count else { return false }
            return (token.startIndex...(token.endIndex - word.count)).contains { start in
                hasPrefix(token[start...], word, ignoringCase: true)
            }
        }
    }

    /// At least 24 characters of one word (letters, digits, `-_+/=.`), with letters and digits
    /// mixed and at least 3.5 bits of entropy a character: what generated keys look like, and
    /// what words, media types (`application/json`) and version strings do not.
    private static func isHighEntropy(_ token: Slice<Bytes>) -> Bool {
        guard token.count >= 24, token.allSatisfy({ isAlphanumeric($0) || "-_+/=.".utf8.contains($0) }),
            token.contains(where: isDigit), token.contains(where: isLetter)
        else { return false }
        // Words and numbers joined by `-`, `_`, `.`, `/`, `+` or `=` (`tenant-16-api-key-header`,
        // `application/vnd.github.v3+json`, `AcmeConnector/2.4.1`) are what a person wrote;
        // generated keys mix cases and digits within their runs.
        let runs = token.split { "-_./+=".utf8.contains($0) }
        if runs.allSatisfy(isWordLike) { return false }
        var counts = [Int](repeating: 0, count: 128)
        for byte in token { counts[Int(byte)] += 1 }
        // Shannon entropy H = log2(n) - (1/n) Σ c log2 c (the C library's log2: no Foundation).
        let length = Double(token.count)
        let sum = counts.reduce(0.0) { $1 == 0 ? $0 : $0 + Double($1) * log2(Double($1)) }
        return log2(length) - sum / length >= 3.5
    }

    /// Words with at most a short number after them — one case (`tenant`, `V2`, `api10`) or
    /// camel case (`macroEnabled`, `SalesforceOrdersIntegration2024`) — or a number.
    private static func isWordLike(_ run: Slice<Bytes>) -> Bool {
        if run.allSatisfy(isDigit) { return true }
        let letters = run.prefix(while: isLetter)
        let rest = run.dropFirst(letters.count)
        guard !letters.isEmpty, rest.count <= 4, rest.allSatisfy(isDigit) else { return false }
        if letters.allSatisfy(isLowercase) || letters.allSatisfy(isUppercase) { return true }
        // Camel case: every capital starts a word of at least two letters, the rest lowercase.
        var previousWasCapital = false
        for (index, letter) in letters.enumerated() {
            if isUppercase(letter) {
                if previousWasCapital { return false }
                previousWasCapital = true
            } else {
                previousWasCapital = false
            }
            if index == letters.count - 1, isUppercase(letter) { return false }
        }
        return true
    }

    private static func hasPrefix(_ bytes: Slice<Bytes>, _ prefix: [UInt8], ignoringCase: Bool) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        return zip(bytes, prefix).allSatisfy { byte, wanted in
            (ignoringCase && isUppercase(byte) ? byte | 0x20 : byte) == wanted
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUppercase(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLowercase(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isLetter(_ byte: UInt8) -> Bool { isUppercase(byte) || isLowercase(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
}

/// Credentials inside URLs, wherever a URL stands in a text: the password of `user:password@`
/// and the values of query parameters named like a secret.
enum URLSecrets {
    struct Part: Equatable {
        /// In Unicode scalars of the text.
        var offset: Int
        var length: Int
        /// "a password", "a secret in its query parameter 'client_secret'".
        var what: String
    }

    /// Parameter names, lowercased without `_`, `-` and `.`: `client_secret`, `Client-Secret`
    /// and `clientSecret` are one name.
    static let secretParameters: Set<String> = Set(SecretKeys.names.map(normalized)).union([
        "pwd", "apisecret", "authtoken", "idtoken", "sessiontoken", "clientassertion", "sig", "signature",
    ])

    static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != "." }.map(Character.init))
    }

    static func parts(of text: String) -> [Part] {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        var index = 0
        while let scheme = firstIndex(of: "://", in: scalars, from: index) {
            let authorityStart = scheme + 3
            var cursor = authorityStart
            while cursor < scalars.count, !["/", "?", "#"].contains(scalars[cursor]), !isSpace(scalars[cursor]) { cursor += 1 }
            if let at = scalars[authorityStart..<cursor].lastIndex(of: "@"),
                let colon = scalars[authorityStart..<at].firstIndex(of: ":"), colon + 1 < at
            {
                parts.append(Part(offset: colon + 1, length: at - colon - 1, what: "a password"))
            }
            while cursor < scalars.count, scalars[cursor] != "?", scalars[cursor] != "#", !isSpace(scalars[cursor]) {
                cursor += 1
            }
            if cursor < scalars.count, scalars[cursor] == "?" {
                cursor += 1
                while cursor <= scalars.count {
                    let start = cursor
                    while cursor < scalars.count, !["&", ";", "#"].contains(scalars[cursor]), !isSpace(scalars[cursor]) {
                        cursor += 1
                    }
                    if let equals = scalars[start..<cursor].firstIndex(of: "="), equals + 1 < cursor {
                        let name = String(scalars: scalars[start..<equals])
                        if secretParameters.contains(normalized(name)) {
                            parts.append(
                                Part(
                                    offset: equals + 1, length: cursor - equals - 1,
                                    what: "a secret in its query parameter '\(name)'"))
                        }
                    }
                    guard cursor < scalars.count, scalars[cursor] == "&" || scalars[cursor] == ";" else { break }
                    cursor += 1
                }
            }
            index = max(cursor, authorityStart)
        }
        return parts
    }

    private static func firstIndex(of needle: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let needle = Array(needle.unicodeScalars)
        guard scalars.count >= needle.count, start <= scalars.count - needle.count else { return nil }
        for index in start...(scalars.count - needle.count) where scalars[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
