import Checker
import Diagnostics
import Testing

@Suite("Credential formulas")
struct FormulaTests {
    static let environment = FormulaEnvironment(credentials: [
        .init(name: "Orders_API", parameters: ["ApiKey", "Username", "Password"]),
        .init(name: "Billing_API", parameters: nil),
    ])

    @Test("valid values have no issues", arguments: [
        "",
        "application/json",
        "a } b { c",
        "Bearer {!$Credential.Orders_API.ApiKey}",
        "{!'Bearer ' & $Credential.Orders_API.ApiKey}",
        #"{!"Bearer " + $Credential.Orders_API.ApiKey}"#,
        #"{!TEXT(FLOOR((NOW() - DATETIMEVALUE("1970-01-01 00:00:00")) * 86400 + 180))}"#,
        #"{!Text(FLOOR((NOW() - DATETIMEVALUE("1970-01-01 00:00:00")) * 86400 + 120))}"#,
        "{!'Basic ' & BASE64ENCODE(BLOB($Credential.Orders_API.Username & ':' & $Credential.Orders_API.Password))}",
        "{!HEX(HASH('SHA-256', BLOB($Credential.Orders_API.Username)))}",
        "{!HEX(HASH('sha-256', $Credential.Orders_API.Body))}",
        #"{!HMAC("SHA-256", BLOB("v"), BASE64DECODE($Credential.Orders_API.ApiKey))}"#,
        "{!BASE64ENCODE(SIGN('RSA-SHA256', BLOB('x'), $Credential.Orders_API.ApiKey))}",
        "{!SIGN_WITH_CERTIFICATE('RSA-SHA256', BLOB('x'), 'integration_cert')}",
        // Every operator.
        "{!1 + 2 - 3 * 4 / 5 ^ 6}",
        "{!-1 + -(2) * +3}",
        "{!IF(1 = 1 && 2 == 2 || 3 != 4 && 5 <> 6, 'a', 'b')}",
        "{!IF(1 < 2 && 2 <= 3 && 4 > 3 && 4 >= 4, 'yes', 'no')}",
        "{!'a' & 'b' + 'c'}",
        "{!IF(ISBLANK($User.Email), NULL, TRUE) & FALSE}",
        // Escapes inside both quotes; a `}` inside a literal does not close the formula.
        #"{!'it\'s' & "say \"hi\" \\ }"}"#,
        // Names ignore case; nesting.
        "{!base64Encode(Blob(Upper(Trim(Substitute(Mid(Left(Right('abcdef', 5), 4), 1, 2), 'a', 'b')))))}",
        "{!TEXT(MAX(1, 2, 3) + MIN(4) + ABS(-1) + CEILING(1.5) + ROUND(1.25, 1) + MOD(7, 2) + LEN('x') + VALUE('1'))}",
        "{!TEXT(DATEVALUE(NOW())) & TEXT(TODAY()) & LOWER(BLANKVALUE($User.Department, 'none'))}",
        "{!AND(TRUE, NOT(FALSE), OR(FALSE, TRUE))}",
        // Two formulas in one value, with static text between them.
        "a {!$User.Email} b {!'c'} d",
        "{!  $Credential.Billing_API.Anything\n  }",
        "é👨‍👩‍👧 {!$Credential.orders_api.apikey}",
        "{!" + String(repeating: " ", count: 3_895) + "1}",
    ])
    func valid(value: String) {
        #expect(validateFormulaValue(value, environment: Self.environment) == [])
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        var value: String
        var offset: Int
        var length: Int
        var message: String
        var suggestion: String? = nil
        var testDescription: String { value }
    }

