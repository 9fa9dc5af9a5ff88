import Diagnostics
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Manifest
import Schema

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
    /// The largest retrieved file read, as for YAML inputs (SPEC §6); real ones are kilobytes.
    public static let maxFileSize = 32 * 1024 * 1024

    /// The project's namespace prefix (`sfdx-project.json`'s `namespace`): a grant written
    /// `NS__Credential-Principal` with it is the project's own grant of `Credential-Principal`
    /// (SALESFORCE.md §4, §12). Grants with another prefix stay a packaged credential's.
    public var projectNamespace: String?

    /// `projectNamespace` nil: ``read(directory:)`` takes it from the `sfdx-project.json` at or
    /// above the folder; ``read(files:)`` has none.
    public init(projectNamespace: String? = nil) {
        self.projectNamespace = projectNamespace.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads files keyed by path relative to the folder (`/`-separated); paths may have any
    /// prefix (`force-app/main/default/...`): a file is recognised by its folder and suffix.
    public func read(files: [String: Data]) -> MetadataReadResult {
        var reading = Reading(projectNamespace: projectNamespace)
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            reading.readFile(path: path, data: files[path]!)
        }
        return reading.finish()
    }

    /// Reads every metadata file under `directory`, skipping hidden entries. Only files in the
    /// four credc folders are loaded; any other file is reported, not read. Throws only when the
    /// directory or a file cannot be read.
    public func read(directory: URL) throws -> MetadataReadResult {
        var files: [String: Data] = [:]
        let folder = directory.standardizedFileURL.path
        for relative in try Self.regularFiles(under: folder) {
            files[relative] = classify(path: relative) == nil ? Data() : try Self.readPrefix(of: folder + "/" + relative)
        }
        var reader = self
        if reader.projectNamespace == nil { reader.projectNamespace = Self.projectNamespace(enclosing: directory) }
        return reader.read(files: files)
    }

    /// The relative paths of the regular files under `folder`, hidden entries skipped and
    /// links not followed, as FileManager's enumerator with `.skipsHiddenFiles` and
    /// `.isRegularFileKey` found them (that enumerator is Foundation's, not FoundationEssentials').
    public static func regularFiles(under folder: String) throws -> [String] {
        var found: [String] = []
        try walk(folder, relative: "") { relative, _ in found.append(relative) }
        return found
    }

    private static func walk(
        _ folder: String, relative: String, _ body: (_ relative: String, _ path: String) throws -> Void
    ) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let inside = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG: try body(inside, path)
            case S_IFDIR: try walk(path, relative: inside, body)
            default: continue
            }
        }
    }

    /// The `namespace` of the nearest `sfdx-project.json` in `directory` or a folder above it,
    /// as `sf` finds its project; nil when there is none, it is empty or unreadable.
    public static func projectNamespace(enclosing directory: URL) -> String? {
        var folder = directory.standardizedFileURL
        while true {
            let file = folder.appendingPathComponent("sfdx-project.json")
            if let data = try? Data(contentsOf: file) {
                guard case .object(let project)? = try? JSONValue.parse(Array(data)),
                    case .string(let namespace)? = project["namespace"]
                else { return nil }
                return namespace.isEmpty ? nil : namespace
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// At most one byte over the limit: a file over it is reported, not loaded whole.
    private static func readPrefix(of path: String) throws -> Data {
        guard let bytes = readFilePrefix(path, limit: maxFileSize + 1) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        return Data(bytes)
    }

}

/// What ``MetadataReader`` found.
public struct MetadataReadResult: Hashable, Sendable {
    public var manifest: Manifest
    /// Sorted by file; within a file, in the order found (grant checks come last).
    public var issues: [MetadataIssue]
    /// Resources in the folder that credc cannot represent (other protocols or flows, legacy
    /// named credentials, what refers to them): reported once as `foreign-resource`, never
    /// part of ``manifest``, so a plan neither changes nor deletes them.
    public var foreignResources: [MetadataMember] = []
    /// Why each of ``foreignResources`` is foreign and where, in the order found: a plan whose
    /// configuration defines a resource of the same kind and name must not replace it.
    public var foreignReports: [ForeignResourceReport] = []
    /// What the org holds in a resource of ``manifest`` that the manifest cannot carry (an
    /// identity-provider parameter credc does not model, a row credc no longer writes): a
    /// deploy of that resource removes it, so a plan shows it as a removal.
    public var unrepresented: [UnrepresentedState] = []
    /// Manifest fields the folder cannot show, by external credential: `flow` and
    /// `passClientCredentialsInBody` come from the linked provider, which may be absent (an
    /// unmanaged provider). A plan takes them from the configuration instead of comparing.
    public var unobservedFields: [String: Set<FieldID>] = [:]
    /// Every permission set in the folder, whole, by name: ``MetadataExporter`` merges grants
    /// into them and takes their labels.
    public var permissionSets: [String: RetrievedPermissionSet] = [:]

    public var hasErrors: Bool { issues.contains { $0.severity == .error } }

    /// ``manifest`` with the fields the folder cannot show (``unobservedFields``) taken from
    /// `configured`, so that a comparison never compares them against a guess.
    public func manifest(observing configured: Manifest) -> Manifest {
        var manifest = self.manifest
        let configuredByName = Dictionary(
            configured.records(of: .externalCredential).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var credentials = manifest.records(of: .externalCredential)
        for index in credentials.indices {
            guard let fields = unobservedFields[credentials[index].name],
                let credential = configuredByName[credentials[index].name]
            else { continue }
            for field in fields { credentials[index][field] = credential[field] }
        }
        manifest.setRecords(credentials, of: .externalCredential)
        return manifest
    }
}

/// One resource credc cannot represent, as ``MetadataReader`` found it.
public struct ForeignResourceReport: Hashable, Sendable {
    public var member: MetadataMember
    /// E.g. `uses authenticationFlow 'DeviceCode'`.
    public var why: String
    /// Its note, one of ``MetadataReadResult/issues``, at the element that makes it foreign.
    public var issue: MetadataIssue
    /// Set when the resource is foreign only because what it depends on is not in the folder
    /// (a partial retrieve): retrieving that too makes it comparable.
    public var missing: MetadataMember?
}

/// Something the org holds in a resource credc manages that the manifest cannot represent.
public struct UnrepresentedState: Hashable, Sendable {
    public var member: MetadataMember
    /// What it is, e.g. `TokenRequestHttpHeader 'X-Tenant'`.
    public var element: String
    /// Its value in the org, when it has one.
    public var value: String?
}

/// A finding about one file of a metadata folder.
public struct MetadataIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        /// Present, but not credc's to manage: a whole resource credc cannot represent (another
        /// protocol or flow, a legacy named credential, a file of another type), reported once,
        /// or a permission set's other permissions. Left alone: `foreign-resource`.
        case note
        /// Unknown, or known but not representable in the manifest: ignored, so a deploy of
        /// the resource removes it (a plan shows that). `unrepresented-state`.
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
/// (source format) or `.../externalCredentials/X.externalCredential` (metadata format), and of
/// the files of a decomposed permission set, `.../permissionsets/X/...` (`isPart`).
func classify(path: String) -> (type: MetadataType, name: String)? {
    classifyPart(path: path).map { ($0.type, $0.name) }
}

private func classifyPart(path: String) -> (type: MetadataType, name: String, isPart: Bool)? {
    let components = path.split(separator: "/", omittingEmptySubsequences: true)
    guard components.count >= 2 else { return nil }
    let directory = components[components.count - 2]
    let fileName = components[components.count - 1]
    for type in MetadataType.credcTypes where type.directoryName == String(directory) {
        for suffix in [".\(type.fileSuffix!)-meta.xml", ".\(type.fileSuffix!)"]
        where fileName.hasSuffix(suffix) && fileName.count > suffix.count {
            return (type, String(fileName.dropLast(suffix.count)), false)
        }
    }
    // The decomposed layout (§11): permissionsets/NAME/NAME.<part>-meta.xml and
    // permissionsets/NAME/<folder>/<child>-meta.xml. The last `permissionsets` folder counts.
    if let index = components.lastIndex(of: "permissionsets"), components.count - index >= 3,
        fileName.hasSuffix("-meta.xml")
    {
        return (.permissionSet, String(components[index + 1]), true)
    }
    return nil
}

private struct Reading {
    let projectNamespace: String?
    var issues: [MetadataIssue] = []
    var providers: [ManifestRecord] = []
    /// Provider name → flow as read, including providers of flows credc does not represent.
    var providerFlows: [String: String] = [:]
    var foreignProviders: Set<String> = []
    var credentials: [PendingCredential] = []
    var namedCredentials: [(credential: ManifestRecord, file: String, range: SourceRange?)] = []
    var grants: [(file: String, path: String, range: SourceRange?, permissionSet: String, reference: String)] = []
    var foreign: [MetadataMember] = []
    var foreignReports: [ForeignResourceReport] = []
    var unrepresented: [UnrepresentedState] = []
    var permissionSetParts: [String: [(path: String, element: MetadataXMLElement, decomposed: Bool)]] = [:]
    var unreadPermissionSetParts: [String: [String]] = [:]

    /// A credential whose flow waits for its provider, which may be in a later file.
    struct PendingCredential {
        var credential: ManifestRecord
        var file: String
        /// The provider link row: where the credential is foreign when its provider is.
        var linkRange: SourceRange?
        /// A provider-linked flow: the provider's flow says which.
        var waitsForProvider: Bool
    }

    mutating func issue(
        _ severity: MetadataIssue.Severity, _ file: String, _ path: String?, _ message: String,
        at range: SourceRange? = nil
    ) {
        issues.append(MetadataIssue(severity: severity, file: file, elementPath: path, message: message, range: range))
    }

    /// Reports a resource credc cannot represent, once, and keeps it out of the manifest.
    /// `range` is the element that makes it foreign. The resource's other findings are
    /// dropped: none of it is credc's to compare.
    mutating func foreignResource(
        _ type: MetadataType, _ name: String, _ file: String, _ why: String, at range: SourceRange?,
        missing: MetadataMember? = nil
    ) {
        foreign.append(MetadataMember(type: type, name: name))
        let outcome = missing == nil ? "credc cannot represent it" : "credc cannot compare it"
        issue(.note, file, nil, "\(type) '\(name)' \(why); \(outcome) and leaves it as it is", at: range)
        foreignReports.append(
            ForeignResourceReport(
                member: MetadataMember(type: type, name: name), why: why, issue: issues[issues.count - 1], missing: missing))
    }

    mutating func readFile(path: String, data: Data) {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        guard let (type, name, isPart) = classifyPart(path: path) else {
            if fileName == "package.xml" || DestructiveChangesPhase.allCases.map(\.fileName).contains(fileName) {
                return  // deploy manifests, not resources
            }
            if fileName == "sfdx-project.json" { return }  // the project file; its namespace is read once
            issue(.note, path, nil, "not an external auth identity provider, external credential, named credential or permission set file; ignored")
            return
        }
        guard data.count <= MetadataReader.maxFileSize else {
            issue(.error, path, nil, "the file is larger than 32 MiB, the limit; credc does not read it")
            if type == .permissionSet { unreadPermissionSetParts[name, default: []].append(path) }
            return
        }
        let root: MetadataXMLElement
        switch parseMetadataXML(data) {
        case .failure(let malformed):
            issue(
                .error, path, nil, malformed.message,
                at: .at(SourcePosition(line: malformed.line, column: malformed.column)))
            if type == .permissionSet { unreadPermissionSetParts[name, default: []].append(path) }
            return
        case .success(let element):
            root = element
        }
        guard root.name == type.rawValue else {
            if type == .permissionSet { unreadPermissionSetParts[name, default: []].append(path) }
            if isPart {
                issue(.warning, path, root.name, "a <\(root.name)> file in a decomposed permission set is not read (credc reads the decomposePermissionSetBeta2 layout, whose files hold <PermissionSet>); ignored", at: root.range)
            } else {
                issue(.error, path, root.name, "the root element is <\(root.name)>; \(type) files need <\(type)>", at: root.range)
            }
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
        case .permissionSet:
            permissionSetParts[name, default: []].append((path, root, isPart))
            readPermissionSet(name: name, &fields)
        case .other: preconditionFailure("classify(path:) returns only credc types")
        }
        issues += fields.issues
        if type != .permissionSet, !foreign.contains(MetadataMember(type: type, name: name)) {
            unrepresented += fields.unrepresented.map {
                UnrepresentedState(member: MetadataMember(type: type, name: name), element: $0.element, value: $0.value)
            }
        }
    }

    // MARK: Providers

    mutating func readProvider(name: String, _ fields: inout Fields) {
        let parameterElements = MetadataMapping.providerParameterElementAliases
        let type = ManifestRecordType.resource(.externalAuthIdentityProvider)
        fields.expect(
            leaves: Set(["authenticationFlow", "authenticationProtocol", "fullName"]).union(fields.plainElements(of: type)),
            groups: parameterElements)
        fields.checkFullName(name)
        let file = fields.file
        guard var values = fields.readPlainElements(of: type), let flow = fields.required("authenticationFlow"),
            let xmlProtocol = fields.required("authenticationProtocol")
        else { return }
        providerFlows[name] = flow
        guard let manifestProtocol = MetadataMapping.providerProtocols.first(where: { $0.value == xmlProtocol })?.key else {
            foreignProviders.insert(name)
            foreignResource(
                .externalAuthIdentityProvider, name, file, "uses authenticationProtocol '\(xmlProtocol)'",
                at: fields.range(of: "authenticationProtocol"))
            fields.issues = []
            return
        }
        guard MetadataMapping.providerFlows.contains(flow) else {
            foreignProviders.insert(name)
            foreignResource(
                .externalAuthIdentityProvider, name, file, "uses authenticationFlow '\(flow)'",
                at: fields.range(of: "authenticationFlow"))
            fields.issues = []
            return
        }
        var rows: [String: String] = [:]
        var defaultScopes: [String]?
        var token = ManifestRequestParameters()
        var refresh = ManifestRequestParameters()
        var authorize = ManifestRequestParameters()
        let plainRows = MetadataMapping.plainParameters(of: type)
        let single = Set([MetadataMapping.tokenURLParameter, MetadataMapping.clientAuthenticationParameter])
            .union(plainRows.map(\.2))
        let tokenTypes = MetadataMapping.tokenRequestParameterTypes
        let refreshTypes = MetadataMapping.refreshRequestParameterTypes
        for (element, path) in parameterElements.flatMap({ fields.groups[$0, default: []] }) {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(leaves: ["description", "parameterName", "parameterType", "parameterValue", "sequenceNumber"], groups: [])
            defer {
                fields.issues += parameter.issues
                fields.unrepresented += parameter.unrepresented
            }
            guard let type = parameter.required("parameterType"), let parameterName = parameter.required("parameterName") else {
                continue
            }
            let value = parameter.leaves["parameterValue"] ?? ""
            var placed = true
            func place(_ parameters: inout [String: String]) {
                if parameters[parameterName] != nil { placed = false } else { parameters[parameterName] = value }
            }
            switch type {
            case _ where single.contains(type) && type == parameterName && rows[type] == nil:
                rows[type] = value
            case MetadataMapping.pkceParameter.type
            where parameterName == MetadataMapping.pkceParameter.name && rows[parameterName] == nil
                && (value == "true" || value == "false"):
                rows[parameterName] = value
            case MetadataMapping.defaultScopesParameter.type
            where parameterName == MetadataMapping.defaultScopesParameter.name && defaultScopes == nil:
                defaultScopes = value.split(whereSeparator: \.isWhitespace).map(String.init)
            case tokenTypes.body: place(&token.body)
            case tokenTypes.query: place(&token.query)
            case tokenTypes.headers: place(&token.headers)
            case refreshTypes.body: place(&refresh.body)
            case refreshTypes.query: place(&refresh.query)
            case refreshTypes.headers: place(&refresh.headers)
            case MetadataMapping.authorizeRequestQueryParameterType: place(&authorize.query)
            default: placed = false
            }
            if placed {
                parameter.unrepresentable("description")
                parameter.unrepresentable("sequenceNumber")
            } else {
                let duplicate = single.contains(type) ? " (a second one)" : ""
                parameter.warning(nil, "\(type) parameter '\(parameterName)'\(duplicate) is not represented in the credc manifest; a deploy of this provider removes it")
                parameter.unrepresented.append(("\(type) '\(parameterName)'", value))
            }
        }
        guard let tokenURL = rows[MetadataMapping.tokenURLParameter] else {
            fields.error(nil, "no TokenUrl parameter: a credc provider needs a token URL")
            return
        }
        var clientAuthentication = Schema.Fields.providerClientAuthentication.defaultString
        if let text = rows[MetadataMapping.clientAuthenticationParameter] {
            if let value = MetadataMapping.clientAuthenticationValues.first(where: { $0.value == text })?.key {
                clientAuthentication = value
            } else {
                fields.warning(nil, "ClientAuthentication '\(text)' is not ClientSecretBasic or ClientSecretPost; read as ClientSecretBasic, which a deploy writes")
                fields.unrepresented.append(("ClientAuthentication", text))
            }
        }
        for (field, _, parameterType) in plainRows {
            values[field.id] = JSONValue(rows[parameterType])
        }
        values[.name] = .string(name)
        values[.protocol] = .string(manifestProtocol)
        values[.flow] = .string(flow)
        values[.tokenUrl] = .string(tokenURL)
        values[.defaultScopes] = JSONValue(defaultScopes ?? [])
        values[.clientAuthentication] = .string(clientAuthentication)
        values[.pkce] = .bool(rows[MetadataMapping.pkceParameter.name] == "true")
        values[.tokenRequest] = token.json
        values[.refreshRequest] = refresh.json
        values[.authorizeRequest] = authorize.json
        providers.append(ManifestRecord(type, values))
    }

    // MARK: External credentials

    mutating func readCredential(name: String, _ fields: inout Fields) {
        let recordType = ManifestRecordType.resource(.externalCredential)
        fields.expect(
            leaves: Set(["authenticationProtocol", "fullName"]).union(fields.plainElements(of: recordType)),
            groups: ["externalCredentialParameters"])
        fields.checkFullName(name)
        let file = fields.file
        guard var values = fields.readPlainElements(of: recordType), let xmlProtocol = fields.required("authenticationProtocol")
        else { return }
        guard let manifestProtocol = MetadataMapping.credentialProtocols.first(where: { $0.value == xmlProtocol })?.key else {
            foreignResource(
                .externalCredential, name, file, "uses authenticationProtocol '\(xmlProtocol)'",
                at: fields.range(of: "authenticationProtocol"))
            fields.issues = []
            return
        }
        let groups = fields.groups["externalCredentialParameters", default: []]
        let peeked = groups.map { Fields(file: file, element: $0.0, path: $0.1) }
        let types = peeked.map { $0.leaf("parameterType") }
        let linkIndex = types.firstIndex(of: MetadataMapping.providerLinkParameter.type)
        let variantIndex = types.firstIndex(of: MetadataMapping.protocolVariantParameterType)
        let authProviderIndex = types.firstIndex(of: MetadataMapping.authProviderParameter.type)

        // Which flow: a provider link (the provider's flow, in finish()), else the variant row,
        // else a legacy AuthProvider link, else the protocol's default. A variant credc does not
        // know is another flow, never read as one of credc's.
        var flow: String?
        var passClientCredentialsInBody: Bool?
        var variantSaysFlow = false
        let waitsForProvider = manifestProtocol == "OAuth" && linkIndex != nil
        if waitsForProvider {
            flow = MetadataMapping.externalIdentityProviderFlow  // what it may hold; finish() sets the flow
        } else if let variantIndex {
            let variant = peeked[variantIndex].leaf("parameterValue") ?? ""
            guard let known = MetadataMapping.flow(protocol: manifestProtocol, variant: variant) else {
                foreignResource(.externalCredential, name, file, "uses the \(variant) flow", at: groups[variantIndex].0.range)
                fields.issues = []
                return
            }
            (flow, passClientCredentialsInBody, variantSaysFlow) = (known.flow, known.passClientCredentialsInBody, true)
        } else if manifestProtocol == "OAuth", authProviderIndex != nil {
            flow = MetadataMapping.browserFlow
        } else if manifestProtocol == "OAuth" {
            foreignResource(
                .externalCredential, name, file, "has no AuthProtocolVariant row and no provider link: its flow is unknown",
                at: fields.element.range)
            fields.issues = []
            return
        } else {
            flow = ProtocolTable.defaultFlows[manifestProtocol]
        }
        guard let spec = ProtocolTable.row(protocol: manifestProtocol, flow: flow) else {
            preconditionFailure("MetadataMapping's flows are rows of the protocol table")
        }
        func takes(_ parts: FieldID...) -> Bool { spec.takes(FieldPath(parts)) }

        var scope: String?
        let plainRows = MetadataMapping.plainParameters(of: recordType)
        var plainValues: [FieldID: String] = [:]
        var codes: [Int] = []
        var principals: [[FieldID: JSONValue]] = []
        var principalScopes: [(group: String, value: String, parameter: Fields)] = []
        var identityProvider: String?
        var lookups: [FieldID: String] = [:]
        var aws: [String: JSONValue] = [:]
        var headerClaims: [JSONValue] = []
        var bodyClaims: [JSONValue] = []
        var authHeaders: [JSONValue] = []
        let awsRows = MetadataMapping.awsParameters(flow: flow ?? "")
        let group = MetadataMapping.defaultGroup
        let optionalLeaves = [
            "authProvider", "certificate", "description", "externalAuthIdentityProvider", "parameterValue", "principal",
            "sequenceNumber",
        ]

        for (index, (element, path)) in groups.enumerated() {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(
                leaves: [
                    "authProvider", "certificate", "description", "externalAuthIdentityProvider", "parameterGroup",
                    "parameterName", "parameterType", "parameterValue", "principal", "sequenceNumber",
                ], groups: [])
            defer {
                fields.issues += parameter.issues
                fields.unrepresented += parameter.unrepresented
            }
            guard let type = parameter.required("parameterType"), let parameterName = parameter.required("parameterName") else {
                continue
            }
            let parameterGroup = parameter.leaves["parameterGroup"]
            let inDefaultGroup = (parameterGroup ?? group) == group
            let value = parameter.leaves["parameterValue"] ?? ""
            /// The row is read: what it holds beyond `used` has no place in the manifest.
            func read(using used: Set<String>) {
                optionalLeaves.filter { !used.contains($0) }.forEach { parameter.unrepresentable($0) }
            }
            let awsRow = awsRows.first { $0.type == type && ($0.name == parameterName || $0.aliases.contains(parameterName)) }
            switch type {
            case _ where inDefaultGroup
                && plainRows.contains { $0.1 == parameterName && $0.2 == type && plainValues[$0.0.id] == nil }:
                let field = plainRows.first { $0.1 == parameterName && $0.2 == type }!.0
                plainValues[field.id] = value
                read(using: ["parameterValue"])
            case MetadataMapping.protocolVariantParameterType where index == variantIndex && variantSaysFlow && parameterName == xmlProtocol:
                read(using: ["parameterValue"])
            case MetadataMapping.providerLinkParameter.type where index == linkIndex:
                identityProvider = parameter.leaves["externalAuthIdentityProvider"] ?? parameter.required("parameterValue")
                read(using: ["externalAuthIdentityProvider", "parameterValue"])
            case MetadataMapping.authProviderParameter.type
            where index == authProviderIndex && takes(.authProvider) && parameterName == MetadataMapping.authProviderParameter.name:
                lookups[.authProvider] = parameter.leaves["authProvider"] ?? parameter.required("parameterValue")
                read(using: ["authProvider", "parameterValue"])
            case MetadataMapping.tokenURLCredentialParameter.type
            where parameterName == MetadataMapping.tokenURLCredentialParameter.name && inDefaultGroup && takes(.tokenUrl)
                && lookups[.tokenUrl] == nil:
                lookups[.tokenUrl] = value
                read(using: ["parameterValue"])
            case MetadataMapping.signingCertificateParameter.type
            where parameterName == MetadataMapping.signingCertificateParameter.name && inDefaultGroup
                && takes(.signingCertificate) && lookups[.signingCertificate] == nil:
                lookups[.signingCertificate] = parameter.leaves["certificate"] ?? parameter.required("parameterValue")
                read(using: ["certificate", "parameterValue"])
            case MetadataMapping.scopeParameter.type
            where parameterName == MetadataMapping.scopeParameter.name && inDefaultGroup && takes(.scope) && scope == nil:
                scope = value
                read(using: ["parameterValue"])
            case MetadataMapping.scopeParameter.type
            where parameterName == MetadataMapping.scopeParameter.name && !inDefaultGroup && takes(.scope):
                var later = parameter  // reported once the principals are known
                later.issues = []
                later.unrepresented = []
                principalScopes.append((parameterGroup ?? "", value, later))
            case let claimType
            where [MetadataMapping.jwtClaimTypes.header, MetadataMapping.jwtClaimTypes.body].contains(claimType)
                && inDefaultGroup && takes(.jwt):
                let claim = JSONValue.object([
                    FieldID.name.name: .string(parameterName), FieldID.value.name: .string(value),
                    FieldID.description.name: JSONValue(parameter.leaves["description"]),
                ])
                if type == MetadataMapping.jwtClaimTypes.header { headerClaims.append(claim) } else { bodyClaims.append(claim) }
                read(using: ["description", "parameterValue"])
            case MetadataMapping.authHeaderType where inDefaultGroup:
                let sequence = parameter.sequenceNumber(position: authHeaders.count + 1)
                authHeaders.append(
                    .object([
                        FieldID.name.name: .string(parameterName), FieldID.value.name: .string(value),
                        FieldID.sequence.name: .integer(sequence),
                    ]))
                read(using: ["parameterValue", "sequenceNumber"])
            case _ where awsRow != nil && inDefaultGroup && takes(.aws, awsRow!.field) && aws[awsRow!.field.name] == nil:
                let row = awsRow!
                if row.field == .duration {
                    guard let seconds = Int(value) else {
                        parameter.warning("parameterValue", "\(parameterName) '\(value)' is not a number of seconds; not represented in the credc manifest, a deploy of this credential removes it")
                        parameter.unrepresented.append(("\(type) '\(parameterName)'", value))
                        continue
                    }
                    aws[row.field.name] = .integer(seconds)
                } else {
                    aws[row.field.name] = .string(value)
                }
                if parameterName != row.name {
                    parameter.warning("parameterName", "\(parameterName) is read as \(row.name), which a deploy of this credential writes instead (the documentation names it both ways)")
                    parameter.unrepresented.append(("\(type) '\(parameterName)'", value))
                }
                read(using: ["parameterValue"])
            case MetadataMapping.refreshStatusCodesParameter.type:
                let text = parameter.leaves["parameterValue"] ?? parameterName
                for token in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                    if let code = Int(token) { codes.append(code) } else {
                        parameter.warning("parameterValue", "'\(token)' is not an HTTP status code; ignored")
                    }
                }
                read(using: ["parameterValue"])
            case let identityType where MetadataMapping.principalTypes.contains(identityType):
                guard let text = parameter.required("sequenceNumber") else { continue }
                guard let sequence = Int(text) else {
                    parameter.error("sequenceNumber", "sequenceNumber '\(text)' is not an integer; principal '\(parameterName)' skipped")
                    continue
                }
                if principals.contains(where: { $0[.name] == .string(parameterName) }) {
                    parameter.duplicate("principal '\(parameterName)'")
                    continue
                }
                if let parameterGroup, parameterGroup != parameterName {
                    parameter.warning("parameterGroup", "parameterGroup '\(parameterGroup)' differs from the principal name; credc writes the principal name")
                    parameter.unrepresented.append(("principal '\(parameterName)' parameterGroup", parameterGroup))
                }
                read(using: ["principal", "sequenceNumber"])
                // API 56–57: `<principal>` names the permission set that may use it, a grant.
                let grantedTo = parameter.leaves["principal"].flatMap { $0.isEmpty ? nil : [$0] } ?? []
                principals.append([
                    .name: .string(parameterName), .sequence: .integer(sequence), .identityType: .string(identityType),
                    .permissionSets: JSONValue(grantedTo),
                ])
            default:
                let what = type == MetadataMapping.protocolVariantParameterType && waitsForProvider
                    ? "an AuthProtocolVariant row, which a provider-linked credential does not have (its flow comes from its provider)"
                    : "\(type) parameter '\(parameterName)'\(parameterGroup.map { " (group '\($0)')" } ?? "")"
                parameter.warning(nil, "\(what) is not represented in the credc manifest; a deploy of this credential removes it")
                parameter.unrepresented.append(("\(type) '\(parameterName)'", parameter.leaves["parameterValue"]))
            }
        }
        // A principal's own scope is the Scope row in its group, which may come before it.
        for (scopeGroup, value, var parameter) in principalScopes {
            if let index = principals.firstIndex(where: { $0[.name] == .string(scopeGroup) }), principals[index][.scope] == nil {
                principals[index][.scope] = .string(value)
                optionalLeaves.filter { $0 != "parameterValue" }.forEach { parameter.unrepresentable($0) }
            } else {
                parameter.warning(nil, "AuthParameter parameter 'Scope' (group '\(scopeGroup)') is not represented in the credc manifest: no principal of that name holds it; a deploy of this credential removes it")
                parameter.unrepresented.append(("AuthParameter 'Scope' (group '\(scopeGroup)')", value))
            }
            fields.issues += parameter.issues
            fields.unrepresented += parameter.unrepresented
        }
        if waitsForProvider, identityProvider == nil { return }  // required() reported it
        for (field, _, _) in plainRows { values[field.id] = JSONValue(plainValues[field.id]) }
        values[.name] = .string(name)
        values[.protocol] = .string(manifestProtocol)
        // A provider-linked flow waits for the provider (finish()).
        values[.flow] = waitsForProvider ? .string("") : JSONValue(flow)
        values[.identityProvider] = JSONValue(identityProvider)
        for field in [FieldID.authProvider, .tokenUrl, .signingCertificate] { values[field] = JSONValue(lookups[field]) }
        values[.scope] = JSONValue(scope)
        if let passClientCredentialsInBody { values[.passClientCredentialsInBody] = .bool(passClientCredentialsInBody) }
        values[.additionalRefreshStatusCodes] = JSONValue(codes)
        if !headerClaims.isEmpty || !bodyClaims.isEmpty {
            values[.jwt] = .object([FieldID.header.name: .array(headerClaims), FieldID.claims.name: .array(bodyClaims)])
        }
        if !aws.isEmpty { values[.aws] = .object(aws) }
        values[.authHeaders] = .array(authHeaders)
        values[.principals] = .array(principals.map { ManifestRecord(.principal, $0).json })
        credentials.append(
            PendingCredential(
                credential: ManifestRecord(recordType, values),
                file: file, linkRange: linkIndex.map { groups[$0].0.range } ?? nil, waitsForProvider: waitsForProvider))
    }

    // MARK: Named credentials

    mutating func readNamedCredential(name: String, _ fields: inout Fields) {
        let legacy = [
            "authProvider", "authTokenEndpointUrl", "awsAccessKey", "awsAccessSecret", "awsRegion", "awsService",
            "certificate", "endpoint", "jwtAudience", "jwtFormulaSubject", "jwtIssuer", "jwtSigningCertificate",
            "jwtTextSubject", "jwtValidityPeriodSeconds", "oauthRefreshToken", "oauthScope", "oauthToken",
            "outboundNetworkConnection", "password", "principalType", "protocol", "username",
        ]
        let file = fields.file
        let type = fields.element.children.first { $0.name == "namedCredentialType" }?.text
        guard let type, MetadataMapping.namedCredentialTypes.contains(type) else {
            foreignResource(
                .namedCredential, name, file,
                type.map { "is of namedCredentialType '\($0)'" } ?? "is a legacy named credential (no namedCredentialType)",
                at: fields.range(of: type == nil ? nil : "namedCredentialType"))
            return
        }
        let recordType = ManifestRecordType.resource(.namedCredential)
        let mapped = fields.plainElements(of: recordType)
        // Known elements with no place in the manifest: reported when they hold something.
        let unmodelled = (["description"] + legacy).filter { !mapped.contains($0) }
        fields.expect(
            leaves: Set(unmodelled + ["calloutStatus", "fullName", "namedCredentialType"]).union(mapped),
            groups: ["namedCredentialParameters"])
        fields.checkFullName(name)
        unmodelled.forEach { fields.unrepresentable($0) }
        guard var values = fields.readPlainElements(of: recordType) else { return }
        var enabled = Schema.Fields.namedEnabled.defaultBool
        if let status = fields.leaves["calloutStatus"] {
            if let value = MetadataMapping.enabled(calloutStatus: status) { enabled = value } else {
                fields.warning("calloutStatus", "calloutStatus '\(status)' is not Enabled or Disabled; read as Enabled")
            }
        }
        var url: String?
        var externalCredential: String?
        var authenticationRange: SourceRange?
        var namespaces: [String] = []
        var lookups: [FieldID: String] = [:]
        var headers: [JSONValue] = []
        let plainRows = MetadataMapping.plainParameters(of: recordType)
        var plainValues: [FieldID: String] = [:]
        for (element, path) in fields.groups["namedCredentialParameters", default: []] {
            var parameter = Fields(file: file, element: element, path: path)
            parameter.expect(
                leaves: [
                    "certificate", "description", "externalCredential", "globalNamedPrincipalCredential",
                    "managedFeatureEnabledCallout", "outboundNetworkConnection", "parameterName", "parameterType",
                    "parameterValue", "readOnlyNamedCredential", "sequenceNumber", "systemUserNamedCredential",
                ], groups: [])
            defer {
                fields.issues += parameter.issues
                fields.unrepresented += parameter.unrepresented
            }
            guard let type = parameter.required("parameterType") else { continue }
            var unrepresentable = [
                "certificate", "description", "globalNamedPrincipalCredential", "managedFeatureEnabledCallout",
                "outboundNetworkConnection", "readOnlyNamedCredential", "sequenceNumber", "systemUserNamedCredential",
            ]
            let parameterName = parameter.leaves["parameterName"]
            let certificate = MetadataMapping.clientCertificateParameter
            let connection = MetadataMapping.outboundNetworkConnectionParameter
            switch type {
            case _ where plainRows.contains { $0.1 == parameterName && $0.2 == type && plainValues[$0.0.id] == nil }:
                let field = plainRows.first { $0.1 == parameterName && $0.2 == type }!.0
                plainValues[field.id] = parameter.leaves["parameterValue"] ?? ""
            case MetadataMapping.urlParameter.type where url == nil:
                url = parameter.required("parameterValue")
            case MetadataMapping.authenticationParameter.type where externalCredential == nil:
                externalCredential = parameter.leaves["externalCredential"] ?? parameter.required("parameterValue")
                authenticationRange = element.range
            case MetadataMapping.namespaceParameterType:
                guard let namespace = parameter.leaves["parameterValue"] ?? parameter.leaves["parameterName"] else { continue }
                namespaces.append(namespace)
            case certificate.type where parameterName == certificate.name && lookups[.clientCertificate] == nil:
                lookups[.clientCertificate] = parameter.leaves["certificate"] ?? parameter.required("parameterValue")
                unrepresentable.removeAll { $0 == "certificate" }
                parameter.unrepresentable("parameterValue")
            case connection.type where parameterName == connection.name && lookups[.outboundNetworkConnection] == nil:
                lookups[.outboundNetworkConnection] =
                    parameter.leaves["outboundNetworkConnection"] ?? parameter.required("parameterValue")
                unrepresentable.removeAll { $0 == "outboundNetworkConnection" }
                parameter.unrepresentable("parameterValue")
            case MetadataMapping.httpHeaderType where parameterName != nil:
                let sequence = parameter.sequenceNumber(position: headers.count + 1)
                headers.append(
                    .object([
                        FieldID.name.name: .string(parameterName!),
                        FieldID.value.name: .string(parameter.leaves["parameterValue"] ?? ""),
                        FieldID.sequence.name: .integer(sequence),
                    ]))
                unrepresentable.removeAll { $0 == "sequenceNumber" }
            default:
                let name = parameter.leaves["parameterName"] ?? ""
                parameter.warning(nil, "\(type) parameter '\(name)' is not represented in the credc manifest; a deploy of this named credential removes it")
                parameter.unrepresented.append(("\(type) '\(name)'", parameter.leaves["parameterValue"]))
                continue
            }
            unrepresentable.forEach { parameter.unrepresentable($0) }
        }
        guard let url else { fields.error(nil, "no Url parameter: a credc named credential needs a URL"); return }
        guard let externalCredential else {
            fields.error(nil, "no Authentication parameter: a credc named credential needs an external credential")
            return
        }
        for (field, _, _) in plainRows { values[field.id] = JSONValue(plainValues[field.id]) }
        values[.name] = .string(name)
        values[.url] = .string(url)
        values[.externalCredential] = .string(externalCredential)
        values[.allowedNamespaces] = JSONValue(namespaces)
        values[.enabled] = .bool(enabled)
        values[.type] = .string(type)
        values[.clientCertificate] = JSONValue(lookups[.clientCertificate])
        values[.outboundNetworkConnection] = JSONValue(lookups[.outboundNetworkConnection])
        values[.headers] = .array(headers)
        namedCredentials.append(
            (ManifestRecord(recordType, values), file, authenticationRange))
    }

    // MARK: Permission sets

    mutating func readPermissionSet(name: String, _ fields: inout Fields) {
        let grantElement = "externalCredentialPrincipalAccesses"
        // The label is read (the exporter writes it back); everything else is the set's own.
        fields.expect(leaves: ["label"], groups: [grantElement], othersAreOutOfScope: true)
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
        var unobserved: [String: Set<FieldID>] = [:]
        var resolved: [ManifestRecord] = []
        let providersByName = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for pending in credentials {
            var credential = pending.credential
            guard pending.waitsForProvider else {
                resolved.append(credential)
                continue
            }
            let providerName = credential.identityProvider
            if let providerFlow = providerFlows[providerName] {
                guard !foreignProviders.contains(providerName),
                    let flow = MetadataMapping.credentialFlow(providerFlow: providerFlow)
                else {
                    issues.removeAll { $0.file == pending.file }
                    foreignResource(
                        .externalCredential, credential.name, pending.file,
                        "is linked to provider '\(providerName)', which credc does not manage", at: pending.linkRange)
                    continue
                }
                credential.flow = flow
                if flow == MetadataMapping.externalIdentityProviderFlow, let provider = providersByName[providerName] {
                    credential.passClientCredentialsInBody = MetadataMapping.passClientCredentialsInBody(
                        clientAuthentication: provider.clientAuthentication)
                }
            } else {
                // The provider is not in the folder (the configuration may mark it unmanaged):
                // the flow is not guessed.
                unobserved[credential.name] = [.flow, .passClientCredentialsInBody]
            }
            resolved.append(credential)
        }
        let foreignCredentials = Set(foreign.filter { $0.type == .externalCredential }.map(\.name))
        let readCredentials = Set(resolved.map(\.name))
        var kept: [ManifestRecord] = []
        // SPEC §11: what depends on a credential credc cannot see is foreign, for `plan` as for
        // `import` (both read it from here): a partial retrieve must not turn into deletes.
        for (namedCredential, file, range) in namedCredentials {
            let credential = namedCredential.externalCredential
            if readCredentials.contains(credential) {
                kept.append(namedCredential)
                continue
            }
            issues.removeAll { $0.file == file }
            let isForeign = foreignCredentials.contains(credential)
            foreignResource(
                .namedCredential, namedCredential.name, file,
                "uses external credential '\(credential)', "
                    + (isForeign ? "which credc does not manage" : "which is not in the folder"),
                at: range, missing: isForeign ? nil : MetadataMember(type: .externalCredential, name: credential))
        }
        let foreignMembers = Set(foreign)
        unrepresented.removeAll { foreignMembers.contains($0.member) }

        for grant in grants {
            guard
                let (credentialName, principalName) = MetadataMapping.splitPrincipalReference(
                    grant.reference, projectNamespace: projectNamespace)
            else {
                issue(.warning, grant.file, grant.path, "'\(grant.reference)' is not of the form Credential-Principal; ignored", at: grant.range)
                continue
            }
            // Reported once, with its credential; the merge keeps the grant in the org's file.
            if foreignCredentials.contains(credentialName) { continue }
            guard let credentialIndex = resolved.firstIndex(where: { $0.name == credentialName }) else {
                let why = credentialName.contains("__") ? "a namespaced (packaged) credential" : "no external credential '\(credentialName)' was read"
                issue(.warning, grant.file, grant.path, "access to '\(grant.reference)' ignored: \(why)", at: grant.range)
                continue
            }
            guard let principalIndex = resolved[credentialIndex].principals.firstIndex(where: { $0.name == principalName }) else {
                issue(.warning, grant.file, grant.path, "access to '\(grant.reference)' ignored: '\(credentialName)' has no principal '\(principalName)'", at: grant.range)
                continue
            }
            if !resolved[credentialIndex].principals[principalIndex].permissionSets.contains(grant.permissionSet) {
                resolved[credentialIndex].principals[principalIndex].permissionSets.append(grant.permissionSet)
            }
        }

        var permissionSets: [String: RetrievedPermissionSet] = [:]
        for name in unreadPermissionSetParts.keys where permissionSetParts[name] == nil {
            permissionSetParts[name] = []
        }
        for (name, parts) in permissionSetParts {
            // The decomposed layout's main file first, then its parts by path: one order however
            // the folder was listed.
            let ordered = parts.sorted { lhs, rhs in
                let lhsMain = lhs.path.hasSuffix("/\(name).permissionset-meta.xml")
                let rhsMain = rhs.path.hasSuffix("/\(name).permissionset-meta.xml")
                return lhsMain != rhsMain ? lhsMain : lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8)
            }
            let elements = ordered.flatMap(\.element.children)
            let label = elements.first { $0.name == "label" && $0.children.isEmpty }?.text
            var permissionSet = RetrievedPermissionSet(
                name: name, label: label, isDecomposed: parts.contains { $0.decomposed }, elements: elements,
                projectNamespace: projectNamespace)
            permissionSet.unreadParts = unreadPermissionSetParts[name, default: []].sorted()
            permissionSets[name] = permissionSet
        }

        // Grant checks ran last; group issues by file, keeping the order found.
        let ordered = issues.enumerated().sorted {
            $0.element.file != $1.element.file
                ? $0.element.file.utf8.lexicographicallyPrecedes($1.element.file.utf8) : $0.offset < $1.offset
        }.map(\.element)
        return MetadataReadResult(
            manifest: Manifest(providers: providers, externalCredentials: resolved, namedCredentials: kept),
            issues: ordered, foreignResources: foreign.sorted(), foreignReports: foreignReports, unrepresented: unrepresented,
            unobservedFields: unobserved, permissionSets: permissionSets)
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
    /// What a deploy of the resource would remove: element description and value.
    var unrepresented: [(element: String, value: String?)] = []

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
                unrepresented.append((path, child.children.isEmpty ? child.text : nil))
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

    /// The leaf elements of `type`'s fields mapped to one (``FieldMapping/element(_:)``).
    func plainElements(of type: ManifestRecordType) -> Set<String> {
        Set(MetadataMapping.plainFields(of: type).compactMap { if case .element(let name) = $0.mapping { name } else { nil } })
    }

    /// The values of `type`'s fields mapped to a leaf element: the required ones first, in the
    /// table's order (nil, with the error, when one is missing), then the others by element
    /// name. A boolean that is neither `true` nor `false` is reported and left out.
    mutating func readPlainElements(of type: ManifestRecordType) -> [FieldID: JSONValue]? {
        let elements = MetadataMapping.plainFields(of: type).compactMap { field, mapping in
            if case .element(let name) = mapping { (field, name) } else { nil }
        }
        var values: [FieldID: JSONValue] = [:]
        for (field, element) in elements where field.isRequired {
            guard let text = required(element) else { return nil }
            values[field.id] = .string(text)
        }
        for (field, element) in elements.sorted(by: { $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }) where !field.isRequired {
            switch field.type {
            case .boolean: values[field.id] = boolean(element).map(JSONValue.bool)
            case .integer: values[field.id] = leaves[element].flatMap(Int.init).map(JSONValue.integer)
            default: values[field.id] = leaves[element].map(JSONValue.string)
            }
        }
        return values
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
        unrepresented.append((childPath(name), value))
    }

    /// A child leaf's text without reporting anything.
    func leaf(_ name: String) -> String? {
        element.children.first { $0.name == name && $0.children.isEmpty }?.text
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

    /// A header row's `sequenceNumber`; its position in the file when it has none, or (with a
    /// warning, and reported as unrepresented) when it is not an integer.
    mutating func sequenceNumber(position: Int) -> Int {
        guard let text = leaves["sequenceNumber"] else { return position }
        if let number = Int(text) { return number }
        warning("sequenceNumber", "sequenceNumber '\(text)' is not an integer; read as \(position), its position")
        unrepresented.append((childPath("sequenceNumber"), text))
        return position
    }

    mutating func warning(_ child: String?, _ message: String) {
        issues.append(
            MetadataIssue(severity: .warning, file: file, elementPath: childPath(child), message: message, range: range(of: child)))
    }

    mutating func error(_ child: String?, _ message: String) {
        issues.append(
            MetadataIssue(severity: .error, file: file, elementPath: childPath(child), message: message, range: range(of: child)))
    }
}
