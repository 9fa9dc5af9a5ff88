import Checker
import Diagnostics
import Testing

@Suite("Scope formulas")
struct ScopeFormulaTests {
    @Test("valid scopes have no issues", arguments: [
        "",
        "api refresh_token",
        "a } b { c",
        #"{!"session:role:" + $User.Department}"#,
        #"prefix {!$Credential.Billing_API.Scope & " x"} suffix"#,
        #"{!BASE64ENCODE(BLOB("a:" + $User.Email))}"#,
        #"{!((("a")) & ($Organization.Name + ("b" & $Profile.Name)))}"#,
        #"{!base64encode(Blob($User.Email))} {!Hex(base64Decode("YQ=="))}"#,
        #"{!"say \"hi\" \\ done"}"#,
        #"{!HASH("SHA-256", $User.Email)}"#,
        #"{!HMAC("SHA256", "value", $Credential.Billing_API.Key)}"#,
        #"{!"}"} and {!$Permission.Can_Call_Billing}"#,
        "{!  $user.Custom_Field__c\n  }",
        // #26: documented standard fields, any case, and the documented families of flags.
        "{!$User.FederationIdentifier + $user.department + $User.UIThemeDisplayed + $User.UserPreferencesHideS1BrowserUI}",
        "{!$Organization.Id & $Organization.InstanceName & $Organization.PreferencesRequireOpportunityProducts}",
        "{!$Profile.LicenseType & $Profile.PermissionsApiEnabled & $Organization.ns__Region__C}",
        "é👨‍👩‍👧 {!$User.Email}",
        String(repeating: "a", count: 3_900),
    ])
    func valid(scope: String) {
        #expect(validateScope(scope) == [])
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        var scope: String
        var offset: Int
        var length: Int
        var message: String
        var suggestion: String? = nil
        var testDescription: String { scope }
    }

