import Checker
import Diagnostics
import Driver
import FoundationEssentials
import JSON
import Manifest
import SalesforceMetadata
import Schema

/// `credc import`: what a retrieved metadata folder holds, as credc YAML.
///
/// The metadata reader does the reading; this adds what a configuration needs beyond a state:
/// a resource credc cannot represent leaves out what depends on it (a named credential whose
/// external credential is left out would be an `unknown-external-credential` error), every
/// finding becomes a diagnostic at its XML file and position, and the resources become files
/// in folders by kind, as `Samples/` is laid out.
public struct OrgImport: Sendable {
    /// The name of the schema file written at the top of the output folder.
    public static let schemaFileName = "credc-v1.schema.json"

    public init() {}

    /// - Parameters:
    ///   - read: the reader's result for the folder.
    ///   - sources: the files that findings may point into, by the path the reader used
    ///     (relative to the folder); a finding in a file not given here points at line 1.
    ///   - profileGrants: principal access found in profile files (see ``ProfileAccessScan``).
    ///   - displayPrefix: put in front of the reader's paths in diagnostics (the folder as the
    ///     user named it, with a trailing `/`), so that they are paths the user can open.
    public func run(
        _ read: MetadataReadResult, sources: [String: SourceFile], profileGrants: [ProfileGrant] = [],
        displayPrefix: String = ""
    ) -> ImportResult {
        var findings = Findings(sources: sources, displayPrefix: displayPrefix)
        findings.add(read.issues)
        for grant in profileGrants { findings.add(grant) }

        // A header or claim row whose value looks like a credential is not written into git
        // (SPEC §10): the row is left out, not its resource, and the plan shows its removal
        // with the value hidden, so that the team moves it to a principal's parameter knowingly.
        let (manifest, secretRows) = Self.withoutSecretRows(read.manifest)
        for row in secretRows { findings.unrepresented(type: row.member.type, name: row.member.name, row.message) }

        // What the checker rejects in the YAML (a secret or a query string in a URL, a
        // placeholder where a URL must be) is left out too, and what depends on it with it:
        // a few rounds at most, each leaving out at least one resource.
        var rejected: [Member: String] = [:]
        while true {
            let selection = Self.select(manifest, rejected: rejected, unreadable: findings.leftOut)
            let rendered = Self.render(selection.manifest)
            let (newlyRejected, unplaced) = Self.checkErrors(rendered)
            if newlyRejected.isEmpty {
                for message in unplaced { findings.bug(message) }
                for (member, why) in rejected.sorted(by: { $0.key.name < $1.key.name }) {
                    findings.unrepresented(type: member.type, name: member.name, why)
                }
                for (member, message) in selection.leftOut { findings.foreign(type: member.type, name: member.name, message) }
                for (member, fields) in rendered.fields { findings.placeholders(in: fields, type: member.type, name: member.name) }
                return ImportResult(
                    files: rendered.files, manifest: selection.manifest,
                    diagnostics: findings.diagnostics)
            }
            rejected.merge(newlyRejected) { first, _ in first }
        }
    }

