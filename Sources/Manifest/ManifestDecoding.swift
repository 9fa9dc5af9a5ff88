import Diagnostics
import JSON
import Schema

/// Why a state file is not a manifest this build can plan against.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the document, e.g. `resources[2].principals[0].sequence`; empty for the whole file.
    public var path: String
    public var message: String
    /// Where in the file: the parser's position for a syntax error, else the value at `path`
    /// (or, for a missing member, the object that lacks it). Set by ``Manifest/init(stateJSON:)``.
    public var range: SourceRange?

    public init(path: String, message: String, range: SourceRange? = nil) {
        self.path = path
        self.message = message
        self.range = range
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// The `invalid-state` finding for the state file at `file` (the path as given).
    public func finding(file: String) -> Finding {
        Finding(
            rule: .invalidState, message: "not a valid credc manifest: \(description)", file: file,
            range: range ?? .fileStart, path: path)
    }
}

extension Manifest {
    /// Reads a state file: a manifest that `credc build` wrote (`Manifest.text`).
    ///
    /// The shape is checked strictly, since a plan made against a misread state could delete
    /// real credentials: `manifestVersion` must be 1, every resource must have a known `kind`,
    /// every field of that kind with its JSON type (optional text as a string or `null`),
    /// and no other field; names must be unique per kind, principal names per credential.
    ///
    /// **The digest is verified.** `digest` must equal the SHA-256 of the JCS form of the
    /// `resources` array as written in the file; a mismatch is an error, not a warning. The
    /// state is meant to be the manifest a deploy job last applied, byte for byte: a file that
    /// was edited by hand or damaged no longer says what is deployed, and planning against it
    /// would plan the wrong changes. The fix is to restore the deployed manifest, or, when an
    /// edit is deliberate, to rewrite the file with `credc build`.
    public init(stateJSON bytes: [UInt8]) throws(ManifestError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw ManifestError(
                path: "", message: "the state is not valid JSON: \(error.description)", range: .at(error.position))
        }
        do {
            try self.init(stateDocument: document)
        } catch {
            var located = error
            located.range = JSONValue.range(of: error.path, in: bytes)
            throw located
        }
    }

    private init(stateDocument document: JSONValue) throws(ManifestError) {
        var root = try ObjectReader(document, path: "")
        let version = try root.integer("manifestVersion")
        guard version == Manifest.version else {
            throw ManifestError(
                path: "manifestVersion",
                message: "unsupported manifest version \(version); this credc reads version \(Manifest.version)")
        }
        let digest = try root.string("digest")
        let resources = try root.value("resources")
        let environment = root.members["environment"] == nil ? nil : try root.string("environment")
        try root.rejectUnknownFields()

        guard case .array(let elements) = resources else {
            throw ManifestError(path: "resources", message: "expected an array, found \(resources.typeDescription)")
        }
        var records: [ResourceKind: [ManifestRecord]] = [:]
        var seen: [ResourceKind: Set<String>] = [:]
        for (index, element) in elements.enumerated() {
            let path = "resources[\(index)]"
            var resource = try ObjectReader(element, path: path)
            let kindText = try resource.string("kind")
            guard let kind = ResourceKind(rawValue: kindText) else {
                throw ManifestError(
                    path: path + ".kind", message: "unknown kind '\(kindText)'; expected one of \(ResourceKind.list)")
            }
            let record = try resource.record(.resource(kind))
            let name = record.name
            records[kind, default: []].append(record)
            try resource.rejectUnknownFields()
            guard seen[kind, default: []].insert(name).inserted else {
                throw ManifestError(path: path + ".name", message: "a second \(kind.rawValue) named '\(name)'")
            }
        }

        let expectedDigest = Manifest.digest(ofResources: resources)
        guard digest == expectedDigest else {
            throw ManifestError(
                path: "digest",
                message: "digest mismatch: the file says \(digest) but its resources hash to \(expectedDigest); "
                    + "the state was edited or damaged after credc wrote it. Restore the manifest that was "
                    + "deployed, or regenerate it with 'credc build'")
        }
        self.init()
        for kind in ResourceKind.allCases { setRecords(records[kind] ?? [], of: kind) }
        self.environment = environment
    }
}

