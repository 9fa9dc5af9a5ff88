// What `credc secrets` enters after a deploy (SPEC §12), as data: one row per protocol (for
// providers) and per protocol and flow (for principals). The Checker judges `secrets:` against
// it (`invalid-value`, `missing-secrets`), plans name it in their follow-ups, and `credc
// secrets` lists and enters it. A protocol that takes secrets is one more row.

/// One key a holder takes under `secrets:`.
public struct SecretKey: Sendable, Hashable {
    public var name: String
    /// Whether a holder without it gets the `missing-secrets` warning.
    public var required: Bool
    /// The Credential Input's `encrypted` flag for this key (principals only; the providers'
    /// resource has none).
    public var encrypted: Bool

    public init(_ name: String, required: Bool = true, encrypted: Bool) {
        self.name = name
        self.required = required
        self.encrypted = encrypted
    }
}

/// What one kind of holder (a provider of a protocol, a principal of a protocol and flow) takes
/// under `secrets:`.
public enum SecretInputRow: Sendable, Hashable {
    /// These keys and no others; entered through the Connect API resource `resource`.
    case keys([SecretKey], resource: SecretResource)
    /// Any key (Custom: the principal's own authentication parameters), each entered encrypted.
    case anyKey(resource: SecretResource)
    /// Nothing is entered for this holder; `why` says so in a sentence.
    case nothing(why: String)

    /// The keys it lists; empty when nothing is entered or any key is taken.
    public var keys: [String] {
        if case .keys(let keys, _) = self { keys.map(\.name) } else { [] }
    }

    /// The keys a holder must name a variable for.
    public var requiredKeys: [String] {
        if case .keys(let keys, _) = self { keys.filter(\.required).map(\.name) } else { [] }
    }

    public var resource: SecretResource? {
        switch self {
        case .keys(_, let resource), .anyKey(let resource): resource
        case .nothing: nil
        }
    }

    /// Whether `key` is a key this holder takes.
    public func takes(_ key: String) -> Bool {
        switch self {
        case .keys(let keys, _): keys.contains { $0.name == key }
        case .anyKey: true
        case .nothing: false
        }
    }

    /// The `encrypted` flag `key` is entered with.
    public func isEncrypted(_ key: String) -> Bool {
        if case .keys(let keys, _) = self, let spec = keys.first(where: { $0.name == key }) { return spec.encrypted }
        return true
    }
}

/// The Connect REST API resource a holder's secrets are entered through.
public enum SecretResource: String, Sendable, Hashable {
    /// `/services/data/vNN.0/named-credentials/external-auth-identity-provider-credentials/{fullName}`
    /// (GET, POST, PUT; body `{"credentials":[{"credentialName","credentialValue"}]}`; available
    /// from API 62.0). Documentation: Connect REST API Developer Guide, "External Auth Identity
    /// Provider Credentials", and the Apex reference's `ConnectApi.ExternalAuthIdentityProviderCredentialInput`
    /// (`credentialName`, `credentialValue`).
    case externalAuthIdentityProviderCredentials
    /// `/services/data/vNN.0/named-credentials/credential` (56.0): GET by the query parameters
    /// `externalCredential`, `principalName` (required for a NamedPrincipal) and `principalType`;
    /// POST creates, PUT replaces (keys left out are deleted), PATCH (59.0, custom protocols only)
    /// updates the keys sent. Body: "Credential Input" (`externalCredential`,
    /// `authenticationProtocol`, `authenticationProtocolVariant`, `principalName`, `principalType`,
    /// `credentials: {KEY: {value, encrypted}}`). Documentation: Connect REST API Developer Guide,
    /// "Credential" (connect_resources_named_credential.htm) and "Credential Input"
    /// (connect_requests_credential_input.htm); the Apex reference's `ConnectApi.CredentialInput`
    /// and `ConnectApi.CredentialValueInput` ("Authentication protocols have credential
    /// allowlists and encryption rules").
    case credential
}

public enum SecretInputs {
    /// Providers, by `protocol`. OAuth: the client ID and secret, as public clients of the
    /// resource name them (`clientId`, `clientSecret`); the documentation gives the body's
    /// shape, not a closed list of names.
    public static let providerRows: [String: SecretInputRow] = [
        "OAuth": .keys(
            [SecretKey("clientId", encrypted: false), SecretKey("clientSecret", encrypted: true)],
            resource: .externalAuthIdentityProviderCredentials),
    ]

    private static let certificateSigns = "its certificate signs: there is no secret to enter"

