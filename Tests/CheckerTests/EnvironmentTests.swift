import Checker
import Diagnostics
import Driver
import Model
import Schema
import Testing

/// Environments and `${NAME}` variables (SPEC §7): the three rules, value rules on substituted
/// values, and positions through quoting and escapes.
@Suite struct EnvironmentTests {
    static let provider = """
        apiVersion: credc/v1
        kind: ExternalAuthIdentityProvider
        name: Okta
        label: Okta
        protocol: OAuth
        flow: ClientCredentials
        tokenUrl: https://acme.okta.com/oauth2/default/v1/token
        ---
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Billing_API
        label: Billing API
        protocol: OAuth
        flow: ClientCredentialsExternalIdentityProvider
        identityProvider: Okta
        SCOPE
        principals:
          - name: Admin
            sequence: 1
            permissionSets: [Billing_Admins]
        ---

        """

    /// A named credential whose url line is `url`, after the provider and credential.
    static func configuration(url: String, scope: String = "") -> String {
        provider.replacingFirst("SCOPE\n", with: scope.isEmpty ? "" : scope + "\n") + """
            apiVersion: credc/v1
            kind: NamedCredential
            name: Billing
            label: Billing
            \(url)
            externalCredential: Billing_API

            """
    }

    static func environment(_ name: String, _ variables: [(String, String)]) -> String {
        "apiVersion: credc/v1\nkind: Environment\nname: \(name)\nvariables:\n"
            + variables.map { "  \($0.0): \($0.1)\n" }.joined()
    }

