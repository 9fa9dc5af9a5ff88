import Checker
import Diagnostics
import Driver
import JSON
import Model
import Schema
import YAML

/// Answers the requests about one document (hover, definition, completion, code actions)
/// from its text and the last analysis of the workspace.
struct DocumentQuery {
    let source: SourceFile
    let analysis: WorkspaceAnalysis
    let uriOfPath: (String) -> String
    /// How a hover names another file: relative to the workspace.
    let displayPath: (String) -> String

    var converter: PositionConverter { PositionConverter(source) }

    // MARK: Hover

    func hover(at lspPosition: LSPPosition) -> JSONValue {
        let position = converter.source(lspPosition)
        let line = Array(source.lineText(position.line).unicodeScalars)
        let index = position.column - 1
        if let rule = suppressedRule(at: index, in: line) {
            return hoverResult(
                "**`\(rule.id)`** (\(rule.defaultSeverity.rawValue) by default)\n\n\(rule.summary)\n\n`credc explain \(rule.id)` tells more.")
        }
        if let name = variable(at: index, in: line) {
            let values = analysis.models.flatMap(\.environments).compactMap { environment in
                environment.variable(name).map { "- `\(environment.name.value)`: `\($0.value.value)`" }
            }
            return hoverResult(
                "**`${\(name)}`**\n\n" + (values.isEmpty ? "defined in no environment" : values.joined(separator: "\n")))
        }
        guard let location = locate(position) else { return .null }
        if location.onKey {
            guard let field = fieldSpec(at: location.path, root: location.root) else { return .null }
            return hoverResult(Self.documentation(of: field), range: location.node.range)
        }
        if location.path == [.key("kind")], let kind = location.node.scalar.flatMap({ ResourceKind(rawValue: $0.text) }) {
            return hoverResult("**\(kind.rawValue)**\n\n\(kind.summary)", range: location.node.range)
        }
        guard case .key(let key)? = location.path.last, location.path.count == 1,
            let kind = referencedKind(key: key, root: location.root), let name = location.node.scalarText,
            let target = resource(kind, named: name)
        else { return .null }
        var text = "**\(kind.rawValue)** `\(target.name.value)`"
        if let label = target.label { text += " — \(label)" }
        text += "\n\n\(displayPath(target.file)):\(target.name.range.start.line)"
        return hoverResult(text, range: location.node.range)
    }

    private func hoverResult(_ markdown: String, range: SourceRange? = nil) -> JSONValue {
        var members: [String: JSONValue] = ["contents": ["kind": "markdown", "value": .string(markdown)]]
        if let range { members["range"] = converter.lsp(range).json }
        return .object(members)
    }

    /// A field's row of the field table, as Markdown.
    static func documentation(of field: FieldSpec) -> String {
        var text = "**`\(field.name)`**: \(ReferenceDocs.typeName(field.type, linked: false))"
        if field.isRequired { text += field.isRequiredWhenUnmanaged ? ", required" : ", required unless `unmanaged`" }
        text += "\n\n\(field.description)"
        let values = ReferenceDocs.values(field, linked: false)
        if !values.isEmpty { text += "\n\nValues: \(values)." }
        let defaultText = ReferenceDocs.defaultText(field.defaultValue)
        if !defaultText.isEmpty { text += "\n\nDefault: \(defaultText)." }
        return text
    }

    // MARK: Definition

    func definition(at lspPosition: LSPPosition) -> JSONValue {
        let position = converter.source(lspPosition)
        let line = Array(source.lineText(position.line).unicodeScalars)
        if let name = variable(at: position.column - 1, in: line) {
            var seen: Set<String> = []
            var locations: [JSONValue] = []
            for environment in analysis.models.flatMap(\.environments) {
                guard let variable = environment.variable(name) else { continue }
                let location = self.location(environment.origin.file, variable.name.range)
                if seen.insert(location.compact).inserted { locations.append(location) }
            }
            return locations.isEmpty ? .null : .array(locations)
        }
        guard let location = locate(position), !location.onKey, location.path.count == 1,
            case .key(let key)? = location.path.last, let kind = referencedKind(key: key, root: location.root),
            let name = location.node.scalarText, let target = resource(kind, named: name)
        else { return .null }
        return self.location(target.file, target.name.range)
    }

