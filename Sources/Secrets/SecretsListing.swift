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
    }

    public struct Item: Hashable, Sendable {
        public var holder: Holder
        /// The resource its secrets are entered through; nil when nothing is entered.
        public var resource: SecretResource?
        /// In the key table's order.
        public var secrets: [Secret]
        /// Why nothing is entered, when nothing is.
        public var nothingEntered: String?
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
            guard let row = SecretInputs.principal(protocol: credential.protocol?.value, flow: credential.flow?.value)
            else { continue }
            for principal in credential.principals {
                guard let name = principal.name?.value else { continue }
                let holder = Holder(kind: .externalCredential, name: credential.name.value, principal: name)
                items.append(Self.item(holder, row: row, sources: principal.secrets))
            }
        }
        self.items = items
    }

    private static func item(_ holder: Holder, row: SecretInputRow, sources: SecretSources?) -> Item {
        switch row {
        case .keys(let keys, let resource):
            let secrets = keys.map { Secret(key: $0, variable: sources?.variable(for: $0)?.value) }
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

    /// `{"version":1,"items":[{"kind","name","principal"?,"resource"?,"secrets":[{"key","variable","set"}],
    /// "nothingEntered"?}],"complete"}`.
    public func json(isSet: (String) -> Bool) -> JSONValue {
        let items: [JSONValue] = items.map { item in
            var object: [String: JSONValue] = [
                "kind": .string(item.holder.kind.rawValue), "name": .string(item.holder.name),
                "secrets": .array(item.secrets.map { secret in
                    [
                        "key": .string(secret.key), "variable": JSONValue(secret.variable),
                        "set": .bool(secret.variable.map(isSet) ?? false),
                    ]
                }),
            ]
            if let principal = item.holder.principal { object["principal"] = .string(principal) }
            if let resource = item.resource { object["resource"] = .string(resource.rawValue) }
            if let why = item.nothingEntered { object["nothingEntered"] = .string(why) }
            return .object(object)
        }
        return ["version": 1, "items": .array(items), "complete": .bool(isComplete(isSet: isSet))]
    }
}
