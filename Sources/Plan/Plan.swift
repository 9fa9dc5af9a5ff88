import JSON
import Manifest
import Schema

/// What a plan does to one resource.
public enum PlanAction: String, Hashable, Sendable, CaseIterable {
    case create, update, replace, delete
}

/// What a change of a plan changes: a resource of one ``ResourceKind``, or one of the two
/// subjects a deploy job applies apart from their credential, principals and access grants.
public enum PlanResourceKind: Hashable, Sendable {
    case resource(ResourceKind)
    /// Named `Credential/Principal`.
    case principal
    /// Named `Credential/Principal/permissionSet:NAME` or `Credential/Principal/profile:NAME`.
    case principalAccess

    public static let externalAuthIdentityProvider = PlanResourceKind.resource(.externalAuthIdentityProvider)
    public static let externalCredential = PlanResourceKind.resource(.externalCredential)
    public static let namedCredential = PlanResourceKind.resource(.namedCredential)

    /// The `kind` a plan prints: the resource kind, `Principal` or `PrincipalAccess`.
    public var rawValue: String {
        switch self {
        case .resource(let kind): kind.rawValue
        case .principal: "Principal"
        case .principalAccess: "PrincipalAccess"
        }
    }

    /// Every subject in the order a deploy job applies changes: each resource kind in dependency
    /// order, a credential's principals right after credentials, access grants last (they need
    /// the principal and the permission set). Deletes run in the reverse order.
    public static let applyOrder: [PlanResourceKind] =
        ResourceKind.allCases.flatMap { kind -> [PlanResourceKind] in
            switch kind {
            case .externalAuthIdentityProvider, .namedCredential: [.resource(kind)]
            case .externalCredential: [.resource(kind), .principal]
            }
        } + [.principalAccess]
}

/// One field of a change. For a create, `before` is `null` and `after` the new value.
public struct PlanFieldChange: Hashable, Sendable {
    /// The field's manifest name: `label`, `scope`, `additionalRefreshStatusCodes`.
    public var path: String
    public var before: JSONValue
    public var after: JSONValue
    /// True on the field that makes a `replace` necessary.
    public var forcesReplacement: Bool
    /// The org's value differs from what credc deployed last (`--state` with `--state-metadata`):
    /// someone changed it in the org since.
    public var changedInOrg = false
    /// `before` came from the org and not from the configuration (a row credc does not model):
    /// it may be a secret, so it is never printed (SPEC §11) and `before` is `null`.
    public var beforeIsHidden = false

    public init(path: String, before: JSONValue, after: JSONValue, forcesReplacement: Bool = false) {
        self.path = path
        self.before = before
        self.after = after
        self.forcesReplacement = forcesReplacement
    }

    /// A value of the org that a deploy removes, shown by name only.
    public static func hiddenRemoval(path: String) -> PlanFieldChange {
        var field = PlanFieldChange(path: path, before: .null, after: .null)
        field.beforeIsHidden = true
        return field
    }
}

/// What one change of a plan changes: its identity as a value (STYLE 15), so that nothing
/// parses a change's printed name back apart.
public enum PlanSubject: Hashable, Sendable {
    case resource(ResourceKind, String)
    case principal(credential: String, principal: String)
    /// A permission set's (`permissionSet`) or profile's (`profile`) access to a principal.
    case access(credential: String, principal: String, grantType: String, grantee: String)

    public var kind: PlanResourceKind {
        switch self {
        case .resource(let kind, _): .resource(kind)
        case .principal: .principal
        case .access: .principalAccess
        }
    }

    /// The printed name: `Name`, `Credential/Principal` or `Credential/Principal/permissionSet:NAME`.
    public var name: String {
        switch self {
        case .resource(_, let name): name
        case .principal(let credential, let principal): "\(credential)/\(principal)"
        case .access(let credential, let principal, let type, let grantee): "\(credential)/\(principal)/\(type):\(grantee)"
        }
    }

    /// The external credential a principal or access change belongs to.
    public var credential: String? {
        switch self {
        case .resource: nil
        case .principal(let credential, _), .access(let credential, _, _, _): credential
        }
    }
}

/// How the org differs from what credc deployed last, for a change whose subject it concerns.
public enum PlanDrift: String, Hashable, Sendable {
    /// credc deployed it; the org no longer holds it.
    case deletedInOrg = "deleted in the org since credc deployed it"
    /// The org holds it; credc never deployed it.
    case addedInOrg = "added in the org, not by credc"
}

