import Manifest
import Schema
import Foundation

/// Writes a ``Manifest`` as SFDX source-format metadata, the folder `sf project deploy start
/// --source-dir` deploys and `sf project retrieve start` writes.
///
/// Output, keyed by path relative to the package directory (e.g. `force-app/main/default`):
/// - `externalAuthIdentityProviders/NAME.externalAuthIdentityProvider-meta.xml` for each
///   provider that is not `unmanaged` (unmanaged ones exist in the org and are only referenced);
/// - `externalCredentials/NAME.externalCredential-meta.xml`;
/// - `namedCredentials/NAME.namedCredential-meta.xml`;
/// - `permissionsets/NAME.permissionset-meta.xml` holding **only** the permission set's
///   `externalCredentialPrincipalAccesses`;
/// - `package.xml` listing every member above at ``apiVersion``.
///
/// **Permission sets are partial.** credc knows which permission sets grant which principals,
/// not the rest of a permission set. The Metadata API reference warns that from API 40.0 "when
/// you deploy a permission set, you must include all of its metadata to avoid accidentally
/// overwriting the permission set's contents". So deploy these files only for permission sets
/// that exist solely to grant credential access, or merge the grants into the project's full
/// permission-set file with ``mergePrincipalAccesses(into:grants:)`` before deploying.
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
    public func export(
        _ manifest: Manifest, revoking: [PrincipalAccessGrant] = []
    ) throws(MetadataExportError) -> MetadataExport {
        var files: [String: Data] = [:]
        var members: [MetadataMember] = []
        var notes: [MetadataExportNote] = []

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
        for (permissionSet, accesses) in accessByPermissionSet {
            let references = accesses.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            try add(
                .permissionSet, permissionSet,
                MetadataXMLElement(
                    "PermissionSet",
                    children: references.map {
                        principalAccessElement(reference: $0, enabled: accesses[$0]!)
                    }))
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

    // MARK: Elements

    private func providerElement(_ provider: ManifestProvider) throws(MetadataExportError) -> MetadataXMLElement {
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
        let token = MetadataMapping.tokenURLParameter
        var parameters = [
            MetadataXMLElement(
                MetadataMapping.providerParameterElement,
                children: [
                    MetadataXMLElement("parameterName", text: token.name),
                    MetadataXMLElement("parameterType", text: token.type),
                    MetadataXMLElement("parameterValue", text: provider.tokenUrl),
                    MetadataXMLElement("sequenceNumber", text: String(token.sequence)),
                ])
        ]
        if !provider.defaultScopes.isEmpty {
            let scopes = MetadataMapping.defaultScopesParameter
            parameters.append(
                MetadataXMLElement(
                    MetadataMapping.providerParameterElement,
                    children: [
                        MetadataXMLElement("parameterName", text: scopes.name),
                        MetadataXMLElement("parameterType", text: scopes.type),
                        MetadataXMLElement(
                            "parameterValue", text: provider.defaultScopes.joined(separator: " ")),
                    ]))
        }
        return MetadataXMLElement(
            "ExternalAuthIdentityProvider",
            children: [
                MetadataXMLElement("authenticationFlow", text: provider.flow),
                MetadataXMLElement("authenticationProtocol", text: authenticationProtocol),
            ]
                + MetadataXMLElement.leaf("description", provider.description)
                + parameters
                + [MetadataXMLElement("label", text: provider.label)])
    }

    private func credentialElement(
        _ credential: ManifestExternalCredential
    ) throws(MetadataExportError) -> MetadataXMLElement {
        let resource = "ExternalCredential \(credential.name)"
        guard let authenticationProtocol = MetadataMapping.credentialProtocols[credential.protocol] else {
            throw .unsupportedValue(
                resource: resource, field: "protocol", value: credential.protocol,
                allowed: MetadataMapping.credentialProtocols.keys.sorted())
        }
        guard credential.flow == MetadataMapping.externalIdentityProviderFlow else {
            throw .unsupportedValue(
                resource: resource, field: "flow", value: credential.flow,
                allowed: [MetadataMapping.externalIdentityProviderFlow])
        }
        guard Naming.isDeveloperName(credential.identityProvider) else {
            throw .invalidName(type: .externalAuthIdentityProvider, name: credential.identityProvider)
        }

        func row(
            group: String, name: String, type: String, value: String? = nil,
            provider: String? = nil, sequence: Int? = nil
        ) -> MetadataXMLElement {
            MetadataXMLElement(
                "externalCredentialParameters",
                children: MetadataXMLElement.leaf("externalAuthIdentityProvider", provider)
                    + [
                        MetadataXMLElement("parameterGroup", text: group),
                        MetadataXMLElement("parameterName", text: name),
                        MetadataXMLElement("parameterType", text: type),
                    ]
                    + MetadataXMLElement.leaf("parameterValue", value)
                    + MetadataXMLElement.leaf("sequenceNumber", sequence.map(String.init)))
        }

        let group = MetadataMapping.defaultGroup
        var parameters = [
            row(
                group: group, name: authenticationProtocol,
                type: MetadataMapping.protocolVariantParameterType,
                value: MetadataMapping.protocolVariant(
                    passClientCredentialsInBody: credential.passClientCredentialsInBody)),
            row(
                group: group, name: MetadataMapping.providerLinkParameter.name,
                type: MetadataMapping.providerLinkParameter.type, provider: credential.identityProvider),
        ]
        if let scope = credential.scope {
            parameters.append(
                row(
                    group: group, name: MetadataMapping.scopeParameter.name,
                    type: MetadataMapping.scopeParameter.type, value: scope))
        }
        if !credential.additionalRefreshStatusCodes.isEmpty {
            let codes = MetadataMapping.refreshStatusCodesParameter
            parameters.append(
                row(
                    group: group, name: codes.name, type: codes.type,
                    value: credential.additionalRefreshStatusCodes.map(String.init)
                        .joined(separator: codes.separator)))
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
            parameters.append(
                row(
                    group: principal.name, name: principal.name, type: principal.identityType,
                    sequence: principal.sequence))
        }
        return MetadataXMLElement(
            "ExternalCredential",
            children: [MetadataXMLElement("authenticationProtocol", text: authenticationProtocol)]
                + MetadataXMLElement.leaf("description", credential.description)
                + parameters
                + [MetadataXMLElement("label", text: credential.label)])
    }

    private func namedCredentialElement(
        _ namedCredential: ManifestNamedCredential
    ) throws(MetadataExportError) -> MetadataXMLElement {
        guard Naming.isDeveloperName(namedCredential.externalCredential) else {
            throw .invalidName(type: .externalCredential, name: namedCredential.externalCredential)
        }
        let url = MetadataMapping.urlParameter
        let authentication = MetadataMapping.authenticationParameter
        var parameters = [
            MetadataXMLElement(
                "namedCredentialParameters",
                children: [
                    MetadataXMLElement("parameterName", text: url.name),
                    MetadataXMLElement("parameterType", text: url.type),
                    MetadataXMLElement("parameterValue", text: namedCredential.url),
                ]),
            MetadataXMLElement(
                "namedCredentialParameters",
                children: [
                    MetadataXMLElement("externalCredential", text: namedCredential.externalCredential),
                    MetadataXMLElement("parameterName", text: authentication.name),
                    MetadataXMLElement("parameterType", text: authentication.type),
                ]),
        ]
        for namespace in namedCredential.allowedNamespaces {
            parameters.append(
                MetadataXMLElement(
                    "namedCredentialParameters",
                    children: [
                        MetadataXMLElement("parameterName", text: namespace),
                        MetadataXMLElement("parameterType", text: MetadataMapping.namespaceParameterType),
                        MetadataXMLElement("parameterValue", text: namespace),
                    ]))
        }
        return MetadataXMLElement(
            "NamedCredential",
            children: [
                .leaf("allowMergeFieldsInBody", namedCredential.allowFormulasInBody),
                .leaf("allowMergeFieldsInHeader", namedCredential.allowFormulasInHeaders),
                MetadataXMLElement(
                    "calloutStatus", text: MetadataMapping.calloutStatus(enabled: namedCredential.enabled)),
                .leaf("generateAuthorizationHeader", namedCredential.generateAuthorizationHeader),
                MetadataXMLElement("label", text: namedCredential.label),
            ]
                + parameters
                + [MetadataXMLElement("namedCredentialType", text: MetadataMapping.namedCredentialType)])
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
    /// Things the manifest says that the metadata cannot carry (profile grants).
    public var notes: [MetadataExportNote]
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
            "\(file): \(value.debugDescription) contains a control character that XML 1.0 cannot represent"
        case .wildcardInDestructiveChanges(let type):
            "destructive changes cannot use the wildcard '*' (type \(type))"
        }
    }

    func renamingFile(to file: String) -> MetadataExportError {
        if case .unrepresentableText(_, let value) = self { return .unrepresentableText(file: file, value: value) }
        return self
    }
}

