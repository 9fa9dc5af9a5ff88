import Checker
import Diagnostics
import Model
import Schema
import YAML

// Environments (SPEC §7). A configuration with `${NAME}` values is checked once per
// environment, on documents whose values are substituted before the model is built, so that
// every rule (schema lengths, secrets, URLs, scope formulas) sees what that org gets. The runs'
// findings are then joined: a finding inside a value that uses variables is reported once, at
// the `${…}`, naming the environments where it fails.

/// A string value that uses variables or escapes, where variables are allowed.
struct TemplatedValue: Sendable {
    var file: String
    /// The value node's range: findings of the substituted runs point here or inside it.
    var range: SourceRange
    var path: String
    var template: VariableTemplate
    /// The resource's `environments:`; nil when it is in every environment.
    var environments: [String]? = nil
    /// Maps offsets of the decoded (unsubstituted) value to the file.
    var sourceMap: ValueSourceMap

    /// The file range of a part (`${NAME}` or `$${`).
    func range(of part: VariableTemplate.Part) -> SourceRange {
        sourceMap.range(offset: part.offset, length: part.length)
    }
}

/// Maps offsets in a scalar's decoded value to file positions, through quotes and escapes.
struct ValueSourceMap: Sendable {
    var raw: String
    var quoting: ScalarQuoting
    var start: SourcePosition

    init(file: SourceFile, node: Node) {
        var raw = Substring(file.text(of: node.range))
        var start = node.range.start
        let quote: Character? =
            switch node.scalar?.style {
            case .singleQuoted: "'"
            case .doubleQuoted: "\""
            default: nil
            }
        // A node with an anchor or tag may start before its text, at `&name` or `!tag`: skip to
        // the opening quote, or past those properties, so that the walker starts on the value.
        var inProperty = false
        while let first = raw.first {
            if let quote {
                if first == quote { break }
            } else if first == "&" || first == "!" {
                inProperty = true
            } else if first == " " || first == "\t" || first.isNewline {
                inProperty = false
            } else if !inProperty {
                break
            }
            if first.isNewline {
                start = SourcePosition(line: start.line + 1, column: 1)
            } else {
                start.column += first.unicodeScalars.count
            }
            raw.removeFirst()
        }
        self.raw = String(raw)
        self.start = start
        quoting =
            switch node.scalar?.style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            case .plain, nil: .plain
            }
    }

    func range(offset: Int, length: Int) -> SourceRange {
        sourceRange(ofScalarOffset: offset, length: length, rawSource: Substring(raw), quoting: quoting, start: start)
    }
}

/// What the variables of one document look like: values to substitute, and misplaced or
/// malformed `${…}`.
struct TemplateScan: Sendable {
    var values: [TemplatedValue] = []
    var findings: [Finding] = []

    /// Whether a file may hold templates at all: most do not, and skip the walk.
    static func mayHoldTemplates(_ file: SourceFile) -> Bool {
        file.contains(bytes: "${")
    }

    init() {}

    /// Appends a later document's values and findings, in place: a file of many documents
    /// must not copy what the earlier ones found for each new one.
    mutating func merge(_ other: TemplateScan) {
        values += other.values
        findings += other.findings
    }

    init(document: Document, file: SourceFile) {
        guard let kind = Self.resourceKind(of: document) else {
            // `kind: ${KIND}` is no known kind (unknown-document); the variable is why, and
            // variable-syntax says that a kind takes none.
            if let node = document.root["kind"],
                let spec = ResourceKind.allCases.first?.fields.first(where: { $0.id == .kind })
            {
                scalar(node, spec: spec, path: "kind", file: file)
            }
            return
        }
        let start = values.count
        walk(document.root, specs: kind.fields, path: "", file: file)
        // Only the environments the resource is in need its variables.
        if let listed = document.root["environments"]?.items?.compactMap(\.scalarText) {
            for index in values.indices[start...] { values[index].environments = listed }
        }
    }

