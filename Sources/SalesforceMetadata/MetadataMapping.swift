import Schema

/// Every decision about how a manifest field becomes Metadata API XML, in one place.
///
/// The exporter and the reader both read from here, so a mapping that an org retrieve
/// proves wrong changes in one line. Section numbers refer to `SALESFORCE.md`; entries marked
/// **uncertain** are the ones that document lists as a gap: the documented shape is chosen.
enum MetadataMapping {
    // MARK: ExternalAuthIdentityProvider (§2)

    /// Manifest `protocol` → `authenticationProtocol`. Provider XML spells it `OAuth` (§2.2),
    /// unlike ExternalCredential's `Oauth`.
    static let providerProtocols: [String: String] = ["OAuth": "OAuth"]

    /// Manifest `flow` → `authenticationFlow` (§2.2, `IdentityProviderAuthFlow`): same spelling,
    /// so the field table's values are the XML's.
    static let providerFlows = Set(Fields.providerFlow.allowedValues ?? [])

    /// **Uncertain** (§10.3): the field table names the repeated element
    /// `externalAuthIdentityProviderParameters`, the doc's own XML sample writes the singular.
    /// Field names are what the WSDL (and so a deploy) uses, so the plural is written; the
    /// reader accepts both.
    static let providerParameterElement = "externalAuthIdentityProviderParameters"
    static let providerParameterElementAliases: Set<String> = [
        "externalAuthIdentityProviderParameters", "externalAuthIdentityProviderParameter",
    ]

    /// The token endpoint row: `parameterName` = `parameterType` = `TokenUrl`, sequence 1, as
    /// in the doc sample (§2.3).
    static let tokenURLParameter = (name: "TokenUrl", type: "TokenUrl", sequence: 1)

    /// **Uncertain** (§2.4: "no EAIP default-scopes concept found"). `defaultScopes` become
    /// one `TokenRequestBodyParameter` named `scope` whose value is the scopes joined by single
    /// spaces: the OAuth 2.0 token-request parameter (RFC 6749 §4.4.2, space-delimited) sent
    /// through the documented "custom request parameters … to the identity provider's token
    /// endpoint" (§2.4). Whether a credential-level `Scope` then replaces or joins it at run
    /// time is not documented (SPEC's `scope-overrides-default` assumes it replaces).
    static let defaultScopesParameter = (name: "scope", type: "TokenRequestBodyParameter")

    // MARK: ExternalCredential (§1)

    /// Manifest `protocol` → `authenticationProtocol`: Metadata XML spells OAuth `Oauth` (§1.3).
    static let credentialProtocols: [String: String] = ["OAuth": "Oauth"]

    /// The one flow v1 exports (SPEC §1).
    static let externalIdentityProviderFlow = "ClientCredentialsExternalIdentityProvider"

    /// **Uncertain** (§10.1: no documented `AuthProtocolVariant` value for "Client Credentials
    /// Flow Managed by External Identity Provider"). The documented client-credentials
    /// variants carry exactly the "pass client credentials in request body" choice (§1.3,
    /// §1.10; §9 recommends this mapping), so `passClientCredentialsInBody` picks one of them.
    /// The row's `parameterName` is the protocol (`Oauth`) and its group `DefaultGroup`, as in
    /// retrieved files (§1.6, §1.11).
    static func protocolVariant(passClientCredentialsInBody: Bool) -> String {
        passClientCredentialsInBody ? "ClientCredentialsClientSecret" : "ClientCredentialsClientSecretBasic"
    }

    /// The inverse of ``protocolVariant(passClientCredentialsInBody:)``; nil for other variants.
    static func passClientCredentialsInBody(variant: String) -> Bool? {
        switch variant {
        case "ClientCredentialsClientSecret": true
        case "ClientCredentialsClientSecretBasic": false
        default: nil
        }
    }

    static let protocolVariantParameterType = "AuthProtocolVariant"

    /// The literal retrieved files use for credential-level rows (§1.4, §10.10: the doc says
    /// `DEFAULT_GROUP`, every retrieved file says `DefaultGroup`).
    static let defaultGroup = "DefaultGroup"

    /// The provider link row: `parameterType` and `parameterName` `ExternalAuthIdentityProvider`,
    /// the provider's name in `<externalAuthIdentityProvider>` (§1.9; name from CumulusCI, §1.6).
    static let providerLinkParameter = (
        name: "ExternalAuthIdentityProvider", type: "ExternalAuthIdentityProvider"
    )

    /// Credential-level scope: `AuthParameter` named `Scope` in `DefaultGroup`, value verbatim
    /// (formulas included) (§1.10, §1.11).
    static let scopeParameter = (name: "Scope", type: "AuthParameter")

    /// **Uncertain** (§10.2: value format undocumented). One row named
    /// `AdditionalRefreshStatusCode` in `DefaultGroup` whose value lists the codes ascending,
    /// comma-separated without spaces: the UI is one text field and every guide types codes
    /// comma-separated (§1.10). The reader also accepts one row per code and spaces.
    static let refreshStatusCodesParameter = (
        name: "AdditionalRefreshStatusCode", type: "AdditionalRefreshStatusCode", separator: ","
    )

    /// Principal rows: `parameterType` = identity type, `parameterName` = `parameterGroup` =
    /// principal name, `sequenceNumber`, no value (§1.6, §1.8, §1.11).
    static let principalTypes = Set(Fields.principalIdentityType.allowedValues ?? [])

    // MARK: NamedCredential (§3)

    static let namedCredentialType = "SecuredEndpoint"
    /// The URL row, named as in retrieved files (§1.11, §3.3).
    static let urlParameter = (name: "Url", type: "Url")
    /// The external-credential row, named as in retrieved files (§1.11, §3.3).
    static let authenticationParameter = (name: "ExternalCredential", type: "Authentication")
    /// One `AllowedManagedPackageNamespaces` row per namespace (Connect example, §3.3). The
    /// `parameterName` is free text; the namespace itself is used so each row has a distinct,
    /// stable name (§3.3 keys parameters by type and name).
    static let namespaceParameterType = "AllowedManagedPackageNamespaces"
    /// Manifest `enabled` → `calloutStatus` (§3.2, API 59+).
    static func calloutStatus(enabled: Bool) -> String { enabled ? "Enabled" : "Disabled" }
    static func enabled(calloutStatus: String) -> Bool? {
        switch calloutStatus {
        case "Enabled": true
        case "Disabled": false
        default: nil
        }
    }

    // MARK: Access (§4)

    /// A grant is `externalCredentialPrincipalAccesses` with `enabled` and
    /// `externalCredentialPrincipal` = `Credential-Principal`, no spaces around the dash (§4).
    /// Profiles are not exported: the Profile metadata type has no such node (§4, §10.9).
    static func principalReference(credential: String, principal: String) -> String {
        "\(credential)-\(principal)"
    }

    /// Splits at the first dash: credential names cannot contain one, principal names can (§4).
    static func splitPrincipalReference(_ reference: String) -> (credential: String, principal: String)? {
        guard let dash = reference.firstIndex(of: "-") else { return nil }
        let credential = String(reference[..<dash])
        let principal = String(reference[reference.index(after: dash)...])
        guard !credential.isEmpty, !principal.isEmpty else { return nil }
        return (credential, principal)
    }
}
