import JSON
import Manifest
import Schema
import FoundationEssentials

/// Writes a ``Manifest`` as SFDX source-format metadata, the folder `sf project deploy start
/// --source-dir` deploys and `sf project retrieve start` writes.
///
/// Output, keyed by path relative to the package directory (e.g. `force-app/main/default`):
/// - `externalAuthIdentityProviders/NAME.externalAuthIdentityProvider-meta.xml` for each
///   provider that is not `unmanaged` (unmanaged ones exist in the org and are only referenced);
/// - `externalCredentials/NAME.externalCredential-meta.xml`;
/// - `namedCredentials/NAME.namedCredential-meta.xml`;
/// - `permissionsets/NAME.permissionset-meta.xml` for each permission set that grants a
///   principal;
/// - `package.xml` listing every member above at ``apiVersion``.
///
/// **Permission sets are written whole.** The Metadata API reference warns that from API 40.0
/// "when you deploy a permission set, you must include all of its metadata to avoid
/// accidentally overwriting the permission set's contents". A permission set of the org
/// (``MetadataReadResult/permissionSets``, classic or decomposed) is written with everything it
/// holds and the grants merged in. One the org folder does not hold is written with its grants
/// and a `<label>` (required: a deploy without it fails, SALESFORCE.md §11), and a note warns
/// that deploying it replaces the set's content unless it exists only for these grants.
///
/// **Profiles are not exported.** The Profile metadata type has no
/// `externalCredentialPrincipalAccesses` node, and profile-level principal access "will not
/// deploy" (SALESFORCE.md §4, §10.9). Each profile grant is listed in ``MetadataExport/notes``
/// so the CLI can tell the user to enable it in Setup.
///
/// Bytes are deterministic: resources and members sorted by code point, elements in the
/// alphabetical order retrieved files use, parameters in a fixed order (see ``MetadataMapping``
/// for every mapping choice).
public struct MetadataExporter: Sendable {
    /// The `<version>` of `package.xml`.
    public var apiVersion: MetadataAPIVersion

    public init(apiVersion: MetadataAPIVersion = .default) {
        self.apiVersion = apiVersion
    }

