import Diagnostics
import Schema
import YAML

/// Keys that hold secrets wherever they appear. The secret-in-config rule reports them; where
/// the kind has no such field they are also `unknown-field` (SPEC §4, 1.2), so that suppressing
/// the secret finding never makes one a silently dropped key.
public enum SecretKeys {
    public static let names: Set<String> = [
        "clientsecret", "client_secret", "password", "passwd", "secret", "token", "accesstoken",
        "access_token", "refreshtoken", "refresh_token", "apikey", "api_key", "privatekey",
        "private_key", "bearertoken", "secretaccesskey", "awssecretaccesskey", "aws_secret_access_key",
    ]

    public static func isSecret(_ key: String) -> Bool {
        // Every key of every document passes here: most are ruled out by their last letter (every
        // name ends in d, n, t or y), without lowercasing, which allocates, or hashing.
        switch key.utf8.last {
        case UInt8(ascii: "d"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "y"),
            UInt8(ascii: "D"), UInt8(ascii: "N"), UInt8(ascii: "T"), UInt8(ascii: "Y"):
            break
        case let last? where last < 0x80: return false
        default: break
        }
        // ASCII keys are compared to the names byte by byte, ignoring case: lowercasing made a
        // string and hashed it for every `kind`, `description` and `clientId` of a file.
        var key = key
        let ascii: Bool? = key.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return asciiNames.contains { name in
                name.count == utf8.count && zip(name, utf8).allSatisfy { $0 == $1 | (($1 &- 0x41) < 26 ? 0x20 : 0) }
            }
        }
        return ascii ?? names.contains(key.lowercased())
    }

    private static let asciiNames = names.map { Array($0.utf8) }

    /// Request headers whose value is a credential (lowercased).
    public static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token",
    ]
}

/// Builds typed resources from documents, reporting schema problems: unknown documents and
/// fields, missing fields, wrong types and values outside the allowed set.
public struct ModelBuilder {
    public private(set) var model = Model()
    /// Schema findings; the rule registry gives them their severity.
    public private(set) var findings: [Finding] = []

    public init() {}

    public mutating func add(_ document: Document, file: String) {
        var reader = DocumentReader(file: file, document: document)
        reader.read(into: &model)
        findings += reader.findings
    }

    /// The model and findings so far, moved out: the builder is left empty. A copy would share
    /// the model's arrays and resource boxes, and changing it (numbering a chunk's documents)
    /// would then copy every resource.
    public mutating func take() -> (model: Model, findings: [Finding]) {
        defer {
            model = Model()
            findings = []
        }
        return (model, findings)
    }

    /// Adds a model built from the documents after this builder's, with its findings.
    public mutating func append(_ later: Model, findings laterFindings: [Finding]) {
        model.merge(later)
        findings += laterFindings
    }
}

private struct DocumentReader {
    let file: String
    let document: Document
    var findings: [Finding] = []
    /// The document's list items and secret entries, made when it has one.
    private var listItems: DocumentItems<String>?
    private var secretEntries: DocumentSecrets?
    /// The row positions of records already built, for the next mapping's ``FieldValues``: a
    /// credential's principals need one array, not one each.
    private var spareRows: [[Int32]] = []

    init(file: String, document: Document) {
        self.file = file
        self.document = document
    }