    @Test("each error is reported once, at its offset", arguments: [
        // Unterminated and empty.
        Invalid(value: "Bearer {!$Credential.Orders_API.ApiKey", offset: 7, length: 2,
                message: "unterminated formula: '{!' has no closing '}'"),
        Invalid(value: "{!'abc}", offset: 2, length: 1, message: #"unterminated string literal: add a closing "'""#),
        Invalid(value: #"{!"abc}"#, offset: 2, length: 1, message: "unterminated string literal: add a closing '\"'"),
        Invalid(value: #"{!'a\'}"#, offset: 2, length: 1, message: "unterminated string literal"),
        Invalid(value: "x {! }", offset: 2, length: 4, message: "empty formula"),
        // Operators without operands, operands without operators.
        Invalid(value: "{!1 + }", offset: 6, length: 1, message: "expected an operand after '+', found '}'"),
        Invalid(value: "{!1 * * 2}", offset: 6, length: 1, message: "expected an operand after '*', found '*'"),
        Invalid(value: "{!1 <= }", offset: 7, length: 1, message: "expected an operand after '<=', found '}'"),
        Invalid(value: "{!TRUE && }", offset: 10, length: 1, message: "expected an operand after '&&', found '}'"),
        Invalid(value: "{!'a' 'b'}", offset: 6, length: 3,
                message: "expected an operator or '}' after an operand, found string literal 'b'"),
        Invalid(value: "{!1 2}", offset: 4, length: 1, message: "found number 2"),
        Invalid(value: "{!TRUE | FALSE}", offset: 7, length: 1, message: "the OR operator is '||'"),
        Invalid(value: "{!1 ! 2}", offset: 4, length: 1, message: "'not equal' is '!=' or '<>'"),
        Invalid(value: "{!1 % 2}", offset: 4, length: 1, message: "unexpected character '%'"),
        Invalid(value: "{!BLOB('a',)}", offset: 11, length: 1, message: "expected an operand after ',', found ')'"),
        Invalid(value: "{!BLOB}", offset: 6, length: 1, message: "expected '(' after 'BLOB', found '}': BLOB(expr)"),
        Invalid(value: "{!abc}", offset: 2, length: 3, message: "unexpected 'abc': expected a string literal"),
        Invalid(value: "{!User.Email}", offset: 2, length: 10, message: "merge fields start with '$'",
                suggestion: "$User.Email"),
        // Parentheses.
        Invalid(value: "{!(1 + 2}", offset: 2, length: 1, message: "unclosed '('"),
        Invalid(value: "{!FLOOR(1}", offset: 7, length: 1, message: "unclosed '('"),
        Invalid(value: "{!1)}", offset: 3, length: 1, message: "unmatched ')'"),
        // Unknown functions, with and without a suggestion.
        Invalid(value: "{!BASE64ENCOD(BLOB('a'))}", offset: 2, length: 11, message: "unknown function 'BASE64ENCOD'",
                suggestion: "BASE64ENCODE"),
        Invalid(value: "{!Txet(NOW())}", offset: 2, length: 4, message: "unknown function 'Txet'", suggestion: "TEXT"),
        Invalid(value: "{!GETSESSIONID()}", offset: 2, length: 12,
                message: "unknown function 'GETSESSIONID': credential formulas can call ABS, AND"),
        // Arity.
        Invalid(value: "{!NOW(1)}", offset: 2, length: 6, message: "'NOW' takes 0 arguments but 1 was given: NOW()"),
        Invalid(value: "{!MID('a', 1)}", offset: 2, length: 11,
                message: "'MID' takes 3 arguments but 2 were given: MID(text, start_num, num_chars)"),
        Invalid(value: "{!MAX()}", offset: 2, length: 5,
                message: "'MAX' takes at least 1 argument but none was given: MAX(number, ...)"),
        Invalid(value: "{!SIGN('RSA-SHA256', 'x')}", offset: 2, length: 23,
                message: "'SIGN' takes 3 arguments but 2 were given: SIGN(algorithmName, input, privateKey)"),
        // SHA-256 only.
        Invalid(value: "{!HEX(HASH('MD5', BLOB('a')))}", offset: 12, length: 3,
                message: "'HASH' supports only the algorithm 'SHA-256', not 'MD5'", suggestion: "SHA-256"),
        Invalid(value: #"{!HMAC("SHA256", BLOB("v"), BLOB("k"))}"#, offset: 8, length: 6,
                message: "'HMAC' supports only the algorithm 'SHA-256', not 'SHA256'", suggestion: "SHA-256"),
        Invalid(value: "{!HASH('', BLOB('a'))}", offset: 8, length: 0,
                message: "'HASH' supports only the algorithm 'SHA-256', not ''", suggestion: "SHA-256"),
        // Merge fields.
        Invalid(value: "{!$Usr.Email}", offset: 2, length: 4, message: "unknown merge-field namespace '$Usr'",
                suggestion: "$User"),
        Invalid(value: "{!$User.Emial}", offset: 8, length: 5, message: "unknown field 'Emial' of $User", suggestion: "Email"),
        Invalid(value: "{!$Credential.OAuthToken}", offset: 2, length: 22, message: "incomplete merge field"),
        Invalid(value: "{!$Credential.Ordres_API.ApiKey}", offset: 14, length: 10,
                message: "'$Credential.Ordres_API.ApiKey' names no external credential 'Ordres_API' of this configuration",
                suggestion: "Orders_API"),
        Invalid(value: "{!$Credential.Shipping.Key}", offset: 14, length: 8,
                message: "names no external credential 'Shipping' of this configuration (external credentials: Billing_API, Orders_API)"),
        Invalid(value: "Bearer {!$Credential.Orders_API.ApiKy}", offset: 32, length: 5,
                message: "external credential 'Orders_API' has no parameter 'ApiKy': its principals' secrets declare 'ApiKey', 'Password', 'Username', and 'Body' is the evaluated request body",
                suggestion: "ApiKey"),
        // Offsets count Unicode scalars of the decoded value: é is 1, the family emoji is 5.
        Invalid(value: "é👨‍👩‍👧 {!$Usr.Email}", offset: 9, length: 4, message: "'$Usr'", suggestion: "$User"),
        // Length.
        Invalid(value: "{!'" + String(repeating: "a", count: 3_896) + "'}", offset: 3_900, length: 1,
                message: "formula value is 3901 characters long; Salesforce allows at most 3,900"),
    ])
    func invalid(_ example: Invalid) throws {
        let issues = validateFormulaValue(example.value, environment: Self.environment)
        try #require(issues.count == 1, "\(issues)")
        #expect(issues[0].offset == example.offset)
        #expect(issues[0].length == example.length)
        #expect(issues[0].message.contains(example.message), "\(issues[0].message)")
        #expect(issues[0].suggestion == example.suggestion)
        #expect(issues[0].message.first?.isUppercase == false)
    }

    @Test func withoutAnEnvironmentAnyCredentialIsAccepted() {
        #expect(validateFormulaValue("{!$Credential.Anything.Key}") == [])
    }

    @Test func everyFormulaIsCheckedOnItsOwn() {
        let issues = validateFormulaValue("{!$Usr.A} {!'ok'} {!BLOB} {!'}")
        #expect(issues.map(\.offset) == [2, 24, 28])
    }

    @Test func aLongStaticValueIsNotAFormula() {
        #expect(validateFormulaValue(String(repeating: "a", count: 5_000)) == [])
    }

    @Test func deepNestingIsRefusedNotFollowed() {
        let deep = "{!" + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200) + "}"
        let issues = validateFormulaValue(deep)
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("nests deeper than 64") == true)
        let signs = "{!" + String(repeating: "-", count: 200) + "1}"
        #expect(validateFormulaValue(signs).first?.message.contains("nests deeper") == true)
    }
}