    /// Exports `manifest`. `revoking` lists grants a plan removes: they are written with
    /// `<enabled>false</enabled>` (a deploy that merely omits a grant leaves it in place when
    /// the permission-set file is merged), unless the manifest still grants them.
    ///
    /// `permissionSets` are the org's permission sets (``MetadataReadResult/permissionSets``):
    /// a permission set found there is written whole, its grants merged in, so that deploying it
    /// strips nothing; any other is written with its grants and a `label` (its name), and
    /// ``MetadataExport/notes`` warns that deploying it replaces the set's content.
    public func export(
        _ manifest: Manifest, revoking: [PrincipalAccessGrant] = [],
        permissionSets: [String: RetrievedPermissionSet] = [:]
    ) throws(MetadataExportError) -> MetadataExport {
        try checkClientAuthentication(manifest)
        var files: [String: Data] = [:]
        var members: [MetadataMember] = []
        var notes: [MetadataExportNote] = []
        let exportedProviders = Set(manifest.providers.filter { !$0.unmanaged }.map(\.name))
        for credential in manifest.externalCredentials
        where credential.flow == MetadataMapping.externalIdentityProviderFlow && credential.passClientCredentialsInBody
            && !exportedProviders.contains(credential.identityProvider)
        {
            notes.append(
                MetadataExportNote(
                    resource: "ExternalCredential \(credential.name)",
                    message:
                        "passClientCredentialsInBody is not written: a provider-linked credential sends client "
                        + "credentials as its provider does; make sure '\(credential.identityProvider)' in the org has "
                        + "ClientAuthentication ClientSecretPost"))
        }

        func add(_ type: MetadataType, _ name: String, _ root: MetadataXMLElement) throws(MetadataExportError) {
            guard Naming.isDeveloperName(name), let path = type.sourcePath(member: name) else {
                throw .invalidName(type: type, name: name)
            }
            do {
                files[path] = try root.metadataDocument()
            } catch {
                throw .unrepresentableText(file: path, value: error.value)
            }
            members.append(MetadataMember(type: type, name: name))
        }

        for kind in ResourceKind.allCases {
            switch kind {
            case .externalAuthIdentityProvider:
                for provider in manifest.providers where !provider.unmanaged {
                    try add(.resource(kind), provider.name, try providerElement(provider))
                }
            case .externalCredential:
                for credential in manifest.externalCredentials {
                    try add(.resource(kind), credential.name, try credentialElement(credential))
                }
            case .namedCredential:
                for namedCredential in manifest.namedCredentials {
                    try add(.resource(kind), namedCredential.name, try namedCredentialElement(namedCredential))
                }
            }
        }

        let grants = Set(PrincipalAccessGrant.grants(in: manifest))
        var accessByPermissionSet: [String: [String: Bool]] = [:]
        for grant in revoking where !grants.contains(grant) {
            accessByPermissionSet[grant.permissionSet, default: [:]][grant.reference] = false
        }
        for grant in grants {
            accessByPermissionSet[grant.permissionSet, default: [:]][grant.reference] = true
        }
        for (permissionSet, accesses) in accessByPermissionSet.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let references = accesses.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let grantElements = references.map { principalAccessElement(reference: $0, enabled: accesses[$0]!) }
            if let retrieved = permissionSets[permissionSet], retrieved.unreadParts.isEmpty {
                try add(.permissionSet, permissionSet, retrieved.merging(grantElements))
            } else if let retrieved = permissionSets[permissionSet] {
                try add(
                    .permissionSet, permissionSet,
                    MetadataXMLElement(
                        "PermissionSet",
                        children: grantElements + [MetadataXMLElement("label", text: retrieved.label ?? permissionSet)]))
                notes.append(
                    MetadataExportNote(
                        resource: "PermissionSet \(permissionSet)",
                        message:
                            "written with only its external credential principal accesses and a label: the org's "
                            + "file could not be read whole (\(retrieved.unreadParts.joined(separator: ", "))), and "
                            + "deploying this one replaces the permission set's content in the org"))
            } else {
                try add(
                    .permissionSet, permissionSet,
                    MetadataXMLElement(
                        "PermissionSet", children: grantElements + [MetadataXMLElement("label", text: permissionSet)]))
                notes.append(
                    MetadataExportNote(
                        resource: "PermissionSet \(permissionSet)",
                        message:
                            "written with only its external credential principal accesses and a label: deploying it "
                            + "replaces the permission set's content in the org, unless it exists only for these "
                            + "grants; pass the retrieved org folder (--state-metadata) to merge them into it"))
            }
        }

        for credential in manifest.externalCredentials {
            for principal in credential.principals {
                for profile in principal.profiles {
                    notes.append(
                        MetadataExportNote(
                            resource: "\(credential.name)/\(principal.name)/profile:\(profile)",
                            message:
                                "profile '\(profile)' access to principal '\(principal.name)' of "
                                + "'\(credential.name)' is not exported: the Profile metadata type has no "
                                + "external credential principal access; enable it in Setup"))
                }
            }
        }