/// One step of a plan.
public struct PlanChange: Hashable, Sendable {
    public var action: PlanAction
    public var subject: PlanSubject
    public var kind: PlanResourceKind { subject.kind }
    public var name: String { subject.name }
    /// Creates list every field, updates the changed ones, replaces the principal's changed
    /// fields; deletes and access grants list none.
    public var fields: [PlanFieldChange]
    /// Why a `replace` is needed.
    public var reason: String?
    /// A replace that was not allowed (no `--allow-replace`): shown so that a reviewer sees
    /// the whole plan, never applied.
    public var isBlocked: Bool
    /// How the org differs from credc's last deploy for this subject, when both are known.
    public var drift: PlanDrift?

    public init(
        action: PlanAction, subject: PlanSubject, fields: [PlanFieldChange] = [],
        reason: String? = nil, isBlocked: Bool = false
    ) {
        self.action = action
        self.subject = subject
        self.fields = fields
        self.reason = reason
        self.isBlocked = isBlocked
    }
}

/// Something a person must do in the org once a deploy has applied the plan.
public struct PlanFollowUp: Hashable, Sendable {
    public enum Task: String, Hashable, Sendable {
        /// A created or replaced identity provider has no client ID and secret until someone
        /// enters them: the Metadata API does not carry them (documentation: Connect REST API
        /// "External Auth Identity Provider Credentials Input"; see docs/metadata.md).
        case enterProviderCredentials
        /// A created or replaced principal whose protocol takes secrets (API keys, passwords, AWS
        /// keys, a client ID and secret) has none until someone enters them (Connect REST API
        /// "Credential Input", SPEC §12).
        case enterPrincipalCredentials
    }

    public var task: Task
    public var subject: PlanSubject
    /// What `credc secrets --apply` will enter, from the configuration's `secrets:` (SPEC §12).
    public var secrets: PlanSecrets

    public var kind: PlanResourceKind { subject.kind }
    public var name: String { subject.name }

    public init(task: Task, subject: PlanSubject, secrets: PlanSecrets) {
        self.task = task
        self.subject = subject
        self.secrets = secrets
    }

    /// One sentence a person can act on.
    public var message: String {
        let what: String
        switch (task, subject) {
        case (.enterPrincipalCredentials, .principal(let credential, let principal)):
            what = "the credentials of principal '\(principal)' of '\(credential)'"
        default:
            what = "the client ID and client secret of '\(name)'"
        }
        guard !secrets.sources.isEmpty else {
            let keys = secrets.keys.isEmpty ? "" : " (\(secrets.keys.joined(separator: ", ")))"
            return "after the deploy, enter \(what) in the org\(keys): name their "
                + "environment variables under its secrets: for `credc secrets --apply`, or enter them in Setup; "
                + "a deploy never carries them"
        }
        let sources = secrets.sources.map { "\($0.key) from $\($0.variable)" }.joined(separator: ", ")
        return "after the deploy, `credc secrets --apply` enters \(what) (\(sources)); a deploy never carries them"
    }
}

/// What `credc secrets` enters for one provider or principal: the keys its protocol takes and
/// the variables its `secrets:` names.
public struct PlanSecrets: Hashable, Sendable {
    /// The keys it must be given (a Custom principal's: those its `secrets:` names).
    public var keys: [String]
    public var sources: [PlanSecretSource]

    public init(keys: [String], sources: [PlanSecretSource]) {
        self.keys = keys
        self.sources = sources
    }
}

/// One `KEY: VARIABLE` of a provider's or principal's `secrets:`, as a plan's follow-up names it.
public struct PlanSecretSource: Hashable, Sendable {
    public var key: String
    public var variable: String

    public init(key: String, variable: String) {
        self.key = key
        self.variable = variable
    }
}

/// The deployed state a plan was made against, by the paths the user gave.
public struct PlanComparedState: Hashable, Sendable {
    /// `--state`: the manifest of credc's last deploy.
    public var manifest: String?
    /// `--state-metadata`: the org as retrieved.
    public var metadata: String?

    public init(manifest: String? = nil, metadata: String? = nil) {
        self.manifest = manifest
        self.metadata = metadata
    }
}

/// How many changes of each action a plan holds.
public struct PlanSummary: Hashable, Sendable {
    public var create = 0
    public var update = 0
    public var replace = 0
    public var delete = 0

    public init(changes: [PlanChange]) {
        for change in changes {
            switch change.action {
            case .create: create += 1
            case .update: update += 1
            case .replace: replace += 1
            case .delete: delete += 1
            }
        }
    }

