import JSON
import Schema

/// Plans against a retrieved org (SPEC §9, §11): what the org holds beyond the configuration.
extension Plan {
    /// The plan with the deletes of whole resources moved to ``kept``, together with the
    /// deletes of their principals and grants: a plan against a retrieved folder deletes
    /// nothing the configuration merely does not mention. Deletes of resources in `owned`
    /// (what credc deployed last, from `--state`) stay: credc made them, so no longer defining
    /// them means deleting them.
    public func keepingUndefinedResources(owned: Set<PlanSubject> = []) -> Plan {
        let deleted = changes.filter { change -> Bool in
            guard change.action == .delete, case .resource = change.subject, !owned.contains(change.subject) else {
                return false
            }
            return true
        }
        let keptSubjects = Set(deleted.map(\.subject))
        let keptCredentials = Set(deleted.compactMap { change -> String? in
            guard case .resource(.externalCredential, let name) = change.subject else { return nil }
            return name
        })
        func belongsToKeptCredential(_ change: PlanChange) -> Bool {
            change.subject.credential.map(keptCredentials.contains) ?? false
        }
        // Listed in dependency order, like what a plan creates.
        let listed = (self.kept + deleted).sorted { lhs, rhs in
            Self.applyRank(lhs.kind) != Self.applyRank(rhs.kind)
                ? Self.applyRank(lhs.kind) < Self.applyRank(rhs.kind) : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        return with(
            changes: changes.filter { !keptSubjects.contains($0.subject) && !belongsToKeptCredential($0) }, kept: listed)
    }

    /// The plan with `removals` shown: each is something the org holds in a resource that the
    /// configuration also defines, which the manifest cannot carry and a deploy of the resource
    /// therefore removes. It joins the resource's update, or becomes one, in the plan's order.
    /// Its value came from the org, not the configuration, and may be a secret (an API key in
    /// an `HttpHeader` row): the plan names it and hides the value (SPEC §11).
    /// Resources the plan creates or deletes are left as they are; `removals` must name only
    /// resources the configuration manages (an update of anything else would be deployed).
    public func showingRemovals(_ removals: [PlanRemoval]) -> Plan {
        guard !isBlocked, !removals.isEmpty else { return self }
        var changes = self.changes
        for removal in removals {
            let field = PlanFieldChange.hiddenRemoval(path: removal.path)
            if let index = changes.firstIndex(where: { $0.subject == removal.subject }) {
                guard changes[index].action == .update || changes[index].action == .replace else { continue }
                changes[index].fields.append(field)
            } else {
                let change = PlanChange(action: .update, subject: removal.subject, fields: [field])
                // Applies come first, grouped by kind in dependency order, by name within a kind.
                let rank = Self.applyRank(change.kind)
                let position = changes.firstIndex { other in
                    other.action == .delete || Self.applyRank(other.kind) > rank
                        || (Self.applyRank(other.kind) == rank && change.name.utf8.lexicographicallyPrecedes(other.name.utf8))
                }
                changes.insert(change, at: position ?? changes.endIndex)
            }
        }
        return with(changes: changes)
    }

    /// The plan with the org's values of header fields (``FieldFlags/secretBearing``: an
    /// `HttpHeader` or `AuthHeader` row, a provider's request parameter) hidden where the
    /// configuration does not hold the same header: they may be secrets (an API key typed into
    /// Setup), so only their names are shown (SPEC §11). A header the configuration holds is
    /// printed as it is.
    public func hidingValuesOnlyTheOrgHolds() -> Plan {
        var changes = self.changes
        for index in changes.indices {
            guard case .resource(let kind, _) = changes[index].subject else { continue }
            for fieldIndex in changes[index].fields.indices {
                let field = changes[index].fields[fieldIndex]
                // The whole field (`headers`), or one parameter of it (`tokenRequest.headers.X-Tenant`).
                let fieldName = field.path.prefix { $0 != "." }
                guard kind.fields.contains(where: { $0.name == fieldName && $0.flags.contains(.secretBearing) }) else { continue }
                if case .string = field.before, field.before != field.after {
                    changes[index].fields[fieldIndex].before = .null
                    changes[index].fields[fieldIndex].beforeIsHidden = true
                } else {
                    changes[index].fields[fieldIndex].before = Self.hiding(field.before, except: field.after)
                }
            }
        }
        return with(changes: changes)
    }

    /// `before` with every header value `after` does not hold as well replaced by ``hiddenValue``:
    /// rows `[{name, value, ...}]`, request parameters `{place: {name: value}}` and mappings of
    /// rows (`jwt`).
    private static func hiding(_ before: JSONValue, except after: JSONValue) -> JSONValue {
        switch before {
        case .array(let rows):
            let kept: Set<JSONValue> = if case .array(let afterRows) = after { Set(afterRows) } else { [] }
            return .array(
                rows.map { row in
                    guard case .object(var members) = row, members["value"] != nil, !kept.contains(row) else { return row }
                    members["value"] = .string(hiddenValue)
                    return .object(members)
                })
        case .object(let places):
            let afterPlaces: [String: JSONValue] = if case .object(let members) = after { members } else { [:] }
            return .object(
                places.reduce(into: [:]) { result, place in
                    // A mapping of rows (`jwt`: `header`, `claims`): each list as rows.
                    guard case .object(let parameters) = place.value else {
                        return result[place.key] = hiding(place.value, except: afterPlaces[place.key] ?? .null)
                    }
                    let kept: [String: JSONValue] = if case .object(let members)? = afterPlaces[place.key] { members } else { [:] }
                    result[place.key] = .object(
                        parameters.reduce(into: [:]) { hidden, parameter in
                            hidden[parameter.key] = kept[parameter.key] == parameter.value ? parameter.value : .string(hiddenValue)
                        })
                })
        default:
            return before
        }
    }

    /// The plan with what changed in the org since credc's last deploy marked (SPEC §11:
    /// `# changed in the org`). `drift` is the plan from the manifest credc deployed last to
    /// the org as retrieved: each of its changes is something the org did, not credc.
    public func markingDrift(_ drift: Plan) -> Plan {
        let bySubject = Dictionary(drift.changes.map { ($0.subject, $0) }, uniquingKeysWith: { first, _ in first })
        func mark(_ change: PlanChange) -> PlanChange {
            guard let orgChange = bySubject[change.subject] else { return change }
            var change = change
            switch (change.action, orgChange.action) {
            case (.create, .delete): change.drift = .deletedInOrg
            case (.delete, .create): change.drift = .addedInOrg
            case (.update, _), (.replace, _):
                let changedPaths = Set(orgChange.fields.map(\.path))
                for index in change.fields.indices where changedPaths.contains(change.fields[index].path) {
                    change.fields[index].changedInOrg = true
                }
            default: break
            }
            return change
        }
        return with(changes: changes.map(mark), kept: kept.map(mark))
    }

    /// The position of `kind` in ``PlanResourceKind/applyOrder``.
    private static func applyRank(_ kind: PlanResourceKind) -> Int {
        PlanResourceKind.applyOrder.firstIndex(of: kind) ?? PlanResourceKind.applyOrder.count
    }
}

/// Something a deploy removes from a resource of the org because the manifest cannot carry it.
public struct PlanRemoval: Hashable, Sendable {
    public var subject: PlanSubject
    /// Shown as the field's path, e.g. `metadata: TokenRequestHttpHeader 'X-Tenant'`.
    public var path: String

    public init(subject: PlanSubject, path: String) {
        self.subject = subject
        self.path = path
    }
}
