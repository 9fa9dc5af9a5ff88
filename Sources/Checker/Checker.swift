import Diagnostics
import Schema
import Model
import YAML

/// Runs the semantic rules of SPEC §4 over a whole model. Schema rules ran when the model
/// was built; `immutable-field` belongs to the plan.
public struct Checker {
    private let model: Model
    private let files: [String: SourceFile]
    private var diagnostics: [Diagnostic] = []

    /// Checks the model. `files` gives the source text that scope formulas are mapped back to.
    public static func check(_ model: Model, files: [String: SourceFile]) -> [Diagnostic] {
        var checker = Checker(model: model, files: files)
        checker.run()
        return checker.diagnostics
    }

    /// Finds secrets in a document, wherever they are; run on every document, known or not.
    /// Returns the findings and the secret texts, which every output must redact.
    public static func scanSecrets(_ document: Document, file: String) -> (diagnostics: [Diagnostic], secrets: [String]) {
        var diagnostics: [Diagnostic] = []
        var secrets: [String] = []
        var path: [SecretScanner.PathComponent] = []
        SecretScanner.scan(document.root, file: file, path: &path, into: &diagnostics, secrets: &secrets)
        return (diagnostics, secrets)
    }

    /// What secret a text looks like (a private key, a JWT), or nil; for masking source lines
    /// of files whose YAML did not parse, where no node tells what is a value.
    public static func secretShape(_ text: String) -> String? {
        SecretScanner.secretShape(text)
    }

    private init(model: Model, files: [String: SourceFile]) {
        self.model = model
        self.files = files
    }

    private mutating func run() {
        checkNames()
        checkDuplicateNames()
        let providers = firstByName(model.providers.map { ($0.name, $0) })
        let credentials = firstByName(model.externalCredentials.map { ($0.name, $0) })
        for credential in model.externalCredentials {
            checkCredential(credential, providers: providers)
        }
        for named in model.namedCredentials {
            checkNamedCredential(named, credentials: credentials)
        }
        for provider in model.providers {
            checkURL(provider.tokenURL, file: provider.origin.file, what: "tokenUrl", allowQuery: true)
        }
        checkUsage()
    }

    // MARK: Names

    private mutating func checkNames() {
        func developerName(_ name: Located<String>, file: String, what: String) {
            if let problem = Naming.developerNameProblem(name.value) {
                report(.nameFormat, "\(what) '\(name.value)' \(problem)", file, name)
            }
        }
        for provider in model.providers { developerName(provider.name, file: provider.origin.file, what: "name") }
        for named in model.namedCredentials { developerName(named.name, file: named.origin.file, what: "name") }
        for credential in model.externalCredentials {
            let file = credential.origin.file
            developerName(credential.name, file: file, what: "name")
            for principal in credential.principals {
                if let name = principal.name, let problem = Naming.principalNameProblem(name.value) {
                    report(.nameFormat, "principal name '\(name.value)' \(problem)", file, name)
                }
                for permissionSet in principal.permissionSets {
                    developerName(permissionSet, file: file, what: "permission set name")
                }
            }
        }
    }

    private mutating func checkDuplicateNames() {
        func duplicates(_ kind: ResourceKind, _ entries: [(Located<String>, ResourceOrigin)]) {
            var first: [String: (Located<String>, ResourceOrigin)] = [:]
            let ordered = entries.sorted { Self.precedes($0.1, $0.0.range, $1.1, $1.0.range) }
            for (name, origin) in ordered {
                if let (firstName, firstOrigin) = first[name.value] {
                    var diagnostic = Diagnostic(
                        rule: .duplicateName, severity: .error,
                        message: "\(kind.rawValue) '\(name.value)' is defined more than once; names are unique per kind",
                        file: origin.file, range: name.range, path: name.path)
                    diagnostic.notes.append(Note("first defined here", file: firstOrigin.file, range: firstName.range))
                    diagnostics.append(diagnostic)
                } else {
                    first[name.value] = (name, origin)
                }
            }
        }
        duplicates(.externalAuthIdentityProvider, model.providers.map { ($0.name, $0.origin) })
        duplicates(.externalCredential, model.externalCredentials.map { ($0.name, $0.origin) })
        duplicates(.namedCredential, model.namedCredentials.map { ($0.name, $0.origin) })
    }

    // MARK: External credentials