    /// The kind of a resource document; nil for environments and documents the model rejects.
    static func resourceKind(of document: Document) -> ResourceKind? {
        guard case .string(let text) = document.root["kind"]?.scalarValue else { return nil }
        return ResourceKind(rawValue: text)
    }

    private mutating func walk(_ node: Node, specs: [FieldSpec], path: String, file: SourceFile) {
        for entry in node.entries ?? [] {
            guard case .string(let key) = entry.key.scalarValue, let spec = specs.first(where: { $0.name == key })
            else { continue }
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            switch spec.type {
            case .principals:
                for (index, item) in (entry.value.items ?? []).enumerated() {
                    walk(item, specs: Fields.principal, path: "\(fieldPath)[\(index)]", file: file)
                }
            case .object(let fields):
                walk(entry.value, specs: fields, path: fieldPath, file: file)
            case .objectList(let fields):
                for (index, item) in (entry.value.items ?? []).enumerated() {
                    walk(item, specs: fields, path: "\(fieldPath)[\(index)]", file: file)
                }
            case .stringList, .scalarList:
                for (index, item) in (entry.value.items ?? []).enumerated() {
                    scalar(item, spec: spec, path: "\(fieldPath)[\(index)]", file: file)
                }
            case .string, .boolean, .integer, .stringMap:
                scalar(entry.value, spec: spec, path: fieldPath, file: file)
            case .secrets:
                for secret in entry.value.entries ?? [] {
                    let key = secret.key.scalarText ?? "?"
                    scalar(secret.value, spec: FieldSpec(key, .string, ""), path: "\(fieldPath).\(key)", file: file)
                }
            case .requestParameters:
                for place in entry.value.entries ?? [] {
                    for parameter in place.value.entries ?? [] {
                        let name = parameter.key.scalarText ?? "?"
                        let parameterPath = "\(fieldPath).\(place.key.scalarText ?? "?").\(name)"
                        scalar(parameter.value, spec: FieldSpec(name, .string, ""), path: parameterPath, file: file)
                    }
                }
            }
        }
    }

    private mutating func scalar(_ node: Node, spec: FieldSpec, path: String, file: SourceFile) {
        guard case .string(let text) = node.scalarValue, VariableTemplate.mayHoldTemplate(text) else { return }
        let template = VariableTemplate(text)
        let sourceMap = ValueSourceMap(file: file, node: node)
        guard spec.allowsVariables else {
            // Escapes are not read here: `$${` in a name is no variable, and name-format says why it is wrong.
            guard let span = template.uses.first.map({ ($0.part.offset, $0.part.length) })
                ?? template.problems.first.map({ ($0.offset, $0.length) })
            else { return }
            let reason =
                switch spec {
                case _ where spec.flags.contains(.header): "it says what the document is"
                case _ where spec.allowedValues != nil: "'\(spec.name)' takes one of a fixed set of values"
                case _ where spec.type != .string && spec.type != .stringList: "'\(spec.name)' is not a string"
                default: "a name or reference must be the same in every org"
                }
            findings.append(
                Finding(
                    rule: .variableSyntax, message: "a variable is not allowed in '\(spec.name)': \(reason)", file: file.path,
                    range: sourceMap.range(offset: span.0, length: span.1), path: path))
            return
        }
        for problem in template.problems {
            findings.append(
                Finding(
                    rule: .variableSyntax, message: problem.message, file: file.path,
                    range: sourceMap.range(offset: problem.offset, length: problem.length), path: path))
        }
        if template.parts.contains(where: { if case .literal = $0.segment { false } else { true } }) {
            values.append(TemplatedValue(file: file.path, range: node.range, path: path, template: template, sourceMap: sourceMap))
        }
    }
}

/// The values of one environment (or of none: then every variable is undefined), applied to documents.
struct Substitution: Sendable {
    /// The environment's name; nil when the configuration has no environment.
    var environment: String?
    var variables: [String: String]