    /// `manifest` without the header and claim rows whose value looks like a credential, and
    /// what was left out (names only: the values are never printed).
    private static func withoutSecretRows(_ manifest: Manifest) -> (Manifest, [(member: Member, message: String)]) {
        var result = manifest
        var removed: [(member: Member, message: String)] = []
        func strip(_ rows: JSONValue, _ what: String, _ member: Member) -> JSONValue {
            guard case .array(let items) = rows else { return rows }
            return .array(items.filter { row in
                guard case .object(let members) = row, case .string(let value)? = members["value"],
                    let shape = Checker.headerSecretShape(value)
                else { return true }
                let name = if case .string(let text)? = members["name"] { text } else { "?" }
                removed.append((member, "the \(what) '\(name)' of \(member.type.rawValue) '\(member.name)' holds what looks like \(shape): "
                    + "it is not imported (the plan shows its removal, value hidden); make it a principal's parameter, "
                    + "{!$Credential.CREDENTIAL.PARAM}, and enter it with credc secrets"))
                return false
            })
        }
        result.externalCredentials = manifest.externalCredentials.map { credential in
            var credential = credential
            let member = Member(type: .externalCredential, name: credential.name)
            credential[.authHeaders] = strip(credential[.authHeaders], "AuthHeader row", member)
            if case .object(var jwt) = credential[.jwt] {
                jwt[FieldID.header.name] = strip(jwt[FieldID.header.name] ?? .array([]), "JWT header claim", member)
                jwt[FieldID.claims.name] = strip(jwt[FieldID.claims.name] ?? .array([]), "JWT claim", member)
                credential[.jwt] = .object(jwt)
            }
            return credential
        }
        result.namedCredentials = manifest.namedCredentials.map { named in
            var named = named
            named[.headers] = strip(named[.headers], "HttpHeader row", Member(type: .namedCredential, name: named.name))
            return named
        }
        return (result, removed)
    }

    /// The resources to write: every one the reader read, except those `rejected` and those
    /// that need one that is not written (with why).
    private static func select(
        _ manifest: Manifest, rejected: [Member: String], unreadable: Set<Member>
    ) -> (manifest: Manifest, leftOut: [(Member, String)]) {
        var leftOut: [(Member, String)] = []
        let providers = manifest.providers.filter { rejected[Member(type: .externalAuthIdentityProvider, name: $0.name)] == nil }
        let providerNames = Set(providers.map(\.name))
        var credentials: [ManifestRecord] = []
        for credential in manifest.externalCredentials {
            let member = Member(type: .externalCredential, name: credential.name)
            if rejected[member] != nil { continue }
            // Only the provider-linked flows need their provider's fields.
            if credential.optionalString(.identityProvider) == nil || providerNames.contains(credential.identityProvider) {
                credentials.append(credential)
                continue
            }
            let why =
                manifest.providers.contains { $0.name == credential.identityProvider }
                ? "is left out too" : "is not in the folder, and credc needs the provider's fields"
            leftOut.append(
                (member, "external credential '\(credential.name)' is left out: its identity provider '\(credential.identityProvider)' \(why)"))
        }
        let credentialNames = Set(credentials.map(\.name))
        var namedCredentials: [ManifestRecord] = []
        for named in manifest.namedCredentials {
            let member = Member(type: .namedCredential, name: named.name)
            if rejected[member] != nil { continue }
            if credentialNames.contains(named.externalCredential) {
                namedCredentials.append(named)
                continue
            }
            // One the folder does not hold, or holds as foreign, the reader already made foreign.
            let why = unreadable.contains(Member(type: .externalCredential, name: named.externalCredential))
                ? "which credc cannot represent" : "which is left out too"
            leftOut.append(
                (member, "named credential '\(named.name)' is left out: it uses external credential '\(named.externalCredential)', \(why)"))
        }
        return (Manifest(providers: providers, externalCredentials: credentials, namedCredentials: namedCredentials), leftOut)
    }

    private struct Rendered {
        var files: [String: String] = [:]
        var members: [String: Member] = [:]
        var fields: [(Member, [String: ImportedValue])] = []
    }

    private static func render(_ manifest: Manifest) -> Rendered {
        var rendered = Rendered()
        let writer = ResourceText(schemaReference: "../\(schemaFileName)")
        for kind in ResourceKind.allCases {
            for record in manifest.records(of: kind) {
                let fields = ManifestFields.fields(of: record)
                let path = path(kind, record.name)
                rendered.files[path] = writer.document(kind: kind, fields: fields)
                rendered.members[path] = Member(type: .resource(kind), name: record.name)
                rendered.fields.append((Member(type: .resource(kind), name: record.name), fields))
            }
        }
        return rendered
    }

