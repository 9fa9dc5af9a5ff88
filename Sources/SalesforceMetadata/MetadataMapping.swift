import Manifest
import Schema

/// Every decision about how a manifest field becomes Metadata API XML, in one place.
///
/// The exporter and the reader both read from here, so a mapping that an org retrieve
/// proves wrong changes in one line. Section numbers refer to `SALESFORCE.md`. Each entry says
/// what it rests on, in the evidence order of the project: **seen in a real file** (a
/// source-format file retrieved from an org, §1.11 and §11), **documented** (Metadata or
/// Connect API reference), or **inferred** (neither shows it; the choice and its reason are
/// given). `docs/metadata.md` sets out the same decisions for users.
/// How one manifest field is carried in a resource's metadata file.
enum FieldMapping: Hashable, Sendable {
    /// A leaf element of the resource's root holding the value: text, or `true`/`false`; left
    /// out when the value is `null`. The exporter and the reader handle it with no code of its own.
    case element(String)
    /// One parameter row of the resource, `parameterName` and `parameterType` as given and the
    /// value in `parameterValue` (a credential's in `DefaultGroup`); left out when `null`. The
    /// exporter and the reader handle it with no code of its own.
    case parameter(name: String, type: String)
    /// Written and read by the exporter's and reader's code for its kind, which the text names:
    /// a value spelled otherwise in XML, or spread over several elements.
    case custom(String)
    /// Not in the metadata at all, and why.
    case notExported(String)
}

enum MetadataMapping {
    /// Every manifest field of every record type, by field ID: how it is exported and read.
    /// `MetadataMappingTests` fails for a field of the table that has no entry here, so a field
    /// is never dropped from an export by being forgotten.
    static func fields(of type: ManifestRecordType) -> [FieldID: FieldMapping] {
        switch type {
        case .resource(let kind):
            switch kind {
            case .externalAuthIdentityProvider: providerFields
            case .externalCredential: credentialFields
            case .namedCredential: namedCredentialFields
            }
        case .principal: principalFields
        }
    }

    /// The fields of `type` that the exporter and reader handle by their mapping alone, in the
    /// table's order.
    static func plainFields(of type: ManifestRecordType) -> [(field: FieldSpec, mapping: FieldMapping)] {
        let mappings = fields(of: type)
        return type.fields.compactMap { field in
            switch mappings[field.id] {
            case let mapping? where mapping.isPlain: (field, mapping)
            default: nil
            }
        }
    }

    /// The fields of `type` mapped to one parameter row, with the row's name and type.
    static func plainParameters(of type: ManifestRecordType) -> [(field: FieldSpec, name: String, type: String)] {
        plainFields(of: type).compactMap { field, mapping in
            if case .parameter(let name, let type) = mapping { (field, name, type) } else { nil }
        }
    }

    static let providerFields: [FieldID: FieldMapping] = [
        .name: .custom("the file name"),
        .label: .element("label"),
        .description: .element("description"),
        .protocol: .custom("authenticationProtocol, spelled as providerProtocols says"),
        .flow: .custom("authenticationFlow; other flows make the provider foreign"),
        .tokenUrl: .custom("the TokenUrl row, which a provider must have"),
        .defaultScopes: .custom("one scope row, the scopes joined by spaces (defaultScopesParameter)"),
        .clientAuthentication: .custom("the ClientAuthentication row, values clientAuthenticationValues"),
        .authorizeUrl: .parameter(name: authorizeURLParameter, type: authorizeURLParameter),
        .userInfoUrl: .parameter(name: userInfoURLParameter, type: userInfoURLParameter),
        .pkce: .custom("a PkceEnabled row when true (pkceParameter)"),
        .tokenRequest: .custom("one row per parameter (tokenRequestParameterTypes)"),
        .refreshRequest: .custom("one row per parameter (refreshRequestParameterTypes)"),
        .authorizeRequest: .custom("one row per query parameter (authorizeRequestQueryParameterType)"),
        .standardExternalIdentityProvider: .parameter(
            name: standardProviderParameter, type: standardProviderParameter),
        .createdByNamespace: .parameter(name: createdByNamespaceParameter, type: createdByNamespaceParameter),
        .managedByComponent: .parameter(name: managedByComponentParameter, type: managedByComponentParameter),
        .managedByFeature: .parameter(name: managedByFeatureParameter, type: managedByFeatureParameter),
        .unmanaged: .notExported("an unmanaged provider is the org's own: it is not exported at all"),
    ]

