import Checker
import Diagnostics
import Driver
import Testing

private func credential(name: String = "Billing_API", provider: String = "Okta_Prod", principals: String) -> String {
    """
    apiVersion: credc/v1
    kind: ExternalCredential
    name: \(name)
    label: Billing
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: \(provider)
    principals:
    \(principals)
    """
}

private func named(name: String = "Billing", credential: String = "Billing_API") -> String {
    """
    apiVersion: credc/v1
    kind: NamedCredential
    name: \(name)
    label: Billing
    url: https://billing.example.com
    externalCredential: \(credential)

    """
}

private let admin = "  - name: Admin\n    sequence: 1\n    permissionSets: [Admins]\n"

private func position(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

/// #15: a cause is reported once; what follows from it is not reported again.
@Suite struct FollowOnFindingTests {
    @Test func aBrokenReferenceDoesNotMakeItsTargetUnused() {
        let analysis = analyze(
            [provider, credential(provider: "Okta_Prd", principals: admin), named(credential: "Biling_API")]
                .joined(separator: "---\n"))
        #expect(analysis.findings(.unknownIdentityProvider).count == 1)
        #expect(analysis.findings(.unknownExternalCredential).count == 1)
        #expect(analysis.findings(.unusedIdentityProvider).isEmpty)
        #expect(analysis.findings(.unusedExternalCredential).isEmpty)
    }

    /// #26: an over-indented line makes its document unreadable; what that document defines
    /// and uses is unknown, so references to it are not broken and its provider is not unused.
    @Test func aDocumentThatDoesNotParseMakesNoReferenceFindingsElsewhere() {
        let broken = credential(principals: "  - name: Admin\n      sequence: 1\n    permissionSets: [Admins]\n")
        let analysis = analyze([
            ("credentials.yaml", broken), ("named.yaml", named() + "---\n" + named(name: "Billing_Two")),
            ("providers.yaml", provider),
        ])
        #expect(analysis.diagnostics.map { "\($0.file):\($0.range.start.line):\($0.range.start.column) \($0.rule)" } == [
            "credentials.yaml:10:7 yaml-syntax", "providers.yaml:3:7 missing-secrets",
        ])
        let notes = analysis.diagnostics.first?.notes ?? []
        #expect(notes.map { "\($0.file ?? ""):\($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0) \($0.message)" } == [
            "named.yaml:6:21 cannot check references to 'Billing_API': its file does not parse"
        ])
    }

    @Test func aBrokenFileDoesNotHideReferencesToNamesItDoesNotHold() {
        let analysis = analyze([
            ("broken.yaml", "apiVersion: credc/v1\nkind: ExternalCredential\nname: Other_API\nlabel: [\n"),
            ("all.yaml", [provider, credential(principals: admin), named(credential: "Biling_API")].joined(separator: "---\n")),
        ])
        #expect(analysis.findings(.unknownExternalCredential).map(\.message) == [
            "externalCredential 'Biling_API' names no ExternalCredential"
        ])
        #expect(analysis.findings(.yamlSyntax).first?.notes.isEmpty == true)
    }

    @Test func unusedResourcesNoBrokenReferenceMeantAreStillReported() {
        let old = provider.replacingFirst("name: Okta_Prod", with: "name: Legacy_Sso")
        let analysis = analyze(
            [provider, old, credential(provider: "Okta_Prd", principals: admin), named()].joined(separator: "---\n"))
        #expect(analysis.findings(.unusedIdentityProvider).map(\.message) == [
            "identity provider 'Legacy_Sso' is used by no external credential"
        ])
    }

    @Test func aReferenceWithNoSuggestionCouldMeanAnyResource() {
        let analysis = analyze(
            [provider, credential(provider: "Something_Else", principals: admin), named()].joined(separator: "---\n"))
        #expect(analysis.findings(.unusedIdentityProvider).isEmpty)
    }

    @Test func aMisspeltReferenceFieldIsReportedOnce() {
        let misspelt = credential(principals: admin).replacingFirst("identityProvider:", with: "identityProvidr:")
        let analysis = analyze([provider, misspelt, named()].joined(separator: "---\n"))
        #expect(analysis.findings(.unknownField).map(\.suggestion) == ["identityProvider"])
        #expect(analysis.findings(.missingField).isEmpty)
        #expect(analysis.findings(.unusedIdentityProvider).isEmpty)
        #expect(analysis.diagnostics.filter { $0.rule != .missingSecrets }.count == 1, "\(analysis.diagnostics)")
    }

    @Test func aMisspeltOrMistypedPrincipalsListIsTheCauseNotNoPrincipals() {
        let misspelt = credential(principals: admin).replacingFirst("principals:", with: "principal:")
        let analysis = analyze([provider, misspelt, named()].joined(separator: "---\n"))
        #expect(analysis.findings(.unknownField).map(\.suggestion) == ["principals"])
        #expect(analysis.findings(.noPrincipals).isEmpty)
        let mistyped = credential(principals: "").replacingFirst("principals:\n", with: "principals: Admin\n")
        let typed = analyze([provider, mistyped, named()].joined(separator: "---\n"))
        #expect(typed.findings(.typeMismatch).count == 1)
        #expect(typed.findings(.noPrincipals).isEmpty)
        // Another credential without principals, in the same file, is still reported.
        let other = credential(name: "Other_API", principals: "").replacingFirst("principals:\n", with: "principals: []\n")
        let both = analyze([provider, misspelt, other, named(), named(name: "Other", credential: "Other_API")].joined(separator: "---\n"))
        #expect(both.findings(.noPrincipals).map(\.message) == ["external credential 'Other_API' has no principal, so nobody can use it"])
    }

    @Test func aMisspeltAccessFieldIsTheCauseNotAPrincipalWithoutAccess() {
        let misspelt = "  - name: Admin\n    sequence: 1\n    permissionSet: [Admins]\n"
        let analysis = analyze([provider, credential(principals: misspelt), named()].joined(separator: "---\n"))
        #expect(analysis.findings(.unknownField).first?.suggestion == "permissionSets")
        #expect(analysis.findings(.principalWithoutAccess).isEmpty)
        let mistyped = "  - name: Admin\n    sequence: 1\n    profiles: Support\n"
        let typed = analyze([provider, credential(principals: mistyped), named()].joined(separator: "---\n"))
        #expect(typed.findings(.typeMismatch).count == 1)
        #expect(typed.findings(.principalWithoutAccess).isEmpty)
        let none = "  - name: Admin\n    sequence: 1\n"
        #expect(analyze([provider, credential(principals: none), named()].joined(separator: "---\n"))
            .findings(.principalWithoutAccess).count == 1)
    }
}

