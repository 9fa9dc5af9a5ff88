import Diagnostics
import JSON
import Model
import Schema

// JWT claims and header entries the platform rejects (SPEC §10; SALESFORCE.md §12: the
// validator's "The JWT aud claim has invalid JSON syntax", `alg` RS256 or RS512).

/// A credential's `jwt:` entries, wherever the model keeps them.
struct JWTSite {
    struct Entry {
        var name: Located<String>
        var value: Located<String>?
    }

    var file: String
    var header: [Entry]
    var claims: [Entry]
}

/// Every credential's `jwt:`; entries without a name are left to `missing-field`.
/// Made one at a time as the rule walks them, not collected: a large model has one per credential.
func jwtSites(in model: Model) -> some Sequence<JWTSite> {
    model.externalCredentials.lazy.compactMap { credential in
        guard let jwt = credential.jwt else { return nil }
        func entries(_ id: FieldID) -> [JWTSite.Entry] {
            jwt.objects(id).compactMap { row in row.string(.name).map { JWTSite.Entry(name: $0, value: row.string(.value)) } }
        }
        return JWTSite(file: credential.origin.file, header: entries(.header), claims: entries(.claims))
    }
}

/// What is wrong with a value, and the value meant, if there is one.
struct ValueProblem: Hashable, Sendable {
    var message: String
    var suggestion: String? = nil
}

/// The JWT header algorithms Salesforce signs with (Help "OAuth 2.0 Bearer Flow JWT Claims",
/// SALESFORCE.md §12).
let jwtAlgorithms = ["RS256", "RS512"]

/// The registered claims whose value is a NumericDate (RFC 7519 §4.1.4-§4.1.6).
let jwtTimeClaims: Set<String> = ["exp", "iat", "nbf"]

/// `aud`: a JSON value with its quotes (`"https://login.example.com"`), or a formula.
func jwtAudienceProblem(_ value: String) -> ValueProblem? {
    if containsFormula(value) || isVariable(value) { return nil }
    if (try? JSONValue.parse(Array(value.utf8))) != nil { return nil }
    return ValueProblem(message: JWTMessages.audienceNotJSON, suggestion: JSONValue.string(value).compact)
}

/// `alg`: RS256 or RS512, or a formula.
func jwtAlgorithmProblem(_ value: String) -> ValueProblem? {
    if containsFormula(value) || isVariable(value) || jwtAlgorithms.contains(value) { return nil }
    let upper = value.uppercased()
    return ValueProblem(
        message: JWTMessages.algorithm(value), suggestion: jwtAlgorithms.contains(upper) ? upper : nil)
}

/// `exp`, `iat`, `nbf`: a number of seconds since 1970-01-01 UTC, or a formula.
func jwtTimeClaimProblem(name: String, value: String) -> ValueProblem? {
    if containsFormula(value) || isVariable(value) || isNumericDate(value) { return nil }
    return ValueProblem(message: JWTMessages.timeClaim(name))
}

/// A JSON number that is not negative: RFC 7519's NumericDate.
private func isNumericDate(_ value: String) -> Bool {
    guard !value.hasPrefix("-") else { return false }
    switch try? JSONValue.parse(Array(value.utf8)) {
    case .integer?, .float?: return true
    default: return false
    }
}

/// A value still holding `${VARIABLE}`: judged after substitution, in each environment's run (SPEC §7).
func isVariable(_ value: String) -> Bool { value.contains("${") }

/// `jwt-claim`.
struct JWTClaim: ModelRule {
    let descriptor = RuleDescriptor(
        .jwtClaim, .error, "a JWT claim or header the platform rejects",
        "Salesforce builds the JWT of a JWT bearer or JWT credential from its claim and header rows, and rejects some at deploy or callout time: `aud` must be valid JSON (a JSON string keeps its quotes: `\"https://login.example.com\"`), the header's `alg` must be RS256 or RS512, a claim or header name may be given once, and the registered time claims `exp`, `iat` and `nbf` are NumericDates: a number of seconds since 1970, or a formula such as `{!TEXT(FLOOR((NOW() - DATETIMEVALUE(\"1970-01-01 00:00:00\")) * 86400 + 180))}`. Values with formulas are checked by `formula-syntax`.",
        failing: Example.jwtCredential(audience: "1️⃣https://login.example.com"),
        passing: Example.jwtCredential(audience: "'\"https://login.example.com\"'"))

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for site in jwtSites(in: context.model) { findings += Self.findings(at: site) }
    }

    static func findings(at site: JWTSite) -> [Finding] {
        var findings: [Finding] = []
        reportDuplicates(site.header, kind: "header", file: site.file, into: &findings)
        reportDuplicates(site.claims, kind: "claim", file: site.file, into: &findings)
        for entry in site.header where entry.name.value == "alg" {
            guard let value = entry.value, let problem = jwtAlgorithmProblem(value.value) else { continue }
            findings.append(Finding(.jwtClaim, problem.message, file: site.file, at: value, suggestion: problem.suggestion))
        }
        for entry in site.claims {
            guard let value = entry.value else { continue }
            let name = entry.name.value
            let problem =
                name == "aud"
                ? jwtAudienceProblem(value.value)
                : jwtTimeClaims.contains(name) ? jwtTimeClaimProblem(name: name, value: value.value) : nil
            if let problem {
                findings.append(Finding(.jwtClaim, problem.message, file: site.file, at: value, suggestion: problem.suggestion))
            }
        }
        return findings
    }

    /// JWT names are case-sensitive (RFC 7519 §4): `Exp` is not `exp`.
    private static func reportDuplicates(_ entries: [JWTSite.Entry], kind: String, file: String, into findings: inout [Finding]) {
        var first: [String: Located<String>] = [:]
        for entry in entries {
            if let earlier = first[entry.name.value] {
                findings.append(
                    Finding(
                        .jwtClaim, JWTMessages.duplicate(kind, entry.name.value), file: file, at: entry.name,
                        notes: [Note("first given here", file: file, range: earlier.range)]))
            } else {
                first[entry.name.value] = entry.name
            }
        }
    }
}

/// The words of `jwt-claim`, in one place.
enum JWTMessages {
    static let audienceNotJSON =
        "the JWT aud claim is not valid JSON: write a JSON value, such as a string with its quotes ('\"https://login.example.com\"'), or a formula"

    static func algorithm(_ value: String) -> String {
        "JWT header alg '\(value)' is not one Salesforce signs with: use RS256 or RS512"
    }

    static func timeClaim(_ name: String) -> String {
        "JWT claim \(name) must be a NumericDate (seconds since 1970-01-01 UTC) or a formula"
    }

    static func duplicate(_ kind: String, _ name: String) -> String {
        "JWT \(kind) '\(name)' is given twice"
    }
}

extension Example {
    /// A JWT bearer credential with the claims real files hold.
    static func jwtCredential(audience: String) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Data_Cloud
        label: Data Cloud
        protocol: OAuth
        flow: JwtBearer
        tokenUrl: https://login.example.com/services/oauth2/token
        signingCertificate: integration_cert
        jwt:
          header:
            - {name: alg, value: RS256}
          claims:
            - name: iss
              value: 3MVG9example
            - name: aud
              value: \(audience)
            - name: exp
              value: '{!TEXT(FLOOR((NOW() - DATETIMEVALUE("1970-01-01 00:00:00")) * 86400 + 180))}'
        principals:
          - {name: Sales_User, sequence: 1, permissionSets: [Data_Cloud_Users]}

        """
    }
}
