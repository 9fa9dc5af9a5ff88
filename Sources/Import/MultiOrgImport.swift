import Diagnostics
import Driver
import Manifest
import SalesforceMetadata
import Schema

/// `credc import --env NAME=DIR ...` (SPEC §8, 1.2): several orgs as one configuration.
///
/// Each org is imported alone first (``OrgImport``); the results are merged resource by
/// resource and field by field. A value the orgs agree on stays literal; one they disagree on
/// becomes a `${VARIABLE}` that each org's `Environment` document defines, where the field table
/// allows variables (``FieldSpec/allowsVariables``). Where it does not (names, references,
/// enumerated values, booleans, lists of names), the first org's value is written and a
/// diagnostic says so. A resource only some orgs hold gets `environments:`.
public struct MultiOrgImport: Sendable {
    /// One org: its environment's name and its single-org import.
    public struct Org: Sendable {
        public var name: String
        public var result: ImportResult
        /// As ``OrgImport/run(_:sources:profileGrants:displayPrefix:)`` took them, so that
        /// diagnostics point into the org's files.
        public var sources: [String: SourceFile]
        public var displayPrefix: String

        public init(name: String, result: ImportResult, sources: [String: SourceFile], displayPrefix: String) {
            self.name = name
            self.result = result
            self.sources = sources
            self.displayPrefix = displayPrefix
        }
    }

    /// The folder of the Environment documents.
    static let environmentFolder = "environments"

    public init() {}

    public func run(_ orgs: [Org]) -> ImportResult {
        var merger = Merger(orgs: orgs)
        var files: [String: String] = [:]
        let writer = ResourceText(schemaReference: "../\(OrgImport.schemaFileName)")
        var records: [ResourceKind: [ManifestRecord]] = [:]
        for kind in ResourceKind.allCases {
            var byName: [String: [(org: Int, record: ManifestRecord)]] = [:]
            for (index, org) in orgs.enumerated() {
                for record in org.result.manifest.records(of: kind) { byName[record.name, default: []].append((index, record)) }
            }
            for name in byName.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let holders = byName[name]!
                var fields = merger.resource(kind, name, holders)
                if holders.count < orgs.count {
                    fields[FieldID.environments.name] = .names(holders.map { orgs[$0.org].name })
                }
                files[OrgImport.path(kind, name)] = writer.document(kind: kind, fields: fields)
                records[kind, default: []].append(holders[0].record)
            }
        }
        for (index, org) in orgs.enumerated() {
            files["\(Self.environmentFolder)/\(org.name).yaml"] = environmentDocument(
                org.name, merger.variables.filter { $0.values[index] != nil }.map { ($0.name, $0.values[index]!) })
        }
        var diagnostics = orgs.flatMap(\.result.diagnostics) + merger.diagnostics + Self.checkErrors(files)
        diagnostics.sort(by: Diagnostic.sortKey)
        return ImportResult(
            files: files,
            manifest: Manifest(
                providers: records[.externalAuthIdentityProvider] ?? [], externalCredentials: records[.externalCredential] ?? [],
                namedCredentials: records[.namedCredential] ?? []),
            diagnostics: diagnostics)
    }

    /// Each org's resources passed `credc check` alone; merged, they must too (in every
    /// environment). An error here is credc's fault, and nothing is written.
    private static func checkErrors(_ files: [String: String]) -> [Diagnostic] {
        let analysis = Pipeline.analyze(files.map { SourceFile(path: $0.key, text: $0.value) })
        var findings = Findings(sources: [:], displayPrefix: "")
        for error in analysis.diagnostics where error.severity == .error {
            // Not check's message: it may quote a value, and a value may be a secret.
            findings.bug("\(error.file): '\(error.path)' [\(error.rule)]")
        }
        return findings.diagnostics
    }

    private func environmentDocument(_ name: String, _ variables: [(String, String)]) -> String {
        var out = "# yaml-language-server: $schema=../\(OrgImport.schemaFileName)\n"
        out += "apiVersion: \(Vocabulary.apiVersion)\nkind: \(EnvironmentSchema.kind)\nname: \(name)\n"
        guard !variables.isEmpty else { return out }
        out += "variables:\n"
        for (variable, value) in variables.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            out += "  \(variable): \(YAMLScalarText.block(value))\n"
        }
        return out
    }
}

