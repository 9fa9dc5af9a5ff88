import JSON

/// The JSON Schema (2020-12) of the input format, generated from the same field tables the
/// model decodes with, so that editors and the checker cannot disagree on the schema.
public enum InputSchema {
    public static let identifier = "urn:credc:schema:credc-v1"

    public static var json: JSONValue {
        var definitions: [String: JSONValue] = [:]
        var conditions: [JSONValue] = []
        for kind in ResourceKind.allCases {
            definitions[kind.rawValue] = resource(kind)
            conditions.append([
                "if": ["properties": ["kind": ["const": .string(kind.rawValue)]], "required": ["kind"]],
                "then": ["$ref": .string("#/$defs/\(kind.rawValue)")],
            ])
        }
        definitions["Principal"] = object(Fields.principal, description: "A principal of an external credential.")
        definitions[EnvironmentSchema.kind] = object(
            Fields.environment,
            description: "An org the configuration deploys to (not a resource): the values of its `${NAME}` variables.")
        conditions.append([
            "if": ["properties": ["kind": ["const": .string(EnvironmentSchema.kind)]], "required": ["kind"]],
            "then": ["$ref": .string("#/$defs/\(EnvironmentSchema.kind)")],
        ])
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(identifier),
            "title": "credc v1 resource",
            "description": "One YAML document of a credc configuration: an ExternalAuthIdentityProvider, ExternalCredential, NamedCredential or Environment.",
            "type": "object",
            "required": ["apiVersion", "kind"],
            "properties": [
                "apiVersion": ["const": .string(Vocabulary.apiVersion)],
                "kind": ["enum": JSONValue(ResourceKind.allCases.map(\.rawValue) + [EnvironmentSchema.kind])],
            ],
            "allOf": .array(conditions),
            "$defs": .object(definitions),
        ]
    }

    public static var text: String { json.prettyPrinted }

    private static func resource(_ kind: ResourceKind) -> JSONValue {
        let schema = object(kind.fields, description: kind.summary)
        guard kind == .externalCredential, case .object(var members) = schema else { return schema }
        members["allOf"] = .array(flowConditions)
        return .object(members)
    }

    /// The protocols table as conditions: per protocol, the flows it takes (and that it needs
    /// one when it has no default); per row, the fields it requires and those it does not take.
    private static var flowConditions: [JSONValue] {
        var conditions: [JSONValue] = []
        for protocolName in Set(ProtocolTable.flows.map(\.protocol)).sorted() {
            let flows = ProtocolTable.flows(of: protocolName)
            var then: [String: JSONValue] =
                flows.isEmpty
                ? ["not": ["required": ["flow"]]] : ["properties": ["flow": ["enum": JSONValue(flows)]]]
            if !flows.isEmpty, ProtocolTable.defaultFlows[protocolName] == nil { then["required"] = ["flow"] }
            conditions.append([
                "if": ["properties": ["protocol": ["const": .string(protocolName)]], "required": ["protocol"]],
                "then": .object(then),
            ])
        }
        let optionalFields = Fields.externalCredential.filter { !ProtocolTable.common.contains($0.id) }
        for row in ProtocolTable.flows {
            var match: [String: JSONValue] = ["protocol": ["const": .string(row.protocol)]]
            var matchRequired: [JSONValue] = ["protocol"]
            if let flow = row.flow {
                match["flow"] = ["const": .string(flow)]
                // The default flow also matches a credential that leaves `flow` out.
                if ProtocolTable.defaultFlows[row.protocol] != flow { matchRequired.append("flow") }
            }
            var properties: [String: JSONValue] = [:]
            for field in optionalFields where !row.takes(FieldPath(field.id)) { properties[field.name] = false }
            var required = row.required.filter { $0.parts.count == 1 }.map { JSONValue.string($0.description) }
            var nested: [FieldID: [JSONValue]] = [:]
            for path in row.required where path.parts.count == 2 { nested[path.parts[0], default: []].append(.string(path.parts[1].name)) }
            for (parent, fields) in nested {
                required.append(.string(parent.name))
                properties[parent.name] = ["required": .array(fields)]
            }
            conditions.append([
                "if": ["properties": .object(match), "required": .array(matchRequired)],
                "then": ["required": .array(required), "properties": .object(properties)],
            ])
        }
        return conditions
    }

    private static func object(_ fields: [FieldSpec], description: String) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in fields {
            properties[field.name] = property(field)
        }
        var schema: [String: JSONValue] = [
            "type": "object",
            "description": .string(description),
            "properties": .object(properties),
            "required": JSONValue(fields.filter { $0.isRequired && $0.isRequiredWhenUnmanaged }.map(\.name)),
            "additionalProperties": false,
        ]
        // A provider that is `unmanaged: true` needs only its name; a managed one the rest.
        let managedOnly = fields.filter { $0.isRequired && !$0.isRequiredWhenUnmanaged }.map(\.name)
        if !managedOnly.isEmpty {
            schema["if"] = ["properties": ["unmanaged": ["const": true]], "required": ["unmanaged"]]
            schema["else"] = ["required": JSONValue(managedOnly)]
        }
        return .object(schema)
    }

    private static let developerNamePattern = "^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$"
    /// Letters are approximated as ASCII letters plus everything from U+00C0 up: JSON Schema
    /// regexes have no portable Unicode classes.
    private static let principalNamePattern =
        "^[A-Za-z\\u00C0-\\uFFFF]([A-Za-z0-9\\u00C0-\\uFFFF _-]*[A-Za-z0-9\\u00C0-\\uFFFF_-])?$"

    private static func property(_ field: FieldSpec) -> JSONValue {
        var schema: [String: JSONValue] = ["description": .string(field.description)]
        switch field.type {
        case .string:
            schema["type"] = "string"
            constrainText(field.constraint, &schema)
            allowVariables(field, &schema)
        case .boolean:
            schema["type"] = "boolean"
        case .integer:
            schema["type"] = "integer"
            constrainText(field.constraint, &schema)
        case .stringList:
            var item: [String: JSONValue] = ["type": "string"]
            constrainText(field.constraint, &item)
            allowVariables(field, &item)
            schema["type"] = "array"
            schema["items"] = .object(item)
        case .scalarList:
            schema["type"] = "array"
            if case .statusCodes(let ranges) = field.constraint {
                schema["uniqueItems"] = true
                schema["items"] = [
                    "type": "integer",
                    "anyOf": .array(ranges.map { ["minimum": .integer($0.lowerBound), "maximum": .integer($0.upperBound)] }),
                ]
            }
        case .principals:
            schema["type"] = "array"
            schema["items"] = ["$ref": "#/$defs/Principal"]
        case .object(let fields):
            guard case .object(let members) = object(fields, description: field.description) else { break }
            schema.merge(members) { _, nested in nested }
        case .objectList(let fields):
            schema["type"] = "array"
            schema["items"] = object(fields, description: "One row.")
        case .stringMap:
            schema["type"] = "object"
            schema["propertyNames"] = ["pattern": "^[A-Z_][A-Z0-9_]*$"]
            schema["additionalProperties"] = ["type": "string"]
        case .secrets:
            // Keys depend on the holder's protocol and flow (SecretInputs); values are names.
            var value: [String: JSONValue] = ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"]
            allowVariables(field, &value)
            schema["type"] = "object"
            schema["additionalProperties"] = .object(value)
        case .requestParameters:
            // Header names are HTTP tokens (RFC 9110 §5.6.2); body and query names are free text.
            let values: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
            schema["type"] = "object"
            schema["additionalProperties"] = false
            let places: [String: JSONValue] = [
                "body": values, "query": values,
                "headers": [
                    "type": "object", "additionalProperties": ["type": "string"],
                    "propertyNames": ["pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"],
                ],
            ]
            schema["properties"] = .object(places.filter { field.requestPlaces.contains($0.key) })
        }
        switch field.defaultValue {
        case .bool(let value): schema["default"] = .bool(value)
        case .string(let value): schema["default"] = .string(value)
        case nil: break
        }
        return .object(schema)
    }

    /// A value that uses a variable (SPEC §7) is checked once substituted, so where variables
    /// are allowed it may match the variable pattern instead of the field's own; where they
    /// are not, `${` is refused.
    private static func allowVariables(_ field: FieldSpec, _ schema: inout [String: JSONValue]) {
        if field.allowsVariables, let pattern = schema.removeValue(forKey: "pattern") {
            schema["anyOf"] = [["pattern": pattern], ["pattern": "\\$\\{[A-Z_][A-Z0-9_]*\\}"]]
        } else if !field.allowsVariables, schema["pattern"] == nil, schema["enum"] == nil {
            schema["not"] = ["pattern": "\\$\\{"]
        }
    }

    /// The keywords of a text or integer value's constraint, for another schema made from the
    /// table (the manifest's).
    public static func constraintKeywords(_ constraint: FieldConstraint?) -> [String: JSONValue] {
        var schema: [String: JSONValue] = [:]
        constrainText(constraint, &schema)
        return schema
    }

    /// The keywords of a text value's constraint, or an integer's range. A closed set lists only
    /// the supported values: editors should not offer what credc refuses.
    private static func constrainText(_ constraint: FieldConstraint?, _ schema: inout [String: JSONValue]) {
        switch constraint {
        case .oneOf(let supported, _):
            schema["enum"] = JSONValue(supported)
        case .length(let range):
            schema["minLength"] = .integer(range.lowerBound)
            schema["maxLength"] = .integer(range.upperBound)
        case .developerName:
            schema["pattern"] = .string(developerNamePattern)
            schema["maxLength"] = .integer(Naming.maxDeveloperNameLength)
        case .principalName:
            schema["pattern"] = .string(principalNamePattern)
            schema["minLength"] = 1
            schema["maxLength"] = .integer(Naming.maxPrincipalNameLength)
        case .httpsURL(let allowsQuery):
            schema["pattern"] = .string(allowsQuery ? "^https://[^\\s/?#@]+[^\\s]*$" : "^https://[^\\s/?#@]+[^\\s?]*$")
        case .scopeToken:
            schema["pattern"] = "^\\S+$"
        case .range(let range):
            schema["minimum"] = .integer(range.lowerBound)
            schema["maximum"] = .integer(range.upperBound)
        case .statusCodes, .requestPlaces, nil:
            break
        }
    }
}
