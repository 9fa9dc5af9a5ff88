import Diagnostics
import Manifest
import Schema
import Foundation

/// Reads a retrieved metadata folder (what `sf project retrieve start` writes, or what
/// ``MetadataExporter`` wrote) back into a ``Manifest``.
///
/// Nothing is dropped silently: an element credc does not know, a known element the manifest
/// cannot carry, or a grant for a principal that is not in the folder comes back as a
/// ``MetadataIssue`` naming the file and the element path. Malformed XML is an error for that
/// file, and the rest of the folder is still read.
///
/// What the folder cannot tell:
/// - **Unmanaged providers.** Every provider file present is read as a managed provider; a
///   credential's `identityProvider` may name a provider that is not in the folder (one that
///   the configuration marks `unmanaged`), and stays as it is.
/// - **Profile access.** Profiles carry no principal access in metadata (SALESFORCE.md §4), so
///   every principal's `profiles` is empty.
public struct MetadataReader: Sendable {
    public init() {}

    /// Reads files keyed by path relative to the folder (`/`-separated); paths may have any
    /// prefix (`force-app/main/default/...`): a file is recognised by its folder and suffix.
    public func read(files: [String: Data]) -> MetadataReadResult {
        var reading = Reading()
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            reading.readFile(path: path, data: files[path]!)
        }
        return reading.finish()
    }

    /// Reads every metadata file under `directory`, skipping hidden entries. Only files in the
    /// four credc folders are loaded; any other file is reported, not read. Throws only when the
    /// directory or a file cannot be read.
    public func read(directory: URL) throws -> MetadataReadResult {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSURLErrorKey: directory])
        }
        let base = directory.standardizedFileURL.pathComponents
        var files: [String: Data] = [:]
        for case let url as URL in enumerator {
            guard try url.resourceValues(forKeys: Set(keys)).isRegularFile == true else { continue }
            let components = url.standardizedFileURL.pathComponents
            let relative = components.dropFirst(base.count).joined(separator: "/")
            files[relative] = classify(path: relative) == nil ? Data() : try Data(contentsOf: url)
        }
        return read(files: files)
    }
}

/// What ``MetadataReader`` found.
public struct MetadataReadResult: Hashable, Sendable {
    public var manifest: Manifest
    /// Sorted by file; within a file, in the order found (grant checks come last).
    public var issues: [MetadataIssue]

    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
}

/// A finding about one file of a metadata folder.
public struct MetadataIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        /// Present, but not credc's to manage: a whole resource credc cannot represent (another
        /// protocol or flow, a legacy named credential, a file of another type), or a
        /// permission set's other permissions. Reported once and left alone: `foreign-resource`.
        case note
        /// Unknown, or known but not representable in the manifest: ignored, so a deploy of
        /// the resource removes it. `unrepresented-state`.
        case warning
        /// The file, or the resource in it, could not be read: `invalid-state`.
        case error
    }

    public var severity: Severity
    /// The path as given to the reader.
    public var file: String
    /// `ExternalCredential/externalCredentialParameters[2]/parameterType`; indexes are
    /// 1-based among same-named siblings; nil for the whole file.
    public var elementPath: String?
    public var message: String
    /// Where in the file: the element's start tag, or the parser's position for malformed
    /// XML; nil when the finding is about the whole file.
    public var range: SourceRange? = nil

    public var description: String {
        "\(file)\(elementPath.map { " (\($0))" } ?? ""): \(severity.rawValue): \(message)"
    }

    /// The rule the finding reports under (SPEC §4, §9).
    public var rule: RuleID {
        switch severity {
        case .note: .foreignResource
        case .warning: .unrepresentedState
        case .error: .invalidState
        }
    }

    /// The finding on `file` as the user named it (the folder joined with ``file``), with the
    /// element path as its path; its rule's descriptor gives the severity.
    public func finding(file displayPath: String) -> Finding {
        Finding(rule: rule, message: message, file: displayPath, range: range ?? .fileStart, path: elementPath ?? "")
    }
}

// MARK: - Implementation