    func apply(_ document: Document) -> Document {
        guard let kind = TemplateScan.resourceKind(of: document) else { return document }
        return Document(root: apply(document.root, specs: kind.fields), index: document.index)
    }

    private func apply(_ node: Node, specs: [FieldSpec]) -> Node {
        guard let entries = node.entries else { return node }
        var changed = false
        let result = entries.map { entry -> MappingEntry in
            guard case .string(let key) = entry.key.scalarValue, let spec = specs.first(where: { $0.name == key })
            else { return entry }
            let value: Node
            switch spec.type {
            case .principals:
                guard let items = entry.value.items else { return entry }
                value = Node.sequence(items.map { apply($0, specs: Fields.principal) }, range: entry.value.range)
            case .object(let fields):
                value = apply(entry.value, specs: fields)
            case .objectList(let fields):
                guard let items = entry.value.items else { return entry }
                value = Node.sequence(items.map { apply($0, specs: fields) }, range: entry.value.range)
            case .stringList where spec.allowsVariables:
                guard let items = entry.value.items else { return entry }
                value = Node.sequence(items.map(substitute), range: entry.value.range)
            case .string where spec.allowsVariables:
                value = substitute(entry.value)
            case .requestParameters:
                guard let places = entry.value.entries else { return entry }
                let substituted = places.map { place -> MappingEntry in
                    guard let parameters = place.value.entries else { return place }
                    let values = parameters.map {
                        MappingEntry(key: $0.key, value: substitute($0.value), isMerged: $0.isMerged)
                    }
                    return MappingEntry(
                        key: place.key, value: Node.mapping(values, range: place.value.range),
                        isMerged: place.isMerged)
                }
                value = Node.mapping(substituted, range: entry.value.range)
            case .secrets:
                guard let secrets = entry.value.entries else { return entry }
                let values = secrets.map { MappingEntry(key: $0.key, value: substitute($0.value), isMerged: $0.isMerged) }
                value = Node.mapping(values, range: entry.value.range)
            default:
                return entry
            }
            changed = true
            return MappingEntry(key: entry.key, value: value, isMerged: entry.isMerged)
        }
        return changed ? Node.mapping(result, range: node.range) : node
    }

    private func substitute(_ node: Node) -> Node {
        guard let scalar = node.scalar, case .string(let text) = scalar.value, VariableTemplate.mayHoldTemplate(text)
        else { return node }
        let substituted = VariableTemplate(text).substituted { variables[$0] }
        return Node.scalar(Scalar(text: substituted, style: scalar.style, value: .string(substituted)),
            range: node.range)
    }
}

// MARK: The runs

/// One run per checked environment (or one without values when there is none), joined.
struct EnvironmentRuns {
    var files: [SourceFile]
    var sources: [String: SourceFile]
    var environments: [Environment]
    /// The templates each file holds, from the run that found the environments.
    var templates: [TemplateScan]
    /// The files without variables, as read once: they read the same in every environment, so
    /// each environment's run takes them from here rather than read them again.
    var unsubstituted: [String: FileAnalysis]
    var options: CheckOptions

    struct Result {
        var findings: [Finding]
        var secrets: [String]
        /// The first checked environment's model, with every environment.
        var model: Model
        /// The environment `--env` named, when it exists.
        var environment: String?
    }

