import Diagnostics
import JSON
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func keepsBooleansIntegersAndFloatsApart() throws {
        let value = try parse(#"{"t": true, "one": 1, "float": 1.0, "exp": 1e2, "big": 99999999999999999999, "neg": -0}"#)
        #expect(
            value == [
                "t": true, "one": 1, "float": .float(1.0), "exp": .float(100), "big": .float(1e20), "neg": 0,
            ])
    }

    @Test func decodesEscapesAndUTF8() throws {
        #expect(try parse(#""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\ é""#) == .string("é😀/\u{08}\u{0C}\n\r\t\"\\ é"))
        #expect(try parse("\u{FEFF}[]") == [])
    }

    @Test(arguments: [
        ("", "expected a JSON value, found the end of the input", 1, 1),
        ("  \n  ", "expected a JSON value, found the end of the input", 2, 3),
        ("{\"a\": 1,}", "expected a string key in an object, found '}'", 1, 9),
        ("[1, 2", "unterminated array: expected ',' or ']'", 1, 6),
        ("{\"a\": 1, \"a\": 2}", "duplicate key 'a' in an object", 1, 10),
        ("[01]", "invalid number: leading zeros are not allowed", 1, 2),
        ("[1.]", "invalid number: expected a digit after '.'", 1, 2),
        ("[-]", "invalid number: expected a digit after '-'", 1, 2),
        ("1e999", "number 1e999 is out of range", 1, 1),
        ("tru", "invalid literal: expected 'true'", 1, 1),
        ("True", "expected a JSON value, found 'T'", 1, 1),
        ("{} {}", "unexpected '{' after the JSON value", 1, 4),
        ("\"abc", "unterminated string", 1, 1),
        ("\"a\tb\"", "control character 0x9 in a string must be escaped", 1, 3),
        (#""\ud800""#, "lone high surrogate \\uD800 in a string", 1, 2),
        (#""\udc00x""#, "lone low surrogate \\uDC00 in a string", 1, 2),
        (#""\x""#, "invalid escape sequence in a string", 1, 2),
        (#""\u12g4""#, "invalid \\u escape: expected four hexadecimal digits", 1, 2),
        ("// comment\n{}", "expected a JSON value, found '/'", 1, 1),
        ("{\"é\": nope}", "invalid literal: expected 'null'", 1, 7),
    ])
    func reportsWhatAndWhere(text: String, message: String, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.message == message)
            #expect(error.position.line == line)
            #expect(error.position.column == column)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
    }

    @Test func limitsNestingWithoutCrashing() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parse(ok) }
        for text in [
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
            String(repeating: "[", count: 100_000),
            String(repeating: "{\"a\":", count: 100_000),
        ] {
            do {
                _ = try parse(text)
                Issue.record("deep nesting was accepted")
            } catch {
                #expect(error.message == "arrays and objects are nested more than 64 levels deep")
            }
        }
    }

    @Test func neverTrapsOnTruncatedOrArbitraryInput() {
        let document = Array(sampleManifest.text.utf8)
        for length in 0..<(document.count - 1) {  // the last prefix lacks only the newline
            #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(document[..<length])) }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("{}[]\",:\\ -0123456789.eEtrufalsn\u{1}é".utf8)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            _ = try? JSONValue.parse(bytes)
        }
    }

    @Test func roundTripsThroughTheWriters() throws {
        let value: JSONValue = ["a": [1, -2, "x\u{1}/é"], "b": ["c": nil, "d": false], "e": .float(0.5)]
        #expect(try JSONValue.parse(Array(value.prettyPrinted.utf8)) == value)
        #expect(try JSONValue.parse(Array(value.canonical.utf8)) == value)
    }

    @Test func locatesValuesByPath() {
        let text = Array("{\"a\": [1, {\"b\": \"é\"}],\n \"c\": null}".utf8)
        #expect(JSONValue.range(of: "a[1].b", in: text) == SourceRange(line: 1, column: 17, endLine: 1, endColumn: 20))
        #expect(JSONValue.range(of: "c", in: text) == SourceRange(line: 2, column: 7, endLine: 2, endColumn: 11))
        // A member that is not there: the object that lacks it.
        #expect(JSONValue.range(of: "a[1].missing", in: text)?.start == SourcePosition(line: 1, column: 11))
        #expect(JSONValue.range(of: "", in: text)?.start == SourcePosition(line: 1, column: 1))
        #expect(JSONValue.range(of: "a", in: Array("{".utf8)) == nil)
    }
}
