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
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(identifier),
            "title": "credc v1 resource",
            "description": "One YAML document of a credc configuration: an ExternalAuthIdentityProvider, ExternalCredential or NamedCredential.",
            "type": "object",
            "required": ["apiVersion", "kind"],
            "properties": [
                "apiVersion": ["const": .string(Vocabulary.apiVersion)],
                "kind": ["enum": JSONValue(ResourceKind.allCases.map(\.rawValue))],
            ],
            "allOf": .array(conditions),
            "$defs": .object(definitions),
        ]
    }

    public static var text: String { json.prettyPrinted }

    private static func resource(_ kind: ResourceKind) -> JSONValue {
        object(kind.fields, description: kind.summary, kind: kind)
    }

    private static func object(_ fields: [FieldSpec], description: String, kind: ResourceKind? = nil) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in fields {
            properties[field.name] = property(field, kind: kind)
        }
        return [
            "type": "object",
            "description": .string(description),
            "properties": .object(properties),
            "required": JSONValue(fields.filter(\.isRequired).map(\.name)),
            "additionalProperties": false,
        ]
    }

    private static let developerNamePattern = "^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$"
    /// Letters are approximated as ASCII letters plus everything from U+00C0 up: JSON Schema
    /// regexes have no portable Unicode classes.
    private static let principalNamePattern =
        "^[A-Za-z\\u00C0-\\uFFFF]([A-Za-z0-9\\u00C0-\\uFFFF _-]*[A-Za-z0-9\\u00C0-\\uFFFF_-])?$"

    private static func property(_ field: FieldSpec, kind: ResourceKind?) -> JSONValue {
        var schema: [String: JSONValue] = ["description": .string(field.description)]
        switch field.type {
        case .string:
            schema["type"] = "string"
            if var allowed = field.allowedValues {
                if field.name == "flow", kind == .externalCredential {
                    allowed = Vocabulary.supportedCredentialFlows
                }
                schema["enum"] = JSONValue(allowed)
            }
            switch field.name {
            case "name" where kind != nil:
                schema["pattern"] = .string(developerNamePattern)
            case "name":
                schema["pattern"] = .string(principalNamePattern)
            case "tokenUrl":
                schema["pattern"] = "^https://[^\\s/?#@]+[^\\s]*$"
            case "url":
                schema["pattern"] = "^https://[^\\s/?#@]+[^\\s?]*$"
            default:
                break
            }
            if let minimum = field.minLength { schema["minLength"] = .integer(minimum) }
            if let maximum = field.maxLength { schema["maxLength"] = .integer(maximum) }
        case .boolean:
            schema["type"] = "boolean"
            if let value = field.defaultValue { schema["default"] = .bool(value == "true") }
        case .integer:
            schema["type"] = "integer"
            schema["minimum"] = 1
            schema["maximum"] = .integer(Vocabulary.maxSequence)
        case .stringList:
            var item: [String: JSONValue] = ["type": "string"]
            if field.name == "permissionSets" { item["pattern"] = .string(developerNamePattern) }
            schema["type"] = "array"
            schema["items"] = .object(item)
        case .scalarList:
            schema["type"] = "array"
            schema["uniqueItems"] = true
            schema["items"] = [
                "type": "integer",
                "anyOf": [["minimum": 400, "maximum": 499], ["minimum": 600, "maximum": 999]],
            ]
        case .principals:
            schema["type"] = "array"
            schema["items"] = ["$ref": "#/$defs/Principal"]
        }
        return .object(schema)
    }
}
