import Diagnostics
import Model
import Schema

/// `insecure-url`: absolute https URLs only; a named credential's URL without a query.
struct InsecureURL: ModelRule {
    let descriptor = RuleDescriptor(
        .insecureURL, .error, "a URL that is not absolute https, or a named credential URL with a query string",
        "Tokens and callouts must travel over TLS. A named credential's URL is the base of every callout; query parameters belong in the callout's path.",
        failing: Example.documents(
            Example.provider, Example.credential(), Example.named(url: "1️⃣http://billing.example.com/v2")),
        passing: Example.valid)

    /// Where the model holds each https-URL field of the table (``FieldSpec/httpsURLAllowsQuery``),
    /// by kind: the table says which fields are URLs and whether they take a query, this only
    /// where to find them (`InsecureURLTests` fails when a URL field of the table is missing).
    func check(_ context: ModelContext, into findings: inout [Finding]) {
        let model = context.model
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: check(model.providers, of: kind, into: &findings)
            case .externalCredential: check(model.externalCredentials, of: kind, into: &findings)
            case .namedCredential: check(model.namedCredentials, of: kind, into: &findings)
            }
        }
    }

    /// The kind's URL fields (``FieldSpec/httpsURLAllowsQuery``), read from the records by ID.
    private func check<Kind>(_ resources: [Resource<Kind>], of kind: ResourceKind, into findings: inout [Finding]) {
        let fields = kind.fields.compactMap { field in field.httpsURLAllowsQuery.map { (field.id, field.name, $0) } }
        for resource in resources {
            for (id, name, allowsQuery) in fields {
                check(resource.record.string(id), file: resource.origin.file, what: name, allowQuery: allowsQuery, into: &findings)
            }
        }
    }

    private func check(
        _ url: Located<String>?, file: String, what: String, allowQuery: Bool, into findings: inout [Finding]
    ) {
        guard let url, let problem = Self.problem(url.value, allowQuery: allowQuery) else { return }
        findings.append(Finding(.insecureURL, "\(what) \(problem)", file: file, at: url))
    }

    static func problem(_ url: String, allowQuery: Bool) -> String? {
        if isPlainHTTPSURL(url.utf8, allowQuery: allowQuery) { return nil }
        let lowered = url.lowercased()
        if lowered.hasPrefix("http://") { return "'\(url)' uses http; use https" }
        guard lowered.hasPrefix("https://") else {
            return "'\(url)' is not an absolute https URL (https://host/path)"
        }
        let rest = url.dropFirst("https://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
        if host.isEmpty { return "'\(url)' has no host" }
        if url.contains(where: { $0.isWhitespace }) { return "'\(url)' contains whitespace" }
        if !allowQuery, url.contains("?") {
            return "'\(url)' has a query string; a named credential URL ends at the path (add parameters in the callout)"
        }
        return nil
    }

    /// An ASCII `https://host/...` URL without user info, port, whitespace or (unless allowed) a
    /// query, checked by bytes: exactly the URLs ``problem(_:allowQuery:)`` accepts without
    /// needing its character-by-character reading, which took most of this rule's time.
    private static func isPlainHTTPSURL(_ utf8: String.UTF8View, allowQuery: Bool) -> Bool {
        let scheme = "https://".utf8
        func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        guard utf8.count > scheme.count, zip(utf8, scheme).allSatisfy({ lowercased($0) == $1 }) else { return false }
        var inAuthority = true
        var hostLength = 0
        for byte in utf8.dropFirst(scheme.count) {
            guard byte < 0x80, byte != 0x20, !(0x09...0x0D).contains(byte) else { return false }
            if byte == UInt8(ascii: "?"), !allowQuery { return false }
            if inAuthority {
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                    inAuthority = false
                } else if byte == UInt8(ascii: "@") || byte == UInt8(ascii: ":") {
                    return false
                } else {
                    hostLength += 1
                }
            }
        }
        return hostLength > 0
    }
}
