import JSON

extension PlanAction {
    /// The terraform-style marker of the text format.
    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        }
    }
}

extension Plan {
    /// The human-readable plan, ending with one newline:
    ///
    /// ```
    /// ~ update ExternalCredential Billing_API
    ///     label: "Billing API" -> "Billing"
    ///
    /// -/+ replace Principal Billing_API/Admins
    ///     name: "Admin" -> "Admins"  # forces replacement
    ///     # principal 'Admin' was renamed to 'Admins' (sequence 1); ...
    ///
    /// Plan: 0 to create, 1 to update, 1 to replace, 0 to delete.
    /// ```
    ///
    /// It starts with a line naming the environment and the state compared with
    /// (`Plan for environment 'prod' against the manifest 'state.json'.`), when known.
    /// Values are compact JSON; a value from the org that credc does not model is shown as
    /// `(value hidden)`, one that changed in the org since credc's last deploy is marked
    /// `# changed in the org`. A create lists each field's new value; a delete lists none.
    /// With no changes the first line is `No changes. The configuration matches the state.`
    /// A blocked plan starts with a line saying so and lists every change, the blocked ones
    /// marked `# blocked`; its blockers are the caller's to report as `immutable-field`
    /// diagnostics. A change that leaves work in the org ends with a `# after the deploy` line.
    public var text: String {
        var blocks: [String] = header.isEmpty ? [] : [header]
        if isBlocked {
            let count = blockers.count
            blocks.append(
                "Plan blocked: \(count) principal change\(count == 1 ? "" : "s") cannot be made in place (marked "
                    + "`# blocked`), so nothing may be applied. `credc plan --allow-replace` plans "
                    + "\(count == 1 ? "it as a replace" : "them as replaces"): delete and recreate.\n")
        }
        if changes.isEmpty { blocks.append("No changes. The configuration matches the state.\n") }
        let followUps = Dictionary(grouping: followUps, by: \.subject)
        for change in changes {
            var block = "\(change.action.symbol) \(change.action.rawValue) \(change.kind.rawValue) \(change.name)"
            if change.isBlocked { block += "  # blocked" }
            if let drift = change.drift { block += "  # \(drift.rawValue)" }
            block += "\n"
            for field in change.fields {
                block += "    \(field.path): "
                let before = field.beforeIsHidden ? Self.hiddenValue : field.before.compact
                block += change.action == .create ? field.after.compact : "\(before) -> \(field.after.compact)"
                if field.forcesReplacement { block += "  # forces replacement" }
                if field.changedInOrg { block += "  # changed in the org" }
                block += "\n"
            }
            if let reason = change.reason { block += "    # \(reason)\n" }
            for followUp in followUps[change.subject] ?? [] { block += "    # \(followUp.message)\n" }
            blocks.append(block)
        }
        if !kept.isEmpty {
            blocks.append(
                "Kept: not in the configuration, left in the org (--prune deletes them):\n"
                    + kept.map { "  = \($0.kind.rawValue) \($0.name)\($0.drift.map { "  # \($0.rawValue)" } ?? "")\n" }
                    .joined())
        }
        let summary = summary
        blocks.append(
            "Plan: \(summary.create) to create, \(summary.update) to update, \(summary.replace) to replace, "
                + "\(summary.delete) to delete\(kept.isEmpty ? "" : ", \(kept.count) kept").\n")
        return blocks.joined(separator: "\n")
    }

    /// How a value credc does not print is shown (SPEC §11).
    public static let hiddenValue = "(value hidden)"

    /// The first line: the environment and the state the plan was made against (SPEC §11).
    var header: String {
        var against: [String] = []
        if let manifest = comparedWith.manifest { against.append("the manifest '\(manifest)'") }
        if let metadata = comparedWith.metadata { against.append("the org as retrieved in '\(metadata)'") }
        let environment = environment.map { " for environment '\($0)'" } ?? ""
        guard !against.isEmpty || !environment.isEmpty else { return "" }
        let state = against.isEmpty ? "" : " against \(against.joined(separator: " and "))"
        return "Plan\(environment)\(state).\n"
    }

    /// The `--format json` projection of SPEC §5: `planVersion`, `changes` (each with
    /// `action`, `kind`, `name`, and `fields` and `reason` when it has them) and `summary`.
    /// A field that forces a replacement carries `"forcesReplacement": true`.
    ///
    /// Additions of contract 1.1, within `planVersion` 1: `blocked` (always; true when the
    /// plan must not be applied) with `"blocked": true` on each blocked change, and `followUp`
    /// (always, possibly empty): what must be done by hand after the deploy, each
    /// `{"task", "kind", "name", "message"}` where `task` is a stable identifier
    /// (`enterProviderCredentials`; 1.2: `enterPrincipalCredentials`) and `message` a sentence for people.
    ///
    /// Additions of contract 1.2, within `planVersion` 1: `environment` (the name, or `null`)
    /// and `state` (`{"manifest", "metadata"}`, each the path given or `null`); on a field,
    /// `"changedInOrg": true` and `"beforeHidden": true` (its `before` is then `null`); on a
    /// change, `"drift"`: `deletedInOrg` or `addedInOrg`.
    public var json: JSONValue {
        let summary = summary
        var members: [String: JSONValue] = [
            "planVersion": 1,
            "environment": environment.map(JSONValue.string) ?? .null,
            "state": .object([
                "manifest": comparedWith.manifest.map(JSONValue.string) ?? .null,
                "metadata": comparedWith.metadata.map(JSONValue.string) ?? .null,
            ]),
            "blocked": .bool(isBlocked),
            "changes": .array(changes.map(\.json)),
            "followUp": .array(followUps.map { followUp in
                .object([
                    "task": .string(followUp.task.rawValue), "kind": .string(followUp.kind.rawValue),
                    "name": .string(followUp.name), "message": .string(followUp.message),
                ])
            }),
            "summary": .object([
                "create": .integer(summary.create), "update": .integer(summary.update),
                "replace": .integer(summary.replace), "delete": .integer(summary.delete),
            ]),
        ]
        // Only plans against a retrieved org keep anything; other plans keep their 1.0 shape.
        if !kept.isEmpty {
            members["kept"] = .array(kept.map { change in
                var object: [String: JSONValue] = ["kind": .string(change.kind.rawValue), "name": .string(change.name)]
                if let drift = change.drift { object["drift"] = .string(drift.jsonName) }
                return .object(object)
            })
        }
        return .object(members)
    }

    /// `json` pretty-printed with sorted keys, ending with one newline.
    public var jsonText: String { json.prettyPrinted }
}

extension PlanChange {
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "action": .string(action.rawValue), "kind": .string(kind.rawValue), "name": .string(name),
        ]
        if !fields.isEmpty {
            members["fields"] = .array(fields.map { field in
                var object: [String: JSONValue] = ["path": .string(field.path), "before": field.before, "after": field.after]
                if field.forcesReplacement { object["forcesReplacement"] = true }
                if field.changedInOrg { object["changedInOrg"] = true }
                if field.beforeIsHidden { object["beforeHidden"] = true }
                return .object(object)
            })
        }
        if let reason { members["reason"] = .string(reason) }
        if isBlocked { members["blocked"] = true }
        if let drift { members["drift"] = .string(drift.jsonName) }
        return .object(members)
    }
}

extension PlanDrift {
    /// The stable identifier of the JSON plan.
    var jsonName: String {
        switch self {
        case .deletedInOrg: "deletedInOrg"
        case .addedInOrg: "addedInOrg"
        }
    }
}
