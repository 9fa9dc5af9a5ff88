import Manifest
import Plan
import Schema
import FoundationEssentials

/// The files of the one Metadata API deploy that applies a ``Plan``: the changed components,
/// `package.xml`, and the destructive-changes manifests for deletes.
///
/// What goes where, and why (SALESFORCE.md §8: deploy in dependency order, delete in reverse):
/// - **Components** (in `package.xml`): every provider, external credential and named
///   credential the plan creates or updates, written whole from the desired manifest; every
///   external credential whose principals the plan creates, updates, deletes or replaces
///   (principals are `externalCredentialParameters` rows of their credential's file, not
///   components, so a principal change is a credential update); and every permission set whose
///   grants change, with its desired grants and the revoked ones written
///   `<enabled>false</enabled>` (see ``MetadataExporter/export(_:revoking:)``).
/// - **`destructiveChangesPre.xml`**: deleted named credentials. Nothing credc manages refers
///   to a named credential, and deleting it first releases the external credential it used.
/// - **`destructiveChangesPost.xml`**: deleted external credentials and identity providers,
///   after the deploy has repointed the named credentials and credentials that used them and
///   revoked the permission-set grants of the deleted credentials (those references still
///   resolve until the post phase). The order between a credential and its provider deleted in
///   the same run is left to the Metadata API, which resolves dependencies within one manifest.
/// - `destructiveChanges.xml` is never written: it means "before the additions", like the pre
///   file, and `sf project deploy start` takes only `--pre-destructive-changes` and
///   `--post-destructive-changes`.
///
/// **Principals are deleted and replaced by the credential update.** A deploy replaces the
/// credential's parameter rows as a whole: a deleted principal's row is absent, and a renamed
/// principal (a *replace*) loses its old row and gets the new one, with the same sequence
/// number, in the same component write, so the two never exist side by side. The grants of a
/// principal removed this way are not revoked separately: the revocation would name a principal
/// that the credential update has already removed (permission sets deploy after the
/// credentials they refer to).
///
/// **A replace that keeps the principal's name** (a changed identity type) cannot be one
/// deploy: the new row would be an in-place change of the old one, which the platform refuses.
/// It is a deploy of its own that runs first, in `replace/`: the credential without the
/// principal, in Metadata API format (`externalCredentials/NAME.externalCredential`, the
/// documented file suffix and folder) so that it is not a second source file of the same
/// component in the package directory; `sf project deploy start --metadata-dir DIR/replace`.
/// The main deploy then writes the credential with the principal as configured, and its
/// grants follow in `grants/` like any new principal's.
public struct PlanDeployment: Sendable {
    /// The `<version>` of `package.xml`.
    public var apiVersion: MetadataAPIVersion

    public init(apiVersion: MetadataAPIVersion = .default) {
        self.apiVersion = apiVersion
    }