    mutating func read(into model: inout Model) {
        defer {
            listItems?.trim()
            secretEntries?.trim()
        }
        let root = document.root
        guard let entries = root.entries else {
            report(
                .unknownDocument,
                "a credc document is a mapping with 'apiVersion: \(Vocabulary.apiVersion)' and a 'kind', found \(root.typeNameWithArticle)",
                root.range, path: "")
            return
        }
        guard let apiVersion = root["apiVersion"] else {
            report(
                .unknownDocument, "document has no 'apiVersion'; credc reads documents with 'apiVersion: \(Vocabulary.apiVersion)'",
                entries.first?.key.range ?? root.range, path: "")
            return
        }
        guard apiVersion.scalarValue == .string(Vocabulary.apiVersion) else {
            report(
                .unknownDocument,
                "apiVersion '\(apiVersion.scalarText ?? apiVersion.typeName)' is not supported; credc reads '\(Vocabulary.apiVersion)'",
                apiVersion.range, path: "apiVersion")
            return
        }
        guard let kindNode = root["kind"] else {
            report(
                .unknownDocument, "document has no 'kind'; expected one of \(allowedKinds)",
                entries.first?.key.range ?? root.range, path: "")
            return
        }
        if case .string(Environment.kind) = kindNode.scalarValue {
            let (environment, found) = EnvironmentReader.read(
                root, file: file, document: document.index, kindRange: kindNode.range)
            model.environments += environment.map { [$0] } ?? []
            findings += found
            return
        }
        guard case .string(let kindText) = kindNode.scalarValue, let kind = ResourceKind(rawValue: kindText) else {
            let text = kindNode.scalarText ?? kindNode.typeName
            report(
                .unknownDocument, "unknown kind '\(text)'; expected one of \(allowedKinds)", kindNode.range,
                path: "kind", suggestion: Suggestions.closest(to: text, in: ResourceKind.allCases.map(\.rawValue) + [Environment.kind]))
            return
        }
        let origin = ResourceOrigin(
            file: file, document: document.index, kindRange: kindNode.range, range: root.range)
        // An unmanaged provider exists in the org: only what references to it need is required.
        let isUnmanaged =
            kind == .externalAuthIdentityProvider
            && root.entries?.contains { $0.key.scalarText == "unmanaged" && $0.value.scalarValue == .bool(true) } == true
        let record = decode(root, specs: kind.fields, path: "", holder: "this resource", anchor: kindNode.range, isUnmanaged: isUnmanaged)
        guard let name = record.string(.name) else { return }
        switch kind {
        case .externalAuthIdentityProvider:
            model.providers.append(IdentityProvider(origin: origin, name: name, record: record))
        case .externalCredential:
            model.externalCredentials.append(ExternalCredential(origin: origin, name: name, record: record))
        case .namedCredential:
            model.namedCredentials.append(NamedCredential(origin: origin, name: name, record: record))
        }
    }

    /// The kinds a document may have: the resource kinds and environments.
    private var allowedKinds: String { ResourceKind.list + ", " + Environment.kind }

    /// A mapping read against `specs`: schema findings reported, the well-typed values kept.
    /// `holder` names the mapping in messages ("this resource", "a principal").
    private mutating func decode(
        _ node: Node, specs: [FieldSpec], path: String, holder: String, anchor: SourceRange? = nil,
        isUnmanaged: Bool = false
    ) -> ModelRecord {
        let fields = checkFields(node, specs: specs, path: path, holder: holder, anchor: anchor, isUnmanaged: isUnmanaged)
        return record(of: node, specs: specs, path: path, fields: fields)
    }

    /// The record of a mapping whose fields ``checkFields`` judged.
    private mutating func record(
        of node: Node, specs: [FieldSpec], path: String, position: Int = 0, fields: FieldValues
    ) -> ModelRecord {
        defer { spareRows.append(fields.positions) }
        var record = ModelRecord(fields: specs, range: node.range, path: path, position: position, capacity: fields.count)
        guard fields.count > 0, let entries = node.entries else { return record }
        // By index: a row is copied (its strings retained) only when the mapping set it.
        for index in specs.indices {
            let position = fields.positions[index]
            guard position >= 0 else { continue }
            let valueNode = entries[Int(position)].value
            guard let value = decodeValue(valueNode, spec: specs[index], prefix: path) else { continue }
            record.set(value, at: index, range: valueNode.range, style: valueNode.scalarStyle ?? .plain)
        }
        return record
    }