/// The credc type and member name of a path like `.../externalCredentials/X.externalCredential-meta.xml`
/// (source format) or `.../externalCredentials/X.externalCredential` (metadata format).
func classify(path: String) -> (type: MetadataType, name: String)? {
    let components = path.split(separator: "/", omittingEmptySubsequences: true)
    guard components.count >= 2 else { return nil }
    let directory = components[components.count - 2]
    let fileName = components[components.count - 1]
    for type in MetadataType.credcTypes where type.directoryName == String(directory) {
        for suffix in [".\(type.fileSuffix!)-meta.xml", ".\(type.fileSuffix!)"]
        where fileName.hasSuffix(suffix) && fileName.count > suffix.count {
            return (type, String(fileName.dropLast(suffix.count)))
        }
    }
    return nil
}

private struct Reading {
    var issues: [MetadataIssue] = []
    var providers: [ManifestProvider] = []
    var credentials: [ManifestExternalCredential] = []
    var namedCredentials: [ManifestNamedCredential] = []
    var grants: [(file: String, path: String, range: SourceRange?, permissionSet: String, reference: String)] = []
    /// Credentials reported as `foreign-resource`: grants to their principals are theirs too.
    var foreignCredentials: Set<String> = []

    mutating func issue(
        _ severity: MetadataIssue.Severity, _ file: String, _ path: String?, _ message: String,
        at range: SourceRange? = nil
    ) {
        issues.append(MetadataIssue(severity: severity, file: file, elementPath: path, message: message, range: range))
    }

    mutating func readFile(path: String, data: Data) {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        guard let (type, name) = classify(path: path) else {
            if fileName == "package.xml" || DestructiveChangesPhase.allCases.map(\.fileName).contains(fileName) {
                return  // deploy manifests, not resources
            }
            issue(.note, path, nil, "not an external auth identity provider, external credential, named credential or permission set file; ignored")
            return
        }
        let root: MetadataXMLElement
        switch parseMetadataXML(data) {
        case .failure(let malformed):
            issue(
                .error, path, nil, "malformed XML at line \(malformed.line), column \(malformed.column): \(malformed.reason)",
                at: .at(SourcePosition(line: malformed.line, column: malformed.column)))
            return
        case .success(let element):
            root = element
        }
        guard root.name == type.rawValue else {
            issue(.error, path, root.name, "the root element is <\(root.name)>; \(type) files need <\(type)>", at: root.range)
            return
        }
        if root.namespace != metadataNamespace {
            issue(.warning, path, root.name, "the root element does not declare xmlns=\"\(metadataNamespace)\"", at: root.range)
        }
        guard Naming.isDeveloperName(name) else {
            issue(.error, path, nil, "'\(name)' is not a developer name (letters, digits and single underscores, starting with a letter)")
            return
        }
        var fields = Fields(file: path, element: root, path: root.name)
        switch type {
        case .resource(let kind):
            switch kind {
            case .externalAuthIdentityProvider: readProvider(name: name, &fields)
            case .externalCredential: readCredential(name: name, &fields)
            case .namedCredential: readNamedCredential(name: name, &fields)
            }
        case .permissionSet: readPermissionSet(name: name, &fields)
        case .other: preconditionFailure("classify(path:) returns only credc types")
        }
        issues += fields.issues
    }

    // MARK: Providers

