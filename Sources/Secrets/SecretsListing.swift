import JSON
import Model
import Schema

/// What `credc secrets` enters after a deploy (SPEC §12), computed from the model: per provider
/// and principal, each secret and the environment variable it comes from, or why nothing is
/// entered. The library never reads the environment: renderings take whether a variable is set.
public struct SecretsListing: Sendable {
    /// Who a secret is entered for.
    public struct Holder: Hashable, Sendable {
        public var kind: ResourceKind
        /// The provider's or the external credential's name.
        public var name: String
        /// The principal's name, for a principal.
        public var principal: String?

        /// `identity provider 'Okta_Prod'`, `principal 'Admin' of 'Billing_API'`.
        public var description: String {
            if let principal { return "principal '\(principal)' of '\(name)'" }
            switch kind {
            case .externalAuthIdentityProvider: return "identity provider '\(name)'"
            case .externalCredential: return "external credential '\(name)'"
            case .namedCredential: return "named credential '\(name)'"
            }
        }
    }

    /// One secret: its key in the Connect API's input, and its variable.
    public struct Secret: Hashable, Sendable {
        public var key: String
        /// Nil when `secrets:` does not name one (the missing-secrets warning).
        public var variable: String?
        /// The Credential Input's `encrypted` flag (principals; the key table decides it).
        public var encrypted = true
    }

    /// What the Credential Input names besides the values (principals only).
    public struct CredentialTarget: Hashable, Sendable {
        /// `OAuth`, `AwsSv4`, `Custom`, `Basic`: the configuration already spells them as the
        /// Connect API does (metadata writes `Oauth`).
        public var authenticationProtocol: String
        public var authenticationProtocolVariant: String?
        /// `NamedPrincipal` or `AwsStsPrincipal`.
        public var principalType: String
    }

    public struct Item: Hashable, Sendable {
        public var holder: Holder
        /// The resource its secrets are entered through; nil when nothing is entered.
        public var resource: SecretResource?
        /// In the key table's order (Custom: in the order `secrets:` names them).
        public var secrets: [Secret]
        /// Why nothing is entered, when nothing is.
        public var nothingEntered: String?
        /// For a principal's credential.
        public var target: CredentialTarget? = nil
    }

    /// In the model's order: providers, then principals.
    public var items: [Item]

    public init(_ model: Model) {
        var items: [Item] = []
        for provider in model.providers {
            let holder = Holder(kind: .externalAuthIdentityProvider, name: provider.name.value)
            guard let row = SecretInputs.provider(protocol: provider.protocol?.value, unmanaged: provider.isUnmanaged)
            else { continue }
            items.append(Self.item(holder, row: row, sources: provider.secrets))
        }
        for credential in model.externalCredentials {
            guard let `protocol` = credential.protocol?.value else { continue }
            for principal in credential.principals {
                let identityType = principal.identityType?.value ?? Fields.principalIdentityType.defaultString
                guard let name = principal.name?.value,
                    let row = SecretInputs.principal(protocol: `protocol`, flow: credential.flow?.value, identityType: identityType)
                else { continue }
                let holder = Holder(kind: .externalCredential, name: credential.name.value, principal: name)
                var item = Self.item(holder, row: row, sources: principal.secrets)
                item.target = CredentialTarget(
                    authenticationProtocol: `protocol`,
                    authenticationProtocolVariant: SecretInputs.protocolVariant(
                        protocol: `protocol`, flow: credential.flow?.value,
                        passClientCredentialsInBody: credential.passClientCredentialsInBody?.value
                            ?? Fields.credentialPassClientCredentialsInBody.defaultBool),
                    principalType: identityType)
                items.append(item)
            }
        }
        self.items = items
    }

