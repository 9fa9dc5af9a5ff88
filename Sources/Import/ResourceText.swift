import Manifest
import Schema

/// A field's value as import writes it.
enum ImportedValue: Hashable, Sendable {
    /// Free text, where contract 1.1 reads `${NAME}` as a variable: written with `$${`.
    case text(String)
    /// A name, a reference or an enumerated value: never holds a variable, written verbatim.
    case name(String)
    /// Free text whose `${NAME}` are variables and whose literal `${` are already `$${` (the
    /// values of several orgs, merged): written as it is.
    case template(String)
    case boolean(Bool)
    case integer(Int)
    case names([String])
    case integers([Int])
    /// Each principal's fields, by name.
    case principals([[String: ImportedValue]])
    /// A provider's extra request parameters: names are written as they are, values as text.
    case requestParameters(ManifestRequestParameters)
    /// Request parameters whose values are templates, as ``template(_:)``.
    case templateParameters(ManifestRequestParameters)
    /// A nested mapping's fields, by name (`aws`, `jwt`).
    case object([String: ImportedValue])
    /// Rows of a list of mappings (`authHeaders`), each its fields by name.
    case objects([[String: ImportedValue]])
}

/// One resource's YAML document: the fields in the order of the field table (the order of the
/// documentation and of `credc schema`), every field at its default left out.
struct ResourceText {
    /// Where the editor finds the JSON Schema, relative to a resource file.
    let schemaReference: String

    /// The document, starting with the modeline; `fields` holds every field except
    /// `apiVersion` and `kind`. A field the table does not have is a programming error that
    /// tests catch (`ResourceTextTests`): it would be a value written nowhere.
    func document(kind: ResourceKind, fields: [String: ImportedValue]) -> String {
        var out = "# yaml-language-server: $schema=\(schemaReference)\n"
        out += "apiVersion: \(Vocabulary.apiVersion)\n"
        out += "kind: \(kind.rawValue)\n"
        for spec in kind.fields where !spec.flags.contains(.header) {
            guard let value = fields[spec.name] else { continue }
            write(spec, value, indent: "", to: &out)
        }
        return out
    }

    private func write(_ spec: FieldSpec, _ value: ImportedValue, indent: String, to out: inout String) {
        switch value {
        case .requestParameters(let parameters), .templateParameters(let parameters):
            guard !parameters.isEmpty else { return }
            let escapes = if case .requestParameters = value { true } else { false }
            out += "\(indent)\(spec.name):\n"
            for (place, values) in [("body", parameters.body), ("query", parameters.query), ("headers", parameters.headers)]
            where !values.isEmpty {
                out += "\(indent)  \(place):\n"
                for name in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    let value = YAMLScalarText.block(escapes ? Self.escapingVariables(values[name]!) : values[name]!)
                    out += "\(indent)    \(YAMLScalarText.block(name)): \(value)\n"
                }
            }
        case .principals(let rows):
            writeRows(rows, of: Fields.principal, spec, indent: indent, to: &out)
        case .objects(let rows):
            guard case .objectList(let fields) = spec.type else { return }
            writeRows(rows, of: fields, spec, indent: indent, to: &out)
        case .object(let members):
            guard case .object(let fields) = spec.type else { return }
            var body = ""
            for field in fields {
                guard let value = members[field.name] else { continue }
                write(field, value, indent: indent + "  ", to: &body)
            }
            guard !body.isEmpty else { return }
            out += "\(indent)\(spec.name):\n" + body
        default:
            guard let scalar = Self.scalarText(value), !Self.isDefault(value, of: spec) else { return }
            out += "\(indent)\(spec.name): \(scalar)\n"
        }
    }

    private func writeRows(
        _ rows: [[String: ImportedValue]], of fields: [FieldSpec], _ spec: FieldSpec, indent: String, to out: inout String
    ) {
        guard !rows.isEmpty else { return }
        out += "\(indent)\(spec.name):\n"
        for row in rows {
            var item = ""
            for field in fields {
                guard let value = row[field.name] else { continue }
                write(field, value, indent: indent + "    ", to: &item)
            }
            // The first field goes on the dash's line: `  - name: Admin`.
            out += indent + "  - " + item.dropFirst(indent.count + 4)
        }
    }

    /// The YAML text of a value; nil for what is left out (an empty list).
    static func scalarText(_ value: ImportedValue) -> String? {
        switch value {
        case .text(let text): YAMLScalarText.block(escapingVariables(text))
        case .name(let text), .template(let text): YAMLScalarText.block(text)
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .names(let names): names.isEmpty ? nil : "[" + names.map(YAMLScalarText.flow).joined(separator: ", ") + "]"
        case .integers(let values): values.isEmpty ? nil : "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .principals, .requestParameters, .templateParameters, .object, .objects: nil
        }
    }

    /// Whether the value is the field table's default (`false`, `NamedPrincipal`).
    private static func isDefault(_ value: ImportedValue, of spec: FieldSpec) -> Bool {
        switch (value, spec.defaultValue) {
        case (.boolean(let value), .bool(let defaultValue)?): value == defaultValue
        case (.name(let text), .string(let defaultValue)?), (.text(let text), .string(let defaultValue)?),
            (.template(let text), .string(let defaultValue)?):
            text == defaultValue
        default: false
        }
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`: field names as a message lists them, with
    /// whether the list is plural, so that its verb agrees ("holds" or "hold").
    static func quotedList(_ names: [String]) -> (text: String, isPlural: Bool) {
        let quoted = names.map { "'\($0)'" }
        guard let last = quoted.last, quoted.count > 1 else { return (quoted.first ?? "", false) }
        return (quoted.dropLast().joined(separator: ", ") + " and " + last, true)
    }

    /// The free-text fields whose value holds `${`, sorted by name.
    static func fieldsHoldingPlaceholders(_ fields: [String: ImportedValue]) -> [String] {
        fields.keys.sorted().filter { holdsPlaceholder(fields[$0]!) }
    }

    private static func holdsPlaceholder(_ value: ImportedValue) -> Bool {
        switch value {
        case .text(let text): text.contains("${")
        case .requestParameters(let parameters):
            [parameters.body, parameters.query, parameters.headers].contains { $0.values.contains { $0.contains("${") } }
        case .object(let members): members.values.contains(where: holdsPlaceholder)
        case .objects(let rows), .principals(let rows): rows.contains { $0.values.contains(where: holdsPlaceholder) }
        // Already merged: each org's import reported its own.
        case .name, .template, .templateParameters, .boolean, .integer, .names, .integers: false
        }
    }

    /// `${` becomes `$${`, the literal escape of contract 1.1 §7: an org value such as the
    /// Salesforce CLI's `${SF_INSTANCE_URL}` replacement placeholder stays that text instead of
    /// becoming a variable that no environment defines.
    static func escapingVariables(_ text: String) -> String {
        text.replacing("${", with: "$${")
    }
}