        members.sort()
        files["package.xml"] = try PackageManifest(members: members, version: apiVersion).xml()
        return MetadataExport(files: files, members: members, notes: notes)
    }

    /// A provider-linked credential sends client credentials as its provider does; its file
    /// has no row for it (the credential-owned flow's variant row says it) (see ``MetadataMapping``), so a contradicting value cannot be written.
    private func checkClientAuthentication(_ manifest: Manifest) throws(MetadataExportError) {
        let providers = Dictionary(manifest.providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for credential in manifest.externalCredentials {
            let resource = "ExternalCredential \(credential.name)"
            if credential.flow == MetadataMapping.browserFlowExternalIdentityProvider {
                if credential.passClientCredentialsInBody {
                    throw .unsupportedValue(
                        resource: resource, field: "passClientCredentialsInBody", value: "true",
                        allowed: ["false: the browser flow sends client credentials as its provider's clientAuthentication says"])
                }
                continue
            }
            guard credential.flow == MetadataMapping.externalIdentityProviderFlow,
                let provider = providers[credential.identityProvider], !provider.unmanaged
            else { continue }
            let providerSendsInBody = MetadataMapping.passClientCredentialsInBody(
                clientAuthentication: provider.clientAuthentication)
            if credential.passClientCredentialsInBody != providerSendsInBody {
                throw .unsupportedValue(
                    resource: resource, field: "passClientCredentialsInBody",
                    value: String(credential.passClientCredentialsInBody),
                    allowed: ["\(providerSendsInBody), as provider \(provider.name)'s clientAuthentication "
                        + "\(provider.clientAuthentication) says: the credential's metadata has no row for it"])
            }
        }
    }

    // MARK: Elements

    private func providerElement(_ provider: ManifestRecord) throws(MetadataExportError) -> MetadataXMLElement {
        let resource = "ExternalAuthIdentityProvider \(provider.name)"
        guard let authenticationProtocol = MetadataMapping.providerProtocols[provider.protocol] else {
            throw .unsupportedValue(
                resource: resource, field: "protocol", value: provider.protocol,
                allowed: MetadataMapping.providerProtocols.keys.sorted())
        }
        guard MetadataMapping.providerFlows.contains(provider.flow) else {
            throw .unsupportedValue(
                resource: resource, field: "flow", value: provider.flow,
                allowed: MetadataMapping.providerFlows.sorted())
        }
        if provider.flow == "AuthorizationCode", provider.authorizeUrl == nil {
            throw .unsupportedValue(resource: resource, field: "authorizeUrl", value: "", allowed: [])
        }
        guard let clientAuthentication = MetadataMapping.clientAuthenticationValues[provider.clientAuthentication] else {
            throw .unsupportedValue(
                resource: resource, field: "clientAuthentication", value: provider.clientAuthentication,
                allowed: MetadataMapping.clientAuthenticationValues.keys.sorted())
        }
        var rows: [(name: String, type: String, value: String)] = [
            (MetadataMapping.tokenURLParameter, MetadataMapping.tokenURLParameter, provider.tokenUrl),
            (MetadataMapping.clientAuthenticationParameter, MetadataMapping.clientAuthenticationParameter, clientAuthentication),
        ]
        rows += plainParameters(provider)
        if provider.pkce {
            rows.append((MetadataMapping.pkceParameter.name, MetadataMapping.pkceParameter.type, "true"))
        }
        if !provider.defaultScopes.isEmpty {
            if provider.tokenRequest.body[MetadataMapping.defaultScopesParameter.name] != nil {
                throw .unsupportedValue(
                    resource: resource, field: "tokenRequest.body.\(MetadataMapping.defaultScopesParameter.name)",
                    value: "", allowed: ["defaultScopes, or a 'scope' token-request parameter, not both"])
            }
            let scopes = MetadataMapping.defaultScopesParameter
            rows.append((scopes.name, scopes.type, provider.defaultScopes.joined(separator: " ")))
        }
        for (parameters, types) in [
            (provider.tokenRequest, MetadataMapping.tokenRequestParameterTypes),
            (provider.refreshRequest, MetadataMapping.refreshRequestParameterTypes),
        ] {
            for (place, type) in [(parameters.body, types.body), (parameters.query, types.query), (parameters.headers, types.headers)] {
                rows += place.map { (name: $0.key, type: type, value: $0.value) }
            }
        }
        // The documentation has query rows only (the model builder allows no other place).
        let authorize = provider.authorizeRequest
        if let place = [("body", authorize.body), ("headers", authorize.headers)].first(where: { !$0.1.isEmpty })?.0 {
            throw .unsupportedValue(resource: resource, field: "authorizeRequest.\(place)", value: "", allowed: ["query"])
        }
        rows += authorize.query.map {
            (name: $0.key, type: MetadataMapping.authorizeRequestQueryParameterType, value: $0.value)
        }
        // Rows sorted by parameterName, without sequence numbers, as in the real file (§11).
        rows.sort { lhs, rhs in
            lhs.name != rhs.name
                ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                : lhs.type.utf8.lexicographicallyPrecedes(rhs.type.utf8)
        }
        let parameters = rows.map {
            parameterRow(MetadataMapping.providerParameterElement, name: $0.name, type: $0.type, value: $0.value)
        }
        return resourceElement(
            "ExternalAuthIdentityProvider", provider,
            children: [
                MetadataXMLElement("authenticationFlow", text: provider.flow),
                MetadataXMLElement("authenticationProtocol", text: authenticationProtocol),
            ] + parameters)
    }

    private func credentialElement(
        _ credential: ManifestRecord
    ) throws(MetadataExportError) -> MetadataXMLElement {
        let resource = "ExternalCredential \(credential.name)"
        let record = credential
        guard let authenticationProtocol = MetadataMapping.credentialProtocols[credential.protocol] else {
            throw .unsupportedValue(
                resource: resource, field: "protocol", value: credential.protocol,
                allowed: MetadataMapping.credentialProtocols.keys.sorted())
        }
        let flow = record.optionalString(.flow)
        guard let row = ProtocolTable.row(protocol: credential.protocol, flow: flow) else {
            throw .unsupportedValue(
                resource: resource, field: "flow", value: flow ?? "", allowed: ProtocolTable.flows(of: credential.protocol))
        }
        let flowName = row.flow ?? ""

        let group = MetadataMapping.defaultGroup
        var parameters: [MetadataXMLElement] = []
        func add(
            group: String = group, name: String, type: String, value: String? = nil, description: String? = nil,
            sequence: Int? = nil, reference: (element: String, name: String)? = nil
        ) {
            parameters.append(
                credentialParameterRow(
                    group: group, name: name, type: type, value: value, description: description, sequence: sequence,
                    reference: reference))
        }
        func name(_ type: MetadataType, _ field: FieldID) throws(MetadataExportError) -> String? {
            guard let name = record.optionalString(field) else { return nil }
            guard Naming.isDeveloperName(name) else { throw .invalidName(type: type, name: name) }
            return name
        }

        if let variant = MetadataMapping.variant(
            protocol: credential.protocol, flow: flowName, passClientCredentialsInBody: credential.passClientCredentialsInBody)
        {
            add(name: authenticationProtocol, type: MetadataMapping.protocolVariantParameterType, value: variant)
        }
        if row.providerFlow != nil {
            guard let provider = try name(.externalAuthIdentityProvider, .identityProvider) else {
                throw .unsupportedValue(resource: resource, field: "identityProvider", value: "", allowed: [])
            }
            let link = MetadataMapping.providerLinkParameter
            add(name: link.name, type: link.type, reference: ("externalAuthIdentityProvider", provider))
        }
        if let authProvider = try name(.other("AuthProvider"), .authProvider) {
            let link = MetadataMapping.authProviderParameter
            add(name: link.name, type: link.type, reference: ("authProvider", authProvider))
        }
        if let tokenURL = record.optionalString(.tokenUrl) {
            add(name: MetadataMapping.tokenURLCredentialParameter.name, type: MetadataMapping.tokenURLCredentialParameter.type, value: tokenURL)
        }
        if let certificate = try name(.other("Certificate"), .signingCertificate) {
            let signing = MetadataMapping.signingCertificateParameter
            add(name: signing.name, type: signing.type, reference: ("certificate", certificate))
        }
        if let scope = credential.scope {
            add(name: MetadataMapping.scopeParameter.name, type: MetadataMapping.scopeParameter.type, value: scope)
        }
        if case .object(let aws) = record[.aws] {
            for parameter in MetadataMapping.awsParameters(flow: flowName) {
                guard let text = Self.text(aws[parameter.field.name] ?? .null) else { continue }
                add(name: parameter.name, type: parameter.type, value: text)
            }
        }
        if case .object(let jwt) = record[.jwt] {
            for (key, type) in [(FieldID.header, MetadataMapping.jwtClaimTypes.header), (.claims, MetadataMapping.jwtClaimTypes.body)] {
                for claim in Self.rows(jwt[key.name] ?? .null) {
                    add(
                        name: Self.text(claim[.name]) ?? "", type: type, value: Self.text(claim[.value]) ?? "",
                        description: Self.text(claim[.description]))
                }
            }
        }
        for (index, header) in Self.rows(record[.authHeaders]).enumerated() {
            add(
                name: Self.text(header[.name]) ?? "", type: MetadataMapping.authHeaderType,
                value: Self.text(header[.value]) ?? "", sequence: Self.integer(header[.sequence]) ?? index + 1)
        }
        if !credential.additionalRefreshStatusCodes.isEmpty {
            let codes = MetadataMapping.refreshStatusCodesParameter
            add(
                name: codes.name, type: codes.type,
                value: credential.additionalRefreshStatusCodes.map(String.init).joined(separator: codes.separator))
        }
        parameters += plainParameters(credential).map {
            credentialParameterRow(group: group, name: $0.name, type: $0.type, value: $0.value)
        }
        for principal in credential.principals {
            guard MetadataMapping.principalTypes.contains(principal.identityType) else {
                throw .unsupportedValue(
                    resource: "\(resource) principal \(principal.name)", field: "identityType",
                    value: principal.identityType, allowed: MetadataMapping.principalTypes.sorted())
            }
            guard !principal.name.isEmpty else {
                throw .unsupportedValue(
                    resource: resource, field: "principals.name", value: "", allowed: [])
            }
            add(group: principal.name, name: principal.name, type: principal.identityType, sequence: principal.sequence)
            if let scope = principal.optionalString(.scope) {
                add(group: principal.name, name: MetadataMapping.scopeParameter.name, type: MetadataMapping.scopeParameter.type, value: scope)
            }
        }
        return resourceElement(
            "ExternalCredential", credential,
            children: [MetadataXMLElement("authenticationProtocol", text: authenticationProtocol)] + parameters)
    }

    /// One `externalCredentialParameters` row, its elements in the alphabetical order of
    /// retrieved files (`authProvider`, `certificate`, `description`, `externalAuthIdentityProvider`,
    /// `parameterGroup`, …, `sequenceNumber`); `reference` is the lookup element it names.
    private func credentialParameterRow(
        group: String, name: String, type: String, value: String? = nil, description: String? = nil,
        sequence: Int? = nil, reference: (element: String, name: String)? = nil
    ) -> MetadataXMLElement {
        let lookups = reference.map { [MetadataXMLElement($0.element, text: $0.name)] } ?? []
        let children =
            lookups.filter { $0.name < "description" }
            + MetadataXMLElement.leaf("description", description)
            + lookups.filter { $0.name > "description" }
            + [
                MetadataXMLElement("parameterGroup", text: group),
                MetadataXMLElement("parameterName", text: name),
                MetadataXMLElement("parameterType", text: type),
            ]
            + MetadataXMLElement.leaf("parameterValue", value)
            + MetadataXMLElement.leaf("sequenceNumber", sequence.map(String.init))
        return MetadataXMLElement("externalCredentialParameters", children: children)
    }

    private func namedCredentialElement(
        _ namedCredential: ManifestRecord
    ) throws(MetadataExportError) -> MetadataXMLElement {
        let resource = "NamedCredential \(namedCredential.name)"
        let record = namedCredential
        guard Naming.isDeveloperName(namedCredential.externalCredential) else {
            throw .invalidName(type: .externalCredential, name: namedCredential.externalCredential)
        }
        let type = record.optionalString(.type) ?? Fields.namedType.defaultString
        guard MetadataMapping.namedCredentialTypes.contains(type) else {
            throw .unsupportedValue(
                resource: resource, field: "type", value: type, allowed: MetadataMapping.namedCredentialTypes.sorted())
        }
        let url = MetadataMapping.urlParameter
        let authentication = MetadataMapping.authenticationParameter
        let element = "namedCredentialParameters"
        /// A row naming a lookup (`certificate`, `externalCredential`, `outboundNetworkConnection`),
        /// which sorts before `parameterName` in retrieved files.
        func lookupRow(_ lookup: String, _ value: String, name: String, type: String) -> MetadataXMLElement {
            MetadataXMLElement(
                element,
                children: [
                    MetadataXMLElement(lookup, text: value),
                    MetadataXMLElement("parameterName", text: name),
                    MetadataXMLElement("parameterType", text: type),
                ])
        }
        var parameters = [
            parameterRow(element, name: url.name, type: url.type, value: namedCredential.url),
            lookupRow("externalCredential", namedCredential.externalCredential, name: authentication.name, type: authentication.type),
        ]
        if let certificate = record.optionalString(.clientCertificate) {
            guard Naming.isDeveloperName(certificate) else { throw .invalidName(type: .other("Certificate"), name: certificate) }
            let row = MetadataMapping.clientCertificateParameter
            parameters.append(lookupRow("certificate", certificate, name: row.name, type: row.type))
        }
        if let connection = record.optionalString(.outboundNetworkConnection) {
            guard Naming.isDeveloperName(connection) else {
                throw .invalidName(type: .other("OutboundNetworkConnection"), name: connection)
            }
            let row = MetadataMapping.outboundNetworkConnectionParameter
            parameters.append(lookupRow("outboundNetworkConnection", connection, name: row.name, type: row.type))
        } else if type == "PrivateEndpoint" {
            throw .unsupportedValue(resource: resource, field: "outboundNetworkConnection", value: "", allowed: [])
        }
        for (index, header) in Self.rows(record[.headers]).enumerated() {
            parameters.append(
                MetadataXMLElement(
                    element,
                    children: [
                        MetadataXMLElement("parameterName", text: Self.text(header[.name]) ?? ""),
                        MetadataXMLElement("parameterType", text: MetadataMapping.httpHeaderType),
                        MetadataXMLElement("parameterValue", text: Self.text(header[.value]) ?? ""),
                        MetadataXMLElement("sequenceNumber", text: String(Self.integer(header[.sequence]) ?? index + 1)),
                    ]))
        }
        for namespace in namedCredential.allowedNamespaces {
            parameters.append(
                parameterRow(element, name: namespace, type: MetadataMapping.namespaceParameterType, value: namespace))
        }
        parameters += plainParameters(namedCredential).map {
            parameterRow(element, name: $0.name, type: $0.type, value: $0.value)
        }
        return resourceElement(
            "NamedCredential", namedCredential,
            children: [
                MetadataXMLElement(
                    "calloutStatus", text: MetadataMapping.calloutStatus(enabled: namedCredential.enabled)),
            ]
                + parameters
                + [MetadataXMLElement("namedCredentialType", text: type)])
    }

    /// A row of `element`: `parameterName`, `parameterType` and `parameterValue`.
    private func parameterRow(_ element: String, name: String, type: String, value: String) -> MetadataXMLElement {
        MetadataXMLElement(
            element,
            children: [
                MetadataXMLElement("parameterName", text: name),
                MetadataXMLElement("parameterType", text: type),
                MetadataXMLElement("parameterValue", text: value),
            ])
    }

    // MARK: Fields mapped alone

    /// The resource's root: `children` and an element for each of its fields mapped to one
    /// (``FieldMapping/element(_:)``), in the alphabetical order of retrieved files (stable, so
    /// that repeated elements keep their order).
    private func resourceElement(
        _ name: String, _ record: ManifestRecord, children: [MetadataXMLElement]
    ) -> MetadataXMLElement {
        var all = children
        for (field, mapping) in MetadataMapping.plainFields(of: record.type) {
            guard case .element(let element) = mapping, let text = Self.text(record[field.id]) else { continue }
            all.append(MetadataXMLElement(element, text: text))
        }
        let ordered = all.enumerated().sorted { lhs, rhs in
            lhs.element.name != rhs.element.name
                ? lhs.element.name.utf8.lexicographicallyPrecedes(rhs.element.name.utf8) : lhs.offset < rhs.offset
        }
        return MetadataXMLElement(name, children: ordered.map(\.element))
    }

    /// A row for each field mapped to one parameter (``FieldMapping/parameter(name:type:)``) that has a value.
    private func plainParameters(_ record: ManifestRecord) -> [(name: String, type: String, value: String)] {
        MetadataMapping.plainFields(of: record.type).compactMap { field, mapping in
            guard case .parameter(let name, let type) = mapping, let text = Self.text(record[field.id]) else { return nil }
            return (name, type, text)
        }
    }

    /// The rows of an object list (`authHeaders`, `headers`, JWT claims), members by field.
    private static func rows(_ value: JSONValue) -> [[FieldID: JSONValue]] {
        guard case .array(let items) = value else { return [] }
        return items.map { item in
            guard case .object(let members) = item else { return [:] }
            return Dictionary(uniqueKeysWithValues: members.map { (FieldID($0.key), $0.value) })
        }
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        if case .integer(let number)? = value { number } else { nil }
    }

    /// The XML text of a scalar value; nil for `null`, which is left out.
    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        return switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .null, .float, .array, .object: nil
        }
    }
}

