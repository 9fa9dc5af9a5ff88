import Diagnostics
import FoundationEssentials

/// Principal access found in a retrieved profile file.
public struct ProfileGrant: Hashable, Sendable {
    /// The path as given, relative to the folder.
    public var file: String
    /// The profile's name: the file name's stem, percent-decoded as the CLI encodes it
    /// (`Custom%3A Support` is `Custom: Support`).
    public var profile: String
    /// `Credential-Principal`, as written.
    public var reference: String
    /// `Profile/externalCredentialPrincipalAccesses[1]`.
    public var elementPath: String
    /// The grant's start tag.
    public var range: SourceRange?

    public init(file: String, profile: String, reference: String, elementPath: String, range: SourceRange? = nil) {
        self.file = file
        self.profile = profile
        self.reference = reference
        self.elementPath = elementPath
        self.range = range
    }
}

/// Finds principal access in profile files, for `credc import` to report.
///
/// The Profile type documents no principal access (SALESFORCE.md §4: the Metadata API cannot
/// deploy it, and the PermissionSet page is the only one describing the element); a profile file
/// that holds `externalCredentialPrincipalAccesses` anyway (hand-written, or a tool's export, as
/// a vendor's article shows) is inference about a shape no retrieve is known to produce. It is
/// read in the permission-set shape so that it is reported, never imported.
public enum ProfileAccessScan {
    /// True for `profiles/NAME.profile-meta.xml` (source format) and `profiles/NAME.profile`.
    public static func isProfileFile(_ path: String) -> Bool {
        profileName(path) != nil
    }

    /// The enabled grants in one profile file; none when it is not one or does not parse (the
    /// reader does not read profiles, so a broken one is not credc's to report).
    public static func grants(file: String, data: Data) -> [ProfileGrant] {
        guard let profile = profileName(file), case .success(let root) = parseMetadataXML(data), root.name == "Profile"
        else { return [] }
        var grants: [ProfileGrant] = []
        var index = 0
        for child in root.children where child.name == "externalCredentialPrincipalAccesses" {
            index += 1
            let leaves = Dictionary(child.children.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
            guard let reference = leaves["externalCredentialPrincipal"], leaves["enabled"] != "false" else { continue }
            grants.append(
                ProfileGrant(
                    file: file, profile: profile, reference: reference,
                    elementPath: "Profile/externalCredentialPrincipalAccesses[\(index)]", range: child.range))
        }
        return grants
    }

    private static func profileName(_ path: String) -> String? {
        let components = path.split(separator: "/")
        guard components.count >= 2, components[components.count - 2] == "profiles" else { return nil }
        let fileName = String(components[components.count - 1])
        for suffix in [".profile-meta.xml", ".profile"] where fileName.hasSuffix(suffix) && fileName.count > suffix.count {
            let stem = String(fileName.dropLast(suffix.count))
            return percentDecoded(stem) ?? stem
        }
        return nil
    }
}

/// `%XX` escapes decoded, as `sf` writes a profile's file name; nil when an escape is malformed
/// or the bytes are not UTF-8 (what Foundation's `removingPercentEncoding` did).
func percentDecoded(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else {
            bytes.append(byte)
            continue
        }
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
        bytes.append(high << 4 | low)
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