    public var isEmpty: Bool { create + update + replace + delete == 0 }
}

/// The changes that turn the deployed state into the desired configuration, in the order a
/// deploy job applies them (SPEC §5 "Plan").
///
/// Creates, updates and replaces come first in dependency order (providers, external
/// credentials, principals, named credentials, access grants), then deletes in reverse
/// dependency order (access grants, named credentials, principals, external credentials,
/// providers); by name within each group. Providers marked `unmanaged` in the state or the
/// configuration never appear.
public struct Plan: Hashable, Sendable {
    /// Every change, the blocked ones (`isBlocked`) among them as the replaces they would be.
    public var changes: [PlanChange]
    /// Immutable principal changes without `allowReplace`. When any exist the plan is blocked:
    /// it is shown whole but must not be applied.
    public var blockers: [ImmutableChange]
    /// Resources of the state that the configuration does not define and that the plan
    /// leaves in place (`plan --state-metadata` without `--prune`, SPEC §9): the deletes it
    /// would otherwise make, listed so a reviewer sees them.
    public var kept: [PlanChange]
    /// The environment the plan is for (`--env`), when the configuration has environments.
    public var environment: String?
    /// What `credc secrets` enters for each provider and for each principal that takes secrets:
    /// what their follow-ups say. A principal missing here takes none (JWT, browser flows,
    /// per-user principals).
    public var secretsToEnter: [PlanSubject: PlanSecrets] = [:]
    /// What the plan compared the configuration with.
    public var comparedWith = PlanComparedState()

    public var isBlocked: Bool { !blockers.isEmpty }
    public var summary: PlanSummary { PlanSummary(changes: changes) }

    /// What must be done by hand after the deploy, in the order of the changes.
    public var followUps: [PlanFollowUp] {
        changes.filter { $0.action == .create || $0.action == .replace }.compactMap { change in
            switch change.subject {
            case .resource(.externalAuthIdentityProvider, _):
                PlanFollowUp(
                    task: .enterProviderCredentials, subject: change.subject,
                    secrets: secretsToEnter[change.subject] ?? PlanSecrets(keys: [], sources: []))
            case .principal:
                secretsToEnter[change.subject].map {
                    PlanFollowUp(task: .enterPrincipalCredentials, subject: change.subject, secrets: $0)
                }
            case .resource, .access:
                nil
            }
        }
    }

    public init(changes: [PlanChange], blockers: [ImmutableChange] = [], kept: [PlanChange] = []) {
        self.changes = changes
        self.blockers = blockers
        self.kept = kept
    }

    /// The plan with its changes replaced, keeping what it was made for and against.
    func with(changes: [PlanChange], kept: [PlanChange]? = nil) -> Plan {
        var plan = self
        plan.changes = changes
        if let kept { plan.kept = kept }
        return plan
    }

    public static func make(state: Manifest, desired: Manifest, allowReplace: Bool) -> Plan {
        var builder = PlanBuilder(allowReplace: allowReplace)
        for kind in ResourceKind.allCases {
            builder.diffResources(of: kind, state: state.records(of: kind), desired: desired.records(of: kind))
        }
        return builder.plan()
    }
}

private struct PlanBuilder {
    let allowReplace: Bool
    /// Creates, updates and replaces per group, each with the key it sorts by.
    var applies: [PlanResourceKind: [(key: [String], change: PlanChange)]] = [:]
    var deletes: [PlanResourceKind: [(key: [String], change: PlanChange)]] = [:]
    var blockers: [ImmutableChange] = []

    init(allowReplace: Bool) { self.allowReplace = allowReplace }

    func plan() -> Plan {
        func sorted(_ entries: [(key: [String], change: PlanChange)]?) -> [PlanChange] {
            (entries ?? []).sorted { lhs, rhs in
                lhs.key.lexicographicallyPrecedes(rhs.key) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }.map(\.change)
        }
        let applyOrder = PlanResourceKind.applyOrder.flatMap { sorted(applies[$0]) }
        let deleteOrder = PlanResourceKind.applyOrder.reversed().flatMap { sorted(deletes[$0]) }
        return Plan(changes: applyOrder + deleteOrder, blockers: blockers)
    }

    /// Files `change` under its subject, which is its group in the apply and delete orders.
    mutating func add(key: [String], _ change: PlanChange) {
        if change.action == .delete {
            deletes[change.kind, default: []].append((key, change))
        } else {
            applies[change.kind, default: []].append((key, change))
        }
    }

