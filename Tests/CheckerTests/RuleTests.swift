import Checker
import Diagnostics
import Schema
import Model
import Driver
import Testing

private func credential(_ body: String, name: String = "Billing_API") -> String {
    """
    apiVersion: credc/v1
    kind: ExternalCredential
    name: \(name)
    label: Billing
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta_Prod
    \(body)
    """
}

private let usage = """
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: https://billing.example.com
    externalCredential: Billing_API

    """

private func position(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

@Suite struct SchemaRuleTests {
    @Test func typeMismatchNeverCoerces() {
        let analysis = analyze(
            provider + "---\n" + credential("passClientCredentialsInBody: yes\nprincipals:\n  - name: A\n    sequence: \"1\"\n    profiles: [P]\n") + "---\n" + usage)
        let findings = analysis.findings(.typeMismatch)
        #expect(findings.map(\.range.start) == [position(16, 30), position(19, 15)])
        #expect(findings[0].message == "'passClientCredentialsInBody' must be a boolean (true or false), found a string ('yes')")
        #expect(findings[1].suggestion == "1")
        #expect(findings[1].path == "principals[0].sequence")
    }

    @Test func unknownFieldSuggestsTheClosest() {
        let analysis = analyze(provider.replacingFirst("tokenUrl:", with: "tokenURL:"))
        let finding = analysis.findings(.unknownField).first
        #expect(finding?.suggestion == "tokenUrl")
        #expect(finding?.range.start == position(7, 1))
        // The unknown field's "did you mean" stands for the missing one (#15).
        #expect(analysis.findings(.missingField).isEmpty)
        let elsewhere = analyze(provider.replacingFirst("tokenUrl: https://acme.okta.com/oauth2/v1/token", with: "colour: blue"))
        #expect(elsewhere.findings(.unknownField).first?.suggestion == nil)
        #expect(elsewhere.findings(.missingField).map(\.message) == [
            "missing required field 'tokenUrl': Absolute https URL of the token endpoint."
        ])
    }

    @Test func missingFieldPointsAtTheKind() {
        let analysis = analyze("apiVersion: credc/v1\nkind: ExternalAuthIdentityProvider\nname: X\n")
        #expect(analysis.findings(.missingField).count == 4)
        #expect(analysis.findings(.missingField).allSatisfy { $0.range.start == position(2, 7) })
    }

    @Test func unknownDocumentCases() {
        #expect(analyze("apiVersion: v1\nkind: Pod\n").findings(.unknownDocument).first?.range.start == position(1, 13))
        #expect(analyze("kind: NamedCredential\n").findings(.unknownDocument).count == 1)
        #expect(analyze("- a\n- b\n").findings(.unknownDocument).count == 1)
        let typo = analyze("apiVersion: credc/v1\nkind: NamedCredentail\n").findings(.unknownDocument)
        #expect(typo.first?.suggestion == "NamedCredential")
    }

    @Test func invalidValueListsWhatIsAllowed() {
        let analysis = analyze(provider.replacingFirst("flow: ClientCredentials", with: "flow: Implicit"))
        let finding = analysis.findings(.invalidValue).first
        #expect(finding?.message == "'Implicit' is not a valid flow; allowed: ClientCredentials, AuthorizationCode")
        #expect(finding?.range.start == position(6, 7))
    }

    @Test func sequenceRange() {
        for bad in ["0", "-1", "2147483648", "99999999999999999999"] {
            let analysis = analyze(provider + "---\n" + credential("principals:\n  - name: A\n    sequence: \(bad)\n    profiles: [P]\n") + "---\n" + usage)
            #expect(analysis.findings(.invalidValue).map(\.range.start) == [position(18, 15)], "\(bad)")
        }
        let fine = analyze(provider + "---\n" + credential("principals:\n  - name: A\n    sequence: 2147483647\n    permissionSets: [P]\n") + "---\n" + usage)
        #expect(fine.diagnostics.filter { $0.rule != .missingSecrets }.isEmpty, "\(fine.diagnostics)")
    }

    @Test func labelLength() {
        let long = String(repeating: "x", count: 81)
        #expect(analyze(provider.replacingFirst("label: Okta", with: "label: \(long)")).findings(.invalidValue).count == 1)
        #expect(analyze(provider.replacingFirst("label: Okta", with: "label: ''")).findings(.invalidValue).count == 1)
        let exact = String(repeating: "é", count: 80)
        #expect(analyze(provider.replacingFirst("label: Okta", with: "label: \(exact)")).findings(.invalidValue).isEmpty)
    }

    @Test func nullOptionalFieldIsAbsent() {
        let analysis = analyze(provider.replacingFirst("label: Okta", with: "label: Okta\ndescription: ~"))
        #expect(analysis.findings(.typeMismatch).isEmpty)
    }
}

