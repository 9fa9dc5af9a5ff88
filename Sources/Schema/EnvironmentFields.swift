/// The field table's part of environments (SPEC §7): the Environment document's fields, and
/// which fields of resources take `${NAME}` variables.
public enum EnvironmentSchema {
    /// The `kind` of environment documents; not a `ResourceKind`, since no layer deploys it.
    public static let kind = "Environment"

    /// The grammar of a variable name: `[A-Z_][A-Z0-9_]*`.
    public static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

extension Fields {
    /// The fields of an Environment document, for decoding and `credc schema`.
    public static let environment = [
        apiVersion,
        FieldSpec(.kind, .string, required: true, "Always `Environment`.", .oneOf([EnvironmentSchema.kind]), flags: .header),
        FieldSpec(
            .name, .string, required: true,
            "Developer name of the environment (an org: dev, uat, prod), as `--env` takes it.", .developerName,
            flags: .identifies),
        FieldSpec(
            .variables, .stringMap,
            "Variables: NAME (A-Z, 0-9, _; not starting with a digit) to the string that replaces `${NAME}`."),
    ]
}

extension FieldSpec {
    /// Whether `${NAME}` may stand in this field's value (SPEC §7): string values, except
    /// names and references (``FieldFlags/sameInEveryOrg``), which identify the same thing in
    /// every org, and closed sets of values (`apiVersion` and `kind` among them).
    public var allowsVariables: Bool {
        switch type {
        // A request parameter's value (an audience, a resource) differs per org like a URL.
        case .string, .stringList, .requestParameters: break
        // A variable's name may differ per org, as `${PREFIX}_CLIENT_ID`.
        case .secrets: break
        // Their own fields say, one by one.
        case .boolean, .integer, .scalarList, .principals, .stringMap, .object, .objectList: return false
        }
        switch constraint {
        case .oneOf, .developerName, .principalName: return false
        case .length, .range, .httpsURL, .statusCodes, .scopeToken, .requestPlaces, nil: return !flags.contains(.sameInEveryOrg)
        }
    }
}
