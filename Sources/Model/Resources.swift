import Diagnostics
import Schema
import YAML

/// A value with where it was written.
///
/// The path is kept in parts and joined only when a message asks for it: a large file has a
/// located value per field, almost none of which ever appears in a finding, and their parts
/// (the principal's prefix, a field name literal) are shared instead of allocated per value.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange
    private var pathPrefix: String
    private var pathKey: String
    /// A list item's index, or -1.
    private var pathItem: Int32

    /// YAML path within the document, e.g. `principals[1].sequence`.
    public var path: String {
        get {
            var path = pathPrefix
            if !pathKey.isEmpty { path += path.isEmpty ? pathKey : "." + pathKey }
            if pathItem >= 0 { path += "[\(pathItem)]" }
            return path
        }
        set {
            pathPrefix = newValue
            pathKey = ""
            pathItem = -1
        }
    }

    public init(_ value: Value, range: SourceRange, path: String) {
        self.value = value
        self.range = range
        pathPrefix = path
        pathKey = ""
        pathItem = -1
    }

    /// At `prefix.key[item]`; `prefix` may be empty, `item` nil.
    public init(_ value: Value, range: SourceRange, prefix: String, key: String, item: Int? = nil) {
        self.value = value
        self.range = range
        pathPrefix = prefix
        pathKey = key
        pathItem = item.map { Int32(clamping: $0) } ?? -1
    }
}

/// Where a resource was defined.
public struct ResourceOrigin: Sendable {
    public var file: String
    /// The document's index in its file.
    public var document: Int
    /// The range of the `kind` value, where resource-wide findings point.
    public var kindRange: SourceRange
    /// The whole document, to tell which earlier findings are about this resource.
    public var range: SourceRange
}

/// `kind: ExternalAuthIdentityProvider`.
public struct IdentityProvider: Sendable {
    public var origin: ResourceOrigin
    public var name: Located<String>
    public var label: Located<String>?
    public var description: Located<String>?
    public var `protocol`: Located<String>?
    public var flow: Located<String>?
    public var tokenURL: Located<String>?
    public var defaultScopes: [Located<String>]?
    public var clientAuthentication: Located<String>?
    public var authorizeURL: Located<String>?
    public var userInfoURL: Located<String>?
    public var pkce: Located<Bool>?
    public var tokenRequest: RequestParameters?
    public var refreshRequest: RequestParameters?
    public var unmanaged: Located<Bool>?
    /// `secrets:`: where `credc secrets` takes the client ID and secret from (SPEC §12).
    public var secrets: SecretSources?

    public var isUnmanaged: Bool { unmanaged?.value ?? Fields.providerUnmanaged.defaultBool }
}

/// A provider's extra token- or refresh-request parameters, as written.
public struct RequestParameters: Sendable {
    /// Where the `tokenRequest:`/`refreshRequest:` key is.
    public var range: SourceRange
    public var body: [RequestParameter] = []
    public var query: [RequestParameter] = []
    public var headers: [RequestParameter] = []

    public init(range: SourceRange) { self.range = range }
}

/// One `NAME: VALUE` of a request's body, query or headers.
public struct RequestParameter: Sendable {
    public var name: Located<String>
    public var value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}

/// A `secrets:` mapping of a provider or principal: each key's environment variable, as written.
public struct SecretSources: Sendable {
    /// Where the `secrets:` mapping is.
    public var range: SourceRange
    /// The entries whose key is a string and whose value names an environment variable; the
    /// model builder reported the others.
    public var entries: [SecretSource] = []

    public init(range: SourceRange) { self.range = range }

    /// The variable `key` comes from.
    public func variable(for key: String) -> Located<String>? {
        entries.first { $0.key.value == key }?.variable
    }
}

/// `KEY: VARIABLE` under `secrets:`.
public struct SecretSource: Sendable {
    public var key: Located<String>
    public var variable: Located<String>

    public init(key: Located<String>, variable: Located<String>) {
        self.key = key
        self.variable = variable
    }
}