    private func location(_ file: String, _ range: SourceRange) -> JSONValue {
        ["uri": .string(uriOfPath(file)), "range": analysis.converter(for: file).lsp(range).json]
    }

    // MARK: Completion

    func completion(at lspPosition: LSPPosition) -> JSONValue {
        let lines = (1...max(source.lineCount, 1)).map { source.lineText($0) }
        var position = converter.source(lspPosition)
        position.line = min(position.line, lines.count)
        let line = Array(lines[position.line - 1].unicodeScalars)
        let cursor = min(position.column - 1, line.count)
        let prefix = Array(line[..<cursor])
        let context = CompletionContext(prefix: prefix)
        func edit(_ text: String, replacing count: Int) -> JSONValue {
            let start = SourcePosition(line: position.line, column: cursor - count + 1)
            let end = SourcePosition(line: position.line, column: cursor + 1)
            return ["range": converter.lsp(SourceRange(start: start, end: end)).json, "newText": .string(text)]
        }
        var items: [JSONValue] = []
        switch context {
        case .variable(let partial):
            let closed = cursor < line.count && line[cursor] == "}"
            var names: [String: [String]] = [:]
            for environment in analysis.models.flatMap(\.environments) {
                for variable in environment.variables { names[variable.name.value, default: []].append(environment.name.value) }
            }
            for (name, environments) in names.sorted(by: { $0.key < $1.key }) {
                items.append([
                    "label": .string(name), "kind": 6, "detail": .string("in " + environments.joined(separator: ", ")),
                    "textEdit": edit(name + (closed ? "" : "}"), replacing: partial.count),
                ])
            }
        case .key(let indent, let partial):
            let block = KeyBlock(lines: lines, line: position.line, indent: indent)
            for field in fields(parent: block.parent, lines: lines, line: position.line)
            where !block.siblings.contains(field.name) {
                items.append([
                    "label": .string(field.name), "kind": 10,
                    "detail": .string(ReferenceDocs.typeName(field.type, linked: false) + (field.isRequired ? ", required" : "")),
                    "documentation": ["kind": "markdown", "value": .string(Self.documentation(of: field))],
                    "textEdit": edit(field.name + ": ", replacing: partial.count),
                ])
            }
        case .value(let indent, let key, let partial):
            let parent = KeyBlock(lines: lines, line: position.line, indent: indent).parent
            for (value, detail) in values(key: key, parent: parent, lines: lines, line: position.line) {
                var item: [String: JSONValue] = ["label": .string(value), "kind": 12, "textEdit": edit(value, replacing: partial.count)]
                if let detail { item["detail"] = .string(detail) }
                items.append(.object(item))
            }
        case nil:
            break
        }
        return ["isIncomplete": false, "items": .array(items)]
    }

    /// The fields a mapping under `parent` (nil: the document's top level) may hold; of an
    /// external credential, those its protocol and flow take.
    private func fields(parent: String?, lines: [String], line: Int) -> [FieldSpec] {
        let kind = documentKind(lines: lines, line: line)
        guard let parent else {
            if kind == EnvironmentSchema.kind { return Fields.environment }
            guard let resourceKind = kind.flatMap(ResourceKind.init(rawValue:)) else { return Array(Fields.provider.prefix(2)) }
            guard resourceKind == .externalCredential, let row = flowRow(lines: lines, line: line) else { return resourceKind.fields }
            return resourceKind.fields.filter { row.takes(FieldPath($0.id)) }
        }
        guard let resourceKind = kind.flatMap(ResourceKind.init(rawValue:)),
            let field = Self.nestedField(named: parent, in: resourceKind.fields)
        else { return [] }
        switch field.type {
        case .principals: return Fields.principal
        case .object(let nested), .objectList(let nested): return nested
        default: return []
        }
    }

    /// The first field named `name` at any depth of `fields`: the parent of a nested mapping.
    private static func nestedField(named name: String, in fields: [FieldSpec]) -> FieldSpec? {
        for field in fields {
            if field.name == name, field.type.holdsFields { return field }
            if case .object(let nested) = field.type, let found = nestedField(named: name, in: nested) { return found }
        }
        return nil
    }

    /// The protocols-table row of the external credential holding `line`, from its top-level
    /// `protocol:` and `flow:` as written.
    private func flowRow(lines: [String], line: Int) -> FlowSpec? {
        guard let protocolName = topLevelValue("protocol", lines: lines, line: line) else { return nil }
        return ProtocolTable.row(protocol: protocolName, flow: topLevelValue("flow", lines: lines, line: line))
    }

