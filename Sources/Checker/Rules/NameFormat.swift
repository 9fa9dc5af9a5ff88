import Diagnostics
import Model
import Schema

/// `name-format`: developer names and principal names (SPEC §3).
struct NameFormat: CredentialRule {
    let descriptor = RuleDescriptor(
        .nameFormat, .error, "a name that breaks the naming rules",
        "Developer names (resources and permission sets) take ASCII letters, digits and underscores, begin with a letter, do not end with an underscore or contain two in a row, and have at most 80 characters. Principal names take 1 to 255 letters, digits, spaces, underscores and hyphens and begin with a letter. Salesforce rejects other names at deploy time; credc says which rule a name breaks before that.",
        failing: Example.documents(
            Example.provider, Example.credential(name: "1️⃣Billing__API"), Example.named(credential: "Billing__API")),
        passing: Example.valid)

    func walker(for context: ModelContext) -> Walker {
        let walker = Walker()
        let model = context.model
        for provider in model.providers { walker.developerName(provider.name, file: provider.origin.file, what: "name") }
        for named in model.namedCredentials { walker.developerName(named.name, file: named.origin.file, what: "name") }
        for environment in model.environments {
            walker.developerName(environment.name, file: environment.origin.file, what: "environment name")
        }
        return walker
    }

    final class Walker: CredentialWalker {
        var findings: [Finding] = []
        /// Permission-set spellings met last that are well formed: principals repeat them.
        private var wellFormed = RecentValues<Void>()

        func developerName(_ name: Located<String>, file: String, what: String) {
            if let problem = Naming.developerNameProblem(name.value) {
                findings.append(Finding(.nameFormat, "\(what) '\(name.value)' \(problem)", file: file, at: name))
            }
        }

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            let file = credential.origin.file
            developerName(credential.name, file: file, what: "name")
            for principal in principals {
                // Values are located only when one breaks a rule.
                if let text = principal.nameText, let problem = Naming.principalNameProblem(text), let name = principal.name {
                    findings.append(Finding(.nameFormat, "principal name '\(name.value)' \(problem)", file: file, at: name))
                }
                let permissionSets = principal.permissionSets
                for index in permissionSets.indices {
                    let text = permissionSets.value(at: index)
                    guard wellFormed[text] == nil else { continue }
                    if Naming.developerNameProblem(text) == nil {
                        wellFormed.insert((), for: text)
                    } else {
                        developerName(permissionSets[index], file: file, what: "permission set name")
                    }
                }
            }
        }
    }
}