    static let credentialFields: [FieldID: FieldMapping] = [
        .name: .custom("the file name"),
        .label: .element("label"),
        .description: .element("description"),
        .protocol: .custom("authenticationProtocol, spelled as credentialProtocols says"),
        .flow: .custom(
            "an AuthProtocolVariant row (variant(protocol:flow:passClientCredentialsInBody:)), or none: then the provider link, the AuthProvider row or the protocol's default says it"),
        .identityProvider: .custom("the provider link row (providerLinkParameter)"),
        .authProvider: .custom("the AuthProvider row with <authProvider> (authProviderParameter)"),
        .tokenUrl: .custom("the AuthProviderUrl row (tokenURLCredentialParameter)"),
        .signingCertificate: .custom("the SigningCertificate row with <certificate> (signingCertificateParameter)"),
        .scope: .custom("the Scope AuthParameter row of DefaultGroup (scopeParameter)"),
        .passClientCredentialsInBody: .custom(
            "the ClientCredentialsClientSecret variant (body) or …Basic (header); provider-linked: the provider's ClientAuthentication (passClientCredentialsInBody(clientAuthentication:))"),
        .additionalRefreshStatusCodes: .custom("one row, the codes joined by commas (refreshStatusCodesParameter)"),
        .jwt: .custom("one JwtHeaderClaim row per header claim, one JwtBodyClaim row per claim, in order (jwtClaimTypes)"),
        .aws: .custom("AuthParameter and AuthProviderUrlQueryParameter rows (awsParameters)"),
        .authHeaders: .custom("one AuthHeader row per header, with its sequenceNumber (authHeaderType)"),
        .principals: .custom("one row per principal (principalFields)"),
    ]

    static let principalFields: [FieldID: FieldMapping] = [
        .name: .custom("parameterName and parameterGroup of the principal's row"),
        .sequence: .custom("sequenceNumber of the principal's row"),
        .identityType: .custom("parameterType of the principal's row (principalTypes)"),
        .permissionSets: .custom("externalCredentialPrincipalAccesses in each permission set (principalReference)"),
        .profiles: .notExported("the Profile metadata type has no principal access (§4, §10.9); a note says so"),
        .scope: .custom("a Scope AuthParameter row in the principal's parameterGroup (scopeParameter)"),
    ]

    static let namedCredentialFields: [FieldID: FieldMapping] = [
        .name: .custom("the file name"),
        .label: .element("label"),
        .url: .custom("the Url row, which a named credential must have (urlParameter)"),
        .externalCredential: .custom("the Authentication row (authenticationParameter)"),
        .generateAuthorizationHeader: .element("generateAuthorizationHeader"),
        .allowFormulasInHeaders: .element("allowMergeFieldsInHeader"),
        .allowFormulasInBody: .element("allowMergeFieldsInBody"),
        .allowedNamespaces: .custom("one AllowedManagedPackageNamespaces row per namespace (namespaceParameterType)"),
        .enabled: .custom("calloutStatus Enabled or Disabled (calloutStatus(enabled:))"),
        .type: .custom("namedCredentialType (namedCredentialTypes)"),
        .outboundNetworkConnection: .custom(
            "the OutboundNetworkConnection row with <outboundNetworkConnection> (outboundNetworkConnectionParameter)"),
        .clientCertificate: .custom("the ClientCertificate row with <certificate> (clientCertificateParameter)"),
        .headers: .custom("one HttpHeader row per header, with its sequenceNumber (httpHeaderType)"),
    ]