    /// The values to offer for `key`: names of resources for references, the allowed values of
    /// a closed set, `true`/`false` for booleans; each with a detail.
    private func values(key: String, parent: String?, lines: [String], line: Int) -> [(String, String?)] {
        if parent == nil, key == "kind" {
            return (ResourceKind.allCases.map(\.rawValue) + [EnvironmentSchema.kind]).map { ($0, nil) }
        }
        let field = fields(parent: parent, lines: lines, line: line).first { $0.name == key }
        if parent == nil, let kindName = documentKind(lines: lines, line: line),
            let referenced = ResourceKind(rawValue: kindName).flatMap({ referencedKind(key: key, of: $0) })
        {
            return resources(referenced).map { target in
                (target.name.value, (target.label.map { "\($0) — " } ?? "") + displayPath(target.file))
            }
        }
        guard let field else { return [] }
        if field.id == .identityType, let row = flowRow(lines: lines, line: line) { return row.identityTypes.map { ($0, nil) } }
        if field.id == .flow, parent == nil, let protocolName = topLevelValue("protocol", lines: lines, line: line),
            kindIsCredential(lines: lines, line: line)
        {
            return ProtocolTable.flows(of: protocolName).map { ($0, nil) }
        }
        if case .oneOf(let supported, _)? = field.constraint { return supported.map { ($0, nil) } }
        if field.type == .boolean { return [("true", nil), ("false", nil)] }
        return []
    }

    private func kindIsCredential(lines: [String], line: Int) -> Bool {
        documentKind(lines: lines, line: line) == ResourceKind.externalCredential.rawValue
    }

    /// The `kind:` of the document holding `line`.
    private func documentKind(lines: [String], line: Int) -> String? {
        topLevelValue("kind", lines: lines, line: line)
    }

    /// The value of the top-level `key:` of the document holding `line`, as written.
    private func topLevelValue(_ key: String, lines: [String], line: Int) -> String? {
        var start = min(line, lines.count) - 1
        while start > 0, !lines[start].hasPrefix("---") { start -= 1 }
        var index = start
        while index < lines.count {
            let text = lines[index]
            if index > start, text.hasPrefix("---") { break }
            if text.hasPrefix(key + ":") {
                var value = text.dropFirst(key.count + 1)
                if let comment = value.firstRange(of: " #") { value = value[..<comment.lowerBound] }
                return String(value.trimmingSpaces.filter { $0 != "\"" && $0 != "'" })
            }
            index += 1
        }
        return nil
    }

    // MARK: Code actions

    /// The fix-its of the diagnostics overlapping `range`, as quick fixes.
    func codeActions(in range: LSPRange, uri: String) -> JSONValue {
        var actions: [JSONValue] = []
        for diagnostic in analysis.diagnostics where diagnostic.file == source.path && !diagnostic.fixes.isEmpty {
            let diagnosticRange = converter.lsp(diagnostic.range)
            guard diagnosticRange.start <= range.end, range.start <= diagnosticRange.end else { continue }
            let lspDiagnostic = analysis.lspDiagnostic(diagnostic, uriOfPath: uriOfPath)
            for fix in diagnostic.fixes {
                let edits = fix.edits.map { edit -> JSONValue in
                    ["range": converter.lsp(edit.range).json, "newText": .string(edit.text)]
                }
                actions.append([
                    "title": .string(fix.message), "kind": "quickfix", "diagnostics": [lspDiagnostic],
                    "isPreferred": .bool(fix.isSafe), "edit": ["changes": [uri: .array(edits)]],
                ])
            }
        }
        return .array(actions)
    }

    // MARK: The tree at the cursor

    enum PathStep: Hashable {
        case key(String)
        case index(Int)
    }

    struct TreeLocation {
        var root: Node
        /// From the document's root to the entry or item at the cursor.
        var path: [PathStep]
        /// On the key of the last step's entry, or on its (scalar) value.
        var onKey: Bool
        var node: Node
    }