@Suite struct DuplicateNameTests {
    @Test func namesDifferingOnlyInCaseAreTheSameName() {
        let analysis = analyze([
            ("a.yaml", provider + "---\n" + credential(principals: admin) + "---\n" + named(name: "Orders")),
            ("b.yaml", named(name: "orders")),
        ])
        let findings = analysis.findings(.duplicateName)
        #expect(findings.map(\.file) == ["b.yaml"])
        #expect(findings.first?.range.start == position(3, 7))
        #expect(findings.first?.message.contains("differs from 'Orders' only in case") == true)
        #expect(findings.first?.notes.first?.file == "a.yaml")
        #expect(findings.first?.notes.first?.range?.start == position(23, 7))
    }

    /// One principal naming a permission set in two spellings: one permission set in the org,
    /// two exported files that collide on a case-insensitive file system.
    @Test func permissionSetsDifferingOnlyInCaseInOnePrincipal() {
        let (text, marks) = extractMarkers(
            [
                provider,
                credential(principals: "  - name: Admin\n    sequence: 1\n    permissionSets: [1️⃣Billing_Admins, 1️⃣billing_admins]\n"),
                named(),
            ].joined(separator: "---\n"))
        let findings = analyze(text).findings(.duplicateName)
        #expect(findings.map(\.range.start) == [marks[1]])
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.message == "permission set 'billing_admins' differs from 'Billing_Admins' only in case; Salesforce names are case-insensitive, so they are the same permission set")
        #expect(findings.first?.notes.map(\.range?.start) == [marks[0]])
    }

    /// An alias repeats the anchored items with the anchor's positions, so the model can hold
    /// names out of source order: the spelling written first in the file still wins.
    @Test func permissionSetSpellingsThroughAnAlias() {
        let principals = """
              - name: Admin
                sequence: 1
                profiles: &sets [1️⃣billing_admins]
                permissionSets: [1️⃣Billing_Admins]
              - name: Agent
                sequence: 2
                permissionSets: *sets

            """
        let (text, marks) = extractMarkers([provider, credential(principals: principals), named()].joined(separator: "---\n"))
        let findings = analyze(text).findings(.duplicateName)
        #expect(findings.map(\.range.start) == [marks[1]])
        #expect(findings.first?.notes.map(\.range?.start) == [marks[0]])
    }

    /// Spellings found before the walk meets a name out of source order are found again in
    /// order, once each: here the first finding in the model's order is not the first in the file's.
    @Test func spellingsFoundBeforeANameOutOfOrderAreReportedOnce() {
        let principals = """
              - name: Admin
                sequence: 1
                profiles: &sets [1️⃣BILLING_ADMINS]
                permissionSets: [1️⃣Billing_Admins, 1️⃣billing_admins]
              - name: Agent
                sequence: 2
                permissionSets: *sets

            """
        let (text, marks) = extractMarkers(
            [provider, credential(principals: principals), named(), named(name: "1️⃣billing")].joined(separator: "---\n"))
        let findings = analyze(text).findings(.duplicateName)
        // The named credential's duplicate name is reported as well: the findings before the
        // permission sets' are kept.
        #expect(findings.map(\.range.start) == [marks[1], marks[2], marks[3]])
        #expect(findings.prefix(2).map { $0.notes.map(\.range?.start) } == [[marks[0]], [marks[0]]])
        #expect(findings.first?.message.contains("'Billing_Admins' differs from 'BILLING_ADMINS'") == true)
        #expect(findings.last?.message.contains("'billing' differs from 'Billing'") == true)
    }

    /// Across principals, credentials and files: every spelling after the first, while the
    /// same spelling on several principals is one permission set granting each.
    @Test func permissionSetsDifferingOnlyInCaseAcrossPrincipals() {
        let principals = """
              - name: Admin
                sequence: 1
                permissionSets: [1️⃣Billing_Admins]
              - name: Auditor
                sequence: 2
                permissionSets: [Billing_Admins]

            """
        let (first, firstMarks) = extractMarkers(
            [provider, credential(principals: principals), named()].joined(separator: "---\n"))
        let (other, marks) = extractMarkers(
            credential(
                name: "Orders_API", principals: "  - name: Agent\n    sequence: 1\n    permissionSets: [1️⃣billing_admins]\n")
                + "---\n" + named(name: "Orders", credential: "Orders_API"))
        let analysis = analyze([
            ("a.yaml", first),
            ("b.yaml", other),
        ])
        let findings = analysis.findings(.duplicateName)
        #expect(findings.map(\.file) == ["b.yaml"])
        #expect(findings.map(\.range.start) == marks)
        #expect(findings.first?.notes.first?.file == "a.yaml")
        #expect(findings.first?.notes.first?.range?.start == firstMarks.first)
        #expect(findings.first?.message.contains("'billing_admins' differs from 'Billing_Admins'") == true)
    }

    @Test func oneSpellingOnSeveralPrincipalsIsNoDuplicate() {
        let principals = "  - name: Admin\n    sequence: 1\n    permissionSets: [Billing_Admins]\n"
            + "  - name: Auditor\n    sequence: 2\n    permissionSets: [Billing_Admins, Billing_Auditors]\n"
        let analysis = analyze([provider, credential(principals: principals), named()].joined(separator: "---\n"))
        #expect(analysis.findings(.duplicateName).isEmpty)
    }

    @Test func aDuplicateThroughAMergePointsAtTheMergedKeyAndTheAlias() {
        let principals = "  - &agent\n    name: Agents\n    sequence: 5\n    permissionSets: [Agents]\n  - <<: *agent\n    name: Escalations\n"
        let analysis = analyze([provider, credential(principals: principals), named()].joined(separator: "---\n"))
        let finding = analysis.findings(.duplicateSequence).first
        #expect(finding?.range.start == position(19, 15))
        #expect(finding?.notes.map(\.message) == ["'Escalations' gets it through this `<<` merge"])
        #expect(finding?.notes.first?.range?.start == position(21, 5))
    }
}