    private mutating func checkCredential(
        _ credential: ExternalCredential, providers: [String: IdentityProvider]
    ) {
        let file = credential.origin.file
        var provider: IdentityProvider?
        if let reference = credential.identityProvider {
            provider = providers[reference.value]
            if provider == nil {
                let suggestion = Suggestions.closest(to: reference.value, in: providers.keys)
                report(
                    .unknownIdentityProvider,
                    "identityProvider '\(reference.value)' names no ExternalAuthIdentityProvider",
                    file, reference, suggestion: suggestion)
            }
        }
        let checksFlow = credential.flow?.value == "ClientCredentialsExternalIdentityProvider"
        if checksFlow, let provider, let providerFlow = provider.flow, providerFlow.value != "ClientCredentials",
            let reference = credential.identityProvider
        {
            var diagnostic = diagnostic(
                .providerFlowMismatch,
                "flow ClientCredentialsExternalIdentityProvider needs a provider whose flow is ClientCredentials; '\(provider.name.value)' uses \(providerFlow.value)",
                file, reference)
            diagnostic.notes.append(Note("the provider's flow is set here", file: provider.origin.file, range: providerFlow.range))
            diagnostics.append(diagnostic)
        }
        checkPrincipals(credential, checksFlow: checksFlow)
        checkRefreshCodes(credential)
        if let scope = credential.scope {
            checkScopeFormula(scope, style: credential.scopeStyle, file: file)
            if let provider, let defaults = provider.defaultScopes, !defaults.isEmpty {
                var diagnostic = diagnostic(
                    .scopeOverridesDefault,
                    "scope replaces the default scopes of '\(provider.name.value)' (\(defaults.map(\.value).joined(separator: " ")))",
                    file, scope)
                diagnostic.notes.append(
                    Note("the provider's defaultScopes are set here", file: provider.origin.file, range: defaults[0].range))
                diagnostics.append(diagnostic)
            }
        }
        if credential.principals.isEmpty {
            report(
                .noPrincipals, "external credential '\(credential.name.value)' has no principal, so nobody can use it",
                file, credential.name)
        }
    }

    private mutating func checkPrincipals(_ credential: ExternalCredential, checksFlow: Bool) {
        let file = credential.origin.file
        var names: [String: Located<String>] = [:]
        var sequences: [Int: Located<Int>] = [:]
        for principal in credential.principals {
            if let name = principal.name {
                if let first = names[name.value] {
                    var diagnostic = diagnostic(
                        .duplicatePrincipal,
                        "principal '\(name.value)' is defined twice in '\(credential.name.value)'", file, name)
                    diagnostic.notes.append(Note("first defined here", file: file, range: first.range))
                    diagnostics.append(diagnostic)
                } else {
                    names[name.value] = name
                }
            }
            if let sequence = principal.sequence {
                if let first = sequences[sequence.value] {
                    var diagnostic = diagnostic(
                        .duplicateSequence,
                        "sequence \(sequence.value) is used twice in '\(credential.name.value)'; each principal needs its own",
                        file, sequence)
                    diagnostic.notes.append(Note("first used here", file: file, range: first.range))
                    diagnostic.suggestion = String((sequences.keys.max() ?? sequence.value) + 1)
                    diagnostics.append(diagnostic)
                } else {
                    sequences[sequence.value] = sequence
                }
            }
            if checksFlow, let identityType = principal.identityType, identityType.value != "NamedPrincipal" {
                report(
                    .identityType,
                    "identityType '\(identityType.value)' is not allowed with flow ClientCredentialsExternalIdentityProvider; use NamedPrincipal",
                    file, identityType, suggestion: "NamedPrincipal")
            }
            for key in principal.credentialKeys {
                report(
                    .principalCredentials,
                    "'\(key.value)' is not set on a principal: this flow takes the client credentials from the identity provider",
                    file, key)
            }
            if principal.permissionSets.isEmpty, principal.profiles.isEmpty {
                let anchor = principal.name.map { ($0.range, $0.path) } ?? (principal.range, "principals[\(principal.index)]")
                diagnostics.append(
                    Diagnostic(
                        rule: .principalWithoutAccess, severity: .warning,
                        message: "principal '\(principal.name?.value ?? "")' gets no permission set or profile, so nobody can use it",
                        file: file, range: anchor.0, path: anchor.1,
                        notes: [Note("add permissionSets or profiles")]))
            }
        }
    }