    /// The resources whose YAML `credc check` rejects, with the fields and rules. Check's own
    /// messages are not repeated: they quote values, and a URL can hold a secret. Errors in no
    /// resource's file (none are known) come back apart, so that nothing is written.
    private static func checkErrors(_ rendered: Rendered) -> (rejected: [Member: String], unplaced: [String]) {
        let analysis = Pipeline.analyze(rendered.files.map { SourceFile(path: $0.key, text: $0.value) })
        let errors = analysis.diagnostics.filter { $0.severity == .error }
        var rejected: [Member: String] = [:]
        for (file, fileErrors) in Dictionary(grouping: errors, by: \.file) {
            guard let member = rendered.members[file] else { continue }
            var seen: Set<String> = []
            let reasons = fileErrors.map { "\($0.path.isEmpty ? "the resource" : "'\($0.path)'") (\($0.rule))" }
                .filter { seen.insert($0).inserted }
            var message = "\(member.type.rawValue) '\(member.name)' is left out: credc check rejects \(reasons.joined(separator: ", "))"
            let fields = rendered.fields.first { $0.0 == member }?.1 ?? [:]
            let placeholders = ResourceText.fieldsHoldingPlaceholders(fields)
            if !placeholders.isEmpty {
                let fields = ResourceText.quotedList(placeholders)
                message += "; \(fields.text) \(fields.isPlural ? "hold '${…}' placeholders, which are" : "holds a '${…}' placeholder, which is") "
                    + "literal text to credc: define the variable in an Environment and add the resource with '${NAME}'"
            }
            rejected[member] = message
        }
        let unplaced = errors.filter { rendered.members[$0.file] == nil }.map { "\($0.file): \($0.message) [\($0.rule)]" }
        return (rejected, unplaced)
    }

    /// `credentials/Billing_API.yaml`: folders by kind, as `Samples/` is laid out.
    static func path(_ kind: ResourceKind, _ name: String) -> String {
        let folder =
            switch kind {
            case .externalAuthIdentityProvider: "providers"
            case .externalCredential: "credentials"
            case .namedCredential: "named-credentials"
            }
        return "\(folder)/\(name).yaml"
    }
}

/// What ``OrgImport`` produced.
public struct ImportResult: Sendable {
    /// YAML files by path relative to the output folder.
    public var files: [String: String]
    /// What the files hold, as the manifest they compile to.
    public var manifest: Manifest
    /// Sorted; errors mean the folder could not be read as a whole and nothing should be written.
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

struct Member: Hashable {
    var type: MetadataType
    var name: String
}

/// Collects diagnostics, placing each at its XML file and element.
struct Findings {
    let sources: [String: SourceFile]
    let displayPrefix: String
    var findings: [Finding] = []
    /// Resources the reader read as not credc's (`foreign-resource`).
    var leftOut: Set<Member> = []
    private var rootRanges: [String: SourceRange?] = [:]

    init(sources: [String: SourceFile], displayPrefix: String) {
        self.sources = sources
        self.displayPrefix = displayPrefix
    }

    /// Each finding with its rule's severity, in reporting order.
    var diagnostics: [Diagnostic] { Rules.diagnostics(findings).sorted(by: Diagnostic.sortKey) }

    mutating func emit(_ rule: RuleID, file: String, range: SourceRange?, path: String, _ message: String) {
        findings.append(
            Finding(rule: rule, message: message, file: displayPrefix + file, range: range ?? .fileStart, path: path))
    }

    /// A finding about a whole resource, at its file's root element.
    mutating func emit(_ rule: RuleID, resource type: MetadataType, _ name: String, _ message: String) {
        let file = sourcePath(of: type, name) ?? type.sourcePath(member: name) ?? name
        if rootRanges[file] == nil {
            rootRanges[file] = sources[file].flatMap { MetadataPositions.range(of: type.rawValue, in: Data($0.bytes)) }
        }
        emit(rule, file: file, range: rootRanges[file]!, path: type.rawValue, message)
    }

