import Diagnostics
import Testing

/// The byte search the driver's quick tests use (`${`, `credc:ignore`) before reading a file.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("a: ${X}", "${", true), ("${", "${", true), ("a: $x {", "${", false), ("$", "${", false),
        ("", "${", false), ("abc", "", true), ("# credc:ignor", "credc:ignore", false),
        ("x # credc:ignore", "credc:ignore", true), ("ccredc:ignore", "credc:ignore", true),
    ])
    func findsTheNeedleWhereItIs(haystack: String, needle: String, found: Bool) {
        #expect(Array(haystack.utf8).contains(bytes: Array(needle.utf8)) == found)
    }
}
