import Diagnostics
import Model
import Schema
import YAML

// Formulas outside `scope` (SPEC §10): auth headers, JWT claims and headers, named-credential
// headers, checked on their decoded text and mapped back to the file through their quoting.

/// A value that may hold formulas, wherever the model keeps one.
struct FormulaSite {
    var value: Located<String>
    /// How the value was quoted, to map formula offsets to file columns.
    var style: ScalarStyle?
    var file: String
    /// How a message names the value: `auth header`, followed by the row's `name`.
    var place: String
    /// The row's name (`X-Api-Key`), quoted after `place` only in a message.
    var name: String? = nil

    var described: String { name.map { "\(place) '\($0)'" } ?? place }
}

/// Every value of the model that holds a formula, in model order: auth headers, JWT header
/// claims and claims, named-credential headers. `scope` has its own rule, `scope-formula`.
/// One walk over the model, and a value is located only when it holds a formula: a large
/// model has a row per header, and most hold none.
func formulaSites(in model: Model) -> [FormulaSite] {
    var sites: [FormulaSite] = []
    func visit(_ rows: [ModelRecord], file: String, place: String) {
        for row in rows {
            guard let text = row.text(.value), containsFormula(text), let value = row.string(.value) else { continue }
            sites.append(FormulaSite(value: value, style: row.style(.value), file: file, place: place, name: row.text(.name)))
        }
    }
    for credential in model.externalCredentials {
        let file = credential.origin.file
        visit(credential.authHeaders, file: file, place: "auth header")
        if let jwt = credential.jwt {
            visit(jwt.objects(.header), file: file, place: "JWT header claim")
            visit(jwt.objects(.claims), file: file, place: "JWT claim")
        }
    }
    for named in model.namedCredentials {
        visit(named.headers, file: named.origin.file, place: "header")
    }
    return sites
}

/// The configuration's external credentials and the parameters their principals declare.
///
/// `mentioned` holds the lowercased words of the formulas checked: a credential none of them
/// names is never looked up, so its principals are not walked for parameters.
func formulaEnvironment(of model: Model, mentioned: Set<String>) -> FormulaEnvironment {
    FormulaEnvironment(
        credentials: model.externalCredentials.map { credential in
            if mentioned.isEmpty || !mentioned.contains(credential.name.value.lowercased()) {
                return .init(name: credential.name.value, parameters: nil)
            }
            let declaring = credential.principals.compactMap(\.secrets)
            guard !declaring.isEmpty else { return .init(name: credential.name.value, parameters: nil) }
            var keys: [String] = []
            for key in declaring.flatMap(\.entries).map(\.key.value) where !keys.contains(key) { keys.append(key) }
            return .init(name: credential.name.value, parameters: keys)
        },
        undecidable: model.unparsed.reduce(into: []) { $0.formUnion($1.words) },
        elsewhere: (model.elsewhere[.externalCredential] ?? [:]).keys.reduce(into: [:]) { why, name in
            why[name] = ReferenceMessages.outside(model, .externalCredential, name)
        })
}

/// `formula-syntax`.
struct FormulaSyntax: ModelRule {
    var isHeavy: Bool { true }

    let descriptor = RuleDescriptor(
        .formulaSyntax, .error,
        "a formula outside `scope` (auth header, HTTP header, JWT claim) that does not parse, uses an unknown function or merge field, or names an unknown credential or parameter in `$Credential.NAME.PARAM`",
        "Auth-header, HTTP-header and JWT claim and header values are static text with formulas `{!...}` in them, evaluated at callout time: a broken one fails every callout. A formula is built from string literals ('...' or \"...\"), numbers, merge fields ($User, $Organization, $Profile, $Permission, $Credential), function calls, parentheses and the operators + - * / ^ &, = == != <> < <= > >=, && and ||. The functions are the named-credential ones Salesforce documents (BASE64DECODE, BASE64ENCODE, BLOB, HASH, HEX, HMAC, SIGN, SIGN_WITH_CERTIFICATE; HASH and HMAC support only 'SHA-256'), those real JWT claims use (NOW, DATETIMEVALUE, FLOOR, TEXT) and a few common formula functions. `$Credential.NAME.PARAM` must name an external credential of the configuration and, when its principals declare `secrets:`, one of their parameters or `Body`. A value with a formula is at most 3,900 characters.",
        failing: Example.customCredential(headerValue: "'Bearer {!$Credential.Orders_API.1️⃣ApiKy}'"),
        passing: Example.customCredential(headerValue: "'Bearer {!$Credential.Orders_API.ApiKey}'"),
        fix: .safe)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        // A value without a formula has no finding.
        let sites = formulaSites(in: context.model)
        guard !sites.isEmpty else { return }
        var words: Set<String> = []
        for site in sites { insertCredentialWords(of: site.value.value, into: &words) }
        let environment = formulaEnvironment(of: context.model, mentioned: words)
        for site in sites {
            findings += Self.findings(at: site, environment: environment, source: context.files[site.file])
        }
    }

    /// The findings of one value; `source` is its file, to map offsets to columns.
    static func findings(at site: FormulaSite, environment: FormulaEnvironment, source: SourceFile?) -> [Finding] {
        validateFormulaValue(site.value.value, environment: environment).map { issue in
            let range =
                source?.range(ofScalarOffset: issue.offset, length: issue.length, in: site.value.range, style: site.style)
                ?? site.value.range
            return Finding(
                rule: .formulaSyntax, message: "\(site.described): \(issue.message)", file: site.file, range: range,
                path: site.value.path, suggestion: issue.suggestion)
        }
    }
}

extension Example {
    /// A Custom credential whose principal declares its API key, with an auth header.
    static func customCredential(headerValue: String) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Orders_API
        label: Orders API
        protocol: Custom
        authHeaders:
          - name: Authorization
            value: \(headerValue)
        principals:
          - name: Integration
            sequence: 1
            permissionSets: [Orders_Integration]
            secrets: {ApiKey: ORDERS_API_KEY}

        """
    }
}

private let credentialMarker = Array("credential.".utf8)

/// The lowercased words that follow `credential.` in `text`, in any case: the parser looks up
/// only the NAME of a `$Credential.NAME.PARAM` merge field, and a merge field is one token, so
/// NAME is always such a word. (Every word of every formula was collected before: 27% of the
/// rule's instructions, for a set only ever asked about credential names.)
func insertCredentialWords(of text: String, into words: inout Set<String>) {
    var text = text
    text.withUTF8 { bytes in
        let marker = credentialMarker
        var index = 0
        while index + marker.count < bytes.count {
            // The marker must start a word: `xcredential.` is another word.
            if index > 0, isWordByte(bytes[index - 1]) {
                index += 1
                continue
            }
            var matches = true
            for offset in 0..<marker.count where bytes[index + offset] | 0x20 != marker[offset] | 0x20 {
                matches = false
                break
            }
            guard matches else {
                index += 1
                continue
            }
            let start = index + marker.count
            var end = start
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            if end > start {
                words.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased())
            }
            index = end
        }
    }
}

/// A byte of a name as the formula lexer reads one (`FormulaLexer.isWordCharacter` without
/// the `.` between a merge field's parts): whatever names a credential is one of these words.
private func isWordByte(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
}
