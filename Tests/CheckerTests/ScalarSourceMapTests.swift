import Checker
import Diagnostics
import Testing

@Suite("Mapping decoded scalar offsets to the file")
struct ScalarSourceMapTests {
    /// A scalar written as `scope: <raw>` on line 1 of a file, so it starts at column 8.
    struct Case: CustomTestStringConvertible, Sendable {
        var raw: String
        var quoting: ScalarQuoting
        /// What YAML decodes `raw` to; the test checks it is as long as the walk says.
        var decoded: String
        var offset: Int
        var line: Int
        var column: Int
        var testDescription: String { "\(quoting) \(raw.debugDescription) @\(offset)" }

        func position(_ offset: Int? = nil) -> SourcePosition {
            sourcePosition(ofScalarOffset: offset ?? self.offset, rawSource: Substring(raw), quoting: quoting,
                           start: SourcePosition(line: 1, column: 8))
        }
    }

    @Test("an offset maps to the line and column of its source", arguments: [
        // Plain, with multi-byte text before the error: é is one scalar, the family emoji five.
        Case(raw: "é👨‍👩‍👧 {!$Usr.Email}", quoting: .plain, decoded: "é👨‍👩‍👧 {!$Usr.Email}",
             offset: 9, line: 1, column: 17),
        Case(raw: "api\n  {!$Usr.Email}", quoting: .plain, decoded: "api {!$Usr.Email}",
             offset: 6, line: 2, column: 5),
        Case(raw: "api\n  {!$Usr.Email}", quoting: .plain, decoded: "api {!$Usr.Email}",
             offset: 3, line: 1, column: 11),
        Case(raw: "a  \r\n\r\n  b", quoting: .plain, decoded: "a\nb", offset: 2, line: 3, column: 3),
        // Single-quoted: `''` is one character.
        Case(raw: "'it''s {!$Usr.Email}'", quoting: .singleQuoted, decoded: "it's {!$Usr.Email}",
             offset: 7, line: 1, column: 17),
        Case(raw: "'é   \n   {!$Usr}'", quoting: .singleQuoted, decoded: "é {!$Usr}",
             offset: 4, line: 2, column: 6),
        Case(raw: "'a  '", quoting: .singleQuoted, decoded: "a  ", offset: 2, line: 1, column: 11),
        // Double-quoted: every escape is one character.
        Case(raw: #""\u00e9\t\"x\" {!$Usr.Email}""#, quoting: .doubleQuoted, decoded: "é\t\"x\" {!$Usr.Email}",
             offset: 8, line: 1, column: 25),
        Case(raw: "\"\\U0001F600\\x41\\/\\\\\\N\\_\\L\\P\\0\\a\\b\\e\\f\\n\\r\\v\\ \\\t{!\"", quoting: .doubleQuoted,
             decoded: "😀A/\\\u{85}\u{A0}\u{2028}\u{2029}\0\u{7}\u{8}\u{1B}\u{C}\n\r\u{B} \t{!",
             offset: 18, line: 1, column: 55),
        Case(raw: "\"a\n    {!$Usr.Email}\"", quoting: .doubleQuoted, decoded: "a {!$Usr.Email}",
             offset: 4, line: 2, column: 7),
        Case(raw: "\"a\n    {!$Usr.Email}\"", quoting: .doubleQuoted, decoded: "a {!$Usr.Email}",
             offset: 1, line: 1, column: 10),
        Case(raw: "\"ab  \\\n   cd\"", quoting: .doubleQuoted, decoded: "ab  cd", offset: 4, line: 2, column: 4),
        Case(raw: "\"a\n\n  b\"", quoting: .doubleQuoted, decoded: "a\nb", offset: 2, line: 3, column: 3),
        // Literal: lines kept, indentation stripped.
        Case(raw: "|\n  api\n  {!$Usr.Email}\n", quoting: .literal, decoded: "api\n{!$Usr.Email}\n",
             offset: 6, line: 3, column: 5),
        Case(raw: "|-  # comment\n    é\n\n    {!$Usr}\n", quoting: .literal, decoded: "é\n\n{!$Usr}",
             offset: 5, line: 4, column: 7),
        Case(raw: "|2\n   a\n  b\n", quoting: .literal, decoded: " a\nb\n", offset: 3, line: 3, column: 3),
        // Folded: a single break is a space, empty lines are newlines, more-indented lines keep theirs.
        Case(raw: ">\n  api\n  {!$Usr.Email}\n", quoting: .folded, decoded: "api {!$Usr.Email}\n",
             offset: 6, line: 3, column: 5),
        Case(raw: ">\n  api\n  {!$Usr.Email}\n", quoting: .folded, decoded: "api {!$Usr.Email}\n",
             offset: 3, line: 2, column: 6),
        Case(raw: ">\n  a\n\n  b\n    c\n  d\n", quoting: .folded, decoded: "a\nb\n  c\nd\n",
             offset: 8, line: 6, column: 3),
    ])
    func maps(_ example: Case) {
        #expect(example.position() == SourcePosition(line: example.line, column: example.column))
        // Past the decoded text means: just after its last character's source, never further.
        let end = example.position(example.decoded.unicodeScalars.count)
        #expect(example.position(example.decoded.unicodeScalars.count + 100) == end)
        #expect(example.position(example.decoded.unicodeScalars.count - 1) < end)
    }

    @Test func aRangeCoversAWholeEscape() {
        let range = sourceRange(ofScalarOffset: 0, length: 2, rawSource: #""\u00e9x""#, quoting: .doubleQuoted,
                                start: SourcePosition(line: 4, column: 10))
        #expect(range == SourceRange(line: 4, column: 11, endLine: 4, endColumn: 18))
    }

    @Test func offsetsOutsideTheValueStayInsideTheScalar() {
        let start = SourcePosition(line: 2, column: 8)
        #expect(sourcePosition(ofScalarOffset: -5, rawSource: #""abc""#, quoting: .doubleQuoted, start: start)
            == SourcePosition(line: 2, column: 9))
        #expect(sourcePosition(ofScalarOffset: 99, rawSource: #""abc""#, quoting: .doubleQuoted, start: start)
            == SourcePosition(line: 2, column: 12))
        #expect(sourcePosition(ofScalarOffset: 3, rawSource: "", quoting: .folded, start: start) == start)
        #expect(sourcePosition(ofScalarOffset: 3, rawSource: "\"\\", quoting: .doubleQuoted, start: start)
            == SourcePosition(line: 2, column: 10))
    }

    /// The whole path: validate the decoded value, then point at the file.
    @Test("an issue points at the file, whatever the quoting", arguments: [
        (#"'{!"é" + $Usr.Email}'"#, ScalarQuoting.singleQuoted, 17),
        (#""{!\"é\" + $Usr.Email}""#, ScalarQuoting.doubleQuoted, 19),
        (#"{!"é" + $Usr.Email}"#, ScalarQuoting.plain, 16),
    ])
    func issueInFile(raw: String, quoting: ScalarQuoting, column: Int) throws {
        let decoded = #"{!"é" + $Usr.Email}"#
        let issue = try #require(validateScope(decoded).first)
        let range = sourceRange(ofScalarOffset: issue.offset, length: issue.length, rawSource: Substring(raw),
                                quoting: quoting, start: SourcePosition(line: 3, column: 8))
        #expect(range == SourceRange(line: 3, column: column, endLine: 3, endColumn: column + 4))
    }
}