    /// The value of a well-typed field (``check(_:against:path:)`` passed it), by its type.
    private mutating func decodeValue(_ node: Node, spec: FieldSpec, prefix: String) -> ModelValue? {
        let key = spec.name
        switch spec.type {
        case .string:
            guard node.isStringScalar, let text = node.scalarText else { return nil }
            return .string(text)
        case .boolean:
            guard case .bool(let value) = node.scalarValue else { return nil }
            return .bool(value)
        case .integer:
            guard case .int(let number) = node.scalarValue else { return nil }
            return .integer(number)
        case .stringList:
            guard let items = node.items else { return nil }
            // `check` passes the field only when every item is a string, so an item's position in
            // the slice is its position in the list (its path's index).
            let storage = listItems ?? DocumentItems()
            listItems = storage
            let start = storage.count
            for item in items {
                if item.isStringScalar, let text = item.scalarText { storage.append(text, range: item.range) }
            }
            return .strings(storage.slice(from: start))
        case .scalarList:
            guard let items = node.items else { return nil }
            return .scalars(
                items.enumerated().compactMap { index, item in
                    guard let scalar = item.scalar else { return nil }
                    let value: ScalarItem =
                        if case .int(let number) = scalar.value { .integer(number) } else {
                            .other(text: scalar.text, typeName: scalar.value.typeName)
                        }
                    return Located(value, range: item.range, prefix: prefix, key: key, item: index)
                })
        case .principals:
            return .principals(principals(node))
        case .object(let fields):
            return .object(decode(node, specs: fields, path: join(prefix, key), holder: "'\(join(prefix, key))'"))
        case .objectList(let fields):
            guard let items = node.items else { return nil }
            var rows: [ModelRecord] = []
            rows.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                let path = "\(join(prefix, key))[\(index)]"
                guard item.entries != nil else {
                    report(
                        .typeMismatch, "an item of '\(key)' must be a mapping, found \(item.typeNameWithArticle)", item.range,
                        path: path)
                    continue
                }
                rows.append(decode(item, specs: fields, path: path, holder: "an item of '\(key)'"))
            }
            return .objects(rows)
        case .requestParameters:
            return requestParameters(node, key: key).map(ModelValue.requestParameters)
        case .secrets:
            guard node.entries != nil else { return nil }
            let storage = secretEntries ?? DocumentSecrets()
            secretEntries = storage
            let start = storage.count
            appendSecretEntries(of: node, to: storage)
            return .secrets(storage.slice(from: start))
        case .stringMap:
            return nil
        }
    }

    private mutating func principals(_ node: Node?) -> PrincipalList {
        guard let items = node?.items else { return PrincipalList([]) }
        var result: [Principal] = []
        var credentialKeys: [Located<String>] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let path = "principals[\(index)]"
            guard item.entries != nil else {
                report(.typeMismatch, "a principal must be a mapping, found \(item.typeNameWithArticle)", item.range, path: path)
                continue
            }
            let fields = checkFields(
                item, specs: Fields.principal, path: path, holder: "a principal", alsoAllowed: Vocabulary.principalCredentialKeys)
            credentialKeys += fields.alsoAllowed.map { Located($0.key, range: $0.range, path: "\(path).\($0.key)") }
            result.append(Principal(record: record(of: item, specs: Fields.principal, path: path, position: index, fields: fields)))
        }
        return PrincipalList(result, credentialKeys: credentialKeys)
    }

    // MARK: Schema checks

    /// Reports unknown, missing and mistyped fields; returns the well-typed ones, and where the
    /// mapping has a key of `alsoAllowed`.
    private mutating func checkFields(
        _ node: Node, specs: [FieldSpec], path: String, holder: String, anchor: SourceRange? = nil,
        alsoAllowed: [String] = [], isUnmanaged: Bool = false
    ) -> FieldValues {
        // Keys are matched to the field table once, by position: the rest of the reader finds a
        // field by its index, without hashing strings; `seen` is one bit per table row.
        var valid = FieldValues(specs: specs, reusing: spareRows.popLast())
        var seen: UInt64 = 0
        var seenUnknown: Set<String> = []
        // Fields an unknown key was taken for: its "did you mean" stands for `missing-field`.
        var suggested: Set<String> = []
        // Rows are read in place, for every key of every mapping: a copy of each would retain it.
        let entries = node.entries ?? EntryList()
        specs.withUnsafeBufferPointer { rows in
            for position in entries.indices {
                let keyNode = entries.key(at: position)
                guard keyNode.isStringScalar, let key = keyNode.scalarText else {
                    report(
                        .typeMismatch, "a key must be a string, found \(keyNode.typeNameWithArticle)", keyNode.range,
                        path: join(path, keyNode.scalarText ?? "?"))
                    continue
                }
                guard let index = rows.firstIndex(where: { $0.name == key }) else {
                    let isAllowed = alsoAllowed.contains(key)
                    if isAllowed { valid.alsoAllowed.append((key, keyNode.range)) }
                    guard seenUnknown.insert(key).inserted else { continue }  // duplicate-key was reported by the reader
                    if !isAllowed {
                        let names = specs.map(\.name)
                        let suggestion = Suggestions.closest(to: key, in: names)
                        if let suggestion { suggested.insert(suggestion) }
                        report(
                            .unknownField,
                            "unknown field '\(key)' in \(holder)"
                                + "; known fields: \(names.joined(separator: ", "))",
                            keyNode.range, path: join(path, key), suggestion: suggestion)
                    }
                    continue
                }
                let bit: UInt64 = 1 << UInt64(index)
                guard seen & bit == 0 else { continue }  // duplicate-key was reported by the reader
                seen |= bit
                let value = entries.value(at: position)
                if case .null = value.scalarValue, !rows[index].isRequired { continue }
                if check(value, against: rows[index], path: join(path, key)) {
                    valid.set(index, position: position)
                }
            }
        }
        for index in specs.indices
        where seen & (1 << UInt64(index)) == 0 && specs[index].isRequired
            && (!isUnmanaged || specs[index].isRequiredWhenUnmanaged) && !suggested.contains(specs[index].name)
        {
            report(
                .missingField, "missing required field '\(specs[index].name)': \(specs[index].description)",
                anchor ?? node.entries?.first?.key.range ?? node.range, path: path)
        }
        return valid
    }

    /// `path` is made only for a finding: most values are well-typed.
    private mutating func check(_ value: Node, against spec: FieldSpec, path: @autoclosure () -> String) -> Bool {
        switch spec.type {
        case .string:
            guard value.isStringScalar, let text = value.scalarText else { return mismatch(value, "a string", spec, path()) }
            return check(text, at: value, against: spec, path: path())
        case .boolean:
            guard case .bool = value.scalarValue else { return mismatch(value, "a boolean (true or false)", spec, path()) }
            return true
        case .integer:
            let number: Int?
            switch value.scalarValue {
            case .int(let value): number = value
            case .largeInt: number = nil
            default: return mismatch(value, "an integer", spec, path())
            }
            if case .range(let range) = spec.constraint, number.map(range.contains) != true {
                report(
                    .invalidValue,
                    "\(spec.name) \(value.scalarText ?? "") is out of range; allowed: \(range.lowerBound) to \(range.upperBound)",
                    value.range, path: path())
                return false
            }
            return true
        case .stringList:
            guard let items = value.items else { return mismatch(value, "a list of strings", spec, path()) }
            var allValid = true
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item.scalarValue else {
                    allValid = mismatch(item, "a string", spec, "\(path())[\(index)]") && allValid
                    continue
                }
                if spec.constraint == .scopeToken, let problem = scopeProblem(text) {
                    report(.invalidValue, problem, item.range, path: "\(path())[\(index)]")
                    allValid = false
                }
            }
            return allValid
        case .scalarList:
            guard let items = value.items else { return mismatch(value, "a list", spec, path()) }
            for (index, item) in items.enumerated() where item.scalar == nil {
                _ = mismatch(item, "a scalar", spec, "\(path())[\(index)]")
            }
            return true
        case .principals:
            guard value.items != nil else { return mismatch(value, "a list of principals", spec, path()) }
            return true
        case .object(let fields):
            guard value.entries != nil else {
                return mismatch(value, "a mapping with \(fields.map(\.name).joined(separator: ", "))", spec, path())
            }
            return true
        case .objectList:
            guard value.items != nil else { return mismatch(value, "a list of mappings", spec, path()) }
            return true
        case .stringMap:
            guard value.entries != nil else { return mismatch(value, "a mapping", spec, path()) }
            return true
        case .secrets:
            guard let entries = value.entries else {
                return mismatch(value, "a mapping of keys to environment-variable names", spec, path())
            }
            for entry in entries {
                guard case .string(let key) = entry.key.scalarValue else {
                    report(.typeMismatch, "a key of secrets must be a string, found \(entry.key.typeNameWithArticle)",
                           entry.key.range, path: "\(path()).\(entry.key.scalarText ?? "?")")
                    continue
                }
                // The value is never quoted: where it is not a name it may be the secret itself
                // (the secret scanner masked it, and every output hides it).
                guard case .string(let name) = entry.value.scalarValue, SecretInputs.isEnvironmentVariableName(name) else {
                    var finding = Finding(
                        rule: .invalidValue, message: SecretSourceMessages.notAVariableName(key), file: file,
                        range: entry.value.range, path: "\(path()).\(key)")
                    finding.rangeMayHoldSecret = true
                    findings.append(finding)
                    continue
                }
            }
            return true
        case .requestParameters:
            guard let entries = value.entries else {
                return mismatch(value, "a mapping with body, query and headers", spec, path())
            }
            for entry in entries {
                let key = entry.key.scalarText ?? "?"
                let placePath = "\(path()).\(key)"
                let places = spec.requestPlaces
                guard places.contains(key) else {
                    report(
                        .unknownField,
                        "unknown field '\(key)' in \(spec.name); known fields: \(places.joined(separator: ", "))",
                        entry.key.range, path: placePath,
                        suggestion: Suggestions.closest(to: key, in: places))
                    continue
                }
                if case .null = entry.value.scalarValue { continue }
                guard let parameters = entry.value.entries else {
                    _ = mismatch(entry.value, "a mapping of names to values", FieldSpec(key, .string, ""), placePath)
                    continue
                }
                for parameter in parameters {
                    let name = parameter.key.scalarText ?? "?"
                    guard case .string = parameter.key.scalarValue else {
                        report(.typeMismatch, "a parameter name must be a string, found \(parameter.key.typeNameWithArticle)",
                               parameter.key.range, path: "\(placePath).\(name)")
                        continue
                    }
                    if case .string = parameter.value.scalarValue { continue }
                    _ = mismatch(parameter.value, "a string", FieldSpec(name, .string, ""), "\(placePath).\(name)")
                }
            }
            return true
        }
    }

    /// The constraints the schema itself judges: closed sets and lengths. Names, URLs and
    /// status codes have rules of their own in the checker.
    private mutating func check(_ text: String, at value: Node, against spec: FieldSpec, path: @autoclosure () -> String) -> Bool {
        switch spec.constraint {
        case .oneOf(let supported, let recognised):
            if supported.contains(text) { return true }
            if recognised.contains(text) {
                report(
                    .unsupportedFlow,
                    "\(spec.name) '\(text)' is not supported yet; credc v1 checks \(supported.joined(separator: ", "))",
                    value.range, path: path())
                return true
            }
            let allowed = supported + recognised
            report(
                .invalidValue, "'\(text)' is not a valid \(spec.name); allowed: \(allowed.joined(separator: ", "))",
                value.range, path: path(), suggestion: Suggestions.closest(to: text, in: allowed))
            return false
        case .length(let range):
            let length = text.count
            if length < range.lowerBound {
                let found = length == 0 ? "is empty" : "is \(length) characters long"
                report(
                    .invalidValue, "\(spec.name) \(found); it needs \(range.lowerBound) to \(range.upperBound) characters",
                    value.range, path: path())
                return false
            }
            if length > range.upperBound {
                report(
                    .invalidValue, "\(spec.name) is \(length) characters long; at most \(range.upperBound) are allowed",
                    value.range, path: path())
                return false
            }
            return true
        case .range, .developerName, .principalName, .httpsURL, .statusCodes, .scopeToken, .requestPlaces, nil:
            return true
        }
    }

    /// What is wrong with one item of a scope list, or nil.
    private func scopeProblem(_ scope: String) -> String? {
        if scope.isEmpty { return "a scope cannot be empty" }
        guard scope.unicodeScalars.contains(where: \.properties.isWhitespace) else { return nil }
        return "scope '\(scope)' contains whitespace; each item is one scope: write [\(scope.split(whereSeparator: \.isWhitespace).joined(separator: ", "))]"
    }

    private mutating func mismatch(_ value: Node, _ expected: String, _ spec: FieldSpec, _ path: String) -> Bool {
        var found = value.typeNameWithArticle
        var suggestion: String?
        if let scalar = value.scalar {
            found += " ('\(scalar.text)')"
            if scalar.style != .plain, case .string(let text) = scalar.value,
                CoreSchema.resolvePlain(text).typeName == (spec.type == .boolean ? "boolean" : spec.type == .integer ? "integer" : "")
            {
                suggestion = text
            }
        }
        var finding = Finding(
            rule: .typeMismatch, message: "'\(spec.name)' must be \(expected), found \(found)", file: file,
            range: value.range, path: path, suggestion: suggestion)
        if suggestion != nil {
            finding.notes.append(Note("remove the quotes: credc never converts types"))
        }
        findings.append(finding)
        return false
    }

    // MARK: Typed values

    /// The well-typed parameters of a `tokenRequest`/`refreshRequest` mapping; `checkFields`
    /// reported the rest. Merge keys are followed like anywhere else in a mapping.
    private func requestParameters(_ node: Node, key: String) -> RequestParameters? {
        guard let entries = node.entries else { return nil }
        var result = RequestParameters(range: node.range)
        for entry in entries {
            guard let place = entry.key.scalarText, let parameters = entry.value.entries else { continue }
            let items: [RequestParameter] = parameters.compactMap { parameter in
                guard case .string(let name) = parameter.key.scalarValue,
                    case .string(let value) = parameter.value.scalarValue
                else { return nil }
                let path = "\(key).\(place).\(name)"
                return RequestParameter(
                    name: Located(name, range: parameter.key.range, path: path),
                    value: Located(value, range: parameter.value.range, path: path))
            }
            switch place {
            case "body": result.body += items
            case "query": result.query += items
            case "headers": result.headers += items
            default: continue
            }
        }
        return result
    }

    /// The entries of a `secrets:` mapping that name an environment variable; `check` reported
    /// the others. Their paths are made when asked (``SecretSourceList``).
    private func appendSecretEntries(of node: Node, to storage: DocumentSecrets) {
        for entry in node.entries ?? [] {
            guard case .string(let name) = entry.key.scalarValue, case .string(let variable) = entry.value.scalarValue,
                SecretInputs.isEnvironmentVariableName(variable)
            else { continue }
            storage.append(SecretEntry(key: name, keyRange: entry.key.range, variable: variable, variableRange: entry.value.range))
        }
    }

    private mutating func report(
        _ rule: RuleID, _ message: String, _ range: SourceRange, path: String, suggestion: String? = nil
    ) {
        findings.append(
            Finding(rule: rule, message: message, file: file, range: range, path: path, suggestion: suggestion))
    }
}

