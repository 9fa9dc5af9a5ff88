import Diagnostics
import Testing
import YAML

@testable import Import

/// The string a YAML document `key: TEXT` (or `key: [TEXT]`) reads back as, with credc's reader.
private func readBack(_ yaml: String, flow: Bool) -> String? {
    let result = YAMLReader.read(SourceFile(path: "t.yaml", text: yaml))
    guard result.findings.isEmpty, let root = result.documents.first?.root, var node = root["key"] else { return nil }
    if flow {
        guard let items = node.items, items.count == 1 else { return nil }
        node = items[0]
    }
    guard case .string(let text)? = node.scalar?.value else { return nil }
    return text
}

@Suite struct YAMLScalarTextTests {
    @Test(arguments: [
        "Billing API", "https://billing.example.com/v2", "billing.read billing.write", "Okta (Production)",
        "it's", "a-b", "Finance Admins", "é ü 👨‍👩‍👧", "x:y", "a#b", "100%",
    ])
    func ordinaryTextIsPlain(_ text: String) {
        #expect(YAMLScalarText.block(text) == text)
    }

    @Test(arguments: [
        ("", "''"), (" a", "' a'"), ("a ", "'a '"), ("true", "'true'"), ("False", "'False'"), ("yes", "'yes'"),
        ("off", "'off'"), ("1", "'1'"), ("-7", "'-7'"), ("0x1F", "'0x1F'"), ("1e3", "'1e3'"), (".inf", "'.inf'"),
        ("~", "'~'"), ("null", "'null'"), ("-a", "'-a'"), ("a: b", "'a: b'"), ("a:", "'a:'"), ("a #b", "'a #b'"),
        ("{!$User.Email}", "'{!$User.Email}'"), ("[x]", "'[x]'"), ("'q'", "'''q'''"), ("\"dq", "'\"dq'"),
        ("#x", "'#x'"), ("@x", "'@x'"), ("%x", "'%x'"), ("`x", "'`x'"), ("*x", "'*x'"), ("&x", "'&x'"),
        ("!x", "'!x'"), ("|x", "'|x'"), (">x", "'>x'"), ("---", "'---'"),
        ("line\nbreak", "\"line\\nbreak\""), ("tab\tstop", "\"tab\\tstop\""), ("a\u{85}b", "\"a\\x85b\""),
        ("\u{FEFF}x", "\"\\uFEFFx\""), ("a\u{2028}b", "\"a\\u2028b\""), ("back\\slash\n", "\"back\\\\slash\\n\""),
        ("\u{7}", "\"\\x07\""), ("\0", "\"\\0\""),
    ])
    func specialTextIsQuoted(_ text: String, _ expected: String) {
        #expect(YAMLScalarText.block(text) == expected)
    }

    @Test(arguments: ["a,b", "[x", "x]", "{x", "x}", "a:,", "a:b", "Billing API"])
    func flowItemsQuoteFlowIndicators(_ text: String) {
        #expect(readBack("key: [\(YAMLScalarText.flow(text))]", flow: true) == text)
        #expect((YAMLScalarText.flow(text) == text) == (text == "Billing API"))
    }

    /// Every string of a deterministic pseudo-random sample over an alphabet of YAML's
    /// troublemakers reads back as itself, as a block value and as a flow item.
    @Test func randomTextRoundTrips() {
        let alphabet = Array("a Z0-:#,[]{}'\"\\!&*|>%@`?~.\n\t\r\u{85}\u{2028}\u{FEFF}é👍$".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(next() % 8) { text.unicodeScalars.append(alphabet[next() % alphabet.count]) }
            #expect(readBack("key: \(YAMLScalarText.block(text))\n", flow: false) == text, "\(text.debugDescription)")
            #expect(readBack("key: [\(YAMLScalarText.flow(text))]\n", flow: true) == text, "\(text.debugDescription)")
        }
    }
}