    func run() -> Result {
        let values = templates.flatMap(\.values)
        let named = environments.filter { $0.name.value == options.environment }
        let checked = named.isEmpty ? environments : named
        let substitutions =
            checked.isEmpty
            ? [Substitution(environment: nil, variables: [:])]
            : checked.map { environment in
                Substitution(
                    environment: environment.name.value,
                    variables: Dictionary(
                        environment.variables.map { ($0.name.value, $0.value.value) },
                        uniquingKeysWith: { first, _ in first }))
            }
        var runs: [(Substitution, [Finding])] = []
        var secrets: [String] = []
        var firstModel: Model?
        var allResources: Model?
        for substitution in substitutions {
            let templated = files.filter { unsubstituted[$0.path] == nil }
            var substituted = FileAnalysis.analyze(templated, options: options, substitution: substitution).makeIterator()
            let perFile = files.map { unsubstituted[$0.path] ?? substituted.next()! }
            var model = Model()
            var findings: [Finding] = []
            for result in perFile {
                findings += result.findings
                secrets += result.secrets
                model.merge(result.model)
            }
            for result in perFile { findings += result.modelFindings }
            // The environments are the same in every run: their names are checked once, below,
            // not once per environment, which made the rules quadratic in their number.
            model.environments = []
            if allResources == nil { allResources = model }
            if let environment = substitution.environment { model = model.inEnvironment(environment) }
            findings += Checker.check(
                model, files: sources, earlierFindings: findings, sideBySideFrom: options.rulesSideBySideFrom)
            findings = Checker.notingUncheckedReferences(findings, in: model)
            runs.append((substitution, findings))
            if firstModel == nil { firstModel = model }
        }
        // Without `--env`, the model is of every resource; with it, of that environment's.
        var model = (named.isEmpty ? allResources : firstModel) ?? Model()
        model.environments = environments
        var environmentsOnly = Model()
        environmentsOnly.environments = environments
        let findings =
            EnvironmentFindings(environments: environments, values: values).join(runs)
            + Checker.check(environmentsOnly, files: sources)
            + templates.flatMap(\.findings)
            + VariableRules(environments: environments, checked: checked, values: values).findings()
            + EnvironmentMembership.findings(allResources ?? Model(), environments: environments)
        return Result(findings: findings, secrets: secrets, model: model, environment: named.first?.name.value)
    }
}

// MARK: Joining the runs

/// The findings of each environment's run, joined into one list (see the top of this file).
struct EnvironmentFindings {
    let environments: [Environment]
    let values: [TemplatedValue]

    /// `runs` holds each checked environment's findings.
    func join(_ runs: [(Substitution, [Finding])]) -> [Finding] {
        var order: [String] = []
        var groups: [String: Group] = [:]
        for (substitution, findings) in runs {
            for finding in findings {
                var anchored = finding
                var value: TemplatedValue?
                var use: VariableTemplate.Part?
                if let found = templatedValue(containing: finding) {
                    // A value with an undefined variable was not really substituted; unknown-variable says so.
                    if found.template.uses.contains(where: { substitution.variables[$0.name] == nil }) { continue }
                    switch locate(finding.range, in: found, substitution: substitution) {
                    case .whole:
                        value = found
                    case .use(let part):
                        anchored.range = found.range(of: part)
                        (value, use) = (found, part)
                    case .literal(let range):
                        anchored.range = range
                    }
                }
                let key = "\(anchored.rule)\u{0}\(anchored.file)\u{0}\(anchored.range)"
                    + (value == nil ? "\u{0}\(anchored.message)" : "")
                if groups[key] == nil {
                    order.append(key)
                    groups[key] = Group(finding: anchored, value: value, use: use)
                }
                groups[key]?.failing.append((substitution, finding.message))
            }
        }
        return order.compactMap { key in groups[key].map { finish($0, runs: runs.map(\.0)) } }
    }

    /// One finding of the joined runs, and the runs it came from.
    private struct Group {
        var finding: Finding
        /// The templated value it is about, when it is about one.
        var value: TemplatedValue?
        /// The variable it is in; nil for a finding about the whole value, whose variable
        /// is chosen once every run is known.
        var use: VariableTemplate.Part?
        var failing: [(Substitution, String)] = []
    }

