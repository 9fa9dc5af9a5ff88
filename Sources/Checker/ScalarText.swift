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
    // In place when the bytes are contiguous (always, for a native string): the UTF-8 view's
    // generic indices cost thousands of instructions a field.
    let split = text.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var parts: [String] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ".") {
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            start = index + 1
        }
        parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
        return parts
    }
    if let split, let parts = split { return parts }
    return text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
}

/// The Unicode scalars of `text`, as `Array(text.unicodeScalars)` gives them: an ASCII text is
/// widened byte by byte instead of decoded through the generic sequence path.
func unicodeScalarArray(_ text: String) -> [Unicode.Scalar] {
    var text = text
    let ascii = text.withUTF8 { bytes -> [Unicode.Scalar]? in
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            for index in 0..<bytes.count { buffer[index] = Unicode.Scalar(bytes[index]) }
            count = bytes.count
        }
    }
    return ascii ?? Array(text.unicodeScalars)
}

/// The last few texts a rule judged, with what it found: looked at before a hash table, since
/// a configuration repeats its permission sets principal after principal.
struct RecentValues<Value> {
    private static var capacity: Int { 4 }
    private var texts: [String] = []
    private var values: [Value] = []
    private var next = 0

    init() {
        texts.reserveCapacity(Self.capacity)
        values.reserveCapacity(Self.capacity)
    }

    subscript(text: String) -> Value? {
        for index in texts.indices where texts[index] == text { return values[index] }
        return nil
    }

    mutating func insert(_ value: Value, for text: String) {
        if texts.count < Self.capacity {
            texts.append(text)
            values.append(value)
        } else {
            texts[next] = text
            values[next] = value
            next = (next + 1) % Self.capacity
        }
    }
}

/// A table of the first value per key, for the handful of keys one credential has (its
/// principals' names, their sequence numbers): searched in order while small, hashed once it
/// grows. A hash table per credential cost its allocation and a hash per principal.
struct SmallTable<Key: Hashable, Value> {
    private static var largestScanned: Int { 16 }
    private(set) var keys: [Key] = []
    private var values: [Value] = []
    private var index: [Key: Int]?

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    subscript(key: Key) -> Value? {
        if let index { return index[key].map { values[$0] } }
        return keys.firstIndex(of: key).map { values[$0] }
    }

    /// Adds `value` for a `key` the table does not hold.
    mutating func insert(_ value: Value, for key: Key) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > Self.largestScanned {
            var built: [Key: Int] = .init(minimumCapacity: 2 * keys.count)
            for (position, key) in keys.enumerated() { built[key] = position }
            index = built
        }
    }
}
