#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input file: the path as the user gave it and its bytes.
///
/// Line starts are computed once, for rendering source lines and for turning byte offsets
/// (libyaml's reader errors) into positions.
public struct SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    private let lineStarts: LineStarts

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lineStarts = LineStarts(bytes)
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    public var lineCount: Int { lineStarts.count }

    /// The bytes of a 1-based line, without its line break.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[start..<end]
    }

    /// A line's text; invalid UTF-8 is shown with replacement characters.
    public func lineText(_ line: Int) -> String {
        var text = String(decoding: lineBytes(line), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The position of a byte offset, counting columns in Unicode scalars.
    public func position(ofByteOffset offset: Int) -> SourcePosition {
        let clamped = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        if low == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), clamped >= 3 { index = 3 }
        while index < clamped {
            // Count lead bytes only: continuation bytes (10xxxxxx) belong to the scalar before.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The byte offset of a position; the inverse of `position(ofByteOffset:)`.
    public func byteOffset(of position: SourcePosition) -> Int {
        guard position.line >= 1, position.line <= lineStarts.count else {
            return position.line < 1 ? 0 : bytes.count
        }
        var index = lineStarts[position.line - 1]
        if position.line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var column = 1
        while index < bytes.count, column < position.column {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index
    }

    /// The text of `range` as written (the end exclusive); empty when the range is reversed.
    public func text(of range: SourceRange) -> String {
        let start = byteOffset(of: range.start)
        let end = min(max(byteOffset(of: range.end), start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension SourceFile {
    /// Whether the bytes hold `needle` anywhere. Foundation's `firstRange(of:)` on `[UInt8]`
    /// compares through generic indices and took a fifth of `check`'s time on a 20 MB file.
    public func contains(bytes needle: String) -> Bool {
        bytes.withUnsafeBufferPointer { firstOffset(of: Array(needle.utf8), in: $0, from: 0) != nil }
    }
}

/// The offset of the first occurrence of `needle` in `haystack` at or after `start`.
public func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    needle.withUnsafeBufferPointer { firstOffset(of: $0, in: haystack, from: start) }
}

/// The same search for a needle already in memory (a `StaticString`'s bytes), copying nothing.
public func firstOffset(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int
) -> Int? {
    guard let first = needle.first, let needleBase = needle.baseAddress, haystack.count >= needle.count,
        let base = haystack.baseAddress
    else { return nil }
    // memchr is vectorised: most of a large file is skipped many bytes at a time.
    var index = max(start, 0)
    let last = haystack.count - needle.count
    while index <= last {
        guard let found = memchr(base + index, Int32(first), last - index + 1) else { return nil }
        let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + offset, needleBase, needle.count) == 0 { return offset }
        index = offset + 1
    }
    return nil
}

/// The byte offset of each line's start. Lines end at LF, CR LF, or a lone CR, as in YAML.
///
/// Offsets are 32 bits wide unless the file is 4 GiB or more (`--max-file-size` allows it): a
/// large file has a line start per 20 bytes or so, held as long as its findings may be shown.
private struct LineStarts: Sendable {
    private var narrow: [UInt32] = []
    private var wide: [Int] = []
    private let isWide: Bool

    init(_ bytes: [UInt8]) {
        isWide = bytes.count > Int(UInt32.max)
        if isWide { wide = Self.starts(of: bytes, as: Int.self) } else { narrow = Self.starts(of: bytes, as: UInt32.self) }
    }

    private static func starts<Offset: FixedWidthInteger>(of bytes: [UInt8], as _: Offset.Type) -> [Offset] {
        var starts: [Offset] = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            if memchr(base, 0x0D, count) == nil {
                // No CR, the common case: the C library's memchr finds each LF, many bytes a step.
                var index = 0
                while index < count, let found = memchr(base + index, 0x0A, count - index) {
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(Offset(truncatingIfNeeded: index))
                }
                return
            }
            var index = 0
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(Offset(truncatingIfNeeded: index + 1))
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(Offset(truncatingIfNeeded: index + 1))
                }
                index += 1
            }
        }
        // Kept as long as the file's findings may be shown: not with the half-empty capacity
        // that growth by doubling leaves.
        return starts.withUnsafeBufferPointer { Array($0) }
    }

    var count: Int { isWide ? wide.count : narrow.count }

    subscript(line: Int) -> Int { isWide ? wide[line] : Int(narrow[line]) }
}