    func locate(_ position: SourcePosition) -> TreeLocation? {
        func contains(_ range: SourceRange) -> Bool { range.start <= position && position <= range.end }
        func descend(_ node: Node, root: Node, path: [PathStep]) -> TreeLocation? {
            switch node.content {
            case .scalar:
                return nil
            case .mapping(let entries):
                for entry in entries where !entry.isMerged {
                    guard let key = entry.key.scalarText else { continue }
                    if contains(entry.key.range) {
                        return TreeLocation(root: root, path: path + [.key(key)], onKey: true, node: entry.key)
                    }
                    if contains(entry.value.range) {
                        if entry.value.scalar != nil {
                            return TreeLocation(root: root, path: path + [.key(key)], onKey: false, node: entry.value)
                        }
                        if let found = descend(entry.value, root: root, path: path + [.key(key)]) { return found }
                    }
                }
                return nil
            case .sequence(let items):
                for (index, item) in items.enumerated() where contains(item.range) {
                    if item.scalar != nil {
                        return TreeLocation(root: root, path: path + [.index(index)], onKey: false, node: item)
                    }
                    if let found = descend(item, root: root, path: path + [.index(index)]) { return found }
                }
                return nil
            }
        }
        for document in YAMLReader.read(source).documents where contains(document.root.range) {
            if let found = descend(document.root, root: document.root, path: []) { return found }
        }
        return nil
    }

    /// The field table's row for the key at `path`.
    func fieldSpec(at path: [PathStep], root: Node) -> FieldSpec? {
        let kind = root["kind"]?.scalarText
        if path.count == 1, case .key(let name) = path[0] {
            let fields = kind == EnvironmentSchema.kind ? Fields.environment : kind.flatMap(ResourceKind.init(rawValue:))?.fields
            return fields?.first { $0.name == name }
        }
        if path.count == 3, path[0] == .key("principals"), case .index = path[1], case .key(let name) = path[2],
            kind == ResourceKind.externalCredential.rawValue
        {
            return Fields.principal.first { $0.name == name }
        }
        return nil
    }

    private func referencedKind(key: String, root: Node) -> ResourceKind? {
        root["kind"]?.scalar.flatMap { ResourceKind(rawValue: $0.text) }.flatMap { referencedKind(key: key, of: $0) }
    }

    /// The kind a reference field of `kind` names.
    private func referencedKind(key: String, of kind: ResourceKind) -> ResourceKind? {
        switch kind {
        case .externalAuthIdentityProvider: nil
        case .externalCredential: key == "identityProvider" ? .externalAuthIdentityProvider : nil
        case .namedCredential: key == "externalCredential" ? .externalCredential : nil
        }
    }

    // MARK: Resources

    struct ResourceTarget {
        var name: Located<String>
        var label: String?
        var file: String
    }

    private func resources(_ kind: ResourceKind) -> [ResourceTarget] {
        var seen: Set<String> = []
        return analysis.models.flatMap { model -> [ResourceTarget] in
            switch kind {
            case .externalAuthIdentityProvider:
                model.providers.map { ResourceTarget(name: $0.name, label: $0.label?.value, file: $0.origin.file) }
            case .externalCredential:
                model.externalCredentials.map { ResourceTarget(name: $0.name, label: $0.label?.value, file: $0.origin.file) }
            case .namedCredential:
                model.namedCredentials.map { ResourceTarget(name: $0.name, label: $0.label?.value, file: $0.origin.file) }
            }
        }.filter { seen.insert($0.name.value).inserted }
    }

    private func resource(_ kind: ResourceKind, named name: String) -> ResourceTarget? {
        resources(kind).first { $0.name.value == name }
    }

    // MARK: Text at the cursor

    /// The rule named at `index` in a `# credc:ignore RULE,...` comment on `line`.
    private func suppressedRule(at index: Int, in line: [Unicode.Scalar]) -> RuleDescriptor? {
        let text = String(String.UnicodeScalarView(line))
        guard let marker = text.firstRange(of: "credc:ignore"), text[..<marker.lowerBound].contains("#") else { return nil }
        let markerEnd = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: marker.upperBound)
        guard index >= markerEnd, index <= line.count else { return nil }
        func isRuleCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
        var start = index
        while start > markerEnd, isRuleCharacter(line[start - 1]) { start -= 1 }
        var end = index
        while end < line.count, isRuleCharacter(line[end]) { end += 1 }
        guard start < end else { return nil }
        return Rules.find(String(String.UnicodeScalarView(line[start..<end])))
    }

    /// The variable of the `${NAME}` that `index` is on (or just after) on `line`.
    private func variable(at index: Int, in line: [Unicode.Scalar]) -> String? {
        var open = 0
        while open + 1 < line.count {
            guard line[open] == "$", line[open + 1] == "{" else {
                open += 1
                continue
            }
            // `$${` is the text `${`, no variable.
            if open > 0, line[open - 1] == "$" {
                open += 2
                continue
            }
            guard let close = line[(open + 2)...].firstIndex(of: "}") else { return nil }
            if open <= index, index <= close {
                let name = String(String.UnicodeScalarView(line[(open + 2)..<close]))
                return EnvironmentSchema.isVariableName(Substring(name)) ? name : nil
            }
            open = close + 1
        }
        return nil
    }
}

