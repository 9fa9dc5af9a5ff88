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
}