/// A variable of the merged configuration: its value in each org (nil where it is not used).
private struct Variable {
    var name: String
    var values: [String?]
}

/// Merges the orgs' values of each field, naming the variables as it goes: in kind, name and
/// table order, so that the names are the same from run to run.
private struct Merger {
    let orgs: [MultiOrgImport.Org]
    var variables: [Variable] = []
    var diagnostics: [Diagnostic] = []

    init(orgs: [MultiOrgImport.Org]) { self.orgs = orgs }

    /// Where a value is, for naming its variable and for messages.
    struct Place {
        var kind: ResourceKind
        var resource: String
        /// The field path in the resource (`tokenUrl`, `principals[Admins].scope`).
        var path: String
        /// Words for the variable's name after the resource's (`TOKEN_URL`, `AUDIENCE`).
        var words: String
    }

    mutating func resource(
        _ kind: ResourceKind, _ name: String, _ holders: [(org: Int, record: ManifestRecord)]
    ) -> [String: ImportedValue] {
        let values = holders.map { (org: $0.org, fields: ManifestFields.fields(of: $0.record)) }
        return merge(kind.fields, values, kind: kind, resource: name, prefix: "")
    }

    private mutating func merge(
        _ specs: [FieldSpec], _ rows: [(org: Int, fields: [String: ImportedValue])], kind: ResourceKind, resource: String,
        prefix: String
    ) -> [String: ImportedValue] {
        var merged: [String: ImportedValue] = [:]
        for spec in specs {
            let values = rows.map { (org: $0.org, value: $0.fields[spec.name]) }
            let path = prefix.isEmpty ? spec.name : "\(prefix).\(spec.name)"
            let place = Place(kind: kind, resource: resource, path: path, words: path)
            merged[spec.name] = value(spec, values, place)
        }
        return merged
    }