@Suite struct NamingTests {
    @Test(arguments: [
        ("Billing__API", "contains two consecutive underscores"), ("Billing_", "ends with an underscore"),
        ("1Billing", "must begin with a letter"), ("Billing API", "contains a space; only ASCII letters, digits and underscores are allowed"),
        ("Bill-ing", "contains '-'; only ASCII letters, digits and underscores are allowed"),
        ("Bïlling", "contains 'ï'; only ASCII letters, digits and underscores are allowed"),
        (String(repeating: "a", count: 81), "is 81 characters long; at most 80 are allowed"),
    ])
    func developerNameProblems(name: String, problem: String) {
        #expect(Naming.developerNameProblem(name) == problem)
    }

    /// The byte tests for letters and digits, on every ASCII character, first and inside.
    @Test func everyASCIICharacterIsJudgedByItsClass() {
        for value in UInt8(0x21)...UInt8(0x7E) {
            let character = Character(Unicode.Scalar(value))
            let isLetter = character.isASCII && character.isLetter
            let isAlphanumeric = isLetter || character.isNumber
            #expect((Naming.developerNameProblem("a\(character)b") == nil) == (isAlphanumeric || character == "_"), "\(character)")
            #expect((Naming.developerNameProblem("\(character)ab") == nil) == isLetter, "\(character)")
            #expect(
                (Naming.principalNameProblem("a\(character)b") == nil) == (isAlphanumeric || "_-".contains(character)),
                "\(character)")
            #expect((Naming.principalNameProblem("\(character)ab") == nil) == isLetter, "\(character)")
        }
    }

    @Test(arguments: ["Billing_API", "A", "a1_b2", String(repeating: "a", count: 80)])
    func validDeveloperNames(name: String) {
        #expect(Naming.developerNameProblem(name) == nil)
    }

    @Test(arguments: [
        (" Admin", "begins with whitespace"), ("Admin ", "ends with whitespace"), ("1st", "must begin with a letter"),
        ("Ad.min", "contains '.'; only letters, digits, spaces, underscores and hyphens are allowed"), ("", "is empty"),
        (String(repeating: "a", count: 256), "is 256 characters long; at most 255 are allowed"),
        // ASCII names take a byte path, others the character path: both must say the same.
        ("\tAdmin", "begins with whitespace"), ("Équipe\u{A0}", "ends with whitespace"), ("1é", "must begin with a letter"),
        (String(repeating: "é", count: 256), "is 256 characters long; at most 255 are allowed"),
        ("Ad\r\nmin", "contains '\r'; only letters, digits, spaces, underscores and hyphens are allowed"),
    ])
    func principalNameProblems(name: String, problem: String) {
        #expect(Naming.principalNameProblem(name) == problem)
    }

    @Test(arguments: ["Finance Admins", "Finance-Readers", "Service_Accounts", "Équipe 2"])
    func validPrincipalNames(name: String) {
        #expect(Naming.principalNameProblem(name) == nil)
    }

    @Test func messageNamesTheRuleBroken() {
        let analysis = analyze(provider + "---\n" + credential("principals:\n  - name: Admin\n    sequence: 1\n    permissionSets: [Bad__Set]\n", name: "Billing__API"))
        #expect(analysis.findings(.nameFormat).map(\.message) == [
            "name 'Billing__API' contains two consecutive underscores",
            "permission set name 'Bad__Set' contains two consecutive underscores",
        ])
        #expect(analysis.findings(.nameFormat).map(\.range.start) == [position(11, 7), position(19, 22)])
    }
}

@Suite struct CrossFileTests {
    @Test func duplicateNameAcrossFilesNotesTheFirst() {
        let analysis = analyze([("b.yaml", provider), ("a.yaml", provider)])
        let findings = analysis.findings(.duplicateName)
        #expect(findings.count == 1)
        #expect(findings.first?.file == "b.yaml")
        #expect(findings.first?.notes.first?.file == "a.yaml")
        #expect(findings.first?.notes.first?.range?.start == position(3, 7))
    }

    @Test func referencesResolveAcrossFiles() {
        let analysis = analyze([
            ("named.yaml", usage), ("providers.yaml", provider),
            ("credentials.yaml", credential("principals:\n  - name: A\n    sequence: 1\n    permissionSets: [P]\n")),
        ])
        #expect(analysis.diagnostics.filter { $0.rule != .missingSecrets }.isEmpty, "\(analysis.diagnostics)")
    }

