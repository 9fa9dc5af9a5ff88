import Schema

/// A Metadata API type name as it appears in `package.xml` (`<name>ExternalCredential</name>`).
///
/// A credc resource kind, the permission sets that carry principal access, or any other type:
/// destructive changes may name any type a plan maps to, while the four types credc writes
/// carry their SFDX folder and file suffix. Each resource kind is one Metadata API type of the
/// same name (SALESFORCE.md §1.1, §2.1, §3.1).
public enum MetadataType: Hashable, Comparable, Sendable, CustomStringConvertible {
    case resource(ResourceKind)
    case permissionSet
    /// A type credc does not write, by its Metadata API name.
    case other(String)

    public static let externalAuthIdentityProvider = MetadataType.resource(.externalAuthIdentityProvider)
    public static let externalCredential = MetadataType.resource(.externalCredential)
    public static let namedCredential = MetadataType.resource(.namedCredential)

    /// The type named `rawValue`: a credc type when the name is one, ``other(_:)`` otherwise.
    public init(rawValue: String) {
        if let kind = ResourceKind(rawValue: rawValue) {
            self = .resource(kind)
        } else if rawValue == "PermissionSet" {
            self = .permissionSet
        } else {
            self = .other(rawValue)
        }
    }

    /// The type's Metadata API name.
    public var rawValue: String {
        switch self {
        case .resource(let kind): kind.rawValue
        case .permissionSet: "PermissionSet"
        case .other(let name): name
        }
    }

    /// The types credc exports and reads, in deploy (dependency) order: SALESFORCE.md §8.
    public static let credcTypes: [MetadataType] = ResourceKind.allCases.map(MetadataType.resource) + [.permissionSet]

    /// The SFDX source folder, e.g. `externalCredentials` (SALESFORCE.md §1.1, §2.1, §3.1, §4).
    public var directoryName: String? {
        switch self {
        case .resource(let kind):
            switch kind {
            case .externalAuthIdentityProvider: "externalAuthIdentityProviders"
            case .externalCredential: "externalCredentials"
            case .namedCredential: "namedCredentials"
            }
        case .permissionSet: "permissionsets"
        case .other: nil
        }
    }

    /// The file suffix without the dot, e.g. `externalCredential`.
    public var fileSuffix: String? {
        switch self {
        case .resource(let kind):
            switch kind {
            case .externalAuthIdentityProvider: "externalAuthIdentityProvider"
            case .externalCredential: "externalCredential"
            case .namedCredential: "namedCredential"
            }
        case .permissionSet: "permissionset"
        case .other: nil
        }
    }

    /// `externalCredentials/NAME.externalCredential-meta.xml`, for the four credc types.
    public func sourcePath(member: String) -> String? {
        guard let directoryName, let fileSuffix else { return nil }
        return "\(directoryName)/\(member).\(fileSuffix)-meta.xml"
    }

    public var description: String { rawValue }

    /// By name: the order of `package.xml`.
    public static func < (lhs: MetadataType, rhs: MetadataType) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}

/// One component: a type and a member name (`ExternalCredential` / `Billing_API`).
public struct MetadataMember: Hashable, Comparable, Sendable {
    public var type: MetadataType
    public var name: String

    public init(type: MetadataType, name: String) {
        self.type = type
        self.name = name
    }

    public static func < (lhs: MetadataMember, rhs: MetadataMember) -> Bool {
        lhs.type != rhs.type
            ? lhs.type < rhs.type : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
    }
}

/// A Metadata API version (`66.0`).
///
/// The floor is 62.0, the first version with `ExternalAuthIdentityProvider` (SALESFORCE.md §2.1);
/// `PermissionSet.externalCredentialPrincipalAccesses` and `NamedCredential.calloutStatus` need
/// 59.0 (§1.12), so 62.0 covers everything credc writes.
public struct MetadataAPIVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int

    public static let minimum = MetadataAPIVersion(uncheckedMajor: 62)
    /// 66.0 (Spring '26, doc release 262): the newest GA release SALESFORCE.md maps whose
    /// reference lists `authenticationFlow` `ClientCredentials` for external auth identity
    /// providers (§1.12, §2.2; release 264 = 67.0 was still a preview).
    public static let `default` = MetadataAPIVersion(uncheckedMajor: 66)

    /// nil below ``minimum``.
    public init?(major: Int) {
        guard major >= Self.minimum.major, major < 1000 else { return nil }
        self.major = major
    }

    /// Parses `66.0` or `66`; nil for anything else or below ``minimum``.
    public init?(_ text: String) {
        var digits = Substring(text)
        if digits.hasSuffix(".0") { digits = digits.dropLast(2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let major = Int(digits)
        else { return nil }
        self.init(major: major)
    }

    private init(uncheckedMajor: Int) { self.major = uncheckedMajor }

    public var description: String { "\(major).0" }

    public static func < (lhs: MetadataAPIVersion, rhs: MetadataAPIVersion) -> Bool {
        lhs.major < rhs.major
    }
}
