// What `credc secrets` enters after a deploy (SPEC §12), as data: one row per protocol (for
// providers) and per protocol and flow (for principals). The model builder checks `secrets:`
// against it, the missing-secrets rule reads which keys a holder needs, and `credc secrets`
// lists and enters them. A protocol that takes secrets is one more row.

/// What one kind of holder (a provider of a protocol, a principal of a protocol and flow) takes
/// under `secrets:`.
public enum SecretInputRow: Sendable, Hashable {
    /// These keys, each required; entered through the Connect API resource `resource`.
    case keys([String], resource: SecretResource)
    /// Nothing is entered for this holder; `why` says so in a sentence.
    case nothing(why: String)

    /// The keys it takes; empty when nothing is entered.
    public var keys: [String] {
        switch self {
        case .keys(let keys, _): keys
        case .nothing: []
        }
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
}

public enum SecretInputs {
    /// Providers, by `protocol`. OAuth: the client ID and secret, as public clients of the
    /// resource name them (`clientId`, `clientSecret`); the documentation gives the body's
    /// shape, not a closed list of names.
    public static let providerRows: [String: SecretInputRow] = [
        "OAuth": .keys(["clientId", "clientSecret"], resource: .externalAuthIdentityProviderCredentials),
    ]

    /// Principals, by `protocol` and `flow` of their credential.
    public static let principalRows: [PrincipalRowKey: SecretInputRow] = [
        PrincipalRowKey("OAuth", "ClientCredentialsExternalIdentityProvider"): .nothing(
            why: "the client-credentials flow through an identity provider uses the provider's client ID and secret: "
                + "declare them under the provider's secrets"),
        PrincipalRowKey("OAuth", "BrowserFlowExternalIdentityProvider"): .nothing(
            why: "in the browser flow each user authenticates; the client ID and secret are the provider's"),
    ]

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

    /// The row of a principal of a credential; nil for a protocol or flow credc does not model.
    public static func principal(protocol: String?, flow: String?) -> SecretInputRow? {
        principalRows[PrincipalRowKey(`protocol` ?? "", flow ?? "")]
    }

    /// An environment variable's name as POSIX shells take it: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isEnvironmentVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
