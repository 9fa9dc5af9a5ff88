import JSON
import Schema

/// One HTTP request; its body may hold secret values, so it is never printed.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [String]
    public var body: [UInt8]?
}

/// What a transport got back: a response, or no response at all (connection refused, timeout).
public enum HTTPOutcome: Sendable {
    case response(status: Int, body: [UInt8])
    case failure(String)
}

/// Sends requests; the CLI gives ``CurlTransport``, tests may give another.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) -> HTTPOutcome
}

/// The org's address, checked: https, or plain http to a loopback host only (SPEC §12).
public struct InstanceURL: Sendable, Hashable {
    /// Scheme, host and port, without a trailing `/`.
    public let base: String

    public init(_ text: String) throws(SecretsError) {
        var rest = Substring(text)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let isHTTPS = rest.lowercased().hasPrefix("https://")
        guard isHTTPS || rest.lowercased().hasPrefix("http://") else {
            throw SecretsError("the instance URL must start with https://")
        }
        let authority = rest.dropFirst(isHTTPS ? 8 : 7)
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw SecretsError("the instance URL must be https://HOST[:PORT], without a path, query or user")
        }
        if !isHTTPS, !Self.isLoopback(authority) {
            throw SecretsError("the instance URL must be https: plain http is allowed only to localhost, 127.0.0.0/8 or ::1")
        }
        base = String(rest)
    }

    /// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
    static func isLoopback(_ authority: Substring) -> Bool {
        var host = authority
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            return host[host.index(after: host.startIndex)..<close] == "::1"
        }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        if host.lowercased() == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && Int(part).map { (0...255).contains($0) } == true
        }
    }
}

public struct SecretsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Enters the listed secrets through Salesforce's Connect REST API.
///
/// Principals: the Credential resource, `/named-credentials/credential` (Connect REST API
/// Developer Guide, "Credential" and "Credential Input"; see ``SecretResource/credential``): a
/// GET by query says whether the principal has credentials; POST creates them, PUT replaces
/// them all, PATCH (custom protocols) updates the keys sent.
///
/// Providers: the External Auth Identity Provider Credentials resource (Connect REST API
/// Developer Guide, "External Auth Identity Provider Credentials",
/// `/named-credentials/external-auth-identity-provider-credentials/{fullName}`, API 62.0): GET
/// returns the provider's credentials, POST creates them, PUT replaces them all, each with the
/// body `{"credentials":[{"credentialName","credentialValue"}]}`. Errors come back as
/// `[{"errorCode","message"}]` (REST API Developer Guide, "Status Codes and Error Responses").
public struct SecretsApplier: Sendable {
    /// The Connect API version of the resources (the providers' is available from 62.0, PATCH
    /// of a credential from 59.0).
    public static let apiVersion = "62.0"

    public struct Outcome: Hashable, Sendable {
        public var holder: SecretsListing.Holder
        /// `POST` (created), `PUT` (replaced) or `PATCH` (updated) when it succeeded.
        public var method: String?
        /// Salesforce's own message, or what went wrong on the way; nil on success.
        public var error: String?

        public var succeeded: Bool { error == nil }

        public var line: String {
            if let error { return "\(holder.description): failed: \(error)" }
            return "\(holder.description): \(method == "POST" ? "created" : "updated") its credentials"
        }
    }

    public var instance: InstanceURL
    public var accessToken: String
    public var transport: any HTTPTransport
    /// Attempts per request for what may pass (429, 5xx, no response).
    public var attempts = 3
    /// Waits before the second, third, … attempt, in seconds; the CLI sleeps, tests need not.
    public var backoff: [Double] = [0.5, 1.0]
    public var sleep: @Sendable (Double) -> Void

    public init(instance: InstanceURL, accessToken: String, transport: any HTTPTransport, sleep: @escaping @Sendable (Double) -> Void) {
        self.instance = instance
        self.accessToken = accessToken
        self.transport = transport
        self.sleep = sleep
    }