    // MARK: ExternalAuthIdentityProvider (§2)

    /// Manifest `protocol` → `authenticationProtocol`. Provider XML spells it `OAuth` (§2.2),
    /// unlike ExternalCredential's `Oauth`. **Seen in a real file** (§11).
    static let providerProtocols: [String: String] = ["OAuth": "OAuth"]

    /// Manifest `flow` → `authenticationFlow` (§2.2, `IdentityProviderAuthFlow`): same spelling,
    /// so the field table's values are the XML's. **Seen in a real file** (`AuthorizationCode`,
    /// §11); `ClientCredentials` documented. Other flows (`SalesforceDefined`, `JwtBearer`) are
    /// foreign resources to the reader.
    static let providerFlows = Set(Fields.providerFlow.allowedValues ?? [])

    /// **Seen in a real file** (§11 settles §10.3): the plural
    /// `externalAuthIdentityProviderParameters`. The reader also accepts the singular of the
    /// doc's own XML sample.
    static let providerParameterElement = "externalAuthIdentityProviderParameters"
    static let providerParameterElementAliases: Set<String> = [
        "externalAuthIdentityProviderParameters", "externalAuthIdentityProviderParameter",
    ]

    // Provider rows. **Seen in a real file** (§11): `parameterName` = `parameterType` for
    // `AuthorizeUrl`, `ClientAuthentication`, `TokenUrl`; `PkceEnabled` of type
    // `IdentityProviderOptions` with value `true`; rows sorted by `parameterName`, none with a
    // `sequenceNumber`; `ClientAuthentication` written even when it is the default (an earlier
    // commit of the same file wrote `ClientSecretBasic` explicitly).
    static let tokenURLParameter = "TokenUrl"
    static let authorizeURLParameter = "AuthorizeUrl"
    static let clientAuthenticationParameter = "ClientAuthentication"
    static let pkceParameter = (name: "PkceEnabled", type: "IdentityProviderOptions")
    /// **Inferred** from the documented `ExtlIdentityProviderParmType` value `UserInfoUrl` (§2.3)
    /// and the shape of the other URL rows: not seen in a real file.
    static let userInfoURLParameter = "UserInfoUrl"

    /// Manifest `clientAuthentication` → `ClientAuthentication` value (seen: both values, §11;
    /// the Connect docs name `ClientSecretBasic` the default, §2.4).
    static let clientAuthenticationValues = ["header": "ClientSecretBasic", "body": "ClientSecretPost"]
    static let clientAuthenticationBody = "body"

    /// **Inferred** from the documented parameter types (§2.3) and the Connect API's example
    /// of custom request parameters (§2.4): one row per parameter, `parameterName` = the
    /// parameter's (or header's) name, `parameterValue` = its value. Not seen in a real file.
    static let tokenRequestParameterTypes = (
        body: "TokenRequestBodyParameter", query: "TokenRequestQueryParameter", headers: "TokenRequestHttpHeader"
    )
    static let refreshRequestParameterTypes = (
        body: "RefreshRequestBodyParameter", query: "RefreshRequestQueryParameter", headers: "RefreshRequestHttpHeader"
    )

    /// **Documented** (§2.3; the Connect example of §2.4 has an `AuthorizeRequestQueryParameter`
    /// row `ExampleName` = `ExampleValue`): one row per query parameter of the authorization
    /// request. The documentation has no body or header rows for it.
    static let authorizeRequestQueryParameterType = "AuthorizeRequestQueryParameter"

    /// **Inferred** from the documented `ExtlIdentityProviderParmType` values (§2.3) and the
    /// shape of the URL rows (`parameterName` = `parameterType`): no real file shows them. Connect
    /// calls the first "a reference to a standard external auth identity provider" (§2.4); the
    /// others are what Salesforce sets on a packaged provider, kept so that a deploy keeps them.
    static let standardProviderParameter = "StandardExternalIdentityProvider"
    static let createdByNamespaceParameter = "CreatedByNamespace"
    static let managedByComponentParameter = "ManagedByComponent"
    static let managedByFeatureParameter = "ManagedByFeature"