    mutating func readProvider(name: String, _ fields: inout Fields) {
        let parameterElements = MetadataMapping.providerParameterElementAliases
        fields.expect(
            leaves: ["authenticationFlow", "authenticationProtocol", "description", "fullName", "label"],
            groups: parameterElements)
        fields.checkFullName(name)
        let file = fields.file
        guard let label = fields.required("label"), let flow = fields.required("authenticationFlow"),
            let xmlProtocol = fields.required("authenticationProtocol")
        else { return }
        guard let manifestProtocol = MetadataMapping.providerProtocols.first(where: { $0.value == xmlProtocol })?.key else {
            fields.foreign("authenticationProtocol", "an identity provider of protocol '\(xmlProtocol)': credc manages OAuth providers; left alone")
            return
        }
        guard MetadataMapping.providerFlows.contains(flow) else {
            fields.foreign("authenticationFlow", "an identity provider of flow '\(flow)': credc manages \(MetadataMapping.providerFlows.sorted().joined(separator: " and ")) providers; left alone")
            return
        }
        var tokenURL: String?
        var defaultScopes: [String] = []
        for (element, path) in parameterElements.flatMap({ fields.groups[$0, default: []] }) {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(leaves: ["description", "parameterName", "parameterType", "parameterValue", "sequenceNumber"], groups: [])
            let type = parameter.leaves["parameterType"]
            let parameterName = parameter.leaves["parameterName"]
            if type == MetadataMapping.tokenURLParameter.type, tokenURL == nil {
                tokenURL = parameter.required("parameterValue")
                parameter.unrepresentable("description")
            } else if type == MetadataMapping.defaultScopesParameter.type,
                parameterName == MetadataMapping.defaultScopesParameter.name, defaultScopes.isEmpty
            {
                defaultScopes = (parameter.leaves["parameterValue"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
                parameter.unrepresentable("description")
            } else {
                parameter.warning(nil, "\(type ?? "untyped") parameter '\(parameterName ?? "")' is not represented in the credc manifest; ignored")
            }
            fields.issues += parameter.issues
        }
        guard let tokenURL else {
            fields.error(nil, "no TokenUrl parameter: a credc provider needs a token URL")
            return
        }
        providers.append(
            ManifestProvider(
                name: name, label: label, description: fields.leaves["description"], protocol: manifestProtocol,
                flow: flow, tokenUrl: tokenURL, defaultScopes: defaultScopes))
    }

    // MARK: External credentials

    mutating func readCredential(name: String, _ fields: inout Fields) {
        fields.expect(leaves: ["authenticationProtocol", "description", "fullName", "label"], groups: ["externalCredentialParameters"])
        fields.checkFullName(name)
        let file = fields.file
        guard let label = fields.required("label"), let xmlProtocol = fields.required("authenticationProtocol") else { return }
        guard let manifestProtocol = MetadataMapping.credentialProtocols.first(where: { $0.value == xmlProtocol })?.key else {
            fields.foreign("authenticationProtocol", "an external credential of protocol '\(xmlProtocol)': credc manages Oauth credentials; left alone")
            foreignCredentials.insert(name)
            return
        }
        var identityProvider: String?
        var passInBody: Bool?
        var scope: String?
        var codes: [Int] = []
        var principals: [ManifestPrincipal] = []
        var unsupportedVariant: (String, SourceRange?)?
        let group = MetadataMapping.defaultGroup

        for (element, path) in fields.groups["externalCredentialParameters", default: []] {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(
                leaves: [
                    "authProvider", "certificate", "description", "externalAuthIdentityProvider", "parameterGroup",
                    "parameterName", "parameterType", "parameterValue", "principal", "sequenceNumber",
                ], groups: [])
            defer { fields.issues += parameter.issues }
            guard let type = parameter.required("parameterType"), let parameterName = parameter.required("parameterName") else {
                continue
            }
            let parameterGroup = parameter.leaves["parameterGroup"]
            let unrepresentable = ["authProvider", "certificate", "description", "principal"]
            switch type {
            case MetadataMapping.protocolVariantParameterType:
                let variant = parameter.leaves["parameterValue"] ?? ""
                if let value = MetadataMapping.passClientCredentialsInBody(variant: variant) {
                    if passInBody != nil { parameter.duplicate("AuthProtocolVariant"); continue }
                    passInBody = value
                } else {
                    unsupportedVariant = (variant, element.range)
                }
                unrepresentable.forEach { parameter.unrepresentable($0) }
            case MetadataMapping.providerLinkParameter.type:
                if identityProvider != nil { parameter.duplicate("ExternalAuthIdentityProvider"); continue }
                identityProvider = parameter.leaves["externalAuthIdentityProvider"] ?? parameter.required("parameterValue")
                unrepresentable.forEach { parameter.unrepresentable($0) }
            case MetadataMapping.scopeParameter.type where parameterName == MetadataMapping.scopeParameter.name && (parameterGroup ?? group) == group:
                if scope != nil { parameter.duplicate("credential-level Scope"); continue }
                scope = parameter.leaves["parameterValue"] ?? ""
                unrepresentable.forEach { parameter.unrepresentable($0) }
            case MetadataMapping.refreshStatusCodesParameter.type:
                let text = parameter.leaves["parameterValue"] ?? parameterName
                for token in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                    if let code = Int(token) { codes.append(code) } else {
                        parameter.warning("parameterValue", "'\(token)' is not an HTTP status code; ignored")
                    }
                }
                unrepresentable.forEach { parameter.unrepresentable($0) }
            case let identityType where MetadataMapping.principalTypes.contains(identityType):
                guard let text = parameter.required("sequenceNumber") else { continue }
                guard let sequence = Int(text) else {
                    parameter.error("sequenceNumber", "sequenceNumber '\(text)' is not an integer; principal '\(parameterName)' skipped")
                    continue
                }
                if principals.contains(where: { $0.name == parameterName }) {
                    parameter.duplicate("principal '\(parameterName)'")
                    continue
                }
                if let parameterGroup, parameterGroup != parameterName {
                    parameter.warning("parameterGroup", "parameterGroup '\(parameterGroup)' differs from the principal name; credc writes the principal name")
                }
                parameter.unrepresentable("parameterValue")
                unrepresentable.forEach { parameter.unrepresentable($0) }
                principals.append(ManifestPrincipal(name: parameterName, sequence: sequence, identityType: identityType))
            default:
                parameter.warning(nil, "\(type) parameter '\(parameterName)'\(parameterGroup.map { " (group '\($0)')" } ?? "") is not represented in the credc manifest; ignored")
            }
        }
        if let (variant, range) = unsupportedVariant {
            fields.foreign(
                nil, "an external credential of flow variant '\(variant)': credc manages the Client Credentials flow managed by an external identity provider; left alone",
                at: range)
            foreignCredentials.insert(name)
            return
        }
        guard let identityProvider else {
            fields.error(nil, "no ExternalAuthIdentityProvider parameter: credc reads the Client Credentials flow managed by an external identity provider")
            return
        }
        credentials.append(
            ManifestExternalCredential(
                name: name, label: label, description: fields.leaves["description"], protocol: manifestProtocol,
                flow: MetadataMapping.externalIdentityProviderFlow, identityProvider: identityProvider, scope: scope,
                passClientCredentialsInBody: passInBody ?? Schema.Fields.credentialPassClientCredentialsInBody.defaultBool,
                additionalRefreshStatusCodes: codes,
                principals: principals))
    }

    // MARK: Named credentials

    mutating func readNamedCredential(name: String, _ fields: inout Fields) {
        let booleans = ["allowMergeFieldsInBody", "allowMergeFieldsInHeader", "generateAuthorizationHeader"]
        fields.expect(
            leaves: Set(booleans + ["calloutStatus", "description", "fullName", "label", "namedCredentialType"]),
            groups: ["namedCredentialParameters"])
        fields.checkFullName(name)
        fields.unrepresentable("description")
        let file = fields.file
        guard let label = fields.required("label"), let type = fields.required("namedCredentialType") else { return }
        guard type == MetadataMapping.namedCredentialType else {
            fields.foreign("namedCredentialType", "a named credential of type '\(type)': credc manages \(MetadataMapping.namedCredentialType) named credentials; left alone")
            return
        }
        var flags: [String: Bool] = [:]
        for flag in booleans { flags[flag] = fields.boolean(flag) }
        var enabled = Schema.Fields.namedEnabled.defaultBool
        if let status = fields.leaves["calloutStatus"] {
            if let value = MetadataMapping.enabled(calloutStatus: status) { enabled = value } else {
                fields.warning("calloutStatus", "calloutStatus '\(status)' is not Enabled or Disabled; read as Enabled")
            }
        }
        var url: String?
        var externalCredential: String?
        var namespaces: [String] = []
        for (element, path) in fields.groups["namedCredentialParameters", default: []] {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(
                leaves: [
                    "certificate", "description", "externalCredential", "globalNamedPrincipalCredential",
                    "managedFeatureEnabledCallout", "outboundNetworkConnection", "parameterName", "parameterType",
                    "parameterValue", "readOnlyNamedCredential", "sequenceNumber", "systemUserNamedCredential",
                ], groups: [])
            defer { fields.issues += parameter.issues }
            guard let type = parameter.required("parameterType") else { continue }
            let unrepresentable = [
                "certificate", "description", "globalNamedPrincipalCredential", "managedFeatureEnabledCallout",
                "outboundNetworkConnection", "readOnlyNamedCredential", "sequenceNumber", "systemUserNamedCredential",
            ]
            switch type {
            case MetadataMapping.urlParameter.type:
                if url != nil { parameter.duplicate("Url"); continue }
                url = parameter.required("parameterValue")
            case MetadataMapping.authenticationParameter.type:
                if externalCredential != nil { parameter.duplicate("Authentication"); continue }
                externalCredential = parameter.leaves["externalCredential"] ?? parameter.required("parameterValue")
            case MetadataMapping.namespaceParameterType:
                guard let namespace = parameter.leaves["parameterValue"] ?? parameter.leaves["parameterName"] else { continue }
                namespaces.append(namespace)
            default:
                parameter.warning(nil, "\(type) parameter '\(parameter.leaves["parameterName"] ?? "")' is not represented in the credc manifest; ignored")
                continue
            }
            unrepresentable.forEach { parameter.unrepresentable($0) }
        }
        guard let url else { fields.error(nil, "no Url parameter: a credc named credential needs a URL"); return }
        guard let externalCredential else {
            fields.error(nil, "no Authentication parameter: a credc named credential needs an external credential")
            return
        }
        namedCredentials.append(
            ManifestNamedCredential(
                name: name, label: label, url: url, externalCredential: externalCredential,
                generateAuthorizationHeader: flags["generateAuthorizationHeader"]
                    ?? Schema.Fields.namedGenerateAuthorizationHeader.defaultBool,
                allowFormulasInHeaders: flags["allowMergeFieldsInHeader"] ?? Schema.Fields.namedAllowFormulasInHeaders.defaultBool,
                allowFormulasInBody: flags["allowMergeFieldsInBody"] ?? Schema.Fields.namedAllowFormulasInBody.defaultBool,
                allowedNamespaces: namespaces,
                enabled: enabled))
    }

    // MARK: Permission sets

    mutating func readPermissionSet(name: String, _ fields: inout Fields) {
        let grantElement = "externalCredentialPrincipalAccesses"
        fields.expect(leaves: [], groups: [grantElement], othersAreOutOfScope: true)
        let file = fields.file
        for (element, path) in fields.groups[grantElement, default: []] {
            var access = Fields(file: file, element: element, path: path)
            access.expect(leaves: ["enabled", "externalCredentialPrincipal"], groups: [])
            if let reference = access.required("externalCredentialPrincipal"), let enabled = access.boolean("enabled", required: true),
                enabled
            {
                grants.append((file, path, element.range, name, reference))
            }
            fields.issues += access.issues
        }
    }

    // MARK: Finishing

    mutating func finish() -> MetadataReadResult {
        for grant in grants {
            guard let (credentialName, principalName) = MetadataMapping.splitPrincipalReference(grant.reference) else {
                issue(.warning, grant.file, grant.path, "'\(grant.reference)' is not of the form Credential-Principal; ignored", at: grant.range)
                continue
            }
            if foreignCredentials.contains(credentialName) { continue }  // reported once, with its credential
            guard let credentialIndex = credentials.firstIndex(where: { $0.name == credentialName }) else {
                let why = credentialName.contains("__") ? "a namespaced (packaged) credential" : "no external credential '\(credentialName)' was read"
                issue(.warning, grant.file, grant.path, "access to '\(grant.reference)' ignored: \(why)", at: grant.range)
                continue
            }
            guard let principalIndex = credentials[credentialIndex].principals.firstIndex(where: { $0.name == principalName }) else {
                issue(.warning, grant.file, grant.path, "access to '\(grant.reference)' ignored: '\(credentialName)' has no principal '\(principalName)'", at: grant.range)
                continue
            }
            var principal = credentials[credentialIndex].principals[principalIndex]
            principal = ManifestPrincipal(
                name: principal.name, sequence: principal.sequence, identityType: principal.identityType,
                permissionSets: principal.permissionSets + [grant.permissionSet], profiles: principal.profiles)
            credentials[credentialIndex].principals[principalIndex] = principal
        }
        // Grant checks ran last; group issues by file, keeping the order found.
        let ordered = issues.enumerated().sorted {
            $0.element.file != $1.element.file
                ? $0.element.file.utf8.lexicographicallyPrecedes($1.element.file.utf8) : $0.offset < $1.offset
        }.map(\.element)
        return MetadataReadResult(
            manifest: Manifest(providers: providers, externalCredentials: credentials, namedCredentials: namedCredentials),
            issues: ordered)
    }
}

/// The children of one element, sorted into known leaves, known repeated groups and the rest,
/// with issues for everything unexpected.
private struct Fields {
    let file: String
    let element: MetadataXMLElement
    let path: String
    var leaves: [String: String] = [:]
    var groups: [String: [(MetadataXMLElement, String)]] = [:]
    var issues: [MetadataIssue] = []

