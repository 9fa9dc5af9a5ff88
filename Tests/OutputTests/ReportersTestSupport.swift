import Diagnostics
import Foundation
import Testing

@testable import Reporters

/// Hand-made diagnostics over small in-memory files, shared by the reporter tests.
enum ReporterFixture {
    static let billingPath = "credentials/billing.yaml"
    static let oktaPath = "providers/okta prod.yaml"
    static let copyPath = "./providers/okta-copy.yaml"

    /// Line 8 puts an emoji family, accents and a tab in front of the error column.
    static let billing = SourceFile(path: billingPath, text: """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing__API
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Okta_Prd
        scope: '# 👨‍👩‍👧 éé\t{!$Usr.Department}'
        additionalRefreshStatusCodes: [401, 500]  # credc:ignore refresh-status-code -- legacy gateway
        principals:
          - name: Admin
            sequence: 1

        """)

    static let okta = SourceFile(path: oktaPath, text: """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta (Production)
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/default/v1/token

        """)

    static let copy = SourceFile(path: copyPath, text: """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta_Prod
        label: Okta (Copy)
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/default/v1/token
        defaultScopes: [billing.read]

        """)

    static let sources = [billingPath: billing, oktaPath: okta, copyPath: copy]

    /// The 1-based scalar range of the first `needle` on a line.
    static func range(of needle: String, line: Int, in source: SourceFile) -> SourceRange {
        let text = source.lineText(line)
        guard let found = text.range(of: needle) else {
            Issue.record("'\(needle)' is not on line \(line) of \(source.path)")
            return .fileStart
        }
        let column = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: found.lowerBound) + 1
        let length = needle.unicodeScalars.count
        return SourceRange(line: line, column: column, endLine: line, endColumn: column + length)
    }

    static var diagnostics: [Diagnostic] {
        var suppressed = Diagnostic(
            rule: .refreshStatusCode, severity: .error,
            message: "500 is not a refresh status code: Salesforce accepts 400..499 or 600..999",
            file: billingPath, range: range(of: "500", line: 9, in: billing),
            path: "additionalRefreshStatusCodes[1]")
        suppressed.suppression = Suppression(justification: "legacy gateway")
        let list = [
            Diagnostic(
                rule: .nameFormat, severity: .error,
                message: "name 'Billing__API' contains two consecutive underscores",
                file: billingPath, range: range(of: "Billing__API", line: 3, in: billing), path: "name"),
            Diagnostic(
                rule: .unknownIdentityProvider, severity: .error,
                message: "no ExternalAuthIdentityProvider is named 'Okta_Prd'",
                file: billingPath, range: range(of: "Okta_Prd", line: 7, in: billing),
                path: "identityProvider", suggestion: "Okta_Prod"),
            Diagnostic(
                rule: .scopeFormula, severity: .error,
                message: "unknown merge-field namespace '$Usr'",
                file: billingPath, range: range(of: "$Usr", line: 8, in: billing),
                path: "scope", suggestion: "$User"),
            Diagnostic(
                rule: .redundant401, severity: .warning,
                message: "401 always triggers a token refresh; listing it changes nothing",
                file: billingPath, range: range(of: "401", line: 9, in: billing),
                path: "additionalRefreshStatusCodes[0]"),
            suppressed,
            Diagnostic(
                rule: .principalWithoutAccess, severity: .warning,
                message: "no permission set or profile gets access to principal 'Admin'",
                file: billingPath,
                range: SourceRange(line: 11, column: 5, endLine: 13, endColumn: 1),
                path: "principals[0]"),
            Diagnostic(
                rule: .duplicateName, severity: .error,
                message: "an ExternalAuthIdentityProvider named 'Okta_Prod' is already defined",
                file: oktaPath, range: range(of: "Okta_Prod", line: 3, in: okta), path: "name",
                notes: [Note("first defined here", file: copyPath, range: range(of: "Okta_Prod", line: 3, in: copy))]),
            Diagnostic(
                rule: .scopeOverridesDefault, severity: .info,
                message: "a credential's scope replaces the provider's defaultScopes",
                file: copyPath, range: range(of: "[billing.read]", line: 8, in: copy),
                path: "defaultScopes", notes: [Note("credentials that set scope ignore these")]),
        ]
        return list.sorted(by: Diagnostic.sortKey)
    }

    static var report: DiagnosticReport {
        DiagnosticReport(diagnostics: diagnostics, sources: sources, fileCount: 3)
    }

    static let cleanReport = DiagnosticReport(diagnostics: [], sources: sources, fileCount: 3)

    static let rules = [
        RuleDescriptor(
            id: .nameFormat, defaultSeverity: .error, summary: "a name that breaks the naming rules",
            rationale: "Salesforce rejects developer names with two consecutive underscores.",
            failingExample: "name: 1️⃣Billing__API", passingExample: "name: Billing_API"),
        RuleDescriptor(
            id: .redundant401, defaultSeverity: .warning, summary: "401 listed as an additional refresh code",
            rationale: "A 401 always triggers a refresh.",
            failingExample: "additionalRefreshStatusCodes: [1️⃣401]", passingExample: "additionalRefreshStatusCodes: []"),
        RuleDescriptor(
            id: .scopeOverridesDefault, defaultSeverity: .info, summary: "a credential scope replaces the provider's defaultScopes",
            rationale: "The provider's default scopes are not merged in.",
            failingExample: "scope: 1️⃣billing.write", passingExample: "# no scope"),
        RuleDescriptor(
            id: .refreshStatusCode, defaultSeverity: .error, summary: "an invalid additional refresh code",
            rationale: "Salesforce accepts 400..499 and 600..999.",
            failingExample: "additionalRefreshStatusCodes: [1️⃣500]", passingExample: "additionalRefreshStatusCodes: [403]"),
        RuleDescriptor(
            id: .unknownIdentityProvider, defaultSeverity: .error, summary: "identityProvider names no provider",
            rationale: "The credential cannot get tokens.",
            failingExample: "identityProvider: 1️⃣Okta_Prd", passingExample: "identityProvider: Okta_Prod"),
        RuleDescriptor(
            id: .scopeFormula, defaultSeverity: .error, summary: "a scope formula that does not parse",
            rationale: "Salesforce evaluates the formula at callout time.",
            failingExample: "scope: '{!1️⃣$Usr.Name}'", passingExample: "scope: '{!$User.Name}'"),
        RuleDescriptor(
            id: .duplicateName, defaultSeverity: .error, summary: "two resources of one kind with the same name",
            rationale: "Names are unique per kind.",
            failingExample: "name: 1️⃣Okta_Prod", passingExample: "name: Okta_Sandbox"),
        RuleDescriptor(
            id: .principalWithoutAccess, defaultSeverity: .warning, summary: "a principal nobody gets access to",
            rationale: "Without a permission set or profile nobody can use the principal.",
            failingExample: "- 1️⃣name: Admin", passingExample: "- name: Admin\n  permissionSets: [Admins]"),
    ]

    static let sarifReporter = SARIFReporter(
        toolVersion: "0.1.0", informationURI: "https://example.com/credc", rules: rules)
}