    /// The deploy for `plan`, made from `state` to `desired` (the manifests it was made from).
    /// `members` lists the deployed components; destructive manifests are among `files` only
    /// when they have members. `notes` lists profile grants the plan changes, which metadata
    /// cannot carry.
    ///
    /// `permissionSets` are the org's permission sets, read with the state: each deployed
    /// permission set found there is written whole with the grants merged in (see
    /// ``MetadataExporter/export(_:revoking:permissionSets:)``).
    ///
    /// **A second deploy for grants of new principals.** A permission set that grants a
    /// principal this plan creates can fail to deploy together with the credential that
    /// creates it (SALESFORCE.md §11), so when there is one, such permission sets go in a
    /// second deploy, `grants/package.xml`, together with `grants/destructiveChangesPost.xml`
    /// (the deletes that must come after their grants are revoked). Their files stay in
    /// `permissionsets/`: `--manifest` deploys only the members it lists, wherever they are in
    /// the package directory. ``MetadataExport/secondDeployMembers`` lists them.
    public func files(
        for plan: Plan, state: Manifest, desired: Manifest, permissionSets: [String: RetrievedPermissionSet] = [:]
    ) throws(PlanDeploymentError) -> MetadataExport {
        guard !plan.isBlocked else { throw .blocked }
        let desiredCredentials = Dictionary(
            desired.externalCredentials.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let stateCredentials = Dictionary(
            state.externalCredentials.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        var deployed: [MetadataType: Set<String>] = [:]
        var preDeletes: [MetadataMember] = []
        var postDeletes: [MetadataMember] = []
        var notes: [MetadataExportNote] = []
        /// Principals replaced under the same name, by credential: the `replace/` deploy.
        var replacedInPlace: [String: Set<String>] = [:]
        for change in plan.changes {
            switch (change.subject, change.action) {
            case (.resource(let kind, let name), .delete):
                // A named credential goes before what it refers to is changed; the rest after.
                let member = MetadataMember(type: .resource(kind), name: name)
                switch kind {
                case .namedCredential: preDeletes.append(member)
                case .externalAuthIdentityProvider, .externalCredential: postDeletes.append(member)
                }
            case (.resource(let kind, let name), _):
                deployed[.resource(kind), default: []].insert(name)
            case (.principal(let credential, let principal), let action):
                if action == .replace,
                    stateCredentials[credential]?.principals.contains(where: { $0.name == principal }) == true
                {
                    replacedInPlace[credential, default: []].insert(principal)
                }
                if desiredCredentials[credential] != nil {
                    deployed[.externalCredential, default: []].insert(credential)
                }
            case (.access(_, _, let grantType, _), _):
                // Permission-set grants come from the manifests below; profiles have no metadata.
                if grantType == "profile" {
                    notes.append(
                        MetadataExportNote(
                            resource: change.name,
                            message:
                                "\(change.action == .delete ? "removing" : "granting") profile access is not "
                                + "deployed: the Profile metadata type has no external credential principal "
                                + "access; \(change.action == .delete ? "disable" : "enable") it in Setup"))
                }
            }
        }

        // Only the grants the plan changes: a plan that keeps a resource the configuration
        // does not define (`--state-metadata` without `--prune`) keeps its grants too.
        let grantChanges = plan.changes.filter { $0.kind == .principalAccess }
        let plannedCreates = Set(grantChanges.filter { $0.action != .delete }.map(\.subject))
        let plannedDeletes = Set(grantChanges.filter { $0.action == .delete }.map(\.subject))
        func subject(_ grant: PrincipalAccessGrant) -> PlanSubject {
            .access(
                credential: grant.credential, principal: grant.principal, grantType: "permissionSet",
                grantee: grant.permissionSet)
        }
        let desiredGrants = Set(PrincipalAccessGrant.grants(in: desired))
        let stateGrants = Set(PrincipalAccessGrant.grants(in: state))
        // A replaced principal's grants are all created again, though the state lists them: the
        // principal they named is deleted with them.
        let added = desiredGrants.filter { plannedCreates.contains(subject($0)) }
        let revoked = stateGrants.subtracting(desiredGrants).filter { plannedDeletes.contains(subject($0)) }.filter { grant in
            // A deleted credential goes in the post phase, after the revocation; a principal
            // removed from a kept credential takes its grants with it (see the type's notes).
            guard let credential = desiredCredentials[grant.credential] else { return true }
            return credential.principals.contains { $0.name == grant.principal }
        }
        for grant in added.union(revoked) {
            deployed[.permissionSet, default: []].insert(grant.permissionSet)
        }
        let newPrincipals = Set(
            plan.changes.filter { $0.kind == .principal && ($0.action == .create || $0.action == .replace) }.map(\.subject))
        let secondDeploySets = Set(
            added.filter { newPrincipals.contains(.principal(credential: $0.credential, principal: $0.principal)) }
                .map(\.permissionSet))

        let export: MetadataExport
        do {
            export = try MetadataExporter(apiVersion: apiVersion).export(
                desired, revoking: revoked.sorted(), permissionSets: permissionSets)
        } catch {
            throw .export(error)
        }
        let deployedMembers = export.members.filter { deployed[$0.type]?.contains($0.name) == true }
        let secondMembers = deployedMembers.filter { $0.type == .permissionSet && secondDeploySets.contains($0.name) }
        let firstMembers = deployedMembers.filter { !secondMembers.contains($0) }
        notes += export.notes.filter { note in deployedMembers.contains { "\($0.type) \($0.name)" == note.resource } }
        var files: [String: Data] = [:]
        do {
            for member in deployedMembers {
                if let path = member.type.sourcePath(member: member.name) { files[path] = export.files[path] }
            }
            files["package.xml"] = try PackageManifest(members: firstMembers, version: apiVersion).xml()
            let postDirectory = secondMembers.isEmpty ? "" : Self.secondDeployDirectory + "/"
            if !secondMembers.isEmpty {
                files[postDirectory + "package.xml"] = try PackageManifest(members: secondMembers, version: apiVersion).xml()
            }
            for (phase, directory, deletes) in [
                (DestructiveChangesPhase.pre, "", preDeletes), (.post, postDirectory, postDeletes),
            ] where !deletes.isEmpty {
                files[directory + phase.fileName] = try phase.xml(members: deletes)
            }
        } catch {
            throw .export(error)
        }
        var result = MetadataExport(files: files, members: firstMembers, notes: notes)
        result.secondDeployMembers = secondMembers
        if !replacedInPlace.isEmpty {
            try addRemovalDeploy(replacedInPlace, desired: desired, to: &result)
        }
        return result
    }

    /// The `replace/` deploy: each credential in `replaced` without those principals, in
    /// Metadata API format with its own `package.xml`.
    private func addRemovalDeploy(
        _ replaced: [String: Set<String>], desired: Manifest, to result: inout MetadataExport
    ) throws(PlanDeploymentError) {
        var removal = Manifest()
        removal.externalCredentials = desired.externalCredentials.compactMap { credential in
            guard let principals = replaced[credential.name] else { return nil }
            var credential = credential
            credential.principals.removeAll { principals.contains($0.name) }
            return credential
        }
        do {
            let export = try MetadataExporter(apiVersion: apiVersion).export(removal)
            let members = export.members.filter { $0.type == .externalCredential }
            for member in members {
                guard let source = member.type.sourcePath(member: member.name), let bytes = export.files[source] else { continue }
                let metadataFormat = String(source.dropLast("-meta.xml".count))
                result.files["\(Self.removalDeployDirectory)/\(metadataFormat)"] = bytes
            }
            result.files["\(Self.removalDeployDirectory)/package.xml"] =
                try PackageManifest(members: members, version: apiVersion).xml()
            result.removalDeployMembers = members
        } catch {
            throw .export(error)
        }
    }

    /// The folder of the second deploy's manifests, inside the deploy folder.
    public static let secondDeployDirectory = "grants"
    /// The folder of the deploy that runs first when a principal is replaced under its name.
    public static let removalDeployDirectory = "replace"
}

/// Why a plan has no single deploy.
public enum PlanDeploymentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plan is blocked by immutable changes; it must not be applied.
    case blocked
    case export(MetadataExportError)

    public var description: String {
        switch self {
        case .blocked:
            "the plan is blocked by immutable changes; nothing to deploy"
        case .export(let error):
            error.description
        }
    }
}
