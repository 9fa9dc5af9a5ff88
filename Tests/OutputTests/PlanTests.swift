import JSON
import Manifest
import ManifestTesting
import Plan
import Schema
import Testing

private let okta = ManifestRecord.provider(
    name: "Okta_Prod", label: "Okta", flow: "ClientCredentials", tokenUrl: "https://acme.okta.com/token")

private func credential(
    _ name: String = "Billing_API", label: String = "Billing API", codes: [Int] = [],
    principals: [ManifestRecord]
) -> ManifestRecord {
    ManifestRecord.externalCredential(
        name: name, label: label, identityProvider: "Okta_Prod", additionalRefreshStatusCodes: codes,
        principals: principals)
}

private let admin = ManifestRecord.principal(name: "Admin", sequence: 1, permissionSets: ["Billing_Admins"])
private let billing = ManifestRecord.namedCredential(
    name: "Billing", label: "Billing", url: "https://billing.example.com", externalCredential: "Billing_API")

private func summaryLine(_ plan: Plan) -> [Int] {
    [plan.summary.create, plan.summary.update, plan.summary.replace, plan.summary.delete]
}

private func steps(_ plan: Plan) -> [String] {
    plan.changes.map { "\($0.action.rawValue) \($0.kind.rawValue) \($0.name)" }
}

@Suite struct PlanTests {
    @Test func identicalStateHasNoChanges() {
        let plan = Plan.make(state: sampleManifest, desired: sampleManifest, allowReplace: false)
        #expect(plan.changes.isEmpty)
        #expect(!plan.isBlocked)
        #expect(plan.summary.isEmpty)
        #expect(plan.text == "No changes. The configuration matches the state.\n\nPlan: 0 to create, 0 to update, 0 to replace, 0 to delete.\n")
    }