    /// The file the reader read a resource from.
    func sourcePath(of type: MetadataType, _ name: String) -> String? {
        guard let relative = type.sourcePath(member: name) else { return nil }
        return sources.keys.sorted().first { $0 == relative || $0.hasSuffix("/" + relative) }
    }

    mutating func foreign(type: MetadataType, name: String, _ message: String) {
        emit(.foreignResource, resource: type, name, message)
    }

    /// A resource left out because credc check rejects its YAML.
    mutating func unrepresented(type: MetadataType, name: String, _ message: String) {
        emit(.unrepresentedState, resource: type, name, message)
    }

    /// The written YAML fails `credc check` in a way no resource explains: credc's fault.
    mutating func bug(_ message: String) {
        findings.append(
            Finding(
                rule: .invalidState,
                message: "credc import wrote YAML that credc check rejects (please report this): \(message)",
                file: displayPrefix, range: .fileStart))
    }

    mutating func add(_ grant: ProfileGrant) {
        emit(
            .unrepresentedState, file: grant.file, range: grant.range, path: grant.elementPath,
            "profile '\(grant.profile)' has access to principal '\(grant.reference)': left out, since the Metadata API "
                + "cannot deploy profile access to principals; keep granting it in Setup, or add the profile to the "
                + "principal's `profiles` to have credc check it (profile-access-not-deployable)")
    }

    /// A `${` in free text is written as `$${`: the placeholder it most likely is becomes text,
    /// which the YAML does not say by itself. Said once per resource, at the resource.
    mutating func placeholders(in fields: [String: ImportedValue], type: MetadataType, name: String) {
        let names = ResourceText.fieldsHoldingPlaceholders(fields)
        guard !names.isEmpty else { return }
        let fields = ResourceText.quotedList(names)
        emit(
            .unrepresentedState, resource: type, name,
            "\(fields.text) of '\(name)' \(fields.isPlural ? "hold" : "holds") '${', written as '$${' so that it "
                + "stays literal text; if it is a Salesforce CLI string-replacement placeholder, define the value in "
                + "an Environment and write '${NAME}' instead")
    }

    /// The metadata reader's findings, under the rules it gives them. Notes about other files
    /// and about a permission set's other permissions are not reported: a project folder holds
    /// thousands, and none is about credentials. A managed package's component (`ns__Name`,
    /// not a developer name) is the package's: one `foreign-resource` instead of the error.
    mutating func add(_ issues: [MetadataIssue]) {
        var packaged: Set<String> = []
        for issue in issues {
            let member = Self.member(issue.file)
            if let member, member.name.contains("__"), !Naming.isDeveloperName(member.name) {
                guard packaged.insert(issue.file).inserted else { continue }
                leftOut.insert(member)
                let namespace = member.name[..<member.name.firstRange(of: "__")!.lowerBound]
                emit(
                    .foreignResource, file: issue.file, range: nil, path: "",
                    "'\(member.name)' belongs to the managed package '\(namespace)', which manages it; left alone")
                continue
            }
            if issue.severity == .note {
                guard let member, case .resource = member.type else { continue }
                leftOut.insert(member)
            }
            findings.append(issue.finding(file: displayPrefix + issue.file))
        }
    }

    /// Which resource a file holds, from its name (`externalCredentials/X.externalCredential-meta.xml`).
    private static func member(_ file: String) -> Member? {
        for type in MetadataType.credcTypes {
            guard let folder = type.directoryName, let suffix = type.fileSuffix else { continue }
            let components = file.split(separator: "/")
            guard components.count >= 2, components[components.count - 2] == folder else { continue }
            let fileName = String(components[components.count - 1])
            for ending in [".\(suffix)-meta.xml", ".\(suffix)"] where fileName.hasSuffix(ending) {
                return Member(type: type, name: String(fileName.dropLast(ending.count)))
            }
        }
        return nil
    }
}