    private func finish(_ group: Group, runs: [Substitution]) -> Finding {
        var finding = group.finding
        let named = group.failing.compactMap { substitution, message in substitution.environment.map { ($0, message) } }
        // A finding every environment has alike, outside any variable, needs no environment named.
        guard !named.isEmpty, group.value != nil || Set(named.map(\.0)).count < runs.count else { return finding }
        finding.message = Self.message(named)
        guard let value = group.value,
            let part = group.use ?? explainingUse(in: value, failing: group.failing.map(\.0), runs: runs),
            case .variable(let variable) = part.segment
        else { return finding }
        finding.range = value.range(of: part)
        finding.path = value.path
        for environment in Set(named.map(\.0)).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let found = self.environment(environment), let definition = found.variable(variable) else { continue }
            finding.notes.append(
                Note(
                    "environment '\(environment)' sets \(variable) here", file: found.origin.file,
                    range: definition.value.range))
        }
        return finding
    }

    /// The variable a finding about a whole value is reported at: the first whose value
    /// differs between an environment where the finding fails and one where it does not, or
    /// the first variable when it fails everywhere.
    private func explainingUse(
        in value: TemplatedValue, failing: [Substitution], runs: [Substitution]
    ) -> VariableTemplate.Part? {
        let failingNames = Set(failing.compactMap(\.environment))
        let passing = runs.filter { !failingNames.contains($0.environment ?? "") }
        let uses = value.template.uses
        let explaining = uses.first { use in
            failing.contains { failed in passing.contains { $0.variables[use.name] != failed.variables[use.name] } }
        }
        return (explaining ?? uses.first)?.part
    }

    /// "MESSAGE (environment prod)", or for several, grouped by message.
    private static func message(_ failing: [(String, String)]) -> String {
        var messages: [String] = []
        var environments: [String: [String]] = [:]
        for (environment, message) in failing {
            if environments[message] == nil { messages.append(message) }
            if environments[message]?.contains(environment) != true { environments[message, default: []].append(environment) }
        }
        return messages.map { message in
            let names = (environments[message] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return "\(message) (\(names.count == 1 ? "environment" : "environments") \(names.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    private func environment(_ name: String) -> Environment? { environments.first { $0.name.value == name } }

    private func templatedValue(containing finding: Finding) -> TemplatedValue? {
        values.first { value in
            value.file == finding.file && value.range.start <= finding.range.start
                && finding.range.end <= value.range.end
        }
    }

    private enum Location {
        /// The finding is about the whole value.
        case whole
        case use(VariableTemplate.Part)
        case literal(SourceRange)
    }

    /// Where a finding of a substituted run belongs in the file. A finding over the whole value
    /// belongs to one of its variables (see `explainingUse`); one inside it (a scope formula's column) was mapped as if
    /// the file held the substituted text, so its offset is recovered and mapped again.
    private func locate(_ range: SourceRange, in value: TemplatedValue, substitution: Substitution) -> Location {
        let spans = value.template.substitutedSpans { substitution.variables[$0] }
        let length = spans.last?.end ?? 0
        let whole = range.start == value.range.start && range.end == value.range.end
        if !whole, let offset = (0...length).first(where: { value.sourceMap.range(offset: $0, length: 0).start == range.start }) {
            if let span = spans.first(where: { $0.start <= offset && offset < $0.end }) ?? spans.last {
                switch span.part.segment {
                case .variable: return .use(span.part)
                case .escape: return .literal(value.range(of: span.part))
                case .literal:
                    let unsubstituted = span.part.offset + min(offset - span.start, span.part.length)
                    // The finding's length, recovered the same way, kept within this literal.
                    let end = (offset...length).first { value.sourceMap.range(offset: $0, length: 0).start == range.end }
                    let findingLength = min(max(1, (end ?? span.end) - offset), span.end - offset)
                    return .literal(value.sourceMap.range(offset: unsubstituted, length: findingLength))
                }
            }
        }
        return value.template.uses.isEmpty ? .literal(range) : .whole
    }
}

// MARK: Environment membership

/// `environments:` naming an environment that no Environment document defines (SPEC §7, 1.2):
/// an `unknown-variable` error, as a `${NAME}` without a definition is.
enum EnvironmentMembership {
    static func findings(_ model: Model, environments: [Environment]) -> [Finding] {
        let defined = environments.map(\.name.value)
        var records: [(file: String, record: ModelRecord)] = []
        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider: records += model.providers.map { ($0.origin.file, $0.record) }
            case .externalCredential: records += model.externalCredentials.map { ($0.origin.file, $0.record) }
            case .namedCredential: records += model.namedCredentials.map { ($0.origin.file, $0.record) }
            }
        }
        var findings: [Finding] = []
        for (file, record) in records {
            for name in record.strings(.environments) ?? .empty where !defined.contains(name.value) {
                let message =
                    defined.isEmpty
                    ? "environment '\(name.value)' is not defined: the configuration has no Environment document; add one named '\(name.value)', or remove `environments:`"
                    : "environment '\(name.value)' is not defined; defined: \(defined.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ", "))"
                findings.append(
                    Finding(
                        rule: .unknownVariable, message: message, file: file, range: name.range, path: name.path,
                        suggestion: Suggestions.closest(to: name.value, in: defined)))
            }
        }
        return findings
    }
}

