import Testing

@testable import YAML

/// Scalar texts longer than 15 bytes are made once per chunk (the memory a large file's model
/// takes); a text must come back exactly as decoding its bytes gives it.
@Suite struct InterningTests {
    private func text(_ interner: inout StringInterner, _ value: String) -> String {
        Array(value.utf8).withUnsafeBufferPointer { interner.string($0) }
    }

    private func storage(_ string: String) -> UnsafeRawPointer? {
        var string = string
        return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aRepeatedLongTextIsOneString() {
        var interner = StringInterner()
        let first = text(&interner, "All_Integrations_Users")
        let second = text(&interner, "All_Integrations_Users")
        #expect(first == "All_Integrations_Users")
        #expect(storage(first) == storage(second))
    }

    @Test func textsAreTheirBytesWhateverTheirLength() {
        var interner = StringInterner()
        var expected: [String] = []
        var got: [String] = []
        // Enough distinct texts to grow the table several times and pass its bound several times.
        for index in 0..<70_000 {
            let value = index % 3 == 0 ? "é-\(index)" : "Service_\(index)_Users_and_more"
            expected.append(value)
            got.append(text(&interner, value))
        }
        for value in ["", "short", "exactly15bytes!", "sixteen-bytes-xx", "Ünïcödé permission set naming"] {
            expected.append(value)
            got.append(text(&interner, value))
        }
        #expect(got == expected)
        // The table started again at its bound: a text met again is shared again from then on.
        let again = text(&interner, "Service_1_Users_and_more")
        #expect(storage(text(&interner, "Service_1_Users_and_more")) == storage(again))
        #expect(storage(text(&interner, "Service_69998_Users_and_more")) == storage(got[69_998]))
    }

    @Test func textsThatDifferOnlyInTheirTailAreNotConfused() {
        var interner = StringInterner()
        let a = text(&interner, "Team_01_Integration_A")
        let b = text(&interner, "Team_01_Integration_B")
        let c = text(&interner, "Team_01_Integration_A ")
        #expect([a, b, c] == ["Team_01_Integration_A", "Team_01_Integration_B", "Team_01_Integration_A "])
    }
}
