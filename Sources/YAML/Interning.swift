#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `String` for each distinct scalar text of a chunk: real configurations repeat their
/// longer values (a permission set every principal lists, a principal name in every
/// credential, field names such as `identityProvider`), and a text longer than 15 UTF-8 bytes
/// is a heap object per occurrence otherwise. Shorter texts are stored inline in the `String`
/// and never come here.
///
/// Open addressing keyed by a hash of the bytes, compared byte for byte: looking a text up
/// makes no `String` first. Bounded: a full table starts again empty. Most of a large file's
/// long texts are distinct (a description, a scope per credential), and a table that kept
/// 65k of them took 2 MB per reading thread at the peak of a read; the repeats are near each
/// other (within a document, a credential and its named credential) or so frequent (a shared
/// permission set) that they are back in the table right after it starts again.
public struct StringInterner {
    /// An index into ``strings`` plus one; 0 is an empty slot. Four bytes a slot, with the
    /// texts' hashes kept beside the texts: the table of a large file is a few hundred
    /// kilobytes, not the 3 MB that slots holding a hash and a `String` each took.
    private var slots: [UInt32]
    private var strings: [String] = []
    private var hashes: [UInt32] = []
    private var mask: Int
    private static let maximumCount = 1 << 13

    /// An empty table: its slots are made on the first long text, so that a reader handed a
    /// table to share allocates none of its own.
    public init() {
        slots = []
        mask = -1
    }

    /// The text of `bytes`, which libyaml has checked to be UTF-8.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        if slots.isEmpty {
            slots = Array(repeating: 0, count: 1024)
            mask = slots.count - 1
        }
        let hash = Self.hash(bytes)
        let short = UInt32(truncatingIfNeeded: hash >> 32)
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] != 0 {
            let found = Int(slots[index] - 1)
            if hashes[found] == short, Self.equal(strings[found], bytes) { return strings[found] }
            index = (index + 1) & mask
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if strings.count == Self.maximumCount {
            strings.removeAll(keepingCapacity: true)
            hashes.removeAll(keepingCapacity: true)
            for slot in slots.indices { slots[slot] = 0 }
            index = Int(truncatingIfNeeded: hash) & mask
        }
        strings.append(string)
        hashes.append(short)
        slots[index] = UInt32(strings.count)
        if strings.count * 2 > slots.count { grow() }
        return string
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for found in strings.indices {
            var text = strings[found]
            let hash = text.withUTF8 { Self.hash($0) }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = UInt32(found + 1)
        }
    }

    /// FNV-1a over the bytes, eight at a time: texts here are short and not adversarial beyond
    /// the table's bound (a collision costs a comparison, never a wrong string).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01b3
            offset += 1
        }
        return hash ^ UInt64(raw.count)
    }

    private static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            utf8.count == bytes.count && (utf8.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }
}