    private mutating func checkRefreshCodes(_ credential: ExternalCredential) {
        let file = credential.origin.file
        var seen: [Int: Located<ScalarItem>] = [:]
        for item in credential.additionalRefreshStatusCodes ?? [] {
            switch item.value {
            case .other(let text, let typeName) where typeName == "integer":
                report(.refreshStatusCode, "refresh status code \(text) is out of range; allowed: 400..499 or 600..999", file, item)
            case .other(let text, let typeName):
                report(
                    .refreshStatusCode, "refresh status code '\(text)' is a \(typeName), not an integer", file,
                    item)
            case .integer(let code):
                if code == 401 {
                    report(
                        .redundant401, "401 always triggers a token refresh; listing it changes nothing", file, item)
                } else if !((400...499).contains(code) || (600...999).contains(code)) {
                    report(
                        .refreshStatusCode,
                        "refresh status code \(code) is out of range; allowed: 400..499 or 600..999 (Salesforce accepts no 5xx)",
                        file, item)
                }
                if let first = seen[code] {
                    var diagnostic = diagnostic(.refreshStatusCode, "refresh status code \(code) is listed twice", file, item)
                    diagnostic.notes.append(Note("first listed here", file: file, range: first.range))
                    diagnostics.append(diagnostic)
                } else {
                    seen[code] = item
                }
            }
        }
    }

    // MARK: Named credentials and URLs

    private mutating func checkNamedCredential(
        _ named: NamedCredential, credentials: [String: ExternalCredential]
    ) {
        if let reference = named.externalCredential, credentials[reference.value] == nil {
            report(
                .unknownExternalCredential,
                "externalCredential '\(reference.value)' names no ExternalCredential", named.origin.file, reference,
                suggestion: Suggestions.closest(to: reference.value, in: credentials.keys))
        }
        checkURL(named.url, file: named.origin.file, what: "url", allowQuery: false)
    }

    private mutating func checkURL(_ url: Located<String>?, file: String, what: String, allowQuery: Bool) {
        guard let url else { return }
        if let problem = URLCheck.problem(url.value, allowQuery: allowQuery) {
            report(.insecureURL, "\(what) \(problem)", file, url)
        }
    }

    // MARK: Usage

    private mutating func checkUsage() {
        let usedProviders = Set(model.externalCredentials.compactMap { $0.identityProvider?.value })
        for provider in model.providers where !provider.isUnmanaged && !usedProviders.contains(provider.name.value) {
            report(
                .unusedIdentityProvider,
                "identity provider '\(provider.name.value)' is used by no external credential",
                provider.origin.file, provider.name)
        }
        let usedCredentials = Set(model.namedCredentials.compactMap { $0.externalCredential?.value })
        for credential in model.externalCredentials where !usedCredentials.contains(credential.name.value) {
            report(
                .unusedExternalCredential,
                "external credential '\(credential.name.value)' is used by no named credential",
                credential.origin.file, credential.name)
        }
    }

    // MARK: Helpers

    /// The first definition of each name in file order, for resolving references.
    private func firstByName<T>(_ items: [(Located<String>, T)]) -> [String: T] {
        var result: [String: T] = [:]
        for (name, item) in items where result[name.value] == nil { result[name.value] = item }
        return result
    }

    private static func precedes(_ a: ResourceOrigin, _ aRange: SourceRange, _ b: ResourceOrigin, _ bRange: SourceRange) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        return aRange < bRange
    }

    private func diagnostic<T>(
        _ rule: RuleID, _ message: String, _ file: String, _ at: Located<T>, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            rule: rule, severity: Rules.descriptor(rule).defaultSeverity, message: message, file: file,
            range: at.range, path: at.path, suggestion: suggestion)
    }

    private mutating func report<T>(
        _ rule: RuleID, _ message: String, _ file: String, _ at: Located<T>, suggestion: String? = nil
    ) {
        diagnostics.append(diagnostic(rule, message, file, at, suggestion: suggestion))
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    func sourceFile(_ path: String) -> SourceFile? { files[path] }
}

/// `insecure-url`: absolute https URLs only.
enum URLCheck {
    static func problem(_ url: String, allowQuery: Bool) -> String? {
        let lowered = url.lowercased()
        if lowered.hasPrefix("http://") { return "'\(url)' uses http; use https" }
        guard lowered.hasPrefix("https://") else {
            return "'\(url)' is not an absolute https URL (https://host/path)"
        }
        let rest = url.dropFirst("https://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
        if host.isEmpty { return "'\(url)' has no host" }
        if url.contains(where: { $0.isWhitespace }) { return "'\(url)' contains whitespace" }
        if !allowQuery, url.contains("?") {
            return "'\(url)' has a query string; a named credential URL ends at the path (add parameters in the callout)"
        }
        return nil
    }
}