    /// **Inferred** (§2.4: "no EAIP default-scopes concept found"). `defaultScopes` become
    /// one `TokenRequestBodyParameter` named `scope` whose value is the scopes joined by single
    /// spaces: the OAuth 2.0 token-request parameter (RFC 6749 §4.4.2, space-delimited) sent
    /// through the documented "custom request parameters … to the identity provider's token
    /// endpoint" (§2.4). Whether a credential-level `Scope` then replaces or joins it at run
    /// time is not documented (SPEC's `scope-overrides-default` assumes it replaces).
    static let defaultScopesParameter = (name: "scope", type: "TokenRequestBodyParameter")

    // MARK: ExternalCredential (§1)

    /// Manifest `protocol` → `authenticationProtocol`: Metadata XML spells OAuth `Oauth` (§1.3).
    /// **Seen in real files**: `Oauth`, `Custom`, `Basic`, `AwsSv4` (SALESFORCE.md §12). `Jwt`
    /// is **unverified**: the metadata page marks it reserved, a Help page documents it.
    static let credentialProtocols: [String: String] = [
        "OAuth": "Oauth", "Custom": "Custom", "Basic": "Basic", "AwsSv4": "AwsSv4", "Jwt": "Jwt",
    ]

    /// Flow → the `AuthProtocolVariant` value it is written with; a flow not listed has no
    /// variant row. The row's `parameterName` is the protocol as XML spells it (`Oauth`,
    /// `AwsSv4`, `Custom`). **Seen in real files**: `ClientCredentialsClientSecret`, `JwtBearer`
    /// (`parameterName` `Oauth`), and none for provider-linked, AuthProvider-linked, AwsSv4
    /// access-key and Custom credentials (§11, §12). **Documented**: `ClientCredentialsClientSecretBasic`,
    /// `ClientCredentialsJwtAssertion`, `AwsSv4_STS` (`parameterName` `AwsSv4`, in the metadata
    /// page's own words), `RolesAnywhere`, `NoAuthentication` (§1.3).
    static func variant(protocol: String, flow: String, passClientCredentialsInBody: Bool) -> String? {
        switch (`protocol`, flow) {
        case ("OAuth", "ClientCredentialsClientSecret"):
            passClientCredentialsInBody ? "ClientCredentialsClientSecret" : "ClientCredentialsClientSecretBasic"
        case ("OAuth", "JwtBearer"), ("OAuth", "ClientCredentialsJwtAssertion"): flow
        case ("AwsSv4", "STS"): "AwsSv4_STS"
        case ("AwsSv4", "RolesAnywhere"): "RolesAnywhere"
        case ("Custom", "NoAuthentication"): "NoAuthentication"
        default: nil
        }
    }

    /// The flow a variant row says, and what it says about the request body (the client-secret
    /// variants only); nil for a variant credc does not know.
    static func flow(protocol: String, variant: String) -> (flow: String, passClientCredentialsInBody: Bool?)? {
        switch (`protocol`, variant) {
        case ("OAuth", "ClientCredentialsClientSecret"): ("ClientCredentialsClientSecret", true)
        case ("OAuth", "ClientCredentialsClientSecretBasic"): ("ClientCredentialsClientSecret", false)
        case ("OAuth", "JwtBearer"), ("OAuth", "ClientCredentialsJwtAssertion"): (variant, nil)
        case ("AwsSv4", "AwsSv4_STS"): ("STS", nil)
        case ("AwsSv4", "RolesAnywhere"): ("RolesAnywhere", nil)
        case ("Custom", "NoAuthentication"): ("NoAuthentication", nil)
        default: nil
        }
    }