    /// Principals (named, or AWS STS), by `protocol` and `flow` of their credential (`""` for a
    /// protocol without flows). What each rests on:
    /// - AwsSv4: the allowlist of `ConnectApi.CredentialValueInput` ("awsAccessKeyId (not
    ///   encrypted), awsSecretAccessKey (encrypted), awsRoleArn (not encrypted)") and the Credential
    ///   Input's POST example (a NamedPrincipal with all three). Which apply per flow is inferred:
    ///   access-key signing needs the key pair (the role ARN optional, as the example sends it);
    ///   STS signs its AssumeRole call with the key pair and names the role; Roles Anywhere
    ///   signs with the credential's certificate and needs only the role.
    /// - Custom: "Any credential name is valid (user sets encryption rules)": credc enters each
    ///   encrypted, as every value it enters comes from a secret variable.
    /// - OAuth client credentials with a client secret (`clientId`, `clientSecret`) and Basic
    ///   (`username`, `password`): not in the documentation's allowlist; the names public clients
    ///   of the resource use. The identifier is entered unencrypted, the secret encrypted, as the
    ///   documented AWS rule does for its key ID and secret.
    public static let principalRows: [PrincipalRowKey: SecretInputRow] = [
        PrincipalRowKey("OAuth", "ClientCredentialsExternalIdentityProvider"): .nothing(
            why: "the client-credentials flow through an identity provider uses the provider's client ID and secret: "
                + "declare them under the provider's secrets"),
        PrincipalRowKey("OAuth", "BrowserFlowExternalIdentityProvider"): .nothing(
            why: "in the browser flow each user authenticates; the client ID and secret are the provider's"),
        PrincipalRowKey("OAuth", "BrowserFlow"): .nothing(
            why: "in the browser flow each user authenticates; the client ID and secret are the Auth. Provider's"),
        PrincipalRowKey("OAuth", "ClientCredentialsClientSecret"): .keys(
            [SecretKey("clientId", encrypted: false), SecretKey("clientSecret", encrypted: true)], resource: .credential),
        PrincipalRowKey("OAuth", "JwtBearer"): .nothing(why: "in the JWT bearer flow \(certificateSigns)"),
        PrincipalRowKey("OAuth", "ClientCredentialsJwtAssertion"): .nothing(
            why: "the client-credentials JWT assertion is signed by the credential's certificate: there is no secret to enter"),
        PrincipalRowKey("Jwt", ""): .nothing(why: "a JWT credential's token is signed by its certificate: there is no secret to enter"),
        PrincipalRowKey("AwsSv4", "AccessKey"): .keys(
            [
                SecretKey("awsAccessKeyId", encrypted: false), SecretKey("awsSecretAccessKey", encrypted: true),
                SecretKey("awsRoleArn", required: false, encrypted: false),
            ], resource: .credential),
        PrincipalRowKey("AwsSv4", "STS"): .keys(
            [
                SecretKey("awsAccessKeyId", encrypted: false), SecretKey("awsSecretAccessKey", encrypted: true),
                SecretKey("awsRoleArn", encrypted: false),
            ], resource: .credential),
        PrincipalRowKey("AwsSv4", "RolesAnywhere"): .keys([SecretKey("awsRoleArn", encrypted: false)], resource: .credential),
        PrincipalRowKey("Custom", "Custom"): .anyKey(resource: .credential),
        PrincipalRowKey("Custom", "NoAuthentication"): .nothing(why: "a NoAuthentication credential sends no credentials"),
        PrincipalRowKey("Basic", ""): .keys(
            [SecretKey("username", encrypted: false), SecretKey("password", encrypted: true)], resource: .credential),
    ]

    /// A per-user principal's credential is the calling user's own (Connect REST API
    /// "Credential": `principalName` is required for named principals only).
    public static let perUserPrincipal = SecretInputRow.nothing(
        why: "a per-user principal's credentials are each user's own: each user authenticates")

    /// An unmanaged provider is the org's own: credc never enters its credentials.
    public static let unmanagedProvider = SecretInputRow.nothing(
        why: "an unmanaged provider is the org's own: credc never enters its credentials")

    public struct PrincipalRowKey: Sendable, Hashable {
        public var `protocol`: String
        public var flow: String

        public init(_ protocol: String, _ flow: String) {
            self.protocol = `protocol`
            self.flow = flow
        }
    }

    /// The row of a provider; nil for a protocol credc does not model.
    public static func provider(protocol: String?, unmanaged: Bool) -> SecretInputRow? {
        if unmanaged { return unmanagedProvider }
        return providerRows[`protocol` ?? ""]
    }

    /// The row of a principal of a credential (`flow` as written: nil takes the protocol's
    /// default); nil for a protocol or flow credc does not model.
    public static func principal(protocol: String?, flow: String?, identityType: String? = nil) -> SecretInputRow? {
        guard let `protocol`, let spec = ProtocolTable.row(protocol: `protocol`, flow: flow),
            let row = principalRows[PrincipalRowKey(spec.protocol, spec.flow ?? "")]
        else { return nil }
        if identityType == "PerUserPrincipal" { return perUserPrincipal }
        return row
    }

    /// The Credential Input's `authenticationProtocolVariant`, where the flow is a metadata
    /// variant (SPEC §10's last column; "must match the actual protocol variant of the external
    /// credential"); nil where the credential has none.
    public static func protocolVariant(protocol: String, flow: String?, passClientCredentialsInBody: Bool) -> String? {
        switch ProtocolTable.row(protocol: `protocol`, flow: flow)?.flow {
        case "ClientCredentialsClientSecret"?:
            passClientCredentialsInBody ? "ClientCredentialsClientSecret" : "ClientCredentialsClientSecretBasic"
        case "STS"?: "AwsSv4_STS"
        case "RolesAnywhere"?: "RolesAnywhere"
        default: nil
        }
    }

    /// An environment variable's name as POSIX shells take it: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isEnvironmentVariableName(_ text: String) -> Bool {
        // ASCII only, so bytes are scalars: the model builder asks this of every secret source.
        let underscore = UInt8(ascii: "_")
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, first == underscore || Naming.isASCIILetter(first) else { return false }
            return bytes.allSatisfy { $0 == underscore || Naming.isASCIIAlphanumeric($0) }
        }
    }
}
