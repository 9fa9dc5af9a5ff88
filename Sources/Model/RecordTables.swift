#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// Every record path, each stored once: a record keeps a 4-byte index in place of a `String`.
/// Paths repeat across records (`principals[3]` in every credential), so the table stays small;
/// it is never emptied, so an index stays valid for the life of the process.
///
/// Reading takes no lock: a slot is written before its index is handed out (under the lock),
/// and whoever reads an index got it through the record that carries it, which crossed
/// threads only through a synchronizing hand-off.
final class RecordPaths: @unchecked Sendable {
    // Unchecked: `indices`, `count` and new chunks are written under `lock` only; a slot is never
    // written again once its index is out.
    static let shared = RecordPaths()

    private static let chunkBits = 12
    private static let chunkCount = 1 << 12
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var indices: [String: UInt32] = [:]
    private var count = 0
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>

    private init() {
        pthread_mutex_init(lock, nil)
        // Zeroed by calloc, not by a loop: the pages no chunk has reached stay untouched.
        let table = calloc(Self.chunkCount, MemoryLayout<UnsafeMutablePointer<String>?>.stride)!
        chunks = table.bindMemory(to: UnsafeMutablePointer<String>?.self, capacity: Self.chunkCount)
        _ = index("")
    }

    /// The index of `path`, stored if it is new.
    func index(_ path: String) -> UInt32 {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let found = indices[path] { return found }
        // 2^24 distinct paths is past any input the limits admit; were it reached, the path
        // would read as the document's own rather than stop the run.
        guard count < Self.chunkCount << Self.chunkBits else { return 0 }
        let chunk = count >> Self.chunkBits
        if chunks[chunk] == nil {
            let slots = UnsafeMutablePointer<String>.allocate(capacity: 1 << Self.chunkBits)
            chunks[chunk] = slots
        }
        (chunks[chunk]! + (count & (1 << Self.chunkBits - 1))).initialize(to: path)
        let index = UInt32(count)
        indices[path] = index
        count += 1
        return index
    }

    /// The path stored at `index`, which ``index(_:)`` returned.
    func path(_ index: UInt32) -> String {
        let index = Int(index)
        return chunks[index >> Self.chunkBits]![index & (1 << Self.chunkBits - 1)]
    }
}

/// The ranges ``PackedRange`` cannot hold (a value over 254 lines, or ending past column
/// 2^24), by the record buffer whose entries point at them: so rare that a record's header
/// keeps only a flag, and finding them takes a lock.
final class OverflowRanges: @unchecked Sendable {
    // Unchecked: `ranges` is read and written under `lock` only.
    static let shared = OverflowRanges()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var ranges: [ObjectIdentifier: [SourceRange]] = [:]

    private init() { pthread_mutex_init(lock, nil) }

    func ranges(of owner: ObjectIdentifier) -> [SourceRange] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return ranges[owner] ?? []
    }

    func set(_ list: [SourceRange], of owner: ObjectIdentifier) {
        pthread_mutex_lock(lock)
        ranges[owner] = list
        pthread_mutex_unlock(lock)
    }

    /// Called as the owner goes: another object may take its address next.
    func remove(_ owner: ObjectIdentifier) {
        pthread_mutex_lock(lock)
        ranges[owner] = nil
        pthread_mutex_unlock(lock)
    }
}