    /// The legacy Auth. Provider link (flow `BrowserFlow`): `parameterName` = `parameterType` =
    /// `AuthProvider`, the provider in `<authProvider>`, no value, `DefaultGroup`. **Seen in real
    /// files** (§12; SALESFORCE.md's projects, `MyGoogle`, `MyZoom`, `Loopback_WSPKCE`).
    static let authProviderParameter = (name: "AuthProvider", type: "AuthProvider")
    static let browserFlow = "BrowserFlow"

    /// A credential's token endpoint: `parameterName` = `parameterType` = `AuthProviderUrl`, the
    /// URL as value. **Seen in real files** (client-secret and JWT bearer credentials, §11, §12).
    static let tokenURLCredentialParameter = (name: "AuthProviderUrl", type: "AuthProviderUrl")

    /// `parameterName` = `parameterType` = `SigningCertificate`, the certificate's developer name
    /// in `<certificate>`, no value. **Seen in a real file** (JWT bearer, §12); **documented** for
    /// RolesAnywhere ("Used for OAuth with JWT Bearer Flow and AwsSv4 STS with RolesAnywhere").
    static let signingCertificateParameter = (name: "SigningCertificate", type: "SigningCertificate")

    /// One row per claim, the claim's name in `parameterName`, its value verbatim, in
    /// `DefaultGroup`, without a sequence number; a body claim's `<description>` kept. **Seen in
    /// a real file** (every claim row of a JWT bearer credential carries a description, header
    /// claims too: the field table's header claims have none, so the reader reports one).
    static let jwtClaimTypes = (header: "JwtHeaderClaim", body: "JwtBodyClaim")

    /// Headers: name in `parameterName`, value in `parameterValue`, `sequenceNumber`, in
    /// `DefaultGroup`. **Seen in real files** (Custom and Basic credentials, §12).
    static let authHeaderType = "AuthHeader"

    /// The AWS rows, in the order the exporter writes them: the field of `aws`, `parameterName`,
    /// `parameterType`, and other names the reader accepts. **Seen in a real file**: `AwsService`,
    /// `AwsRegion`, `AwsAccountId` as `AuthParameter` rows in `DefaultGroup` (§12). **Documented**
    /// (ConnectApi parameter names): `AwsTrustAnchorArn`, `AwsProfileArn` (RolesAnywhere),
    /// `AwsStsExternalId`, `AwsStsDuration`. The STS query parameters are
    /// `AuthProviderUrlQueryParameter` rows named as in the Connect example; the metadata page
    /// names them `AwsExternalId`/`AwsDuration`, which the reader accepts too (the pages
    /// disagree: unverified). RolesAnywhere's duration as an `AuthParameter` is **inferred**:
    /// the query-parameter type is "supported only for AWS Signature V4 with STS".
    static func awsParameters(flow: String) -> [(field: FieldID, name: String, type: String, aliases: [String])] {
        let query = "AuthProviderUrlQueryParameter"
        let durationType = flow == "STS" ? query : awsParameterType
        return [
            (.service, "AwsService", awsParameterType, []),
            (.region, "AwsRegion", awsParameterType, []),
            (.accountId, "AwsAccountId", awsParameterType, []),
            (.trustAnchorArn, "AwsTrustAnchorArn", awsParameterType, []),
            (.profileArn, "AwsProfileArn", awsParameterType, []),
            (.externalId, "AwsStsExternalId", query, ["AwsExternalId"]),
            (.duration, "AwsStsDuration", durationType, ["AwsDuration"]),
        ]
    }
    static let awsParameterType = "AuthParameter"

    /// The flows that link the credential to an external auth identity provider.
    static let externalIdentityProviderFlow = "ClientCredentialsExternalIdentityProvider"
    static let browserFlowExternalIdentityProvider = "BrowserFlowExternalIdentityProvider"

