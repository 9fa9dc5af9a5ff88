import Diagnostics
import Testing

@testable import YAML

private func read(_ text: String, limits: YAMLLimits = .default) -> ReadResult {
    YAMLReader.read(SourceFile(path: "test.yaml", text: text), limits: limits)
}

private func root(_ text: String) throws -> Node {
    let result = read(text)
    #expect(result.findings.isEmpty, "\(result.findings)")
    return try #require(result.documents.first?.root)
}

private func position(_ line: Int, _ column: Int) -> SourcePosition {
    SourcePosition(line: line, column: column)
}

@Suite struct PositionTests {
    @Test func scalarRangesAreOneBasedWithExclusiveEnd() throws {
        let node = try root("name: Billing\nlabel: x\n")
        let entries = try #require(node.entries)
        #expect(entries[0].key.range == SourceRange(line: 1, column: 1, endLine: 1, endColumn: 5))
        #expect(entries[0].value.range == SourceRange(line: 1, column: 7, endLine: 1, endColumn: 14))
        #expect(entries[1].value.range.start == position(2, 8))
    }

    @Test func columnsCountUnicodeScalarsAfterMultiByteText() throws {
        let node = try root("a: \"👨‍👩‍👧 éé\"  # 👨‍👩‍👧 éé\nb: x\nc: [é, 1]\n")
        let entries = try #require(node.entries)
        // The family emoji is five scalars; the quoted string spans 10 scalars plus quotes.
        #expect(entries[0].value.range == SourceRange(line: 1, column: 4, endLine: 1, endColumn: 14))
        let items = try #require(entries[2].value.items)
        #expect(items[1].range.start == position(3, 8))
    }

    @Test func crlfLineEndsCountAsOneBreak() throws {
        let node = try root("a: 1\r\nb: two\r\n")
        let entries = try #require(node.entries)
        #expect(entries[1].value.range == SourceRange(line: 2, column: 4, endLine: 2, endColumn: 7))
        #expect(entries[1].value.scalar?.text == "two")
    }

    @Test func byteOrderMarkDoesNotShiftColumns() throws {
        let file = SourceFile(path: "bom.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: b\n".utf8))
        let result = YAMLReader.read(file)
        let entries = try #require(result.documents.first?.root.entries)
        #expect(entries[0].value.range.start == position(1, 4))
        #expect(entries[0].key.scalar?.text == "a")
        #expect(file.lineText(1) == "a: b")
        #expect(file.byteOffset(of: position(1, 4)) == 6)
    }

    @Test func multiLineScalarEndsOnItsLastLine() throws {
        let node = try root("a: |\n  x\n  y\nb: c\n")
        let entries = try #require(node.entries)
        #expect(entries[0].value.range.start == position(1, 4))
        #expect(entries[0].value.scalar?.text == "x\ny\n")
        #expect(entries[1].key.range.start == position(4, 1))
    }
}

@Suite struct CoreSchemaTests {
    @Test(arguments: [
        ("yes", ScalarValue.string("yes")), ("no", .string("no")), ("on", .string("on")),
        ("true", .bool(true)), ("False", .bool(false)), ("1", .int(1)), ("-42", .int(-42)),
        ("0x1F", .int(31)), ("0o17", .int(15)), ("1.5", .float(1.5)), ("1e3", .float(1000)),
        ("~", .null), ("null", .null), ("", .null), ("1_000", .string("1_000")),
        ("99999999999999999999", .largeInt("99999999999999999999")), ("0x", .string("0x")),
        (".inf", .float(.infinity)), ("1.2.3", .string("1.2.3")), ("e3", .string("e3")),
        // Short decimals are read in place; these sit at the edges of that path.
        ("+5", .int(5)), ("-0", .int(0)), ("007", .int(7)), ("-", .string("-")), ("+", .string("+")),
        ("999999999999999999", .int(999_999_999_999_999_999)), ("-1234567890123456789", .int(-1_234_567_890_123_456_789)),
        ("9223372036854775808", .largeInt("9223372036854775808")), ("1-2", .string("1-2")), ("12a", .string("12a")),
    ])
    func plainScalarsResolve(text: String, expected: ScalarValue) {
        #expect(CoreSchema.resolve(plain: text) == expected)
    }