    @Test func emptyStateCreatesEverythingInDependencyOrder() {
        let plan = Plan.make(state: Manifest(), desired: sampleManifest, allowReplace: false)
        #expect(steps(plan) == [
            "create ExternalAuthIdentityProvider Okta_Prod",  // Legacy_IdP is unmanaged
            "create ExternalCredential Archive_API",
            "create ExternalCredential Billing_API",
            "create Principal Billing_API/Admin",
            "create Principal Billing_API/Marketing_Group",
            "create NamedCredential Billing",
            "create PrincipalAccess Billing_API/Admin/permissionSet:Auditors",
            "create PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
            "create PrincipalAccess Billing_API/Marketing_Group/profile:Marketing User",
        ])
        #expect(summaryLine(plan) == [9, 0, 0, 0])
        expectGolden(plan.text, "plan-create-all.txt")
    }

    @Test func emptyDesiredDeletesEverythingInReverseOrder() {
        let plan = Plan.make(state: sampleManifest, desired: Manifest(), allowReplace: false)
        #expect(steps(plan) == [
            "delete PrincipalAccess Billing_API/Admin/permissionSet:Auditors",
            "delete PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
            "delete PrincipalAccess Billing_API/Marketing_Group/profile:Marketing User",
            "delete NamedCredential Billing",
            "delete Principal Billing_API/Admin",
            "delete Principal Billing_API/Marketing_Group",
            "delete ExternalCredential Archive_API",
            "delete ExternalCredential Billing_API",
            "delete ExternalAuthIdentityProvider Okta_Prod",
        ])
        #expect(summaryLine(plan) == [0, 0, 0, 9])
    }

    @Test func updatesListChangedFieldsOnly() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        var newAdmin = admin
        newAdmin.sequence = 5
        let desired = Manifest(
            providers: [okta],
            externalCredentials: [credential(label: "Billing", codes: [403, 419], principals: [newAdmin])])
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(plan.changes == [
            PlanChange(action: .update, subject: .resource(.externalCredential, "Billing_API"), fields: [
                PlanFieldChange(path: "label", before: "Billing API", after: "Billing"),
                PlanFieldChange(path: "additionalRefreshStatusCodes", before: [], after: [403, 419]),
            ]),
            PlanChange(action: .update, subject: .principal(credential: "Billing_API", principal: "Admin"), fields: [
                PlanFieldChange(path: "sequence", before: 1, after: 5)
            ]),
        ])
        #expect(plan.text == """
            ~ update ExternalCredential Billing_API
                label: "Billing API" -> "Billing"
                additionalRefreshStatusCodes: [] -> [403,419]

            ~ update Principal Billing_API/Admin
                sequence: 1 -> 5

            Plan: 0 to create, 2 to update, 0 to replace, 0 to delete.

            """)
    }

    @Test func accessGrantChangesAreCreatesAndDeletes() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let desired = Manifest(
            providers: [okta],
            externalCredentials: [credential(principals: [
                ManifestRecord.principal(name: "Admin", sequence: 1, permissionSets: ["Auditors"], profiles: ["System Administrator"])
            ])])
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(steps(plan) == [
            "create PrincipalAccess Billing_API/Admin/permissionSet:Auditors",
            "create PrincipalAccess Billing_API/Admin/profile:System Administrator",
            "delete PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
        ])
        #expect(plan.changes.allSatisfy { $0.fields.isEmpty && $0.reason == nil })
    }

    @Test func unmanagedProvidersNeverChange() {
        var unmanaged = okta
        unmanaged.unmanaged = true
        var relabeled = unmanaged
        relabeled.label = "Another label"
        for (state, desired) in [
            (Manifest(providers: [okta]), Manifest(providers: [unmanaged])),
            (Manifest(providers: [unmanaged]), Manifest(providers: [okta])),
            (Manifest(providers: [unmanaged]), Manifest(providers: [relabeled])),
            (Manifest(providers: [unmanaged]), Manifest()),
            (Manifest(), Manifest(providers: [unmanaged])),
        ] {
            #expect(Plan.make(state: state, desired: desired, allowReplace: false).changes.isEmpty)
        }
    }

    @Test func creationsComeBeforeDeletionsAcrossKinds() {
        let state = Manifest(
            providers: [okta], externalCredentials: [credential("Old_API", principals: [admin])],
            namedCredentials: [ManifestRecord.namedCredential(
                name: "Billing", label: "Billing", url: "https://billing.example.com", externalCredential: "Old_API")])
        let desired = Manifest(
            providers: [okta], externalCredentials: [credential(principals: [])], namedCredentials: [billing])
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(steps(plan) == [
            "create ExternalCredential Billing_API",
            "update NamedCredential Billing",
            "delete PrincipalAccess Old_API/Admin/permissionSet:Billing_Admins",
            "delete Principal Old_API/Admin",
            "delete ExternalCredential Old_API",
        ])
    }

    @Test func renameIsBlockedWithoutAllowReplace() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let renamed = ManifestRecord.principal(name: "Administrators", sequence: 1, permissionSets: ["Billing_Admins"])
        let desired = Manifest(providers: [okta], externalCredentials: [credential(label: "New", principals: [renamed])])
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(plan.isBlocked)
        #expect(plan.blockers == [
            ImmutableChange(
                credential: "Billing_API", principal: "Administrators", statePrincipal: "Admin", field: .name,
                before: "Admin", after: "Administrators",
                reason: "principal 'Admin' was renamed to 'Administrators' (sequence 1); a principal's name cannot be "
                    + "modified; it must be deleted and recreated. Plan it as a replace with `credc plan --allow-replace`")
        ])
        // The whole plan, as --allow-replace would make it, with the blocked replace marked.
        #expect(steps(plan) == [
            "update ExternalCredential Billing_API", "replace Principal Billing_API/Administrators",
            "create PrincipalAccess Billing_API/Administrators/permissionSet:Billing_Admins",
        ])
        #expect(plan.changes.map(\.isBlocked) == [false, true, false])
        var allowed = Plan.make(state: state, desired: desired, allowReplace: true)
        #expect(!allowed.isBlocked)
        allowed.changes[1].isBlocked = true
        #expect(allowed.changes == plan.changes)
        #expect(plan.text == """
            Plan blocked: 1 principal change cannot be made in place (marked `# blocked`), so nothing may be applied. \
            `credc plan --allow-replace` plans it as a replace: delete and recreate.

            ~ update ExternalCredential Billing_API
                label: "Billing API" -> "New"

            -/+ replace Principal Billing_API/Administrators  # blocked
                name: "Admin" -> "Administrators"  # forces replacement
                # principal 'Admin' was renamed to 'Administrators' (sequence 1); a principal's name cannot be \
            modified; it must be deleted and recreated; its access grants are deleted with it and created again

            + create PrincipalAccess Billing_API/Administrators/permissionSet:Billing_Admins

            Plan: 1 to create, 1 to update, 1 to replace, 0 to delete.

            """)
        guard case .object(let json) = plan.json, case .array(let changes) = json["changes"] else {
            Issue.record("the JSON plan is not an object with changes")
            return
        }
        #expect(json["blocked"] == true)
        #expect(changes.map { change -> JSONValue? in
            guard case .object(let members) = change else { return nil }
            return members["blocked"]
        } == [nil, true, nil])
    }

    @Test func renameIsAReplaceWithAllowReplace() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let renamed = ManifestRecord.principal(name: "Administrators", sequence: 1, permissionSets: ["Billing_Admins"])
        let desired = Manifest(providers: [okta], externalCredentials: [credential(principals: [renamed])])
        let plan = Plan.make(state: state, desired: desired, allowReplace: true)
        #expect(steps(plan) == [
            "replace Principal Billing_API/Administrators",
            "create PrincipalAccess Billing_API/Administrators/permissionSet:Billing_Admins",
        ])
        #expect(plan.changes[0].fields == [
            PlanFieldChange(path: "name", before: "Admin", after: "Administrators", forcesReplacement: true)
        ])
        #expect(plan.changes[0].reason?.contains("'Admin' was renamed to 'Administrators'") == true)
        #expect(summaryLine(plan) == [1, 0, 1, 0])
    }

    @Test func identityTypeChangeIsBlockedOrReplaced() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let perUser = ManifestRecord.principal(
            name: "Admin", sequence: 2, identityType: "PerUserPrincipal", permissionSets: ["Billing_Admins", "Auditors"])
        let desired = Manifest(providers: [okta], externalCredentials: [credential(principals: [perUser])])

        let blocked = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(blocked.blockers.map(\.field) == [.identityType])
        #expect(blocked.blockers.first?.before == "NamedPrincipal")
        #expect(blocked.blockers.first?.after == "PerUserPrincipal")
        #expect(blocked.blockers.first?.reason == "a principal's identity type cannot be modified; it must be deleted "
            + "and recreated. Plan it as a replace with `credc plan --allow-replace`")

        let plan = Plan.make(state: state, desired: desired, allowReplace: true)
        #expect(steps(plan) == [
            "replace Principal Billing_API/Admin",
            "create PrincipalAccess Billing_API/Admin/permissionSet:Auditors",
            "create PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
        ])
        #expect(plan.changes[0].fields == [
            PlanFieldChange(path: "sequence", before: 1, after: 2),
            PlanFieldChange(path: "identityType", before: "NamedPrincipal", after: "PerUserPrincipal", forcesReplacement: true),
        ])
    }

    @Test func renameWithNewIdentityTypeIsOneReplaceForcedByBothFields() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let renamed = ManifestRecord.principal(name: "Everyone", sequence: 1, identityType: "PerUserPrincipal")
        let desired = Manifest(providers: [okta], externalCredentials: [credential(principals: [renamed])])

        let blocked = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(blocked.blockers.count == 1)
        #expect(blocked.blockers.first?.field == .name)
        #expect(blocked.blockers.first?.reason.hasPrefix(
            "principal 'Admin' was renamed to 'Everyone' (sequence 1) and its identity type changed from "
                + "NamedPrincipal to PerUserPrincipal; ") == true)

        let plan = Plan.make(state: state, desired: desired, allowReplace: true)
        #expect(steps(plan) == ["replace Principal Billing_API/Everyone"])  // no grants to re-create
        #expect(plan.changes.first?.fields.map(\.path) == ["name", "identityType"])
        #expect(plan.changes.first?.fields.allSatisfy(\.forcesReplacement) == true)
    }

    @Test func blockersAreOrderedByCredentialThenSequence() {
        let perUser = ManifestRecord.principal(name: "Admin", sequence: 1, identityType: "PerUserPrincipal")
        let names = ["Zeta_API", "Alpha_API", "Mid_API"]
        let state = Manifest(
            providers: [okta],
            externalCredentials: names.map { credential($0, principals: [admin, ManifestRecord.principal(name: "Ops", sequence: 2)]) })
        let desired = Manifest(
            providers: [okta],
            externalCredentials: names.map { credential($0, principals: [perUser, ManifestRecord.principal(name: "Oncall", sequence: 2)]) })
        let blockers = Plan.make(state: state, desired: desired, allowReplace: false).blockers
        #expect(blockers.map { "\($0.credential)/\($0.principal):\($0.field.rawValue)" } == [
            "Alpha_API/Admin:identityType", "Alpha_API/Oncall:name", "Mid_API/Admin:identityType", "Mid_API/Oncall:name",
            "Zeta_API/Admin:identityType", "Zeta_API/Oncall:name",
        ])
    }

    @Test func newSequenceIsNotARename() {
        let state = Manifest(providers: [okta], externalCredentials: [credential(principals: [admin])])
        let other = ManifestRecord.principal(name: "Readers", sequence: 2)
        let desired = Manifest(providers: [okta], externalCredentials: [credential(principals: [other])])
        let plan = Plan.make(state: state, desired: desired, allowReplace: false)
        #expect(!plan.isBlocked)
        #expect(steps(plan) == [
            "create Principal Billing_API/Readers",
            "delete PrincipalAccess Billing_API/Admin/permissionSet:Billing_Admins",
            "delete Principal Billing_API/Admin",
        ])
    }

    @Test func goldenPlanWithEveryAction() {
        let state = Manifest(
            providers: [okta, ManifestRecord.provider(
                name: "Auth0_Old", label: "Auth0", flow: "ClientCredentials", tokenUrl: "https://auth0.example.com/token")],
            externalCredentials: [credential(principals: [
                admin, ManifestRecord.principal(name: "Support Team", sequence: 2, profiles: ["Support"]),
            ])],
            namedCredentials: [billing])
        let desired = Manifest(
            providers: [ManifestRecord.provider(
                name: "Okta_Prod", label: "Okta (Production)", description: "Corporate Okta", flow: "ClientCredentials",
                tokenUrl: "https://acme.okta.com/token", defaultScopes: ["billing.read"])],
            externalCredentials: [
                ManifestRecord.externalCredential(
                    name: "Billing_API", label: "Billing API", identityProvider: "Okta_Prod",
                    scope: "{!\"role:\" & $User.Department}", additionalRefreshStatusCodes: [403],
                    principals: [
                        ManifestRecord.principal(name: "Admins", sequence: 1, permissionSets: ["Billing_Admins"]),
                        ManifestRecord.principal(name: "Support Team", sequence: 2, profiles: ["Support", "Support Lead"]),
                    ]),
                credential("Payroll_API", label: "Payroll", principals: [ManifestRecord.principal(name: "Payroll", sequence: 1)]),
            ],
            namedCredentials: [])
        let plan = Plan.make(state: state, desired: desired, allowReplace: true)
        #expect(summaryLine(plan) == [4, 2, 1, 2])
        expectGolden(plan.text, "plan-every-action.txt")
        expectGolden(plan.jsonText, "plan-every-action.json")
    }

    @Test func jsonOmitsAbsentFieldsAndReason() {
        let plan = Plan(changes: [PlanChange(action: .delete, subject: .resource(.namedCredential, "Billing"))])
        #expect(plan.jsonText == """
            {
              "blocked": false,
              "changes": [
                {
                  "action": "delete",
                  "kind": "NamedCredential",
                  "name": "Billing"
                }
              ],
              "environment": null,
              "followUp": [],
              "planVersion": 1,
              "state": {
                "manifest": null,
                "metadata": null
              },
              "summary": {
                "create": 0,
                "delete": 1,
                "replace": 0,
                "update": 0
              }
            }

            """)
    }
}