    @Test func sameNameInDifferentKindsIsFine() {
        let analysis = analyze(provider + "---\n" + credential("principals: []\n", name: "Okta_Prod"))
        #expect(analysis.findings(.duplicateName).isEmpty)
    }

    @Test func unknownReferencesSuggest() {
        let analysis = analyze(credential("principals: []\n").replacingFirst("identityProvider: Okta_Prod", with: "identityProvider: Okta_Prd") + "---\n" + provider + "---\n" + usage.replacingFirst("externalCredential: Billing_API", with: "externalCredential: Billing_APi"))
        #expect(analysis.findings(.unknownIdentityProvider).first?.suggestion == "Okta_Prod")
        #expect(analysis.findings(.unknownExternalCredential).first?.suggestion == "Billing_API")
    }

    @Test func diagnosticsAreSortedByFileAndPosition() {
        let analysis = analyze([("z.yaml", "a: [\n"), ("a.yaml", "a: 1\na: 2\n")])
        #expect(analysis.diagnostics.map(\.file) == ["a.yaml", "a.yaml", "z.yaml"])
    }
}

@Suite struct PrincipalRuleTests {
    @Test func duplicatesNoteTheFirst() {
        let body = "principals:\n  - name: A\n    sequence: 1\n    profiles: [P]\n  - name: A\n    sequence: 1\n    profiles: [P]\n"
        let analysis = analyze(provider + "---\n" + credential(body) + "---\n" + usage)
        #expect(analysis.findings(.duplicatePrincipal).map(\.range.start) == [position(20, 11)])
        #expect(analysis.findings(.duplicateSequence).map(\.range.start) == [position(21, 15)])
        #expect(analysis.findings(.duplicateSequence).first?.notes.first?.range?.start == position(18, 15))
    }

    @Test func clientSecretOnAPrincipalIsBothForbiddenAndASecret() {
        let body = "principals:\n  - name: A\n    sequence: 1\n    clientSecret: s3cr3t-value\n    profiles: [P]\n"
        let analysis = analyze(provider + "---\n" + credential(body) + "---\n" + usage)
        #expect(analysis.findings(.principalCredentials).map(\.range.start) == [position(19, 5)])
        #expect(analysis.findings(.secretInConfig).map(\.range.start) == [position(19, 19)])
        #expect(analysis.findings(.unknownField).isEmpty)
    }

    @Test func perUserPrincipalIsOnlyAllowedElsewhere() {
        let body = "principals:\n  - name: A\n    sequence: 1\n    identityType: PerUserPrincipal\n    profiles: [P]\n"
        let analysis = analyze(provider + "---\n" + credential(body) + "---\n" + usage)
        #expect(analysis.findings(.identityType).map(\.range.start) == [position(19, 19)])
        let other = analyze(provider + "---\n" + credential(body).replacingFirst("flow: ClientCredentialsExternalIdentityProvider", with: "flow: BrowserFlow") + "---\n" + usage)
        // BrowserFlow (contract 1.2) allows per-user principals; it names a legacy Auth. Provider.
        #expect(other.findings(.identityType).isEmpty)
        #expect(other.findings(.missingField).map(\.message).first?.hasPrefix("missing required field 'authProvider', which flow BrowserFlow needs") == true)
    }
}

@Suite struct RefreshCodeTests {
    private func codes(_ list: String) -> Analysis {
        analyze(provider + "---\n" + credential("additionalRefreshStatusCodes: \(list)\nprincipals: []\n") + "---\n" + usage)
    }

    @Test func outOfRangeWrongTypeAndDuplicates() {
        let analysis = codes("[403, 503, \"404\", 403, 399, 1000, 600, 999]")
        let findings = analysis.findings(.refreshStatusCode)
        #expect(findings.map(\.range.start.column) == [37, 42, 49, 54, 59])
        #expect(findings[1].message == "refresh status code '404' is a string, not an integer")
    }

    @Test func hugeIntegersAreOutOfRangeNotWrongTypes() {
        let findings = codes("[99999999999999999999]").findings(.refreshStatusCode)
        #expect(findings.map(\.message) == ["refresh status code 99999999999999999999 is out of range; allowed: 400..499 or 600..999"])
    }

    @Test func redundant401IsAWarning() {
        let findings = codes("[401]").findings(.redundant401)
        #expect(findings.map(\.severity) == [.warning])
        #expect(codes("[401]").findings(.refreshStatusCode).isEmpty)
    }
}