    @Test("each error is reported once, at its offset", arguments: [
        // Unterminated formula and string.
        Invalid(scope: #"{!"a" + $User.Email"#, offset: 0, length: 2,
                message: "unterminated formula: '{!' has no closing '}'"),
        Invalid(scope: #"api {!BLOB("#, offset: 4, length: 2, message: "unterminated formula"),
        Invalid(scope: #"{!"abc}"#, offset: 2, length: 1, message: "unterminated string literal: add a closing '\"'"),
        Invalid(scope: #"{!"a\"}"#, offset: 2, length: 1, message: "unterminated string literal"),
        // Empty expression.
        Invalid(scope: "{!}", offset: 0, length: 3, message: "empty formula: expected an expression between '{!' and '}'"),
        Invalid(scope: "x {!  }", offset: 2, length: 5, message: "empty formula"),
        // Unexpected tokens.
        Invalid(scope: #"{!"a" + }"#, offset: 8, length: 1, message: "expected an operand after '+', found '}'"),
        Invalid(scope: #"{!"a" & & "b"}"#, offset: 8, length: 1, message: "expected an operand after '&', found '&'"),
        Invalid(scope: #"{!"a" "b"}"#, offset: 6, length: 3,
                message: #"expected '+', '&' or '}' after an operand, found string literal "b""#),
        Invalid(scope: #"{!BLOB("a",)}"#, offset: 11, length: 1, message: "expected an operand after ',', found ')'"),
        Invalid(scope: #"{!HASH("a" "b")}"#, offset: 11, length: 3, message: "expected '+', '&', ',' or ')' after an operand"),
        Invalid(scope: #"{!+ "a"}"#, offset: 2, length: 1, message: "expected an operand after '{!', found '+'"),
        Invalid(scope: #"{!'a'}"#, offset: 2, length: 1, message: "string literals in scope formulas use double quotes"),
        Invalid(scope: #"{!"a" - "b"}"#, offset: 6, length: 1, message: "scope formulas only concatenate, with '+' or '&'"),
        Invalid(scope: #"{!BLOB}"#, offset: 6, length: 1, message: "expected '(' after 'BLOB', found '}': BLOB(expr)"),
        Invalid(scope: #"{!42}"#, offset: 2, length: 2, message: "unexpected '42': expected a string literal"),
        Invalid(scope: "{!User.Email}", offset: 2, length: 10, message: "merge fields start with '$'",
                suggestion: "$User.Email"),
        // Unbalanced parentheses.
        Invalid(scope: #"{!("a" + "b"}"#, offset: 2, length: 1, message: "unclosed '(': expected ')'"),
        Invalid(scope: #"{!BLOB("a"}"#, offset: 6, length: 1, message: "unclosed '('"),
        Invalid(scope: #"{!"a")}"#, offset: 5, length: 1, message: "unmatched ')'"),
        Invalid(scope: #"{!("a" + "b"))}"#, offset: 13, length: 1, message: "unmatched ')'"),
        // Unknown functions.
        Invalid(scope: "{!BASE64ENCOD($User.Email)}", offset: 2, length: 11,
                message: "unknown function 'BASE64ENCOD'", suggestion: "BASE64ENCODE"),
        Invalid(scope: #"x {!hmca("a", "b", "c")}"#, offset: 4, length: 4,
                message: "unknown function 'hmca'", suggestion: "HMAC"),
        Invalid(scope: #"{!UPPER("a")}"#, offset: 2, length: 5,
                message: "unknown function 'UPPER': scope formulas can call BASE64DECODE, BASE64ENCODE, BLOB, HASH, HEX and HMAC"),
        // Unknown namespaces.
        Invalid(scope: "{!$Usr.Email}", offset: 2, length: 4,
                message: "unknown merge-field namespace '$Usr'", suggestion: "$User"),
        Invalid(scope: "{!$Organisation.Name}", offset: 2, length: 13,
                message: "unknown merge-field namespace '$Organisation'", suggestion: "$Organization"),
        Invalid(scope: "{!$Api.Session_ID}", offset: 2, length: 4,
                message: "unknown merge-field namespace '$Api': expected $User, $Organization, $Profile, $Permission or $Credential"),
        // #26: standard fields are a documented list; custom fields end in __c.
        Invalid(scope: #"{!"role:" + $User.Departmnt}"#, offset: 18, length: 9,
                message: "unknown field 'Departmnt' of $User: not a standard field, and a custom field's name ends in '__c'",
                suggestion: "Department"),
        Invalid(scope: "{!$Organization.InstanceNmae}", offset: 16, length: 12,
                message: "unknown field 'InstanceNmae' of $Organization", suggestion: "InstanceName"),
        Invalid(scope: "{!$Profile.Nmae}", offset: 11, length: 4, message: "unknown field 'Nmae' of $Profile", suggestion: "Name"),
        Invalid(scope: "{!$User.Region_c}", offset: 8, length: 8,
                message: "unknown field 'Region_c' of $User: not a standard field, and a custom field's name ends in '__c'"),
        // Malformed merge fields.
        Invalid(scope: "{!$User}", offset: 2, length: 5, message: "incomplete merge field '$User': expected '$User.Field'"),
        Invalid(scope: "{!$Credential.Billing_API}", offset: 2, length: 23,
                message: "incomplete merge field '$Credential.Billing_API': expected '$Credential.Credential_Name.Param'"),
        Invalid(scope: "{!$User.Email.Domain}", offset: 2, length: 18,
                message: "merge field '$User.Email.Domain' has too many parts: expected '$User.Field'"),
        Invalid(scope: "{!$User.}", offset: 7, length: 1, message: "expected a field name after '$User.'"),
        Invalid(scope: "{!$Credential..Scope}", offset: 13, length: 1,
                message: "expected a credential name after '$Credential.'"),
        Invalid(scope: "{!$User.1abc}", offset: 8, length: 4, message: "invalid field name '1abc' in '$User.1abc'"),
        Invalid(scope: "{!$.Email}", offset: 2, length: 1, message: "expected a merge-field namespace after '$'"),
        // Documented arities.
        Invalid(scope: "{!HASH($User.Email)}", offset: 2, length: 17,
                message: "'HASH' takes 2 arguments but 1 was given: HASH(algorithm, expr)"),
        Invalid(scope: "{!BLOB()}", offset: 2, length: 6, message: "'BLOB' takes 1 argument but none was given: BLOB(expr)"),
        Invalid(scope: #"{!HMAC("SHA256", "v")}"#, offset: 2, length: 19,
                message: "'HMAC' takes 3 arguments but 2 were given: HMAC(algorithm, valueToSign, secretSigningKey)"),
        // Offsets count Unicode scalars: é is 1, the family emoji is 5.
        Invalid(scope: "é👨‍👩‍👧 {!$Usr.Email}", offset: 9, length: 4, message: "'$Usr'", suggestion: "$User"),
        // Length.
        Invalid(scope: String(repeating: "a", count: 3_901), offset: 3_900, length: 1,
                message: "scope is 3901 characters long; Salesforce allows at most 3,900"),
    ])
    func invalid(_ example: Invalid) throws {
        let issues = validateScope(example.scope)
        try #require(issues.count == 1, "\(issues)")
        #expect(issues[0].offset == example.offset)
        #expect(issues[0].length == example.length)
        #expect(issues[0].message.contains(example.message), "\(issues[0].message)")
        #expect(issues[0].suggestion == example.suggestion)
        #expect(issues[0].message.first?.isUppercase == false)
    }

    @Test func everyFormulaIsCheckedOnItsOwn() {
        let issues = validateScope(#"{!$Usr.A} {!"ok"} {!BLOB} {!"}"#)
        #expect(issues.map(\.offset) == [2, 24, 28])
        #expect(issues.map(\.suggestion) == ["$User", nil, nil])
    }

    @Test func aTooLongScopeStillHasItsFormulasChecked() {
        let issues = validateScope("{!$Usr.Email} " + String(repeating: "a", count: 4_000))
        #expect(issues.map(\.offset) == [2, 3_900])
        #expect(issues[1].length == 114)
    }
}