    init(file: String, element: MetadataXMLElement, path: String) {
        self.file = file
        self.element = element
        self.path = path
    }

    func childPath(_ name: String?) -> String { name.map { "\(path)/\($0)" } ?? path }

    mutating func expect(leaves known: Set<String>, groups knownGroups: Set<String>, othersAreOutOfScope: Bool = false) {
        if !element.text.isEmpty {
            warning(nil, "text next to child elements is not part of the metadata shape; ignored")
        }
        var counts: [String: Int] = [:]
        var outOfScope: [String: (path: String, range: SourceRange?, count: Int)] = [:]
        var outOfScopeOrder: [String] = []
        for child in element.children {
            counts[child.name, default: 0] += 1
            let path = "\(self.path)/\(child.name)[\(counts[child.name]!)]"
            if knownGroups.contains(child.name) {
                groups[child.name, default: []].append((child, path))
            } else if known.contains(child.name) {
                if !child.children.isEmpty {
                    warning(child.name, "<\(child.name)> should hold text, not elements; ignored")
                } else if leaves[child.name] != nil {
                    warning(child.name, "<\(child.name)> appears more than once; the first is used")
                } else {
                    leaves[child.name] = child.text
                }
            } else if othersAreOutOfScope {
                if outOfScope[child.name] == nil { outOfScopeOrder.append(child.name); outOfScope[child.name] = (path, child.range, 0) }
                outOfScope[child.name]!.count += 1
            } else {
                issues.append(
                    MetadataIssue(
                        severity: .warning, file: file, elementPath: path, message: "unknown element <\(child.name)>; ignored",
                        range: child.range))
            }
        }
        for name in outOfScopeOrder {
            let entry = outOfScope[name]!
            issues.append(
                MetadataIssue(
                    severity: .note, file: file, elementPath: entry.path,
                    message: "<\(name)>\(entry.count > 1 ? " (×\(entry.count))" : "") is not managed by credc; ignored",
                    range: entry.range))
        }
    }

