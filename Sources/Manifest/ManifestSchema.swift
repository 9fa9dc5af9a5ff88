import JSON
import Schema

/// The JSON Schema (2020-12) of the manifest, generated from the field table like the input's
/// (`credc schema --manifest` prints it, `Schemas/manifest-v1.schema.json` is its output), so
/// that a field added to the table is in the schema with no change here.
///
/// A record's every field is required except those a state written before them lacks
/// (``FieldFlags/optionalInState``); optional text without a default is a string or `null`;
/// lists of names are sets, as the manifest normalizes them.
public enum ManifestSchema {
    public static var json: JSONValue {
        var definitions: [String: JSONValue] = [:]
        for kind in ResourceKind.allCases {
            definitions[kind.rawValue] = object(.resource(kind), description: kind.summary)
        }
        definitions["Principal"] = object(.principal, description: "A principal of an external credential.")
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://credc.dev/schemas/manifest-v1.schema.json",
            "title": "credc deployment manifest, version 1",
            "description": .string(
                "What 'credc build' writes and 'credc plan --state' reads. Resources are in dependency order: "
                    + ResourceKind.allCases.map(\.rawValue).joined(separator: ", ") + "; by name within a kind."),
            "type": "object",
            "required": ["manifestVersion", "digest", "resources"],
            "additionalProperties": false,
            "properties": [
                "manifestVersion": ["const": .integer(Manifest.version)],
                "digest": [
                    "description": "SHA-256 of the RFC 8785 (JCS) serialization of 'resources'.",
                    "type": "string", "pattern": "^sha256:[0-9a-f]{64}$",
                ],
                "environment": .object(
                    ["description": "The environment (kind: Environment) whose variable values the resources hold; absent without environments. Not part of the digest."]
                        .merging(InputSchema.constraintKeywords(.developerName)) { first, _ in first }),
                "resources": [
                    "type": "array",
                    "items": ["oneOf": .array(ResourceKind.allCases.map { ["$ref": .string("#/$defs/\($0.rawValue)")] })],
                ],
            ],
            "$defs": .object(definitions),
        ]
    }

    /// `json` pretty-printed, ending with one newline.
    public static var text: String { json.prettyPrinted }

    private static func object(_ type: ManifestRecordType, description: String) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [String] = []
        if case .resource(let kind) = type {
            properties["kind"] = ["const": .string(kind.rawValue)]
            required.append("kind")
        }
        var managedOnly: [String: JSONValue] = [:]
        for field in type.fields {
            properties[field.name] = property(field)
            if !field.flags.contains(.optionalInState) { required.append(field.name) }
            if field.flags.contains(.optionalWhenUnmanaged), case .object(var schema)? = properties[field.name] {
                // Null for an unmanaged provider that leaves it unset; a string otherwise.
                schema["type"] = ["string", "null"]
                if case .array(let values)? = schema["enum"] { schema["enum"] = .array(values + [.null]) }
                properties[field.name] = .object(schema)
                managedOnly[field.name] = ["type": "string"]
            }
        }
        var object: [String: JSONValue] = [
            "type": "object",
            "description": .string(description),
            "required": JSONValue(required),
            "additionalProperties": false,
            "properties": .object(properties),
        ]
        if !managedOnly.isEmpty {
            object["$comment"] = "An unmanaged provider exists in the org and is never deployed: what it leaves unset is null."
            object["if"] = ["properties": ["unmanaged": ["const": false]]]
            object["then"] = ["properties": .object(managedOnly)]
        }
        return .object(object)
    }

    private static func property(_ field: FieldSpec) -> JSONValue {
        var schema: [String: JSONValue] = ["description": .string(field.description)]
        switch field.type {
        case .string:
            schema.merge(text(field.constraint)) { first, _ in first }
            if !field.isRequired && field.defaultValue == nil {
                // Optional text without a default is `null` when absent; a closed set lists null too.
                schema["type"] = ["string", "null"]
                if case .array(let values)? = schema["enum"] { schema["enum"] = .array(values + [.null]) }
            } else {
                schema["type"] = "string"
            }
        case .boolean:
            schema["type"] = "boolean"
        case .integer:
            schema["type"] = !field.isRequired && field.defaultValue == nil ? ["integer", "null"] : "integer"
            schema.merge(InputSchema.constraintKeywords(field.constraint)) { first, _ in first }
        case .object(let fields):
            // Null when the credential has none (`aws` of an OAuth credential).
            schema["type"] = ["object", "null"]
            schema.merge(nested(fields)) { first, _ in first }
        case .objectList(let fields):
            schema["type"] = "array"
            schema["items"] = .object(nested(fields).merging(["type": "object"]) { first, _ in first })
        case .stringList:
            schema["type"] = "array"
            schema["uniqueItems"] = true
            schema["items"] = .object(text(field.constraint).merging(["type": "string"]) { first, _ in first })
        case .scalarList:
            schema["type"] = "array"
            schema["uniqueItems"] = true
            var item: [String: JSONValue] = ["type": "integer"]
            if case .statusCodes(let ranges) = field.constraint {
                item["anyOf"] = .array(ranges.map { ["minimum": .integer($0.lowerBound), "maximum": .integer($0.upperBound)] })
            }
            schema["items"] = .object(item)
        case .principals:
            schema["type"] = "array"
            schema["items"] = ["$ref": "#/$defs/Principal"]
        case .stringMap, .secrets: preconditionFailure("no manifest record has a mapping of strings")
        case .requestParameters:
            let values: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
            schema["type"] = "object"
            schema["required"] = JSONValue(Vocabulary.requestParameterPlaces)
            schema["additionalProperties"] = false
            schema["properties"] = .object(Dictionary(uniqueKeysWithValues: Vocabulary.requestParameterPlaces.map { ($0, values) }))
        }
        return .object(schema)
    }

    /// The keywords of a nested mapping: every field written.
    private static func nested(_ fields: [FieldSpec]) -> [String: JSONValue] {
        [
            "required": JSONValue(fields.filter { !$0.flags.contains(.optionalInState) }.map(\.name)),
            "additionalProperties": false,
            "properties": .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, property($0)) })),
        ]
    }

    /// A text constraint's keywords; a closed set lists every value credc recognises, since a
    /// state is read, not edited.
    private static func text(_ constraint: FieldConstraint?) -> [String: JSONValue] {
        if case .oneOf(let supported, let recognised)? = constraint { return ["enum": JSONValue(supported + recognised)] }
        return InputSchema.constraintKeywords(constraint)
    }
}
