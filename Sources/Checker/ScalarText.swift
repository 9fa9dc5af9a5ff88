extension String {
    /// The text of `scalars`. Making it through `String.UnicodeScalarView(slice)` appends each
    /// scalar through the generic sequence path, hundreds of instructions a scalar, and the
    /// formula parsers make a string of every token they judge; this encodes each in place.
    init(scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}

/// The parts of a merge field's name between its dots (`$Credential.Orders.Token` after its `$`),
/// empty parts kept. An ASCII name is split on its bytes: the generic `split` compares
/// characters, ten thousand instructions a merge field; in ASCII every byte is a character
/// (CR LF, the one two-byte grapheme, holds no dot). Other names split as `split` does.
func dotSeparatedParts(_ text: Substring) -> [String] {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
        return text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
    var parts: [String] = []
    var start = text.utf8.startIndex
    for index in text.utf8.indices where text.utf8[index] == UInt8(ascii: ".") {
        parts.append(String(decoding: text.utf8[start..<index], as: UTF8.self))
        start = text.utf8.index(after: index)
    }
    parts.append(String(decoding: text.utf8[start...], as: UTF8.self))
    return parts
}
