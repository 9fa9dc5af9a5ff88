import JSON

/// Plans against a retrieved org (SPEC §9): what the org holds beyond the configuration.
extension Plan {
    /// The plan with the deletes of whole resources moved to ``kept``, together with the
    /// deletes of their principals and grants: without `--prune` a plan against a retrieved
    /// folder deletes nothing the configuration merely does not mention.
    public func keepingUndefinedResources() -> Plan {
        let deleted = changes.filter { change -> Bool in
            guard change.action == .delete, case .resource = change.kind else { return false }
            return true
        }
        let deletedCredentials = Set(deleted.filter { $0.kind == .externalCredential }.map(\.name))
        func belongsToDeletedCredential(_ change: PlanChange) -> Bool {
            guard change.kind == .principal || change.kind == .principalAccess,
                let slash = change.name.firstIndex(of: "/")
            else { return false }
            return deletedCredentials.contains(String(change.name[..<slash]))
        }
        let kept = Set(deleted.map { [$0.kind.rawValue, $0.name] })
        // Listed in dependency order, like what a plan creates.
        let listed = (self.kept + deleted).sorted { lhs, rhs in
            Self.applyRank(lhs.kind) != Self.applyRank(rhs.kind)
                ? Self.applyRank(lhs.kind) < Self.applyRank(rhs.kind) : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        return Plan(
            changes: changes.filter { !kept.contains([$0.kind.rawValue, $0.name]) && !belongsToDeletedCredential($0) },
            blockers: blockers, kept: listed)
    }

    /// The plan with `removals` shown: each is something the org holds in a resource that the
    /// configuration also defines, which the manifest cannot carry and a deploy of the resource
    /// therefore removes. It joins the resource's update, or becomes one, in the plan's order.
    /// Resources the plan creates or deletes are left as they are; `removals` must name only
    /// resources the configuration manages (an update of anything else would be deployed).
    public func showingRemovals(_ removals: [PlanRemoval]) -> Plan {
        guard !isBlocked, !removals.isEmpty else { return self }
        var changes = self.changes
        for removal in removals {
            let field = PlanFieldChange(
                path: removal.path, before: removal.value.map(JSONValue.string) ?? .null, after: .null)
            if let index = changes.firstIndex(where: { $0.kind == removal.kind && $0.name == removal.name }) {
                guard changes[index].action == .update || changes[index].action == .replace else { continue }
                changes[index].fields.append(field)
            } else {
                let change = PlanChange(action: .update, kind: removal.kind, name: removal.name, fields: [field])
                // Applies come first, grouped by kind in dependency order, by name within a kind.
                let rank = Self.applyRank(removal.kind)
                let position = changes.firstIndex { other in
                    other.action == .delete || Self.applyRank(other.kind) > rank
                        || (Self.applyRank(other.kind) == rank && removal.name.utf8.lexicographicallyPrecedes(other.name.utf8))
                }
                changes.insert(change, at: position ?? changes.endIndex)
            }
        }
        return Plan(changes: changes, blockers: blockers, kept: kept)
    }

    /// The position of `kind` in ``PlanResourceKind/applyOrder``.
    private static func applyRank(_ kind: PlanResourceKind) -> Int {
        PlanResourceKind.applyOrder.firstIndex(of: kind) ?? PlanResourceKind.applyOrder.count
    }
}

/// Something a deploy removes from a resource of the org because the manifest cannot carry it.
public struct PlanRemoval: Hashable, Sendable {
    public var kind: PlanResourceKind
    public var name: String
    /// Shown as the field's path, e.g. `metadata: TokenRequestHttpHeader 'X-Tenant'`.
    public var path: String
    /// The value in the org, when it has one.
    public var value: String?

    public init(kind: PlanResourceKind, name: String, path: String, value: String?) {
        self.kind = kind
        self.name = name
        self.path = path
        self.value = value
    }
}