    @Test func quotedScalarsAreStrings() throws {
        let node = try root("a: \"1\"\nb: 'true'\nc: |\n  1\n")
        #expect(node["a"]?.scalar?.value == .string("1"))
        #expect(node["b"]?.scalar?.value == .string("true"))
        #expect(node["c"]?.scalar?.value == .string("1\n"))
    }

    @Test func nanIsAFloat() {
        guard case .float(let value) = CoreSchema.resolve(plain: ".nan") else {
            Issue.record("expected a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func standardTagsApply() throws {
        let node = try root("a: !!str 1\nb: !!int 7\nc: !!float 2\nd: ! 12\n")
        #expect(node["a"]?.scalar?.value == .string("1"))
        #expect(node["b"]?.scalar?.value == .int(7))
        #expect(node["c"]?.scalar?.value == .float(2))
        #expect(node["d"]?.scalar?.value == .string("12"))
    }
}

@Suite struct FeatureTests {
    @Test func multipleDocumentsAndEmptyOnesAreSkipped() {
        let result = read("a: 1\n---\n---\n# only a comment\n---\nb: 2\n")
        #expect(result.findings.isEmpty)
        #expect(result.documents.count == 2)
        #expect(result.documents.map(\.index) == [0, 1])
    }

    @Test func emptyAndCommentOnlyFilesHaveNoDocuments() {
        #expect(read("").documents.isEmpty)
        #expect(read("# nothing here\n   \n").documents.isEmpty)
        #expect(read("# nothing here\n").findings.isEmpty)
    }

    @Test func aliasKeepsItsOwnPosition() throws {
        let node = try root("base: &b [x, y]\ncopy: *b\n")
        let copy = try #require(node["copy"])
        #expect(copy.range == SourceRange(line: 2, column: 7, endLine: 2, endColumn: 9))
        #expect(copy.items?.map { $0.scalar?.text } == ["x", "y"])
    }

    @Test func mergeKeysLetExplicitKeysWin() throws {
        let node = try root("defaults: &d {label: A, flow: F}\nthing:\n  <<: *d\n  label: B\n")
        let thing = try #require(node["thing"]?.entries)
        #expect(thing.map { $0.key.scalar?.text } == ["label", "flow"])
        #expect(thing[0].value.scalar?.text == "B")
        #expect(thing[0].isMerged == false)
        #expect(thing[1].isMerged)
    }

    @Test func mergeKeyListsTakeTheFirstSourceOnConflict() throws {
        let node = try root("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n")
        let c = try #require(node["c"])
        #expect(c["x"]?.scalar?.value == .int(1))
        #expect(c["y"]?.scalar?.value == .int(3))
    }

    @Test func mergeKeyNeedsAMapping() {
        let result = read("a:\n  <<: 3\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.range.start == position(2, 7))
    }

    @Test func customTagsAreRejected() {
        let result = read("a: !secret x\nb: !!binary aGk=\nc: !thing {x: 1}\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax, .yamlSyntax, .yamlSyntax])
        #expect(result.findings.map(\.range.start) == [position(1, 4), position(2, 4), position(3, 4)])
        #expect(result.findings[0].message.contains("'!secret'"))
    }

    @Test func invalidTaggedValueIsReported() {
        let result = read("a: !!int x\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
    }

    @Test func undefinedAliasIsASyntaxError() {
        let result = read("a: *nowhere\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.range.start == position(1, 4))
    }
}

@Suite struct DuplicateKeyTests {
    @Test func everyDuplicateIsReportedWithANote() {
        let result = read("name: a\nlabel: b\nname: c\nname: d\nlabel: e\n")
        #expect(result.findings.map(\.rule) == [.duplicateKey, .duplicateKey, .duplicateKey])
        #expect(result.findings.map(\.range.start) == [position(3, 1), position(4, 1), position(5, 1)])
        #expect(result.findings[0].notes.first?.range?.start == position(1, 1))
        #expect(result.findings[2].notes.first?.range?.start == position(2, 1))
        #expect(result.findings[0].path == "name")
    }

    @Test func nestedDuplicateHasItsPath() {
        let result = read("principals:\n  - name: a\n    sequence: 1\n    sequence: 2\n")
        #expect(result.findings.map(\.path) == ["principals[0].sequence"])
        #expect(result.findings.first?.range.start == position(4, 5))
    }

    @Test func largeMappingsStillFindDuplicates() {
        var text = ""
        for index in 0..<40 { text += "k\(index): \(index)\n" }
        text += "k3: again\nk39: again\n"
        let result = read(text)
        #expect(result.findings.map(\.range.start) == [position(41, 1), position(42, 1)])
    }

    @Test func mergedKeysAreNotDuplicates() {
        #expect(read("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n").findings.isEmpty)
    }

    @Test func differentTypesAreDifferentKeys() {
        #expect(read("1: a\n\"1\": b\n").findings.isEmpty)
    }
}

@Suite struct BadInputTests {
    @Test func syntaxErrorPointsAtTheProblem() {
        let result = read("a: b\nc: d: e\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.range.start == position(2, 5))
    }

    @Test func unterminatedQuoteHasAContextNote() {
        let result = read("a: \"open\nb: c\n")
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.notes.first?.range?.start == position(1, 4))
    }

    @Test func documentsBeforeAnErrorAreKept() {
        let result = read("a: 1\n---\nb: [\n")
        #expect(result.documents.count == 1)
        #expect(result.findings.count == 1)
    }

    @Test func invalidUTF8IsPlacedAtItsByte() {
        let file = SourceFile(path: "bad.yaml", bytes: Array("a: é\nb: ".utf8) + [0xFF] + Array("\n".utf8))
        let result = YAMLReader.read(file)
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.range.start == position(2, 4))
        #expect(result.findings.first?.message.contains("invalid UTF-8") == true)
    }

    @Test func nulByteIsReported() {
        let file = SourceFile(path: "nul.yaml", bytes: Array("a: b".utf8) + [0] + Array("c\n".utf8))
        let result = YAMLReader.read(file)
        #expect(result.findings.map(\.rule) == [.yamlSyntax])
        #expect(result.findings.first?.message.contains("U+0000") == true)
        #expect(result.findings.first?.range.start == position(1, 5))
    }

    @Test func utf16IsRejectedNotGuessed() {
        let file = SourceFile(path: "utf16.yaml", bytes: [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00])
        #expect(YAMLReader.read(file).findings.map(\.rule) == [.yamlSyntax])
    }

    @Test func binaryNoiseNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = YAMLReader.read(SourceFile(path: "noise", bytes: bytes))
        }
    }
}

@Suite struct LimitTests {
    @Test func fileSizeLimit() {
        let result = read("a: 12345\n", limits: YAMLLimits(maxFileSize: 4))
        #expect(result.findings.map(\.rule) == [.yamlLimits])
        #expect(result.documents.isEmpty)
    }

    @Test func depthLimit() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let result = read(deep)
        #expect(result.findings.map(\.rule) == [.yamlLimits])
        #expect(result.findings.first?.range.start == position(1, 65))
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(read(fine).findings.isEmpty)
    }

    @Test func depthThroughAliasesCounts() {
        let limits = YAMLLimits(maxDepth: 4)
        #expect(read("a: &a [[x]]\nb: [[*a]]\n", limits: limits).findings.map(\.rule) == [.yamlLimits])
        #expect(read("a: &a [x]\nb: [*a]\n", limits: limits).findings.isEmpty)
    }

    @Test func billionLaughsIsRejectedQuickly() {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        var result: ReadResult?
        let elapsed = clock.measure { result = read(text) }
        #expect(result?.findings.map(\.rule) == [.yamlLimits])
        #expect(result?.documents.isEmpty == true)
        // Generous bound: the point is that nothing is expanded, not a timing target.
        #expect(elapsed < .seconds(1))
    }

    @Test func aliasExpansionLimitIsConfigurable() {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        // Each alias brings the list and its three items: 8 nodes in all.
        #expect(read(text, limits: YAMLLimits(maxAliasExpansion: 8)).findings.isEmpty)
        #expect(read(text, limits: YAMLLimits(maxAliasExpansion: 7)).findings.map(\.rule) == [.yamlLimits])
    }
}

/// libyaml's own texts say what is wrong; these say how to fix it (#15).
@Suite struct SyntaxAdviceTests {
    @Test func aTabIndentationSaysToUseSpaces() {
        for text in ["a:\n\tb: c\n", "a:\n  b: 1\n\tc: 2\n"] {
            let finding = read(text).findings.first
            #expect(finding?.rule == .yamlSyntax)
            #expect(finding?.message.hasSuffix("YAML indents with spaces only: replace the tab with spaces") == true, "\(finding?.message ?? "")")
        }
    }

    @Test func aColonInAPlainValueSaysToQuoteIt() {
        let finding = read("a: b\nc: d: e\n").findings.first
        #expect(finding?.range.start == position(2, 5))
        #expect(finding?.message == "mapping values are not allowed in this context; the value of 'c' holds ': ', "
            + "which YAML reads as the start of a nested mapping: put the whole value in quotes (key: 'a: b')")
        let listed = read("items:\n  - label: Billing: API   # a comment\n").findings.first
        #expect(listed?.range.start == position(2, 19))
        #expect(listed?.message.contains("the value of 'label' holds ': '") == true, "\(listed?.message ?? "")")
    }

    /// #26: an over-indented key gets the same libyaml text as a colon in a value; the advice
    /// must fit the cause, and the range is the key to move.
    @Test func anOverIndentedKeySaysWhereToIndentIt() {
        let finding = read("principals:\n  - name: Admin\n      sequence: 1\n").findings.first
        #expect(finding?.range == SourceRange(start: position(3, 7), end: position(3, 16)))
        #expect(finding?.message == "mapping values are not allowed in this context; 'sequence' is indented deeper than "
            + "'name' on line 2, which already has a value: to make it a key of the same mapping, indent it as 'name' is (column 5)")
        #expect(finding?.message.contains("quoted") == false)
        let topLevel = read("label: Billing\n  url: https://x\n").findings.first
        #expect(topLevel?.range.start == position(2, 3))
        #expect(topLevel?.message.hasSuffix("'url' is indented deeper than 'label' on line 1, which already has a value: "
            + "to make it a key of the same mapping, indent it as 'label' is (column 1)") == true, "\(topLevel?.message ?? "")")
    }

    @Test func aKeyOutOfLineWithItsMappingAfterACommentSaysWhereToIndentIt() {
        let finding = read("label: Billing\n  # a comment\n  url: https://x\n").findings.first
        #expect(finding?.range.start == position(3, 3))
        #expect(finding?.message == "did not find expected key while parsing a block mapping; 'url' is indented deeper than "
            + "the keys of the mapping that starts on line 1: indent it as they are (column 1), or as a key of the mapping it belongs to")
    }

    @Test func aReservedFirstCharacterSaysToQuoteTheValue() {
        let finding = read("label: @billing\n").findings.first
        #expect(finding?.range.start == position(1, 8))
        #expect(finding?.message.hasSuffix("a value cannot begin with '@' unless it is quoted: put it in quotes") == true)
    }

    @Test func anAliasToAnotherDocumentSaysAnchorsDoNotCrossDocuments() {
        let result = read("a: &shared 1\n---\nb: *shared\n")
        let finding = result.findings.first
        #expect(finding?.range.start == position(3, 4))
        #expect(finding?.message.contains("anchors do not cross documents") == true)
        #expect(finding?.notes.first?.range?.start == position(1, 4))
        #expect(read("b: *nowhere\n").findings.first?.message == "alias '*nowhere' refers to no anchor defined before it")
    }
}
