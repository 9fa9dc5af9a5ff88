@testable import Checker
import Testing

/// Token texts are made from slices of scalars by encoding each in place: the same string as
/// the standard library's scalar view makes, for every width of UTF-8.
@Suite struct ScalarTextTests {
    @Test(arguments: ["", "$Credential.Orders_API.Token", "é", "€uro", "a😀b", "日本語 text", "\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"])
    func aSliceMakesTheStringOfItsScalars(text: String) {
        let scalars = Array(text.unicodeScalars)
        #expect(String(scalars: scalars[...]) == text)
        for start in scalars.indices {
            let slice = scalars[start..<scalars.count]
            #expect(String(scalars: slice) == String(String.UnicodeScalarView(slice)))
        }
    }

    /// A merge field's parts, split on bytes when ASCII: what the generic split gives, empty
    /// parts and combining marks after a dot included.
    @Test(arguments: ["Credential.Orders_API.Token", "a..b.", ".", "", "User", "é.x", "a.\u{301}b", "a.b\r\n.c"])
    func partsAreTheGenericSplits(text: String) {
        let expected = text[...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        #expect(dotSeparatedParts(text[...]) == expected)
        #expect(dotSeparatedParts(text.dropFirst()) == text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// A value's scalars, widened byte by byte when ASCII: the standard library's scalars.
    @Test(arguments: ["", "{!$Credential.Orders_API.Token}", "\u{0}\u{7F}", "é{!x}", "a😀b", "\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}", "e\u{301}"])
    func scalarArraysAreTheStandardLibrarys(text: String) {
        #expect(unicodeScalarArray(text) == Array(text.unicodeScalars))
        let substring = String(text.dropFirst())
        #expect(unicodeScalarArray(substring) == Array(substring.unicodeScalars))
    }

    /// The rule's credential words: the word after each `credential.`, in any case, lowercased;
    /// a `credential.` inside a longer word does not count.
    @Test func credentialWordsAreTheNamesAfterTheNamespace() {
        var words: Set<String> = []
        insertCredentialWords(
            of: "{!$Credential.Orders_API.Token} {!$CREDENTIAL.billing.Key} xcredential.Other $credential. credential.Last",
            into: &words)
        #expect(words == ["orders_api", "billing", "last"])
        var none: Set<String> = []
        insertCredentialWords(of: "credential.", into: &none)
        #expect(none.isEmpty)
    }

    @Test func recentValuesRememberTheLastFour() {
        var recent = RecentValues<Int>()
        for (index, text) in ["a", "b", "c", "d", "e"].enumerated() { recent.insert(index, for: text) }
        #expect(recent["a"] == nil)
        #expect(recent["b"] == 1)
        #expect(recent["e"] == 4)
    }

    @Test(arguments: [3, 16, 17, 40])
    func smallTablesKeepTheFirstValueAtAnySize(count: Int) {
        var table = SmallTable<String, Int>(capacity: count)
        for index in 0..<count {
            #expect(table["k\(index)"] == nil)
            table.insert(index, for: "k\(index)")
        }
        for index in 0..<count { #expect(table["k\(index)"] == index) }
        #expect(table.keys.count == count)
        #expect(table["missing"] == nil)
    }
}