/// A principal of an external credential.
public struct Principal: Sendable {
    /// Index in the credential's `principals` list.
    public var index: Int
    public var range: SourceRange
    public var name: Located<String>?
    public var sequence: Located<Int>?
    public var identityType: Located<String>?
    public var permissionSets: [Located<String>]
    public var profiles: [Located<String>]
    /// `clientId` / `clientSecret` keys, forbidden on a principal.
    public var credentialKeys: [Located<String>]
    /// `secrets:` (SPEC §12).
    public var secrets: SecretSources? = nil
}

/// `kind: ExternalCredential`.
public struct ExternalCredential: Sendable {
    public var origin: ResourceOrigin
    public var name: Located<String>
    public var label: Located<String>?
    public var description: Located<String>?
    public var `protocol`: Located<String>?
    public var flow: Located<String>?
    public var identityProvider: Located<String>?
    public var scope: Located<String>?
    /// How `scope` was quoted, to map formula offsets back to file columns.
    public var scopeStyle: ScalarStyle?
    public var passClientCredentialsInBody: Located<Bool>?
    /// Items as written: the refresh-status-code rule checks their types and ranges.
    public var additionalRefreshStatusCodes: [Located<ScalarItem>]?
    public var principals: [Principal]
    /// Where `principals:` is, or nil when absent.
    public var principalsRange: SourceRange?
}

/// A list item whose type a rule, not the schema, judges.
public enum ScalarItem: Sendable, Hashable {
    case integer(Int)
    case other(text: String, typeName: String)
}

/// `kind: NamedCredential`.
public struct NamedCredential: Sendable {
    public var origin: ResourceOrigin
    public var name: Located<String>
    public var label: Located<String>?
    public var url: Located<String>?
    public var externalCredential: Located<String>?
    public var generateAuthorizationHeader: Located<Bool>?
    public var allowFormulasInHeaders: Located<Bool>?
    public var allowFormulasInBody: Located<Bool>?
    public var allowedNamespaces: [Located<String>]?
    public var enabled: Located<Bool>?
}

/// Every resource of every input, in input order.
public struct Model: Sendable {
    public var providers: [IdentityProvider] = []
    public var externalCredentials: [ExternalCredential] = []
    public var namedCredentials: [NamedCredential] = []
    /// `kind: Environment` documents (SPEC §7); not resources.
    public var environments: [Environment] = []
    /// The text of each file from where its YAML stopped parsing: what resources it defines and
    /// which it refers to is unknown, so references into it and uses from it cannot be checked.
    public var unparsed: [UnparsedText] = []

    public init() {}

    /// Appends every resource of `other` (the model of a later file) after this model's own.
    public mutating func merge(_ other: Model) {
        // Appending to an empty array copies every element; taking the other's shares its storage.
        func append<T>(_ items: [T], to list: inout [T]) {
            if list.isEmpty { list = items } else { list += items }
        }
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: append(other.providers, to: &providers)
            case .externalCredential: append(other.externalCredentials, to: &externalCredentials)
            case .namedCredential: append(other.namedCredentials, to: &namedCredentials)
            }
        }
        append(other.environments, to: &environments)
        append(other.unparsed, to: &unparsed)
    }

    /// The first file whose unparsed text holds `name` as a word: the file that may define or
    /// use it. Nil when every file parsed, or none holds it.
    public func unparsedFile(mentioning name: String) -> String? {
        unparsed.first { $0.words.contains(name) }?.file
    }
}

/// The part of a file that did not parse as YAML: from the start of the document where reading
/// stopped to the end of the file.
public struct UnparsedText: Sendable {
    public var file: String
    /// Every word that could be a developer name (`[A-Za-z0-9_]+` outside comments).
    public var words: Set<String>

    public init(file: String, text: some Sequence<UInt8>) {
        self.file = file
        var words: Set<String> = []
        var word: [UInt8] = []
        var inComment = false
        var previous: UInt8 = UInt8(ascii: "\n")
        for byte in text {
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") { inComment = false }
            if inComment { continue }
            if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\n") {
                inComment = true
            }
            let isWordByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            if isWordByte {
                word.append(byte)
            } else if !word.isEmpty {
                words.insert(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.insert(String(decoding: word, as: UTF8.self)) }
        self.words = words
    }
}