    private mutating func value(
        _ spec: FieldSpec, _ values: [(org: Int, value: ImportedValue?)], _ place: Place
    ) -> ImportedValue? {
        let first = values[0].value
        // Equal values are written as one org's import writes them.
        if values.allSatisfy({ $0.value == first }) { return first }
        switch first {
        case .text?:
            let texts = values.map { value -> String? in if case .text(let text)? = value.value { text } else { nil } }
            guard spec.allowsVariables, texts.allSatisfy({ $0 != nil }) else { break }
            return .template(template(texts.map { $0! }, orgs: values.map(\.org), place))
        case .requestParameters(let firstParameters)?:
            let all = values.compactMap { if case .requestParameters(let parameters)? = $0.value { parameters } else { nil } }
            func names(_ parameters: ManifestRequestParameters) -> [Set<String>] {
                [Set(parameters.body.keys), Set(parameters.query.keys), Set(parameters.headers.keys)]
            }
            // Values may differ; which parameters there are may not.
            guard spec.allowsVariables, all.count == values.count, all.allSatisfy({ names($0) == names(firstParameters) })
            else { break }
            func merged(_ key: KeyPath<ManifestRequestParameters, [String: String]>) -> [String: String] {
                var result: [String: String] = [:]
                for name in firstParameters[keyPath: key].keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    let texts = all.map { $0[keyPath: key][name]! }
                    var parameterPlace = place
                    parameterPlace.path += ".\(name)"
                    parameterPlace.words = name
                    result[name] =
                        Set(texts).count == 1
                        ? ResourceText.escapingVariables(texts[0])
                        : template(texts, orgs: values.map(\.org), parameterPlace)
                }
                return result
            }
            return .templateParameters(
                ManifestRequestParameters(body: merged(\.body), query: merged(\.query), headers: merged(\.headers)))
        case .principals(let firstRows)?, .objects(let firstRows)?:
            let all = values.compactMap { value -> [[String: ImportedValue]]? in
                switch value.value {
                case .principals(let rows)?, .objects(let rows)?: rows
                default: nil
                }
            }
            let specs: [FieldSpec]
            switch spec.type {
            case .principals: specs = ManifestRecordType.principal.fields
            case .objectList(let fields): specs = fields
            default: specs = []
            }
            // Principals pair by name; other rows by position.
            let key = spec.type == .principals ? FieldID.name.name : nil
            func keys(_ rows: [[String: ImportedValue]]) -> [String] {
                rows.enumerated().map { index, row in key.flatMap { row[$0] }.map { "\($0)" } ?? "\(index)" }
            }
            guard all.count == values.count, all.allSatisfy({ keys($0) == keys(firstRows) }) else { break }
            var merged: [[String: ImportedValue]] = []
            for (index, rowKey) in keys(firstRows).enumerated() {
                let label: String = if case .name(let name)? = firstRows[index][FieldID.name.name] { name } else { rowKey }
                let rows = zip(values, all).map { (org: $0.org, fields: $1[index]) }
                merged.append(
                    merge(specs, rows, kind: place.kind, resource: place.resource, prefix: "\(place.path)[\(label)]"))
            }
            return spec.type == .principals ? .principals(merged) : .objects(merged)
        case .names(let firstItems)?:
            // Items that differ, in lists of the same length (scopes), each become a variable.
            let all = values.compactMap { if case .names(let items)? = $0.value { items } else { nil } }
            guard spec.allowsVariables, all.count == values.count, all.allSatisfy({ $0.count == firstItems.count }) else { break }
            return .names(firstItems.indices.map { index in
                let texts = all.map { $0[index] }
                return Set(texts).count == 1 ? texts[0] : template(texts, orgs: values.map(\.org), place)
            })
        case .object?:
            let all = values.compactMap { if case .object(let fields)? = $0.value { fields } else { nil } }
            guard all.count == values.count, case .object(let specs) = spec.type else { break }
            let rows = zip(values, all).map { (org: $0.org, fields: $1) }
            return .object(merge(specs, rows, kind: place.kind, resource: place.resource, prefix: place.path))
        default:
            break
        }
        mayNotVary(spec, values, place)
        return first
    }

    /// The merged text of values that differ: the host of URLs that differ only there is the
    /// variable (`https://${OKTA_HOST}/oauth2/v1/token`), otherwise the whole value.
    private mutating func template(_ texts: [String], orgs: [Int], _ place: Place) -> String {
        let parts = texts.map(Self.urlParts)
        if parts.allSatisfy({ $0 != nil }) {
            let hosts = parts.map { $0!.host }
            let rest = parts[0]!.rest
            if parts.allSatisfy({ $0!.scheme == parts[0]!.scheme && $0!.rest == rest }) {
                let name = variable(hostName(hosts, place), hosts, orgs: orgs, place)
                return "\(parts[0]!.scheme)://${\(name)}" + ResourceText.escapingVariables(rest)
            }
        }
        let name = variable(Self.upperSnake(place.resource) + "_" + Self.upperSnake(place.words), texts, orgs: orgs, place)
        return "${\(name)}"
    }

    /// `OKTA_HOST` for hosts that share `okta.com`; the resource's name otherwise.
    private func hostName(_ hosts: [String], _ place: Place) -> String {
        let labels = hosts.map { $0.lowercased().split(separator: ".").map(String.init) }
        var common: [String] = []
        while let label = labels[0].dropLast(common.count).last,
            labels.allSatisfy({ $0.count > common.count && $0[$0.count - 1 - common.count] == label })
        {
            common.insert(label, at: 0)
        }
        let base = common.count >= 2 ? common[common.count - 2] : place.resource
        return Self.upperSnake(base) + "_HOST"
    }

    /// A variable named `base` holding `texts` in `orgs`: the same one when a variable of that
    /// name holds the same values, else the name with the resource's in front, then a number.
    private mutating func variable(_ base: String, _ texts: [String], orgs: [Int], _ place: Place) -> String {
        var values = [String?](repeating: nil, count: self.orgs.count)
        for (org, text) in zip(orgs, texts) { values[org] = text }
        let resource = Self.upperSnake(place.resource)
        var candidates = [base]
        if !base.hasPrefix(resource + "_") { candidates.append(resource + "_" + base) }
        for candidate in candidates + (2...).lazy.prefix(1000).map({ "\(candidates.last!)_\($0)" }) {
            if let index = variables.firstIndex(where: { $0.name == candidate }) {
                // Used again where the orgs hold the same values: one variable for both.
                let existing = variables[index].values
                guard zip(existing, values).allSatisfy({ $0 == nil || $1 == nil || $0 == $1 }) else { continue }
                for (org, value) in values.enumerated() where value != nil { variables[index].values[org] = value }
                return candidate
            }
            variables.append(Variable(name: candidate, values: values))
            return candidate
        }
        preconditionFailure("no free variable name for \(base)")
    }

    /// A difference the field table does not let vary: the first org's value is written, and
    /// each org that differs gets a diagnostic at its resource.
    private mutating func mayNotVary(_ spec: FieldSpec, _ values: [(org: Int, value: ImportedValue?)], _ place: Place) {
        let firstOrg = orgs[values[0].org].name
        let why =
            switch spec {
            case _ where values.contains(where: { $0.value == nil }): "it is set in some of the orgs only"
            case _ where spec.allowedValues != nil: "it takes one of a fixed set of values"
            case _ where spec.type == .boolean || spec.type == .integer: "only text takes variables"
            case _ where !spec.allowsVariables: "a name or reference must be the same in every org"
            default: "its items or rows differ in number or names"
            }
        for (org, value) in values.dropFirst() where value != values[0].value {
            var findings = Findings(sources: orgs[org].sources, displayPrefix: orgs[org].displayPrefix)
            findings.emit(
                .unrepresentedState, resource: .resource(place.kind), place.resource,
                "\(place.kind.rawValue) '\(place.resource)': '\(place.path)' differs from environment '\(firstOrg)' and cannot "
                    + "become a variable (\(why)); written as '\(firstOrg)' has it, so a plan for '\(orgs[org].name)' shows the change")
            diagnostics += findings.diagnostics
        }
    }

    /// `https`, `acme.okta.com`, `/oauth2/v1/token` of an http(s) URL; nil otherwise (an
    /// audience `api://billing` names no host).
    private static func urlParts(_ text: String) -> (scheme: String, host: String, rest: String)? {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = String(text[..<separator.lowerBound])
        let afterScheme = text[separator.upperBound...]
        let hostEnd = afterScheme.firstIndex { "/?#".contains($0) } ?? afterScheme.endIndex
        let host = String(afterScheme[..<hostEnd])
        guard scheme == "https" || scheme == "http", !host.isEmpty, !host.contains("@"), !host.contains("${") else { return nil }
        return (scheme, host, String(afterScheme[hostEnd...]))
    }

    /// `Okta_Prod` → `OKTA_PROD`, `tokenUrl` → `TOKEN_URL`, `principals[Admins].scope` →
    /// `PRINCIPALS_ADMINS_SCOPE`: a variable name's words.
    static func upperSnake(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text {
            if character.isLetter || character.isNumber, character.isASCII {
                if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { out += "_" }
                out += character.uppercased()
            } else if !out.hasSuffix("_") {
                out += "_"
            }
            previous = character
        }
        while out.hasSuffix("_") { out.removeLast() }
        while out.hasPrefix("_") { out.removeFirst() }
        if out.isEmpty { return "VALUE" }
        return out.first!.isNumber ? "_" + out : out
    }
}