    /// **Seen in a real file** (SALESFORCE.md §11, a provider-linked credential retrieved from an
    /// org): a credential linked to an external auth identity provider has *no*
    /// `AuthProtocolVariant` row, whatever its provider's flow. Its flow is its provider's
    /// `authenticationFlow`: `ClientCredentials` → ``externalIdentityProviderFlow``,
    /// `AuthorizationCode` → ``browserFlowExternalIdentityProvider``. The client-credentials
    /// variants (`ClientCredentialsClientSecret[Basic]`) belong to the credential-owned flow and
    /// need an `AuthProviderUrl` row (§11's deploy error): writing one here would fail the deploy.
    static func credentialFlow(providerFlow: String) -> String? {
        switch providerFlow {
        case "ClientCredentials": externalIdentityProviderFlow
        case "AuthorizationCode": browserFlowExternalIdentityProvider
        default: nil
        }
    }

    /// **Inferred, with the evidence against any row** (SALESFORCE.md §11 "still open"): no real
    /// file shows how "pass client credentials in request body" of a provider-linked credential
    /// is stored, and the real provider-linked file has no row that could hold it. The
    /// documented body/header switch of this flow is the provider's `ClientAuthentication`
    /// (`ClientSecretPost` = body). So the credential file carries nothing for
    /// `passClientCredentialsInBody`; the reader derives it from the linked provider's
    /// `ClientAuthentication` when the provider is in the folder, and the exporter refuses a
    /// value its provider's `clientAuthentication` contradicts.
    static func passClientCredentialsInBody(clientAuthentication: String) -> Bool {
        clientAuthentication == clientAuthenticationBody
    }

    static let protocolVariantParameterType = "AuthProtocolVariant"

    /// The literal retrieved files use for credential-level rows (§1.4, §10.10: the doc says
    /// `DEFAULT_GROUP`, every retrieved file says `DefaultGroup`). **Seen in a real file.**
    static let defaultGroup = "DefaultGroup"

    /// The provider link row: `parameterType` and `parameterName` `ExternalAuthIdentityProvider`,
    /// the provider's name in `<externalAuthIdentityProvider>`, group `DefaultGroup`.
    /// **Seen in a real file** (§11).
    static let providerLinkParameter = (
        name: "ExternalAuthIdentityProvider", type: "ExternalAuthIdentityProvider"
    )

    /// Credential-level scope: `AuthParameter` named `Scope` in `DefaultGroup`, value verbatim
    /// (formulas included) (§1.10, §1.11). **Seen in a real file**; formulas in it inferred. A
    /// principal's own scope is the same row in the principal's `parameterGroup`: **documented**
    /// (`parameterGroup`, "with dynamic scopes …"; the Connect example nests it under the
    /// principal), the row **inferred** from that.
    static let scopeParameter = (name: "Scope", type: "AuthParameter")

    /// **Inferred** (§10.2, §11: no real file or document shows it). One row named
    /// `AdditionalRefreshStatusCode` in `DefaultGroup` whose value lists the codes ascending,
    /// comma-separated without spaces: the UI is one text field and every guide types codes
    /// comma-separated (§1.10). The reader also accepts one row per code and spaces.
    static let refreshStatusCodesParameter = (
        name: "AdditionalRefreshStatusCode", type: "AdditionalRefreshStatusCode", separator: ","
    )

    /// Principal rows: `parameterType` = identity type, `parameterName` = `parameterGroup` =
    /// principal name, `sequenceNumber`, no value (§1.6, §1.8, §1.11). **Seen in a real file**
    /// (`NamedPrincipal` in a provider-linked credential, §11; `PerUserPrincipal` rows in
    /// AuthProvider-linked ones; both in one credential, §12). `AwsStsPrincipal` is
    /// **documented** ("parameterName is AwsStsPrincipal"), written in the same shape.
    static let principalTypes = Set(Fields.principalIdentityType.allowedValues ?? [])

    // MARK: NamedCredential (§3)