func principalAccessElement(reference: String, enabled: Bool) -> MetadataXMLElement {
    MetadataXMLElement(
        "externalCredentialPrincipalAccesses",
        children: [
            .leaf("enabled", enabled),
            MetadataXMLElement("externalCredentialPrincipal", text: reference),
        ])
}

/// What ``MetadataExporter/export(_:revoking:)`` produced.
public struct MetadataExport: Hashable, Sendable {
    /// File bytes keyed by relative path (`/`-separated), `package.xml` included.
    public var files: [String: Data]
    /// Every exported component, sorted by type then name (what `package.xml` lists).
    public var members: [MetadataMember]
    /// Things the manifest says that the metadata cannot carry (profile grants), and
    /// permission sets written without the org's file.
    public var notes: [MetadataExportNote]
    /// Components of a second deploy that must follow the first (``PlanDeployment``); empty
    /// when one deploy does.
    public var secondDeployMembers: [MetadataMember] = []
    /// Components of a deploy that must run before the first (``PlanDeployment``'s `replace/`);
    /// empty when none is needed.
    public var removalDeployMembers: [MetadataMember] = []
}

/// Something in the manifest that the export could not represent, for the CLI to show.
public struct MetadataExportNote: Hashable, Sendable, CustomStringConvertible {
    /// The plan-style name of what was left out, e.g. `Billing_API/Admin/profile:Support`.
    public var resource: String
    public var message: String

