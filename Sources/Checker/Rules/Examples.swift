import Diagnostics

/// Building blocks of the rules' examples: a valid provider, credential and named credential
/// that each example changes in one place.
enum Example {
    static let provider = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta (Production)
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/default/v1/token
        secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}

        """

    static let adminPrincipal = "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n"

    static func credential(
        name: String = "Billing_API", provider: String = "Okta_Prod", extra: String = "", principals: String? = nil
    ) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: \(name)
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: \(provider)
        \(extra)principals:
        \(principals ?? adminPrincipal)
        """
    }

    static func named(
        name: String = "Billing", url: String = "https://billing.example.com/v2", credential: String = "Billing_API"
    ) -> String {
        """
        apiVersion: credc/v1
        kind: NamedCredential
        name: \(name)
        label: Billing
        url: \(url)
        externalCredential: \(credential)

        """
    }

    static func documents(_ parts: String...) -> String {
        parts.joined(separator: "---\n")
    }

    /// A provider, a credential and a named credential that use each other: no finding at all.
    static let valid = documents(provider, credential(), named())
}

extension RuleDescriptor {
    /// A descriptor as the rule files write it; the examples are made when read.
    init(
        _ id: RuleID, _ severity: Severity, _ summary: String, _ rationale: String,
        failing: @autoclosure @escaping @Sendable () -> String, passing: @autoclosure @escaping @Sendable () -> String,
        deployed: @autoclosure @escaping @Sendable () -> String? = nil, canBeSuppressed: Bool = true,
        fix: SuggestionFix? = nil
    ) {
        self.init(
            id: id, defaultSeverity: severity, summary: summary, rationale: rationale, failingExample: failing(),
            passingExample: passing(), deployedExample: deployed(), canBeSuppressed: canBeSuppressed,
            suggestionFix: fix)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        var head = Substring(self)
        var prefix = ""
        while !head.isEmpty {
            if head.hasPrefix(target) { return prefix + replacement + head.dropFirst(target.count) }
            prefix.append(head.removeFirst())
        }
        return self
    }
}
