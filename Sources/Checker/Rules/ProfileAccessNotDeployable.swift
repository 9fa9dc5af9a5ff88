import Diagnostics
import Model

/// `profile-access-not-deployable`: at each entry of a principal's `profiles`.
struct ProfileAccessNotDeployable: CredentialRule {
    let descriptor = RuleDescriptor(
        .profileAccessNotDeployable, .warning, "a principal granted to a profile: the Metadata API cannot deploy it",
        "A profile's access to an external credential principal is not part of the Profile metadata type, so no deploy (`credc export`, `plan --metadata-out`) can carry it: it must be enabled in Setup, on the profile's External Credential Principal Access. A permission set grant deploys; prefer one where you can.",
        failing: Example.documents(
            Example.provider,
            Example.credential(principals: "  - name: Admin\n    sequence: 1\n    profiles: [1️⃣Marketing User]\n"),
            Example.named()),
        passing: Example.valid)

    func walker(for context: ModelContext) -> Walker { Walker() }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            for principal in principals {
                for profile in principal.profiles {
                    findings.append(
                        Finding(
                            .profileAccessNotDeployable,
                            "access to principal '\(principal.name?.value ?? "")' through profile '\(profile.value)' cannot be deployed: the Metadata API cannot grant principals to profiles; enable it in Setup (the profile's External Credential Principal Access) or grant a permission set instead",
                            file: credential.origin.file, at: profile))
                }
            }
        }
    }
}
