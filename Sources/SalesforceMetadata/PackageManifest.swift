import FoundationEssentials

/// A `package.xml` or `destructiveChanges*.xml` document: members grouped by type.
///
/// Types are sorted by name and members by code point, so the same set of members always
/// gives the same bytes. A destructive-changes file carries no `<version>`: the API version of a
/// deploy is the one in the `package.xml` that accompanies it.
public struct PackageManifest: Hashable, Sendable {
    public var members: [MetadataMember]
    /// Written as `<version>`; nil for destructive changes.
    public var version: MetadataAPIVersion?

    public init(members: [MetadataMember], version: MetadataAPIVersion?) {
        self.members = members
        self.version = version
    }

    /// The document bytes. Throws when a member name holds a character XML 1.0 cannot carry.
    public func xml() throws(MetadataExportError) -> Data {
        let byType = Dictionary(grouping: Set(members), by: \.type)
        var children: [MetadataXMLElement] = byType.keys.sorted().map { type in
            let names = byType[type, default: []].map(\.name).sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
            return MetadataXMLElement(
                "types",
                children: names.map { MetadataXMLElement("members", text: $0) }
                    + [MetadataXMLElement("name", text: type.rawValue)])
        }
        if let version { children.append(MetadataXMLElement("version", text: version.description)) }
        do {
            return try MetadataXMLElement("Package", children: children).metadataDocument()
        } catch {
            throw .unrepresentableText(file: "package.xml", value: error.value)
        }
    }
}

/// When a destructive-changes file is applied relative to the deploy it travels with.
public enum DestructiveChangesPhase: String, CaseIterable, Hashable, Sendable {
    /// `destructiveChangesPre.xml`: deleted before the package's components are added or
    /// updated (API 33.0+).
    case pre
    /// `destructiveChanges.xml`: "By default, deletions are processed before component
    /// additions" (Metadata API, Deleting Components from an Organization), like `pre`.
    case standard
    /// `destructiveChangesPost.xml`: deleted after the package's components are added or
    /// updated (API 33.0+): e.g. an external credential whose named credentials the same
    /// deploy repoints (SALESFORCE.md §8, reverse order for deletes).
    case post

    /// The file name the Metadata API and `sf project deploy start` expect.
    public var fileName: String {
        switch self {
        case .pre: "destructiveChangesPre.xml"
        case .standard: "destructiveChanges.xml"
        case .post: "destructiveChangesPost.xml"
        }
    }

    /// The destructive-changes document deleting `members` in this phase. Wildcards are not
    /// allowed in delete manifests, so a `*` member is refused.
    public func xml(members: [MetadataMember]) throws(MetadataExportError) -> Data {
        if let wildcard = members.first(where: { $0.name == "*" }) {
            throw .wildcardInDestructiveChanges(type: wildcard.type)
        }
        do {
            return try PackageManifest(members: members, version: nil).xml()
        } catch {
            throw error.renamingFile(to: fileName)
        }
    }
}
