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
/// makes no `String` first. Bounded, so that a file of only distinct values costs a table of
/// fixed size and then plain decoding.
struct StringInterner {
    private var slots: [Slot]
    private var count = 0
    private var mask: Int
    private static let maximumCount = 1 << 16

    private struct Slot {
        var hash: UInt64
        var string: String?
    }

    init() {
        slots = Array(repeating: Slot(hash: 0, string: nil), count: 1024)
        mask = slots.count - 1
    }

    /// The text of `bytes`, which libyaml has checked to be UTF-8.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let hash = Self.hash(bytes)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let existing = slots[index].string {
            if slots[index].hash == hash, Self.equal(existing, bytes) { return existing }
            index = (index + 1) & mask
        }
        let string = String(decoding: bytes, as: UTF8.self)
        guard count < Self.maximumCount else { return string }
        slots[index] = Slot(hash: hash, string: string)
        count += 1
        if count * 2 > slots.count { grow() }
        return string
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(hash: 0, string: nil), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.string != nil {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].string != nil { index = (index + 1) & mask }
            slots[index] = slot
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