    // MARK: Resources

    /// Every resource of `kind`, paired by name; an unmanaged provider is never a change, and
    /// a credential's principals are changes of their own.
    mutating func diffResources(of kind: ResourceKind, state: [ManifestRecord], desired: [ManifestRecord]) {
        for (name, old, new) in paired(state, desired, name: \.name) {
            if old?.unmanaged == true || new?.unmanaged == true { continue }
            diffResource(state: old, desired: new, kind: kind, name: name)
            if kind == .externalCredential {
                diffPrincipals(credential: name, state: old?.principals ?? [], desired: new?.principals ?? [])
            }
        }
    }

    /// Resources of one kind matched by name, by name: blockers come out in a stable order.
    func paired<Resource>(
        _ state: [Resource], _ desired: [Resource], name: (Resource) -> String
    ) -> [(String, Resource?, Resource?)] {
        let stateByName = Dictionary(state.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        let desiredByName = Dictionary(desired.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        return Set(stateByName.keys).union(desiredByName.keys)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { ($0, stateByName[$0], desiredByName[$0]) }
    }

    /// A create, an update or a delete of a resource, given its record in each manifest.
    mutating func diffResource(state: ManifestRecord?, desired: ManifestRecord?, kind: ResourceKind, name: String) {
        switch (state, desired) {
        case (nil, let desired?):
            add(key: [name], PlanChange(action: .create, subject: .resource(kind, name), fields: creationFields(desired)))
        case (_?, nil):
            add(key: [name], PlanChange(action: .delete, subject: .resource(kind, name)))
        case (let state?, let desired?):
            let changed = changedFields(before: state, after: desired)
            if !changed.isEmpty {
                add(key: [name], PlanChange(action: .update, subject: .resource(kind, name), fields: changed))
            }
        case (nil, nil):
            break
        }
    }

    /// Every field a plan compares and the record sets, in the table's order: unset fields
    /// (`null`, empty lists, request parameters without any) are left out, they say nothing.
    func creationFields(_ record: ManifestRecord) -> [PlanFieldChange] {
        record.fieldValues.filter { isPlanField($0.field) && !isUnset($0.value) }.map {
            PlanFieldChange(path: $0.field.name, before: .null, after: $0.value)
        }
    }

    /// `null`, an empty list, or an object of such values (`tokenRequest` without parameters).
    private func isUnset(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .array(let items): items.isEmpty
        case .object(let members): members.values.allSatisfy(isUnset)
        default: false
        }
    }

    /// The fields a plan compares whose values differ; `before` and `after` are of one type. A
    /// field that cannot change in place (``FieldFlags/immutable``) forces a replacement. Names are
    /// compared only where records were paired otherwise (a principal renamed, found by sequence).
    /// A change inside an object (`tokenRequest`) is shown at its changed leaves
    /// (`tokenRequest.body.audience`), not as the whole object twice.
    func changedFields(before: ManifestRecord, after: ManifestRecord, comparingNames: Bool = false) -> [PlanFieldChange] {
        before.fieldValues.flatMap { field, old -> [PlanFieldChange] in
            let new = after[field.id]
            guard old != new, isPlanField(field) || (comparingNames && field.flags.contains(.identifies))
            else { return [] }
            return leafChanges(path: field.name, before: old, after: new).map { change in
                var change = change
                change.forcesReplacement = field.flags.contains(.immutable)
                return change
            }
        }
    }

    private func leafChanges(path: String, before: JSONValue, after: JSONValue) -> [PlanFieldChange] {
        // An absent object is an empty one: its new leaves are shown one by one.
        func members(_ value: JSONValue, other: JSONValue) -> [String: JSONValue]? {
            if case .object(let members) = value { return members }
            if value == .null, case .object = other { return [:] }
            return nil
        }
        guard let old = members(before, other: after), let new = members(after, other: before) else {
            return before == after ? [] : [PlanFieldChange(path: path, before: before, after: after)]
        }
        return Set(old.keys).union(new.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.flatMap { key in
            leafChanges(path: "\(path).\(key)", before: old[key] ?? .null, after: new[key] ?? .null)
        }
    }

    /// A name identifies its resource (``FieldFlags/identifies``); principals and access grants
    /// are changes of their own, and unmanaged providers never change (``FieldFlags/plannedSeparately``).
    func isPlanField(_ field: FieldSpec) -> Bool { field.flags.isDisjoint(with: [.identifies, .plannedSeparately]) }

    // MARK: Principals and access grants

    mutating func diffPrincipals(credential: String, state: [ManifestRecord], desired: [ManifestRecord]) {
        let desiredNames = Set(desired.map(\.name))
        let stateByName = Dictionary(state.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // SPEC §4: a principal is renamed when one of the state disappears and a new one takes
        // its sequence number. Principals are in sequence order, so pairing is deterministic.
        var vanished = state.filter { !desiredNames.contains($0.name) }
        for principal in desired {
            if let old = stateByName[principal.name] {
                diffPrincipal(credential: credential, state: old, desired: principal)
            } else if let index = vanished.firstIndex(where: { $0.sequence == principal.sequence }) {
                let old = vanished.remove(at: index)
                diffPrincipal(credential: credential, state: old, desired: principal)
            } else {
                add(key: [credential, principal.name],
                    PlanChange(
                        action: .create, subject: .principal(credential: credential, principal: principal.name),
                        fields: creationFields(principal)))
                diffAccess(credential: credential, principal: principal.name, state: [], desired: principal.grants)
            }
        }
        for principal in vanished {
            add(key: [credential, principal.name],
                PlanChange(action: .delete, subject: .principal(credential: credential, principal: principal.name)))
            diffAccess(credential: credential, principal: principal.name, state: principal.grants, desired: [])
        }
    }

    /// A principal of the state and the configuration's principal that matches it by name or,
    /// for a rename, by sequence.
    mutating func diffPrincipal(credential: String, state: ManifestRecord, desired: ManifestRecord) {
        let renamed = state.name != desired.name
        let retyped = state.identityType != desired.identityType
        // The name is compared here: a rename pairs principals by sequence.
        let changed = changedFields(before: state, after: desired, comparingNames: true)
        guard renamed || retyped else {
            if !changed.isEmpty {
                add(key: [credential, desired.name],
                    PlanChange(
                        action: .update, subject: .principal(credential: credential, principal: desired.name),
                        fields: changed))
            }
            diffAccess(credential: credential, principal: desired.name, state: state.grants, desired: desired.grants)
            return
        }

        // One reason per principal, even when both its name and its identity type changed.
        let retypedNote = retyped ? " and its identity type changed from \(state.identityType) to \(desired.identityType)" : ""
        let reason =
            renamed
            ? "principal '\(state.name)' was renamed to '\(desired.name)' (sequence \(desired.sequence))\(retypedNote); "
                + "a principal's name cannot be modified; it must be deleted and recreated"
            : "a principal's identity type cannot be modified; it must be deleted and recreated"
        if !allowReplace {
            // Both commands that report it (`plan`, `check --state`) print this hint.
            blockers.append(ImmutableChange(
                credential: credential, principal: desired.name, statePrincipal: state.name,
                field: renamed ? .name : .identityType,
                before: renamed ? state.name : state.identityType,
                after: renamed ? desired.name : desired.identityType,
                reason: reason + ". Plan it as a replace with `credc plan --allow-replace`"))
        }
        add(key: [credential, desired.name],
            PlanChange(action: .replace, subject: .principal(credential: credential, principal: desired.name), fields: changed,
                       reason: reason + "; its access grants are deleted with it and created again",
                       isBlocked: !allowReplace))
        // The old principal's grants go with it; every grant of the new one is created again.
        diffAccess(credential: credential, principal: desired.name, state: [], desired: desired.grants)
    }

    mutating func diffAccess(credential: String, principal: String, state: [AccessGrant], desired: [AccessGrant]) {
        let stateSet = Set(state)
        let desiredSet = Set(desired)
        for grant in desired where !stateSet.contains(grant) {
            add(key: [credential, principal, grant.type, grant.name],
                PlanChange(action: .create, subject: grant.subject(credential, principal)))
        }
        for grant in state where !desiredSet.contains(grant) {
            add(key: [credential, principal, grant.type, grant.name],
                PlanChange(action: .delete, subject: grant.subject(credential, principal)))
        }
    }
}

/// A permission set's or profile's access to a principal.
private struct AccessGrant: Hashable {
    /// `permissionSet` or `profile`.
    var type: String
    var name: String

    func subject(_ credential: String, _ principal: String) -> PlanSubject {
        .access(credential: credential, principal: principal, grantType: type, grantee: name)
    }
}

extension ManifestRecord {
    fileprivate var grants: [AccessGrant] {
        permissionSets.map { AccessGrant(type: "permissionSet", name: $0) }
            + profiles.map { AccessGrant(type: "profile", name: $0) }
    }
}