// MARK: Variable rules

/// `unknown-variable` and `unused-variable`.
struct VariableRules {
    let environments: [Environment]
    /// The environments checked: all, or the one `--env` names.
    let checked: [Environment]
    let values: [TemplatedValue]

    func findings() -> [Finding] {
        var findings: [Finding] = []
        let defined = Set(environments.flatMap { $0.variables.map(\.name.value) })
        var used: Set<String> = []
        for value in values {
            for (name, part) in value.template.uses {
                used.insert(name)
                let lacking = checked.filter {
                    $0.variable(name) == nil && value.environments?.contains($0.name.value) != false
                }.map(\.name.value)
                guard environments.isEmpty || !lacking.isEmpty else { continue }
                let message =
                    environments.isEmpty
                    ? "'${\(name)}' is not defined: the configuration has no Environment document; define \(name) in an environment's variables, or write $${ for a literal '${'"
                    : "variable '\(name)' is not defined in \(lacking.count == 1 ? "environment" : "environments") \(Self.list(lacking))"
                findings.append(
                    Finding(
                        rule: .unknownVariable, message: message, file: value.file, range: value.range(of: part), path: value.path,
                        suggestion: defined.contains(name) ? nil : Suggestions.closest(to: name, in: defined)))
            }
        }
        // One finding per unused variable, at its first definition, naming every environment
        // that defines it (a variable each environment defines was reported once per environment).
        var unused: [String] = []
        var definitions: [String: [(environment: Environment, variable: Located<String>)]] = [:]
        for environment in checked {
            for variable in environment.variables where !used.contains(variable.name.value) {
                if definitions[variable.name.value] == nil { unused.append(variable.name.value) }
                definitions[variable.name.value, default: []].append((environment, variable.name))
            }
        }
        for name in unused {
            let defined = definitions[name] ?? []
            guard let first = defined.first else { continue }
            let names = defined.map(\.environment.name.value)
            let environments = names.count == 1 ? "environment '\(names[0])'" : "environments \(Self.list(names, quoted: true))"
            findings.append(
                Finding(
                    rule: .unusedVariable, message: "variable '\(name)' of \(environments) is used by no value",
                    file: first.environment.origin.file, range: first.variable.range, path: first.variable.path,
                    notes: defined.dropFirst().map { other in
                        Note("also defined in environment '\(other.environment.name.value)'", file: other.environment.origin.file, range: other.variable.range)
                    }))
        }
        return findings
    }

    private static func list(_ names: [String], quoted: Bool = false) -> String {
        names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { quoted ? "'\($0)'" : $0 }.joined(separator: ", ")
    }
}