/// What the text before the cursor is: where completion is asked for.
enum CompletionContext {
    /// Inside `${`, after `partial`.
    case variable(partial: [Unicode.Scalar])
    /// Where a key starts, at `indent` (a list item's `- ` counted).
    case key(indent: Int, partial: [Unicode.Scalar])
    /// After `key: `.
    case value(indent: Int, key: String, partial: [Unicode.Scalar])

    init?(prefix: [Unicode.Scalar]) {
        if let open = prefix.lastIndex(of: "{"), open > 0, prefix[open - 1] == "$",
            !prefix[open...].contains("}"), open < 2 || prefix[open - 2] != "$"
        {
            self = .variable(partial: Array(prefix[(open + 1)...]))
            return
        }
        var index = 0
        while index < prefix.count, prefix[index] == " " { index += 1 }
        if index + 1 < prefix.count, prefix[index] == "-", prefix[index + 1] == " " {
            index += 2
            while index < prefix.count, prefix[index] == " " { index += 1 }
        }
        let indent = index
        let isWord: (Unicode.Scalar) -> Bool = { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        var keyEnd = indent
        while keyEnd < prefix.count, isWord(prefix[keyEnd]) { keyEnd += 1 }
        if keyEnd == prefix.count {
            self = .key(indent: indent, partial: Array(prefix[indent...]))
            return
        }
        guard keyEnd > indent, prefix[keyEnd] == ":", keyEnd + 1 < prefix.count, prefix[keyEnd + 1] == " " else { return nil }
        var valueStart = keyEnd + 1
        while valueStart < prefix.count, prefix[valueStart] == " " { valueStart += 1 }
        let partial = Array(prefix[valueStart...])
        guard !partial.contains(" "), !partial.contains("#") else { return nil }
        self = .value(indent: indent, key: String(String.UnicodeScalarView(prefix[indent..<keyEnd])), partial: partial)
    }
}

/// The mapping a key at `indent` on `line` belongs to, read from the lines above and below:
/// its parent key (nil at a document's top level) and the keys already in it.
struct KeyBlock {
    var parent: String?
    var siblings: Set<String> = []

    init(lines: [String], line: Int, indent: Int) {
        func shape(_ text: String) -> (indent: Int, contentIndent: Int, key: String?, isItem: Bool)? {
            let scalars = Array(text.unicodeScalars)
            var index = 0
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, scalars[index] != "#" else { return nil }
            let lineIndent = index
            var isItem = false
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == " " {
                isItem = true
                index += 2
                while index < scalars.count, scalars[index] == " " { index += 1 }
            }
            let rest = String(String.UnicodeScalarView(scalars[index...]))
            let key = rest.firstIndex(of: ":").map { String(rest[..<$0]) }.flatMap { $0.contains(" ") ? nil : $0 }
            return (lineIndent, index, key, isItem)
        }
        var index = line - 2
        // Keys above belong to this mapping up to the `- ` that starts it, if it is a list item.
        var inMapping = true
        while index >= 0 {
            let text = lines[index]
            if text.hasPrefix("---") { break }
            if let shape = shape(text) {
                if inMapping, shape.contentIndent == indent, let key = shape.key { siblings.insert(key) }
                if shape.isItem, shape.contentIndent == indent { inMapping = false }
                if shape.contentIndent < indent {
                    parent = shape.key
                    break
                }
            }
            index -= 1
        }
        index = line
        while index < lines.count {
            let text = lines[index]
            if text.hasPrefix("---") { break }
            if let shape = shape(text) {
                if shape.contentIndent < indent || (shape.isItem && shape.contentIndent == indent) { break }
                if shape.contentIndent == indent, let key = shape.key { siblings.insert(key) }
            }
            index += 1
        }
    }
}
