import FoundationEssentials

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
    let merged = mergedPrincipalAccesses(
        into: target, grants: source.children.filter { $0.name == principalAccessElementName })
    do {
        return try merged.metadataDocument()
    } catch {
        throw .unrepresentableText(value: error.value)
    }
}

private let principalAccessElementName = "externalCredentialPrincipalAccesses"

/// `target` with every grant of `grants` replacing the one with the same reference, or added;
/// grants sorted by reference where the alphabetical element order puts them; a `label` (the
/// permission set's required field, §11) is never removed. With `projectNamespace`, a grant
/// the target spells `NS__Credential-Principal` is the same grant as `Credential-Principal`:
/// it is replaced in the target's spelling.
func mergedPrincipalAccesses(
    into target: MetadataXMLElement, grants: [MetadataXMLElement], projectNamespace: String? = nil
) -> MetadataXMLElement {
    let element = principalAccessElementName
    func reference(_ access: MetadataXMLElement) -> String? {
        access.children.first { $0.name == "externalCredentialPrincipal" }?.text
    }
    func key(_ reference: String) -> String {
        MetadataMapping.canonicalPrincipalReference(reference, projectNamespace: projectNamespace)
    }
    var accesses: [String: MetadataXMLElement] = [:]
    var spellings: [String: String] = [:]
    for access in target.children where access.name == element {
        if let reference = reference(access) {
            accesses[key(reference)] = access
            spellings[key(reference)] = reference
        }
    }
    for access in grants where access.name == element {
        guard let reference = reference(access) else { continue }
        let canonical = key(reference)
        if let spelling = spellings[canonical], spelling != reference {
            accesses[canonical] = MetadataXMLElement(
                access.name,
                children: access.children.map {
                    $0.name == "externalCredentialPrincipal" ? MetadataXMLElement($0.name, text: spelling) : $0
                })
        } else {
            accesses[canonical] = access
        }
    }
    let merged = accesses.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { accesses[$0]! }

    var children = target.children.filter { $0.name != element || reference($0) == nil }
    let insertion = children.firstIndex { $0.name.utf8.lexicographicallyPrecedes(element.utf8) == false && $0.name != element }
    children.insert(contentsOf: merged, at: insertion ?? children.endIndex)
    return MetadataXMLElement("PermissionSet", children: children)
}

/// A permission set as the org holds it, read from a retrieved folder: whole, in either the
/// classic layout (`permissionsets/NAME.permissionset-meta.xml`) or the CLI's decomposed one
/// (`permissionsets/NAME/NAME.permissionset-meta.xml` plus `NAME.<child>-meta.xml` files and
/// child folders, preset `decomposePermissionSetBeta2`, SALESFORCE.md §11).
public struct RetrievedPermissionSet: Hashable, Sendable {
    public var name: String
    /// The `<label>`, when the files have one.
    public var label: String?
    /// True when it was read from the decomposed layout.
    public var isDecomposed: Bool
    /// Files of the set that could not be read (a decomposed part of another layout, broken
    /// XML): the set is then not known whole, and is never written as if it were.
    public var unreadParts: [String] = []
    /// Every child element of every file, in file order then element order.
    var elements: [MetadataXMLElement]
    /// The project's namespace when it was read: its grants may carry the prefix.
    var projectNamespace: String?

    init(
        name: String, label: String?, isDecomposed: Bool, elements: [MetadataXMLElement], projectNamespace: String? = nil
    ) {
        self.name = name
        self.label = label
        self.isDecomposed = isDecomposed
        self.elements = elements
        self.projectNamespace = projectNamespace
    }

    /// The whole permission set in the classic layout with `grants` merged in and a `label`.
    /// Children are in the alphabetical element order retrieved files use (stable within one
    /// element name), so parts of a decomposed set come together as one file would hold them.
    func merging(_ grants: [MetadataXMLElement]) -> MetadataXMLElement {
        var children = elements.enumerated().sorted { lhs, rhs in
            lhs.element.name != rhs.element.name
                ? lhs.element.name.utf8.lexicographicallyPrecedes(rhs.element.name.utf8) : lhs.offset < rhs.offset
        }.map(\.element)
        if !children.contains(where: { $0.name == "label" }) {
            let index = children.firstIndex { !$0.name.utf8.lexicographicallyPrecedes("label".utf8) }
            children.insert(MetadataXMLElement("label", text: label ?? name), at: index ?? children.endIndex)
        }
        return mergedPrincipalAccesses(
            into: MetadataXMLElement("PermissionSet", children: children), grants: grants, projectNamespace: projectNamespace)
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