    /// Enters every item that has secrets, in order. `values` maps variables to their values
    /// (the CLI reads them from the environment); call only when the listing is complete.
    public func apply(_ listing: SecretsListing, values: [String: String]) -> [Outcome] {
        var outcomes: [Outcome] = []
        // Every value the run enters, not only the item's: a message may quote another's.
        let secretValues = listing.variables.compactMap { values[$0] } + [accessToken]
        for item in listing.items where item.nothingEntered == nil {
            let credentials = item.secrets.compactMap { secret in
                secret.variable.flatMap { values[$0] }.map { (secret.key, $0) }
            }
            var outcome = enter(item, credentials: credentials)
            outcome.error = outcome.error.map { Self.redacting(secretValues, in: $0) }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func enter(_ item: SecretsListing.Item, credentials: [(String, String)]) -> Outcome {
        var outcome = Outcome(holder: item.holder, method: nil, error: nil)
        guard item.secrets.allSatisfy({ $0.variable != nil }) else {
            outcome.error = "secrets: does not name a variable for every secret"
            return outcome
        }
        let resource = "\(instance.base)/services/data/v\(Self.apiVersion)/named-credentials/"
        switch item.resource {
        case .externalAuthIdentityProviderCredentials?:
            let url = resource + "external-auth-identity-provider-credentials/" + Self.percentEncoded(item.holder.name)
            // Credentials entered before are listed; none yet is an empty list.
            let existing: Bool
            switch lookUp(url) {
            case .success(let object):
                if case .array(let list)? = object?["credentials"] { existing = !list.isEmpty } else { existing = false }
            case .failure(let error):
                outcome.error = error.description
                return outcome
            }
            let body: JSONValue = [
                "credentials": .array(credentials.map { ["credentialName": .string($0.0), "credentialValue": .string($0.1)] })
            ]
            outcome.method = existing ? "PUT" : "POST"
            outcome.error = store(outcome.method!, url, body)
        case .credential?:
            guard let target = item.target, let principal = item.holder.principal else {
                outcome.error = "nothing to enter"
                return outcome
            }
            let url = resource + "credential"
            let query = [
                ("externalCredential", item.holder.name), ("principalName", principal), ("principalType", target.principalType),
            ].map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
            // A credential entered before has keys; none yet is an empty map (or a 404).
            let existing: Bool
            switch lookUp(url + "?" + query) {
            case .success(let object):
                if case .object(let map)? = object?["credentials"] { existing = !map.isEmpty } else { existing = false }
            case .failure(let error):
                outcome.error = error.description
                return outcome
            }
            let encrypted = Dictionary(item.secrets.map { ($0.key, $0.encrypted) }, uniquingKeysWith: { first, _ in first })
            var body: [String: JSONValue] = [
                "externalCredential": .string(item.holder.name),
                "authenticationProtocol": .string(target.authenticationProtocol),
                "principalName": .string(principal), "principalType": .string(target.principalType),
                "credentials": .object(Dictionary(credentials.map { key, value in
                    (key, ["value": .string(value), "encrypted": .bool(encrypted[key] ?? true)] as JSONValue)
                }, uniquingKeysWith: { first, _ in first })),
            ]
            if let variant = target.authenticationProtocolVariant { body["authenticationProtocolVariant"] = .string(variant) }
            // PATCH (59.0) exists for custom protocols only and keeps the keys credc does not
            // declare; elsewhere PUT replaces every key, and the body holds the full set.
            outcome.method = !existing ? "POST" : target.authenticationProtocol == "Custom" ? "PATCH" : "PUT"
            outcome.error = store(outcome.method!, url, .object(body))
        case nil:
            outcome.error = "nothing to enter"
        }
        if outcome.error != nil { outcome.method = nil }
        return outcome
    }

    /// GET: the answer's JSON object (nil when not one), nothing on a 404, or why not.
    private func lookUp(_ url: String) -> Result<[String: JSONValue]?, SecretsError> {
        switch send(HTTPRequest(method: "GET", url: url, headers: headers(json: false), body: nil)) {
        case .response(200, let body):
            if case .object(let object)? = try? JSONValue.parse(body) { return .success(object) }
            return .success(nil)
        case .response(404, _):
            return .success(nil)
        case .response(let status, let body):
            return .failure(SecretsError(Self.message(status: status, body: body)))
        case .failure(let reason):
            return .failure(SecretsError(reason))
        }
    }

    /// POST, PUT or PATCH `body`: nil when it succeeded, or Salesforce's message.
    private func store(_ method: String, _ url: String, _ body: JSONValue) -> String? {
        switch send(HTTPRequest(method: method, url: url, headers: headers(json: true), body: Array(body.compact.utf8))) {
        case .response(let status, _) where (200..<300).contains(status): nil
        case .response(let status, let body): Self.message(status: status, body: body)
        case .failure(let reason): reason
        }
    }

    /// RFC 3986 percent-encoding of all but the unreserved characters: principal names may hold
    /// spaces and hyphens.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return result
    }

    private func headers(json: Bool) -> [String] {
        var headers = ["Authorization: Bearer \(accessToken)", "Accept: application/json"]
        if json { headers.append("Content-Type: application/json") }
        return headers
    }

    /// Sends, retrying 429, 5xx and requests that got no response, with a bound and backoff.
    private func send(_ request: HTTPRequest) -> HTTPOutcome {
        var outcome = transport.send(request)
        for attempt in 1..<max(attempts, 1) {
            switch outcome {
            case .response(let status, _) where status != 429 && status < 500: return outcome
            case .response, .failure: break
            }
            sleep(backoff.isEmpty ? 0 : backoff[min(attempt - 1, backoff.count - 1)])
            outcome = transport.send(request)
        }
        return outcome
    }

    /// Salesforce's own words: the `message` of each `[{"errorCode","message"}]` entry, with its
    /// code; the status alone when the body is something else.
    static func message(status: Int, body: [UInt8]) -> String {
        if case .array(let errors)? = try? JSONValue.parse(body) {
            let messages: [String] = errors.compactMap { error in
                guard case .object(let object) = error else { return nil }
                let code = object["errorCode"].flatMap { if case .string(let text) = $0 { text } else { nil } }
                let message = object["message"].flatMap { if case .string(let text) = $0 { text } else { nil } }
                guard let message else { return code }
                return code.map { "\($0): \(message)" } ?? message
            }
            if !messages.isEmpty { return "HTTP \(status): " + messages.joined(separator: "; ") }
        }
        return "HTTP \(status)"
    }

    /// A server may quote what it was sent: no value leaves through a message.
    static func redacting(_ values: [String], in text: String) -> String {
        var result = text
        // An error may echo the request: each value also as a JSON string holds it, escaped.
        let forms = values.flatMap { value -> [String] in
            let quoted = JSONValue.string(value).compact
            return [value, String(quoted.dropFirst().dropLast())]
        }
        for value in Set(forms).sorted(by: { $0.count > $1.count }) where !value.isEmpty {
            result = result.split(separator: value, omittingEmptySubsequences: false).joined(separator: "****")
        }
        return result
    }
}
