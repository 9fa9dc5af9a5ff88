import Foundation

/// Merges the principal grants of an exported (partial) permission-set file into the project's
/// full permission-set file, so a deploy does not overwrite the permission set's other content.
///
/// Every `externalCredentialPrincipalAccesses` of `grants` replaces the entry with the same
/// `externalCredentialPrincipal` in `permissionSet` or is added; the permission set's other
/// elements and other grants are kept. Grants are kept sorted by reference and placed where
/// the alphabetical element order of retrieved files puts them. The result is re-serialized
/// in the retrieved layout (four-space indentation); comments are not kept.
public func mergePrincipalAccesses(into permissionSet: Data, grants: Data) throws(PermissionSetMergeError) -> Data {
    let target = try parsedPermissionSet(permissionSet, role: "permission set")
    let source = try parsedPermissionSet(grants, role: "grants")
    let element = "externalCredentialPrincipalAccesses"

    func reference(_ access: MetadataXMLElement) -> String? {
        access.children.first { $0.name == "externalCredentialPrincipal" }?.text
    }
    var accesses: [String: MetadataXMLElement] = [:]
    for access in target.children where access.name == element {
        if let key = reference(access) { accesses[key] = access }
    }
    for access in source.children where access.name == element {
        if let key = reference(access) { accesses[key] = access }
    }
    let merged = accesses.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { accesses[$0]! }

    var children = target.children.filter { $0.name != element || reference($0) == nil }
    let insertion = children.firstIndex { $0.name.utf8.lexicographicallyPrecedes(element.utf8) == false && $0.name != element }
    children.insert(contentsOf: merged, at: insertion ?? children.endIndex)
    do {
        return try MetadataXMLElement("PermissionSet", children: children).metadataDocument()
    } catch {
        throw .unrepresentableText(value: error.value)
    }
}

private func parsedPermissionSet(_ data: Data, role: String) throws(PermissionSetMergeError) -> MetadataXMLElement {
    switch parseMetadataXML(data) {
    case .failure(let malformed):
        throw .malformed(role: role, line: malformed.line, column: malformed.column, reason: malformed.reason)
    case .success(let root):
        guard root.name == "PermissionSet" else { throw .notAPermissionSet(role: role, rootElement: root.name) }
        return root
    }
}

/// Why ``mergePrincipalAccesses(into:grants:)`` failed.
public enum PermissionSetMergeError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(role: String, line: Int, column: Int, reason: String)
    case notAPermissionSet(role: String, rootElement: String)
    case unrepresentableText(value: String)

    public var description: String {
        switch self {
        case .malformed(let role, let line, let column, let reason):
            "the \(role) file is malformed XML at line \(line), column \(column): \(reason)"
        case .notAPermissionSet(let role, let rootElement):
            "the \(role) file's root element is <\(rootElement)>, not <PermissionSet>"
        case .unrepresentableText(let value):
            "\(value.debugDescription) contains a control character that XML 1.0 cannot represent"
        }
    }
}