    mutating func required(_ name: String) -> String? {
        if let value = leaves[name] { return value }
        error(nil, "required element <\(name)> is missing")
        return nil
    }

    mutating func boolean(_ name: String, required isRequired: Bool = false) -> Bool? {
        guard let text = isRequired ? required(name) : leaves[name] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            warning(name, "'\(text)' is not true or false; ignored")
            return nil
        }
    }

    /// A known field with no place in the manifest: reported when present and non-empty.
    mutating func unrepresentable(_ name: String) {
        guard let value = leaves[name], !value.isEmpty else { return }
        warning(name, "<\(name)> is not represented in the credc manifest; ignored")
    }

    mutating func duplicate(_ what: String) {
        warning(nil, "a second \(what) parameter; the first is used")
    }

    mutating func checkFullName(_ name: String) {
        if let fullName = leaves["fullName"], fullName != name {
            warning("fullName", "fullName '\(fullName)' differs from the file name; the file name '\(name)' is used")
        }
    }

    /// The start tag of the first child named `child`, or of this element.
    func range(of child: String?) -> SourceRange? {
        child.flatMap { name in element.children.first { $0.name == name }?.range } ?? element.range
    }

    mutating func warning(_ child: String?, _ message: String) {
        issues.append(
            MetadataIssue(severity: .warning, file: file, elementPath: childPath(child), message: message, range: range(of: child)))
    }

    mutating func error(_ child: String?, _ message: String) {
        issues.append(
            MetadataIssue(severity: .error, file: file, elementPath: childPath(child), message: message, range: range(of: child)))
    }

    /// A resource credc cannot represent: this one finding replaces whatever else was found
    /// in it, since none of it is credc's to compare (SPEC §9: reported once, left alone).
    mutating func foreign(_ child: String?, _ message: String, at range: SourceRange? = nil) {
        issues = [
            MetadataIssue(
                severity: .note, file: file, elementPath: childPath(child), message: message,
                range: range ?? self.range(of: child))
        ]
    }
}