/// The words of the `secrets:` findings, in one place.
public enum SecretSourceMessages {
    public static func notAVariableName(_ key: String) -> String {
        "the value of '\(key)' must be the name of the environment variable it comes from ([A-Za-z_][A-Za-z0-9_]*), "
            + "never the secret itself"
    }
}

/// The well-typed fields of one mapping, by their row in the field table.
private struct FieldValues {
    let specs: [FieldSpec]
    /// Per row, the position of its entry in the mapping, or -1: positions, not nodes, so that
    /// the table's many unset rows cost no copy and no destruction of a node.
    private(set) var positions: [Int32]
    /// The rows set.
    private(set) var count = 0
    /// The keys outside the table that the mapping may still have, each time it has one.
    var alsoAllowed: [(key: String, range: SourceRange)] = []

    /// `spare` is an earlier record's positions, whose room is used again.
    init(specs: [FieldSpec], reusing spare: [Int32]? = nil) {
        precondition(specs.count <= 64, "a field table row is one bit of a 64-bit set")
        self.specs = specs
        positions = spare ?? []
        positions.removeAll(keepingCapacity: true)
        positions.append(contentsOf: repeatElement(-1, count: specs.count))
    }

    mutating func set(_ row: Int, position: Int) {
        if positions[row] < 0 { count += 1 }
        positions[row] = Int32(position)
    }
}

/// `prefix.key`, or `key` at a document's root.
private func join(_ prefix: String, _ key: String) -> String {
    prefix.isEmpty ? key : "\(prefix).\(key)"
}
