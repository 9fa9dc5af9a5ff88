import JSON
import Testing

@Suite struct JSONWriterTests {
    @Test func prettyPrintsLikeJSONStringifyWithSortedKeys() {
        let value: JSONValue = [
            "b": [1, true, nil, "x"],
            "a": ["nested": ["deep": []], "empty": [:]],
            "": -7,
        ]
        let expected = """
            {
              "": -7,
              "a": {
                "empty": {},
                "nested": {
                  "deep": []
                }
              },
              "b": [
                1,
                true,
                null,
                "x"
              ]
            }

            """
        #expect(value.prettyPrinted == expected)
    }

    @Test func scalarsAndEmptyContainersAtTopLevel() {
        #expect(JSONValue.null.prettyPrinted == "null\n")
        #expect(JSONValue.array([]).prettyPrinted == "[]\n")
        #expect(JSONValue.object([:]).prettyPrinted == "{}\n")
        #expect(JSONValue.integer(Int.min).canonical == "-9223372036854775808")
    }

    @Test(arguments: [
        ("a\"b\\c", #""a\"b\\c""#),
        ("/ and </script>", #""/ and </script>""#),
        ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
        ("\u{00}\u{01}\u{1F}\u{7F}", #""\u0000\u0001\u001f\#u{7F}""#),
        ("é€😀 דּ", #""é€😀 דּ""#),
        ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
    ])
    func escapesStringsLikeJavaScript(input: String, expected: String) {
        #expect(JSONValue.string(input).canonical == expected)
        #expect(JSONValue.string(input).prettyPrinted == expected + "\n")
    }

    @Test func prettyKeysSortByCodePointCanonicalKeysByUTF16() {
        // RFC 8785 §3.2.3: U+1F600 is a surrogate pair in UTF-16, so it sorts before U+FB33 there.
        let value: JSONValue = [
            "\u{20AC}": "Euro Sign", "\r": "Carriage Return", "\u{FB33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1F600}": "Emoji: Grinning Face", "\u{80}": "Control",
            "\u{F6}": "Latin Small Letter O With Diaeresis",
        ]
        #expect(
            value.canonical
                == "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
                + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"דּ\":\"Hebrew Letter Dalet With Dagesh\"}")
        let prettyKeys = value.prettyPrinted.split(separator: "\n").dropFirst().dropLast()
            .map { $0.split(separator: ":")[0] }
        #expect(prettyKeys == [#"  "\r""#, #"  "1""#, "  \"\u{80}\"", #"  "ö""#, #"  "€""#, #"  "דּ""#, #"  "😀""#])
    }

    @Test func canonicalizesRFC8785Example() throws {
        // RFC 8785 §3.2.2, parsed and written again.
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let value = try JSONValue.parse(Array(input.utf8))
        #expect(
            value.canonical
                == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        )
    }

    @Test(arguments: [
        (1.5, "1.5"), (-0.0, "0"), (100.0, "100"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (1e-7, "1e-7"), (0.000001, "0.000001"), (123.456e-10, "1.23456e-8"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-2.5e-3, "-0.0025"),
    ])
    func writesNonIntegersLikeECMAScript(value: Double, expected: String) {
        #expect(JSONValue.float(value).canonical == expected)
    }

    @Test func compactUsesNoWhitespace() {
        let value: JSONValue = ["b": [1, 2], "a": nil]
        #expect(value.compact == #"{"a":null,"b":[1,2]}"#)
    }
}