    /// Manifest `type` → `namedCredentialType`, same spelling. **Seen in real files**:
    /// `SecuredEndpoint` (§11). **Documented**: `PrivateEndpoint`, which needs an
    /// `OutboundNetworkConnection` row. A file without it (legacy) or of another type is a
    /// foreign resource to the reader.
    static let namedCredentialTypes = Set(Fields.namedType.allowedValues ?? [])
    /// **Documented** (§3.3): the connection in `<outboundNetworkConnection>`; the row's
    /// `parameterName` is free text, named after its type as retrieved `Url` rows are (**inferred**).
    static let outboundNetworkConnectionParameter = (name: "OutboundNetworkConnection", type: "OutboundNetworkConnection")
    /// **Documented** (§3.3; the doc sample names it `DefaultCert`): the certificate in
    /// `<certificate>`; `parameterName` after its type (**inferred**, as above).
    static let clientCertificateParameter = (name: "ClientCertificate", type: "ClientCertificate")
    /// **Documented** (§3.3, Help "custom headers"): the header name in `parameterName`, its value
    /// in `parameterValue`, ordered by `sequenceNumber`. SALESFORCE.md §12 reports real files.
    static let httpHeaderType = "HttpHeader"
    /// The URL row, named as in retrieved files (§1.11, §3.3). **Seen in a real file.**
    static let urlParameter = (name: "Url", type: "Url")
    /// The external-credential row, named as in retrieved files (§1.11, §3.3). **Seen in a real file.**
    static let authenticationParameter = (name: "ExternalCredential", type: "Authentication")
    /// **Documented** (Connect example, §3.3): one `AllowedManagedPackageNamespaces` row per namespace. The
    /// `parameterName` is free text; the namespace itself is used so each row has a distinct,
    /// stable name (§3.3 keys parameters by type and name).
    static let namespaceParameterType = "AllowedManagedPackageNamespaces"
    /// Manifest `enabled` → `calloutStatus` (§3.2, API 59+). **Seen in a real file** (`Enabled`).
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
    /// **Seen in a real file**, as is the permission set's required `<label>` (§11), which
    /// the exporter always writes: the org's label when the state has the set, else its name.
    /// Profiles are not exported: the Profile metadata type has no such node (§4, §10.9).
    static func principalReference(credential: String, principal: String) -> String {
        "\(credential)-\(principal)"
    }

    /// Splits at the first dash: credential names cannot contain one, principal names can (§4).
    /// A credential written with the project's own namespace prefix, `NS__Credential`, is the
    /// project's `Credential`: **seen in a real file** (a project whose `sfdx-project.json` says
    /// `"namespace": "daypack01"` retrieves its own grant as `daypack01__package_api_ec-Super Admin`,
    /// §1.11) and **documented** (`namespacePrefix__myExternalCredential-myPrincipal`, §4).
    static func splitPrincipalReference(
        _ reference: String, projectNamespace: String? = nil
    ) -> (credential: String, principal: String)? {
        guard let dash = reference.firstIndex(of: "-") else { return nil }
        var credential = String(reference[..<dash])
        let principal = String(reference[reference.index(after: dash)...])
        if let projectNamespace, credential.hasPrefix("\(projectNamespace)__") {
            credential.removeFirst(projectNamespace.count + 2)
        }
        guard !credential.isEmpty, !principal.isEmpty else { return nil }
        return (credential, principal)
    }

    /// The grant `reference` names, with the project's namespace prefix dropped: two spellings
    /// of one grant compare equal, so a merge replaces the org's entry instead of adding a twin.
    /// **Inferred**: the exporter writes new grants unprefixed (a deploy into the project's own
    /// org resolves its own names) and keeps the org's spelling of a grant it already holds.
    static func canonicalPrincipalReference(_ reference: String, projectNamespace: String?) -> String {
        splitPrincipalReference(reference, projectNamespace: projectNamespace)
            .map { principalReference(credential: $0.credential, principal: $0.principal) } ?? reference
    }
}

extension FieldMapping {
    /// Handled by the exporter and the reader from the mapping alone.
    var isPlain: Bool {
        switch self {
        case .element, .parameter: true
        case .custom, .notExported: false
        }
    }
}