@Suite struct MessageTests {
    @Test func clientSecretOnAPrincipalMustNotBeSet() {
        let body = "  - name: A\n    sequence: 1\n    clientId: abc\n    permissionSets: [P]\n"
        let finding = analyze([provider, credential(principals: body), named()].joined(separator: "---\n"))
            .findings(.principalCredentials).first
        #expect(finding?.message.hasPrefix("'clientId' must not be set on a principal") == true)
    }

    @Test func articlesAreRight() {
        let body = "  - name: A\n    sequence: 1\n    permissionSets: 3\n"
        let analysis = analyze([provider, credential(principals: body), named()].joined(separator: "---\n"))
        #expect(analysis.findings(.typeMismatch).first?.message == "'permissionSets' must be a list of strings, found an integer ('3')")
        #expect(!analysis.diagnostics.contains { $0.message.contains(" a integer") })
    }

    @Test func profileAccessIsReportedAtEachProfile() {
        let body = "  - name: Admin\n    sequence: 1\n    profiles: [Support Agent, Support Manager]\n"
        let findings = analyze([provider, credential(principals: body), named()].joined(separator: "---\n"))
            .findings(.profileAccessNotDeployable)
        #expect(findings.map(\.range.start) == [position(19, 16), position(19, 31)])
        #expect(findings.map(\.severity) == [.warning, .warning])
        #expect(findings.first?.message.contains("enable it in Setup") == true)
        #expect(findings.first?.message.contains("permission set") == true)
    }
}

/// "Did you mean" (#26): typos by edit distance, and names cut short by what they begin.
@Suite struct SuggestionTests {
    @Test func aTypoIsSuggestedByEditDistance() {
        #expect(Suggestions.closest(to: "Okta_Prd", in: ["Okta_Prod", "Entra"]) == "Okta_Prod")
        #expect(Suggestions.closest(to: "Prod", in: ["prod", "uat"]) == "prod")
    }

    @Test func aNameCutShortSuggestsTheShortestNameItBegins() {
        #expect(Suggestions.closest(to: "OKTA_ASS", in: ["OKTA_HOST", "OKTA_ASSERTION_TYPE", "OKTA_ASSERTION_TYPE_V2"]) == "OKTA_ASSERTION_TYPE")
        // One edit still wins over a completion; two letters are too few to complete.
        #expect(Suggestions.closest(to: "OKTA_HOTS", in: ["OKTA_HOST", "OKTA_HOTSPOT"]) == "OKTA_HOST")
        #expect(Suggestions.closest(to: "ab", in: ["abcdef"]) == nil)
    }
}