    public var description: String { "\(resource): \(message)" }
}

/// One permission set's access to one principal: `Credential-Principal` in `PermissionSet`.
public struct PrincipalAccessGrant: Hashable, Comparable, Sendable {
    public var permissionSet: String
    public var credential: String
    public var principal: String

    public init(permissionSet: String, credential: String, principal: String) {
        self.permissionSet = permissionSet
        self.credential = credential
        self.principal = principal
    }

    /// The `externalCredentialPrincipal` value, `Credential-Principal`.
    public var reference: String {
        MetadataMapping.principalReference(credential: credential, principal: principal)
    }

    /// Every permission-set grant in `manifest`, sorted.
    public static func grants(in manifest: Manifest) -> [PrincipalAccessGrant] {
        manifest.externalCredentials.flatMap { credential in
            credential.principals.flatMap { principal in
                principal.permissionSets.map {
                    PrincipalAccessGrant(permissionSet: $0, credential: credential.name, principal: principal.name)
                }
            }
        }.sorted()
    }

    public static func < (lhs: PrincipalAccessGrant, rhs: PrincipalAccessGrant) -> Bool {
        let left = [lhs.permissionSet, lhs.credential, lhs.principal]
        let right = [rhs.permissionSet, rhs.credential, rhs.principal]
        return left.lexicographicallyPrecedes(right) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// Why an export failed. Every case names the resource so the user can fix the input.
public enum MetadataExportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a developer name (SPEC §3); also what keeps names safe as file names.
    case invalidName(type: MetadataType, name: String)
    /// A manifest value with no Metadata API mapping.
    case unsupportedValue(resource: String, field: String, value: String, allowed: [String])
    /// Text with a character XML 1.0 cannot hold (a control character other than tab/LF/CR).
    case unrepresentableText(file: String, value: String)
    /// Delete manifests do not support wildcards.
    case wildcardInDestructiveChanges(type: MetadataType)

    public var description: String {
        switch self {
        case .invalidName(let type, let name):
            "\(type) name \(name.debugDescription) is not a developer name (letters, digits and "
                + "single underscores, starting with a letter)"
        case .unsupportedValue(let resource, let field, let value, let allowed):
            "\(resource): \(field) \(value.debugDescription) has no Metadata API mapping"
                + (allowed.isEmpty ? "" : " (allowed: \(allowed.joined(separator: ", ")))")
        case .unrepresentableText(let file, let value):
            // The value is not quoted: it may be a header's secret.
            "\(file): a value holds the control character \(Self.firstControlCharacter(in: value)), which XML 1.0 cannot represent"
        case .wildcardInDestructiveChanges(let type):
            "destructive changes cannot use the wildcard '*' (type \(type))"
        }
    }

    /// `U+0007`: the first character XML 1.0 cannot hold, as a code point.
    static func firstControlCharacter(in text: String) -> String {
        let scalar = text.unicodeScalars.first { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let hex = String(scalar?.value ?? 0, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    func renamingFile(to file: String) -> MetadataExportError {
        if case .unrepresentableText(_, let value) = self { return .unrepresentableText(file: file, value: value) }
        return self
    }
}