@Suite struct URLTests {
    @Test(arguments: [
        ("http://x.example.com", true), ("https://x.example.com/a?b=c", true), ("ftp://x", true),
        ("https://", true), ("billing.example.com", true), ("https://x.example.com/v2", false),
        ("https://x.example.com:8443/v2", false),
        // Plain ASCII URLs take a byte path, the rest the character path: both must agree.
        ("HTTPS://X.EXAMPLE.COM/v2", false), ("https://x.example.com#top", false), ("https:///v2", true),
        ("'https://x.example.com/a b'", true), ("https:/x.example.com", true), ("https://x.example.com/é", false),
    ])
    func namedCredentialURLs(url: String, fires: Bool) {
        let analysis = analyze(provider + "---\n" + credential("principals: []\n") + "---\n" + usage.replacingFirst("https://billing.example.com", with: url))
        #expect(analysis.findings(.insecureURL).isEmpty == !fires, "\(url)")
    }

    @Test func tokenURLMayHaveAQuery() {
        let analysis = analyze(provider.replacingFirst("v1/token", with: "v1/token?tenant=a"))
        #expect(analysis.findings(.insecureURL).isEmpty)
    }
}

@Suite struct UsageTests {
    @Test func unmanagedProvidersAreNeverUnused() {
        let analysis = analyze(provider + "unmanaged: true\n")
        #expect(analysis.findings(.unusedIdentityProvider).isEmpty)
        #expect(analyze(provider).findings(.unusedIdentityProvider).count == 1)
    }

    @Test func scopeOverridesDefaultIsInfoWithANote() {
        let analysis = analyze(provider + "defaultScopes: [a]\n---\n" + credential("scope: b\nprincipals: []\n") + "---\n" + usage)
        let findings = analysis.findings(.scopeOverridesDefault)
        #expect(findings.map(\.severity) == [.info])
        #expect(findings.first?.notes.first?.range?.start == position(8, 17))
        #expect(analysis.fails(strict: true) == true)  // no-principals is a warning
    }
}

/// `defaultScopes` holds one scope per item: the metadata joins them with spaces, so an item
/// with a space would come back from the org as two scopes (found by fuzzing the export
/// round trip).
@Suite struct DefaultScopeTests {
    @Test(arguments: [
        ("[1️⃣'billing.read crm.read']", "scope 'billing.read crm.read' contains whitespace; each item is one scope: write [billing.read, crm.read]"),
        ("[crm.read, 1️⃣'']", "a scope cannot be empty"),
    ])
    func aScopeWithWhitespaceOrNoneIsAnInvalidValue(scopes: String, message: String) {
        let (text, marks) = extractMarkers(provider + "defaultScopes: \(scopes)\n")
        let findings = analyze(text).findings(.invalidValue)
        #expect(findings.map(\.range.start) == marks)
        #expect(findings.map(\.message) == [message])
        #expect(findings.map(\.severity) == [.error])
    }

    @Test func oneScopePerItemIsFine() {
        let analysis = analyze(provider + "defaultScopes: [billing.read, 'api://billing/.default', 'https://x.example/scope']\n")
        #expect(analysis.findings(.invalidValue).isEmpty)
    }
}

/// `SecretKeys.isSecret` rules keys out by their last letter before lowercasing: every name it
/// knows must end in one of those letters, or a new name would never be found.
@Suite struct SecretKeyFilterTests {
    @Test func everySecretNameEndsInALetterTheFilterLetsThrough() {
        for name in SecretKeys.names {
            #expect(SecretKeys.isSecret(name), "\(name)")
            #expect(SecretKeys.isSecret(name.uppercased()), "\(name)")
        }
    }
}

/// #26: a misspelt standard field of `$User` was accepted because only the namespace was checked.
@Suite struct MergeFieldTests {
    @Test func anUnknownStandardFieldIsAScopeFormulaErrorWithASuggestion() {
        let (text, marks) = extractMarkers(
            provider + "---\n" + credential("scope: '{!\"role:\" + $User.1️⃣Departmnt}'\nprincipals: []\n") + "---\n" + usage)
        let findings = analyze(text).findings(.scopeFormula)
        #expect(findings.map(\.range.start) == marks)
        #expect(findings.map(\.range.end) == [SourcePosition(line: 16, column: 36)])
        #expect(findings.map(\.message) == [
            "unknown field 'Departmnt' of $User: not a standard field, and a custom field's name ends in '__c'"
        ])
        #expect(findings.map(\.suggestion) == ["Department"])
        #expect(findings.map(\.severity) == [.error])
    }

    @Test func customFieldsAreNotChecked() {
        let text = provider + "---\n" + credential("scope: '{!$User.Cost_Center__c & $Organization.Region__c}'\nprincipals: []\n") + "---\n" + usage
        #expect(analyze(text).findings(.scopeFormula).isEmpty)
    }
}