    private static func item(_ holder: Holder, row: SecretInputRow, sources: SecretSources?) -> Item {
        switch row {
        case .keys(let keys, let resource):
            let secrets = keys.compactMap { key -> Secret? in
                let variable = sources?.variable(for: key.name)?.value
                // An optional key left out is not entered (and a PUT deletes it).
                guard key.required || variable != nil else { return nil }
                return Secret(key: key.name, variable: variable, encrypted: key.encrypted)
            }
            return Item(holder: holder, resource: resource, secrets: secrets, nothingEntered: nil)
        case .anyKey(let resource):
            let secrets = sources?.entries.map { Secret(key: $0.key.value, variable: $0.variable.value) } ?? []
            guard !secrets.isEmpty else {
                return Item(
                    holder: holder, resource: nil, secrets: [],
                    nothingEntered: "its authentication parameters are the keys its secrets: names, and it names none")
            }
            return Item(holder: holder, resource: resource, secrets: secrets, nothingEntered: nil)
        case .nothing(let why):
            return Item(holder: holder, resource: nil, secrets: [], nothingEntered: why)
        }
    }

    /// Every variable some secret comes from, in order of first use, each once.
    public var variables: [String] {
        var seen: Set<String> = []
        return items.flatMap(\.secrets).compactMap(\.variable).filter { seen.insert($0).inserted }
    }

    /// Whether every secret names a variable and each is set.
    public func isComplete(isSet: (String) -> Bool) -> Bool {
        items.allSatisfy { $0.secrets.allSatisfy { $0.variable.map(isSet) ?? false } }
    }

    // MARK: Output

    /// One line per secret under its holder; never a value.
    public func text(isSet: (String) -> Bool) -> String {
        var lines: [String] = []
        var missing = 0
        for item in items {
            if let why = item.nothingEntered {
                lines.append("\(item.holder.description): nothing to enter (\(why))")
                continue
            }
            lines.append("\(item.holder.description):")
            for secret in item.secrets {
                guard let variable = secret.variable else {
                    missing += 1
                    lines.append("  \(secret.key): no variable named (add it under secrets:)")
                    continue
                }
                let set = isSet(variable)
                if !set { missing += 1 }
                lines.append("  \(secret.key) from $\(variable): \(set ? "set" : "not set")")
            }
        }
        if items.isEmpty { lines.append("nothing to enter: no provider or principal takes secrets") }
        let toEnter = items.reduce(0) { $0 + $1.secrets.count }
        lines.append(
            missing == 0
                ? "\(toEnter) secret\(toEnter == 1 ? "" : "s") to enter, every variable set"
                : "\(toEnter) secret\(toEnter == 1 ? "" : "s") to enter, \(missing) missing")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"version":1,"items":[{"kind","name","principal"?,"resource"?,"secrets":[{"key","variable","set","encrypted"?}],
    /// "nothingEntered"?,"principalType"?,"authenticationProtocol"?,"authenticationProtocolVariant"?}],"complete"}`;
    /// a principal's item has `principalType` and `authenticationProtocol` (the Credential Input's
    /// values), and `encrypted` on each secret.
    public func json(isSet: (String) -> Bool) -> JSONValue {
        let items: [JSONValue] = items.map { item in
            var object: [String: JSONValue] = [
                "kind": .string(item.holder.kind.rawValue), "name": .string(item.holder.name),
                "secrets": .array(item.secrets.map { secret in
                    var object: [String: JSONValue] = [
                        "key": .string(secret.key), "variable": JSONValue(secret.variable),
                        "set": .bool(secret.variable.map(isSet) ?? false),
                    ]
                    if item.target != nil { object["encrypted"] = .bool(secret.encrypted) }
                    return .object(object)
                }),
            ]
            if let target = item.target {
                object["principalType"] = .string(target.principalType)
                object["authenticationProtocol"] = .string(target.authenticationProtocol)
                if let variant = target.authenticationProtocolVariant { object["authenticationProtocolVariant"] = .string(variant) }
            }
            if let principal = item.holder.principal { object["principal"] = .string(principal) }
            if let resource = item.resource { object["resource"] = .string(resource.rawValue) }
            if let why = item.nothingEntered { object["nothingEntered"] = .string(why) }
            return .object(object)
        }
        return ["version": 1, "items": .array(items), "complete": .bool(isComplete(isSet: isSet))]
    }
}