    /// The 1-based line of the first line of `text` that contains `needle`, and the column of
    /// `needle` in it (counting Unicode scalars).
    static func position(of needle: String, in text: String) throws -> SourcePosition {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return SourcePosition(line: index + 1, column: line[..<range.lowerBound].unicodeScalars.count + 1)
            }
        }
        throw NeedleNotFound()
    }

    struct NeedleNotFound: Error {}

    static let twoEnvironments = [
        ("environments.yaml",
         environment("dev", [("BILLING_URL", "http://billing.dev.example.com")]) + "---\n"
            + environment("prod", [("BILLING_URL", "https://billing.example.com")])),
    ]

    // MARK: unknown-variable

    @Test func unknownVariableWithoutEnvironments() throws {
        let text = Self.configuration(url: "url: ${BILLING_URL}")
        let findings = analyze(text).findings(.unknownVariable)
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.range.start == (try Self.position(of: "${BILLING_URL}", in: text)))
        #expect(findings.first?.message.contains("no Environment document") == true)
        // The unsubstituted text is not checked as a URL: the typo is the finding.
        #expect(analyze(text).findings(.insecureURL).isEmpty)
    }

    @Test func unknownVariableNamesTheEnvironmentsThatLackIt() throws {
        let text = Self.configuration(url: "url: ${BILLING_URL}")
        let environments = Self.environment("dev", [("OTHER", "x")]) + "---\n"
            + Self.environment("prod", [("BILLING_URL", "https://billing.example.com")]) + "---\n"
            + Self.environment("uat", [("OTHER", "y")])
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.unknownVariable)
        #expect(findings.count == 1)
        #expect(findings.first?.file == "config.yaml")
        #expect(findings.first?.range.start == (try Self.position(of: "${", in: text)))
        #expect(findings.first?.message == "variable 'BILLING_URL' is not defined in environments dev, uat")
    }

    @Test func unknownVariableIsQuietWhenEveryEnvironmentDefinesIt() {
        let text = Self.configuration(url: "url: ${BILLING_URL}")
        let analysis = analyze([("config.yaml", text)] + Self.twoEnvironments, options: CheckOptions(environment: "prod"))
        #expect(analysis.findings(.unknownVariable).isEmpty)
        #expect(analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(analysis.diagnostics)")
    }

    @Test func unknownVariableSuggestsTheClosestName() {
        let text = Self.configuration(url: "url: ${BILING_URL}")
        let findings = analyze([("config.yaml", text)] + Self.twoEnvironments).findings(.unknownVariable)
        #expect(findings.first?.suggestion == "BILLING_URL")
    }

    /// #26: a name cut short is many edits from the variable it began and few from an
    /// unrelated one; the variable it begins is suggested.
    @Test func unknownVariableSuggestsTheVariableItBegins() throws {
        let text = Self.configuration(url: "url: https://${OKTA_ASS}/v2")
        let environments = Self.environment("prod", [("OKTA_HOST", "acme.okta.com"), ("OKTA_ASSERTION_HOST", "a.example.com")])
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.unknownVariable)
        #expect(findings.map(\.range.start) == [try Self.position(of: "${OKTA_ASS}", in: text)])
        #expect(findings.map(\.message) == ["variable 'OKTA_ASS' is not defined in environment prod"])
        #expect(findings.map(\.suggestion) == ["OKTA_ASSERTION_HOST"])
    }

    @Test func anUnknownFieldOfAnEnvironmentSuggestsTheClosest() {
        let findings = analyze("apiVersion: credc/v1\nkind: Environment\nname: prod\nvariabels:\n  A: b\n").findings(.unknownField)
        #expect(findings.map(\.range.start) == [SourcePosition(line: 4, column: 1)])
        #expect(findings.map(\.suggestion) == ["variables"])
    }

    // MARK: unused-variable

    @Test func unusedVariableFiresAtItsName() throws {
        let environments = Self.environment("prod", [("BILLING_URL", "https://billing.example.com"), ("LEGACY", "x")])
        let findings = analyze([
            ("config.yaml", Self.configuration(url: "url: ${BILLING_URL}")), ("environments.yaml", environments),
        ]).findings(.unusedVariable)
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.file == "environments.yaml")
        #expect(findings.first?.range.start == (try Self.position(of: "LEGACY", in: environments)))
        #expect(findings.first?.message == "variable 'LEGACY' of environment 'prod' is used by no value")
    }

    /// #26: a variable every environment defines and no value uses was reported once per
    /// environment; it is one finding, naming them, with notes at the other definitions.
    @Test func unusedVariableIsReportedOnceNamingTheEnvironments() throws {
        let environments = Self.environment("uat", [("BILLING_URL", "https://billing.uat.example.com"), ("LEGACY", "x")])
            + "---\n" + Self.environment("prod", [("BILLING_URL", "https://billing.example.com"), ("LEGACY", "y")])
        let findings = analyze([
            ("config.yaml", Self.configuration(url: "url: ${BILLING_URL}")), ("environments.yaml", environments),
        ]).findings(.unusedVariable)
        #expect(findings.map { "\($0.file):\($0.range.start.line):\($0.range.start.column)" } == ["environments.yaml:6:3"])
        #expect(findings.first?.message == "variable 'LEGACY' of environments 'prod', 'uat' is used by no value")
        #expect(findings.first?.notes.map { "\($0.message) \($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0)" } == [
            "also defined in environment 'prod' 13:3"
        ])
    }

    @Test func unusedVariableIsQuietWhenUsed() {
        let analysis = analyze([("config.yaml", Self.configuration(url: "url: ${BILLING_URL}"))] + Self.twoEnvironments)
        #expect(analysis.findings(.unusedVariable).isEmpty)
    }

    // MARK: variable-syntax

    @Test(arguments: [
        ("url: https://billing.example.com/${API", "${API"),
        ("url: https://billing.example.com/${}", "${}"),
        ("url: https://billing.example.com/${api_version}", "${api_version}"),
        ("url: https://billing.example.com/${9LIVES}", "${9LIVES}"),
        ("url: https://billing.example.com/${API VERSION}", "${API"),
        ("url: |-\n  https://billing.example.com/\n  ${API", "${API"),
    ])
    func malformedVariable(line: String, needle: String) throws {
        let text = Self.configuration(url: line)
        let findings = analyze([("config.yaml", text)] + Self.twoEnvironments).findings(.variableSyntax)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.range.start == (try Self.position(of: needle, in: text)))
    }

    @Test(arguments: [
        ("name: Billing", "name: ${NAME}", "'name'"),
        ("identityProvider: Okta", "identityProvider: ${PROVIDER}", "'identityProvider'"),
        ("protocol: OAuth\nflow: ClientCredentialsExternal", "protocol: ${PROTOCOL}\nflow: ClientCredentialsExternal", "'protocol'"),
        ("permissionSets: [Billing_Admins]", "permissionSets: [Billing_Admins, \"${SET}\"]", "'permissionSets'"),
        ("kind: ExternalAuthIdentityProvider", "kind: ${KIND}", "'kind'"),
    ])
    func variableWhereNoneIsAllowed(original: String, replacement: String, field: String) throws {
        let text = Self.configuration(url: "url: https://billing.example.com").replacingFirst(original, with: replacement)
        let findings = analyze([("config.yaml", text)] + Self.twoEnvironments).findings(.variableSyntax)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.message.contains(field) == true)
        #expect(findings.first?.range.start == (try Self.position(of: "${", in: text)))
    }

    @Test func variableSyntaxIsQuietForWellFormedVariablesAndEscapes() {
        let text = Self.configuration(url: "url: ${BILLING_URL}")
            .replacingFirst("label: Billing API", with: "label: Costs $${NOT_A_VARIABLE} and $5")
        let analysis = analyze([("config.yaml", text)] + Self.twoEnvironments)
        #expect(analysis.findings(.variableSyntax).isEmpty)
        #expect(analysis.findings(.unknownVariable).isEmpty)
    }

    // MARK: The escape

    @Test func dollarDollarBraceIsALiteral() {
        let text = Self.configuration(url: "url: https://billing.example.com")
            .replacingFirst("label: Billing API", with: "label: \"Costs $${PRICE}\"")
        let analysis = analyze(text)
        #expect(analysis.diagnostics.filter { $0.severity == .error }.isEmpty, "\(analysis.diagnostics)")
        #expect(analysis.model.externalCredentials.first?.label?.value == "Costs ${PRICE}")
    }

    // MARK: Value rules per environment

    @Test func insecureURLIsReportedOnceAtTheVariableNamingTheEnvironment() throws {
        let text = Self.configuration(url: "url: ${BILLING_URL}")
        let analysis = analyze([("config.yaml", text)] + Self.twoEnvironments)
        let findings = analysis.findings(.insecureURL)
        #expect(findings.count == 1, "\(findings)")
        let finding = try #require(findings.first)
        #expect(finding.file == "config.yaml")
        #expect(finding.range.start == (try Self.position(of: "${BILLING_URL}", in: text)))
        #expect(finding.range.end.column == finding.range.start.column + "${BILLING_URL}".count)
        #expect(finding.message.hasSuffix("(environment dev)"), "\(finding.message)")
        let note = try #require(finding.notes.first)
        #expect(note.file == "environments.yaml")
        #expect(note.range?.start.line == 5)
        #expect(note.message == "environment 'dev' sets BILLING_URL here")
    }

    @Test func checkingOneEnvironment() {
        let files = [("config.yaml", Self.configuration(url: "url: ${BILLING_URL}"))] + Self.twoEnvironments
        #expect(analyze(files, options: CheckOptions(environment: "prod")).findings(.insecureURL).isEmpty)
        #expect(analyze(files, options: CheckOptions(environment: "dev")).findings(.insecureURL).count == 1)
        let analysis = analyze(files, options: CheckOptions(environment: "prod"))
        #expect(analysis.environment == "prod")
        #expect(analysis.environmentNames == ["dev", "prod"])
        #expect(analysis.model.namedCredentials.first?.url?.value == "https://billing.example.com")
        #expect(analysis.model.environments.count == 2)
    }

    @Test func aFindingInEveryEnvironmentNamesThemAll() throws {
        let environments = Self.environment("dev", [("HOST", "billing.dev.example.com")]) + "---\n"
            + Self.environment("prod", [("HOST", "billing.example.com")])
        let text = Self.configuration(url: "url: http://${HOST}/v2")
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.insecureURL)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.message.contains("environment dev") == true)
        #expect(findings.first?.message.contains("environment prod") == true)
        #expect(findings.first?.notes.count == 2)
    }

    /// A finding about a whole value is reported at the variable whose value makes the difference.
    @Test func aFindingIsReportedAtTheVariableThatDiffers() throws {
        let environments = Self.environment("dev", [("BASE", "https://billing.example.com"), ("API", "/v2")]) + "---\n"
            + Self.environment("prod", [("BASE", "https://billing.example.com"), ("API", "/v2?tenant=acme")])
        let text = Self.configuration(url: "url: ${BASE}${API}")
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.insecureURL)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.range.start == (try Self.position(of: "${API}", in: text)))
        #expect(findings.first?.notes.map(\.message) == ["environment 'prod' sets API here"])
    }

    @Test func labelLengthRunsOnTheSubstitutedValue() throws {
        let environments = Self.environment("dev", [("LABEL", "Billing")]) + "---\n"
            + Self.environment("prod", [("LABEL", String(repeating: "x", count: 81))])
        let text = Self.configuration(url: "url: https://billing.example.com")
            .replacingFirst("label: Billing API", with: "label: Billing ${LABEL}")
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.invalidValue)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.range.start == (try Self.position(of: "${LABEL}", in: text)))
        #expect(findings.first?.message.hasSuffix("(environment prod)") == true)
    }

    @Test func scopeFormulaInAVariableIsReportedAtTheVariable() throws {
        let environments = Self.environment("dev", [("ROLE", "'{!$User.Department}'")]) + "---\n"
            + Self.environment("prod", [("ROLE", "'{!$Usr.Department}'")])
        let text = Self.configuration(url: "url: https://billing.example.com", scope: "scope: \"role ${ROLE}\"")
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.scopeFormula)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.range.start == (try Self.position(of: "${ROLE}", in: text)))
        #expect(findings.first?.message.hasSuffix("(environment prod)") == true)
    }

    /// A formula error in the literal text after a substitution points at the file's column,
    /// whatever the length of the substituted value, through quoting and escapes.
    @Test(arguments: [
        "scope: '${PREFIX} {!$Usr.Department}'",
        "scope: \"\\u00e9${PREFIX} {!$Usr.Department}\"",
        "scope: '''${PREFIX}'' {!$Usr.Department}'",
    ])
    func scopeFormulaAfterASubstitutionKeepsItsColumn(scope: String) throws {
        let environments = Self.environment("dev", [("PREFIX", "a")]) + "---\n"
            + Self.environment("prod", [("PREFIX", "a-much-longer-prefix")])
        let text = Self.configuration(url: "url: https://billing.example.com", scope: scope)
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.scopeFormula)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.range.start == (try Self.position(of: "$Usr", in: text)), "\(findings)")
    }

    @Test(arguments: [
        ("url: \"\\u0068${BILLING_URL}\"", "${BILLING_URL}"),
        ("url: '${BILLING_URL}'", "${BILLING_URL}"),
        ("url: \"${BILLING_URL}\\u00e9\"", "${BILLING_URL}"),
        ("url: >-\n  ${BILLING_URL}", "${BILLING_URL}"),
        ("url: &url \"${BILLING_URL}\"", "${BILLING_URL}"),
        ("url: !!str &url ${BILLING_URL}", "${BILLING_URL}"),
        ("url: &url\n  '${BILLING_URL}'", "${BILLING_URL}"),
    ])
    func positionsThroughQuotingAndEscapes(line: String, needle: String) throws {
        let environments = Self.environment("prod", [("BILLING_URL", "http://billing.example.com")])
        let text = "# 👨‍👩‍👧 éé\n" + Self.configuration(url: line)
        let findings = analyze([("config.yaml", text), ("environments.yaml", environments)]).findings(.insecureURL)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.range.start == (try Self.position(of: needle, in: text)), "\(findings)")
    }

    // MARK: Environment documents

    @Test func environmentsAreNotResources() {
        let analysis = analyze([("config.yaml", Self.configuration(url: "url: ${BILLING_URL}"))] + Self.twoEnvironments)
        #expect(analysis.findings(.unknownDocument).isEmpty)
        #expect(analysis.model.providers.count == 1)
        #expect(analysis.model.namedCredentials.count == 1)
    }

    @Test func environmentDocumentProblems() throws {
        let text = Self.environment("prod", [("BILLING_URL", "https://a.example.com"), ("lower", "x"), ("PORT", "443")])
            + "---\n" + Self.environment("Prod", [("BILLING_URL", "https://b.example.com")])
            + "---\napiVersion: credc/v1\nkind: Environment\nname: uat\nvars: {}\n"
        let analysis = analyze([("environments.yaml", text), ("config.yaml", Self.configuration(url: "url: ${BILLING_URL}"))])
        let syntax = analysis.findings(.variableSyntax)
        #expect(syntax.count == 1)
        #expect(syntax.first?.range.start == (try Self.position(of: "lower", in: text)))
        let mismatch = analysis.findings(.typeMismatch)
        #expect(mismatch.count == 1)
        #expect(mismatch.first?.range.start == (try Self.position(of: "443", in: text)))
        #expect(mismatch.first?.message == "variable 'PORT' must be a string, found an integer")
        let duplicate = analysis.findings(.duplicateName)
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.range.start.line == 11)
        let unknown = analysis.findings(.unknownField)
        #expect(unknown.map(\.range.start) == [try Self.position(of: "vars", in: text)])
    }

    // MARK: Templates

    @Test func templateParts() {
        let template = VariableTemplate("a $${X} ${B_2}$")
        #expect(template.problems.isEmpty)
        #expect(template.uses.map(\.name) == ["B_2"])
        #expect(template.uses.first?.part.offset == 8)
        #expect(template.uses.first?.part.length == 6)
        #expect(template.substituted { $0 == "B_2" ? "é" : nil } == "a ${X} é$")
        #expect(template.substituted { _ in nil } == "a ${X} ${B_2}$")
        let spans = template.substitutedSpans { _ in "long value" }
        #expect(spans.map(\.start) == [0, 2, 4, 7, 17])
    }

    @Test(arguments: ["${", "${}", "${a}", "${1A}", "${A B}", "x${A-B}"])
    func malformedTemplates(text: String) {
        #expect(VariableTemplate(text).problems.count == 1)
        #expect(VariableTemplate(text).uses.isEmpty)
    }

    // MARK: The field table

    @Test func fieldsThatAllowVariables() {
        func allows(_ fields: [FieldSpec], _ name: String) -> Bool? { fields.first { $0.name == name }?.allowsVariables }
        #expect(allows(Fields.namedCredential, "url") == true)
        #expect(allows(Fields.namedCredential, "label") == true)
        #expect(allows(Fields.provider, "tokenUrl") == true)
        #expect(allows(Fields.provider, "defaultScopes") == true)
        #expect(allows(Fields.externalCredential, "scope") == true)
        #expect(allows(Fields.externalCredential, "description") == true)
        #expect(allows(Fields.namedCredential, "name") == false)
        #expect(allows(Fields.namedCredential, "externalCredential") == false)
        #expect(allows(Fields.externalCredential, "identityProvider") == false)
        #expect(allows(Fields.externalCredential, "flow") == false)
        #expect(allows(Fields.externalCredential, "protocol") == false)
        #expect(allows(Fields.externalCredential, "apiVersion") == false)
        #expect(allows(Fields.externalCredential, "kind") == false)
        #expect(allows(Fields.principal, "name") == false)
        #expect(allows(Fields.principal, "identityType") == false)
        #expect(allows(Fields.principal, "permissionSets") == false)
        #expect(allows(Fields.principal, "profiles") == false)
        #expect(allows(Fields.namedCredential, "enabled") == false)
    }
}