/// Reads the members of one JSON object, remembering which it used so that the rest can be
/// reported as unknown.
private struct ObjectReader {
    let members: [String: JSONValue]
    let path: String
    var used: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ManifestError) {
        guard case .object(let members) = value else {
            throw ManifestError(path: path, message: "expected an object, found \(value.typeDescription)")
        }
        self.members = members
        self.path = path
    }

    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func value(_ key: String) throws(ManifestError) -> JSONValue {
        guard let value = members[key] else {
            throw ManifestError(path: path(of: key), message: "missing field")
        }
        used.insert(key)
        return value
    }

    func mismatch(_ key: String, expected: String, found value: JSONValue) -> ManifestError {
        ManifestError(path: path(of: key), message: "expected \(expected), found \(value.typeDescription)")
    }

    mutating func string(_ key: String) throws(ManifestError) -> String {
        let value = try value(key)
        guard case .string(let string) = value else { throw mismatch(key, expected: "a string", found: value) }
        return string
    }

    mutating func optionalString(_ key: String) throws(ManifestError) -> String? {
        let value = try value(key)
        switch value {
        case .null: return nil
        case .string(let string): return string
        default: throw mismatch(key, expected: "a string or null", found: value)
        }
    }

    mutating func bool(_ key: String) throws(ManifestError) -> Bool {
        let value = try value(key)
        guard case .bool(let bool) = value else { throw mismatch(key, expected: "a boolean", found: value) }
        return bool
    }

    mutating func integer(_ key: String) throws(ManifestError) -> Int {
        let value = try value(key)
        guard case .integer(let integer) = value else { throw mismatch(key, expected: "an integer", found: value) }
        return integer
    }

    mutating func array(_ key: String) throws(ManifestError) -> [JSONValue] {
        let value = try value(key)
        guard case .array(let elements) = value else { throw mismatch(key, expected: "an array", found: value) }
        return elements
    }

    mutating func strings(_ key: String) throws(ManifestError) -> [String] {
        var strings: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard case .string(let string) = element else {
                throw mismatch("\(key)[\(index)]", expected: "a string", found: element)
            }
            strings.append(string)
        }
        return strings
    }

    mutating func integers(_ key: String) throws(ManifestError) -> [Int] {
        var integers: [Int] = []
        for (index, element) in try array(key).enumerated() {
            guard case .integer(let integer) = element else {
                throw mismatch("\(key)[\(index)]", expected: "an integer", found: element)
            }
            integers.append(integer)
        }
        return integers
    }

    func rejectUnknownFields() throws(ManifestError) {
        let unknown = members.keys.filter { !used.contains($0) }.sorted()
        if let first = unknown.first {
            throw ManifestError(path: path(of: first), message: "unknown field")
        }
    }

    /// The fields of `type`, each with its JSON type (SPEC §5), in the table's order. A field
    /// that a credc 1.0 state lacks (``FieldFlags/optionalInState``) may be absent and then has
    /// its default: that state's digest covers its resources as written, so it still verifies.
    mutating func record(_ type: ManifestRecordType) throws(ManifestError) -> ManifestRecord {
        var values: [FieldID: JSONValue] = [:]
        // An unmanaged provider's label, protocol, flow and token URL may be null: unset.
        let unmanaged = type == .resource(.externalAuthIdentityProvider) && members["unmanaged"] == .bool(true)
        for field in type.fields where members[field.name] != nil || !field.flags.contains(.optionalInState) {
            if unmanaged, field.flags.contains(.optionalWhenUnmanaged), field.type == .string {
                values[field.id] = JSONValue(try optionalString(field.name))
                continue
            }
            values[field.id] = try value(of: field)
        }
        return ManifestRecord(type, values)
    }

    /// The fields of a nested mapping, as ``record(_:)`` reads a resource's.
    mutating func members(_ fields: [FieldSpec]) throws(ManifestError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for field in fields where members[field.name] != nil || !field.flags.contains(.optionalInState) {
            result[field.name] = try value(of: field)
        }
        return result
    }

    private mutating func value(of field: FieldSpec) throws(ManifestError) -> JSONValue {
        let key = field.name
        switch field.type {
        case .string:
            // Text that is optional and has no default is `null` when absent.
            return field.isRequired || field.defaultValue != nil ? .string(try string(key)) : JSONValue(try optionalString(key))
        case .boolean: return .bool(try bool(key))
        case .integer:
            // An optional number without a default (`aws.duration`) is `null` when unset.
            if !field.isRequired, field.defaultValue == nil, case .null = try value(key) { return .null }
            return .integer(try integer(key))
        case .stringList: return JSONValue(try strings(key))
        case .scalarList: return JSONValue(try integers(key))
        case .requestParameters: return try requestParameters(key)
        case .stringMap, .secrets: return .object(try stringMap(key).mapValues(JSONValue.string))
        case .object(let fields):
            let value = try value(key)
            if case .null = value { return .null }
            var reader = try ObjectReader(value, path: path(of: key))
            let members = try reader.members(fields)
            try reader.rejectUnknownFields()
            return .object(members)
        case .objectList(let fields):
            var rows: [JSONValue] = []
            for (index, element) in try array(key).enumerated() {
                var reader = try ObjectReader(element, path: path(of: "\(key)[\(index)]"))
                rows.append(.object(try reader.members(fields)))
                try reader.rejectUnknownFields()
            }
            return .array(rows)
        case .principals:
            var principals: [JSONValue] = []
            var names: Set<String> = []
            for (index, element) in try array(key).enumerated() {
                var reader = try ObjectReader(element, path: path(of: "\(key)[\(index)]"))
                let principal = try reader.record(.principal)
                try reader.rejectUnknownFields()
                guard names.insert(principal.name).inserted else {
                    throw ManifestError(
                        path: reader.path(of: "name"), message: "a second principal named '\(principal.name)'")
                }
                principals.append(principal.json)
            }
            return .array(principals)
        }
    }

    /// An object of strings: NAME → VALUE.
    private mutating func stringMap(_ key: String) throws(ManifestError) -> [String: String] {
        let value = try value(key)
        guard case .object(let members) = value else { throw mismatch(key, expected: "an object", found: value) }
        var result: [String: String] = [:]
        for (name, member) in members {
            guard case .string(let text) = member else {
                throw mismatch("\(key).\(name)", expected: "a string", found: member)
            }
            result[name] = text
        }
        return result
    }

    /// `{body, query, headers}`, each an object of strings, and nothing else.
    private mutating func requestParameters(_ key: String) throws(ManifestError) -> JSONValue {
        var reader = try ObjectReader(try value(key), path: path(of: key))
        var places: [String: JSONValue] = [:]
        for place in Vocabulary.requestParameterPlaces {
            places[place] = .object(try reader.stringMap(place).mapValues(JSONValue.string))
        }
        try reader.rejectUnknownFields()
        return .object(places)
    }
}
