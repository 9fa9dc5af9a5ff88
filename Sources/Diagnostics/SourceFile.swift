#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CMappedFile

/// One input file: the path as the user gave it and its bytes.
///
/// Line starts are computed once, when first asked for, for rendering source lines and for
/// turning byte offsets (libyaml's reader errors) into positions.
///
/// A large input is mapped rather than read (``mapping(path:minimumSize:limit:)``): the parser
/// drops the pages it has passed (``releasePages(_:)``), and the findings read back the few
/// lines they show. Whole-file passes over a mapped file go through this type, which drops the
/// pages behind them too, so that at no point is the whole file held besides its model.
///
/// A file read from disk (``reading(path:limit:)``, a mapping) can let go of its contents once
/// its model is built (``unloadContents()``): the next read of them reads the file again, and
/// finds it empty if it changed meanwhile (its size, modification time or inode), so that no
/// line is shown that is not the one checked.
public struct SourceFile: Sendable {
    public let path: String
    private let storage: SourceStorage

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        storage = SourceStorage(Contents(bytes), origin: nil)
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The regular file at `path` mapped into memory, when it has from `minimumSize` to `limit`
    /// bytes; nil otherwise, or when it cannot be opened or mapped: then read it.
    public static func mapping(path: String, minimumSize: Int, limit: Int) -> SourceFile? {
        withOpenFile(path) { descriptor, status in
            FileOrigin.map(descriptor, status, path: path, minimumSize: minimumSize, limit: limit).map { mapped($0, path: path) }
        }
    }

    /// The file at `path`, read up to `limit` bytes; nil when it cannot be opened or read, with
    /// `errno` saying why. Only a regular file's contents are unloaded. A regular file of
    /// `mappingFrom` bytes or more, within the limit, is mapped instead (``mapping(path:minimumSize:limit:)``),
    /// opened once either way.
    public static func reading(path: String, limit: Int, mappingFrom minimumSize: Int = .max) -> SourceFile? {
        withOpenFile(path) { descriptor, status in
            if let found = FileOrigin.map(descriptor, status, path: path, minimumSize: minimumSize, limit: limit - 1) {
                return mapped(found, path: path)
            }
            guard let (bytes, identity) = FileOrigin.read(descriptor, status, limit: limit) else { return nil }
            let origin = identity.map { FileOrigin(path: path, identity: $0, isMapped: false) }
            return SourceFile(path: path, storage: SourceStorage(Contents(bytes), origin: origin))
        }
    }

    private static func mapped(_ found: (Contents, FileIdentity), path: String) -> SourceFile {
        SourceFile(path: path, storage: SourceStorage(found.0, origin: FileOrigin(path: path, identity: found.1, isMapped: true)))
    }

    private init(path: String, storage: SourceStorage) {
        self.path = path
        self.storage = storage
    }

    /// Lets go of the bytes and line starts of a file read from disk; nothing else changes.
    public func unloadContents() { storage.unload() }

    private var contents: Contents { storage.contents }

    /// The bytes. A mapped file's are copied: read a large file with ``withUnsafeBytes(_:)``.
    public var bytes: [UInt8] {
        let contents = contents
        return contents.array ?? contents.withUnsafeBytes { Array($0) }
    }

    public var count: Int { contents.count }

    public var isEmpty: Bool { contents.count == 0 }

    /// Whether the bytes are a mapping of the file, whose pages ``releasePages(_:)`` drops.
    public var isMapped: Bool { contents.array == nil }

    public func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try contents.withUnsafeBytes(body)
    }

    /// The byte at `offset`, or nil past the end.
    public func byte(at offset: Int) -> UInt8? {
        withUnsafeBytes { offset >= 0 && offset < $0.count ? $0[offset] : nil }
    }

    /// Drops the whole pages of `range` of a mapped file from memory (nothing else changes:
    /// reading them again reads the file); does nothing to a file read into memory.
    public func releasePages(_ range: Range<Int>) {
        contents.releasePages(range)
    }

    public var lineCount: Int { contents.lineStarts.count }

    /// The bytes of a 1-based line, without its line break.
    public func lineBytes(_ line: Int) -> [UInt8] {
        let contents = contents
        let lineStarts = contents.lineStarts
        guard line >= 1, line <= lineStarts.count else { return [] }
        return contents.withUnsafeBytes { bytes in
            let start = lineStarts[line - 1]
            var end = line < lineStarts.count ? lineStarts[line] : bytes.count
            while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            return Array(bytes[start..<end])
        }
    }

    /// A line's text; invalid UTF-8 is shown with replacement characters.
    public func lineText(_ line: Int) -> String {
        var text = String(decoding: lineBytes(line), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The 1-based line of a byte offset. Unlike ``position(ofByteOffset:)`` it needs no line
    /// starts: counted in the bytes before it, so that splitting a large file without findings
    /// never finds its million lines.
    public func line(ofByteOffset offset: Int) -> Int {
        withUnsafeBytes { bytes in
            let before = UnsafeBufferPointer(rebasing: bytes[..<min(max(offset, 0), bytes.count)])
            guard let base = before.baseAddress, memchr(base, 0x0D, before.count) == nil else {
                return position(ofByteOffset: offset).line
            }
            // No CR: each LF ends a line. A branch-free count the compiler vectorises.
            var breaks = 0
            for byte in before { breaks &+= byte == 0x0A ? 1 : 0 }
            return breaks + 1
        }
    }

    /// The position of a byte offset, counting columns in Unicode scalars.
    public func position(ofByteOffset offset: Int) -> SourcePosition {
        let contents = contents
        let lineStarts = contents.lineStarts
        return contents.withUnsafeBytes { bytes in
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
    }

    /// The byte offset of a position; the inverse of `position(ofByteOffset:)`.
    public func byteOffset(of position: SourcePosition) -> Int {
        let contents = contents
        let lineStarts = contents.lineStarts
        guard position.line >= 1, position.line <= lineStarts.count else {
            return position.line < 1 ? 0 : contents.count
        }
        return contents.withUnsafeBytes { bytes in
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
    }

    /// The text of `range` as written (the end exclusive); empty when the range is reversed.
    public func text(of range: SourceRange) -> String {
        let start = byteOffset(of: range.start)
        return withUnsafeBytes { bytes in
            let end = min(max(byteOffset(of: range.end), start), bytes.count)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[min(start, end)..<end]), as: UTF8.self)
        }
    }
}

/// What tells a file apart from itself rewritten: its contents are read again only when they match.
private struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var seconds: Int
    var nanoseconds: Int

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int(status.st_size)
        #if canImport(Darwin)
            seconds = Int(status.st_mtimespec.tv_sec)
            nanoseconds = Int(status.st_mtimespec.tv_nsec)
        #else
            seconds = Int(status.st_mtim.tv_sec)
            nanoseconds = Int(status.st_mtim.tv_nsec)
        #endif
    }
}

/// Where a file's contents came from, to read them again.
private struct FileOrigin: Sendable {
    var path: String
    var identity: FileIdentity
    var isMapped: Bool

    /// The contents now, or none when the file is no longer what was read.
    func reload() -> Contents {
        let again = withOpenFile(path) { descriptor, status -> Contents? in
            if isMapped {
                guard let (contents, now) = Self.map(descriptor, status, path: path, minimumSize: 1, limit: identity.size),
                    now == identity
                else { return nil }
                return contents
            }
            guard let (bytes, now) = Self.read(descriptor, status, limit: identity.size + 1), now == identity else { return nil }
            return Contents(bytes)
        }
        return again ?? Contents([])
    }

    /// The open regular file mapped, when it has from `minimumSize` to `limit` bytes.
    static func map(_ descriptor: Int32, _ status: stat?, path: String, minimumSize: Int, limit: Int) -> (Contents, FileIdentity)? {
        guard let status, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size >= max(minimumSize, 1), size <= limit, let base = credc_map_file(descriptor, size, path) else { return nil }
        return (Contents(mapped: base, count: size), FileIdentity(status))
    }

    /// The bytes of the open file, and its identity when it is a regular file read whole.
    static func read(_ descriptor: Int32, _ status: stat?, limit: Int) -> ([UInt8], FileIdentity?)? {
        let regular = status.flatMap { $0.st_mode & S_IFMT == S_IFREG ? $0 : nil }
        guard let bytes = readPrefix(descriptor, limit: limit, sizeHint: regular.map { Int($0.st_size) } ?? 0) else { return nil }
        return (bytes, regular.flatMap { bytes.count == Int($0.st_size) ? FileIdentity($0) : nil })
    }
}

/// A file's contents as they stand: held, or let go and read again when next asked for.
private final class SourceStorage: @unchecked Sendable {
    // Unchecked: `loaded` is read and written under `lock` only; a file not from disk has
    // `fixed` instead, never changed.
    private let fixed: Contents?
    private let origin: FileOrigin?
    private var loaded: Contents?
    private let lock: UnsafeMutablePointer<pthread_mutex_t>?

    init(_ contents: Contents, origin: FileOrigin?) {
        self.origin = origin
        if origin == nil {
            fixed = contents
            lock = nil
        } else {
            fixed = nil
            loaded = contents
            let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(lock, nil)
            self.lock = lock
        }
    }

    var contents: Contents {
        if let fixed { return fixed }
        guard let lock, let origin else { preconditionFailure("a file from disk has a lock") }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let loaded { return loaded }
        let contents = origin.reload()
        loaded = contents
        return contents
    }

    func unload() {
        guard let lock else { return }
        pthread_mutex_lock(lock)
        loaded = nil
        pthread_mutex_unlock(lock)
    }

    deinit {
        if let lock {
            pthread_mutex_destroy(lock)
            lock.deallocate()
        }
    }
}

/// A file's bytes, read into an array or mapped (unmapped when the last reference goes), and
/// where its lines start.
private final class Contents: @unchecked Sendable {
    // Unchecked: `foundLineStarts` is written once, under `lineStartsLock`; the rest never
    // after init, and a mapping is read only.
    enum Backing {
        case array([UInt8])
        case mapped(UnsafePointer<UInt8>)
    }

    let backing: Backing
    let count: Int
    private var foundLineStarts: LineStarts?
    /// One lock for every file's line starts: they are asked for only to show a finding, and a
    /// lock each was 11,000 more allocations for a configuration of 11,000 files.
    nonisolated(unsafe) private static let lineStartsLock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    init(_ bytes: [UInt8]) {
        backing = .array(bytes)
        count = bytes.count
    }

    init(mapped base: UnsafePointer<UInt8>, count: Int) {
        backing = .mapped(base)
        self.count = count
    }

    /// Found at the first question about lines, not when the file is read: a check without
    /// findings never asks, and a 20 MB file's pass took 25 ms before its parse could start.
    var lineStarts: LineStarts {
        pthread_mutex_lock(Self.lineStartsLock)
        defer { pthread_mutex_unlock(Self.lineStartsLock) }
        if let foundLineStarts { return foundLineStarts }
        let found = withUnsafeBytes { LineStarts($0) }
        releasePages(0..<count)
        foundLineStarts = found
        return found
    }

    var array: [UInt8]? {
        if case .array(let bytes) = backing { bytes } else { nil }
    }

    func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch backing {
        case .array(let bytes): try bytes.withUnsafeBufferPointer(body)
        case .mapped(let base): try body(UnsafeBufferPointer(start: base, count: count))
        }
    }

    func releasePages(_ range: Range<Int>) {
        guard case .mapped(let base) = backing, !range.isEmpty else { return }
        credc_release_pages(base, count, range.lowerBound, range.count)
    }

    deinit {
        if case .mapped(let base) = backing { credc_unmap_file(base, count) }
    }
}

extension SourceFile {
    /// Whether the bytes hold `needle` anywhere. Foundation's `firstRange(of:)` on `[UInt8]`
    /// compares through generic indices and took a fifth of `check`'s time on a 20 MB file.
    /// A mapped file is searched a block at a time, each block's pages dropped once searched.
    public func contains(bytes needle: String) -> Bool {
        let needle = Array(needle.utf8)
        return withUnsafeBytes { buffer in
            guard isMapped else { return firstOffset(of: needle, in: buffer, from: 0) != nil }
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + Self.releasedBlock)
                // Overlapping the next block by the needle less a byte: a match across the seam counts.
                let searched = UnsafeBufferPointer(rebasing: buffer[start..<min(buffer.count, end + needle.count - 1)])
                let found = firstOffset(of: needle, in: searched, from: 0) != nil
                releasePages(start..<end)
                if found { return true }
                start = end
            }
            return false
        }
    }

    /// How far a pass over a mapped file goes before it drops the pages behind it: few system
    /// calls, few pages held.
    public static let releasedBlock = 1 << 20
}

/// The offset of the first occurrence of `needle` in `haystack` at or after `start`.
public func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    needle.withUnsafeBufferPointer { firstOffset(of: $0, in: haystack, from: start) }
}

/// The same search for a needle already in memory (a `StaticString`'s bytes), copying nothing.
public func firstOffset(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int
) -> Int? {
    guard !needle.isEmpty, let needleBase = needle.baseAddress, haystack.count >= needle.count,
        let base = haystack.baseAddress
    else { return nil }
    // memchr is vectorised: most of a large file is skipped many bytes at a time, as long as
    // the byte it looks for is rare. In a file it looks for the needle's rarest: `\n%` by its
    // `%`, not by each of a million line breaks. A scalar's text is searched by the first.
    var anchor = 0
    if haystack.count >= 1 << 16 {
        for index in needle.indices where byteFrequency(needle[index]) < byteFrequency(needle[anchor]) { anchor = index }
    }
    let anchorByte = Int32(needle[anchor])
    var index = max(start, 0)
    let last = haystack.count - needle.count
    while index <= last {
        guard let found = memchr(base + index + anchor, anchorByte, last - index + 1) else { return nil }
        let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
        if memcmp(base + offset, needleBase, needle.count) == 0 { return offset }
        index = offset + 1
    }
    return nil
}

/// How often a byte comes in YAML configuration, roughly: line breaks, spaces and the
/// punctuation of mappings and sequences, then lowercase letters in groups by their English
/// frequency; any other byte is taken to be rare.
private func byteFrequency(_ byte: UInt8) -> Int {
    switch byte {
    case 0x0A, 0x20: 40
    case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
        UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "h"):
        30
    case UInt8(ascii: ":"): 20
    case UInt8(ascii: "l"), UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "u"), UInt8(ascii: "m"), UInt8(ascii: "-"): 15
    case UInt8(ascii: "w"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "y"), UInt8(ascii: "p"), UInt8(ascii: "b"): 8
    case UInt8(ascii: "0")...UInt8(ascii: "9"): 6
    case UInt8(ascii: "v"), UInt8(ascii: "k"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "."): 4
    case UInt8(ascii: "j"), UInt8(ascii: "x"), UInt8(ascii: "q"), UInt8(ascii: "z"), UInt8(ascii: "/"): 2
    default: 1
    }
}

/// The byte offset of each line's start. Lines end at LF, CR LF, or a lone CR, as in YAML.
///
/// Offsets are 32 bits wide unless the file is 4 GiB or more (`--max-file-size` allows it): a
/// large file has a line start per 20 bytes or so, held as long as its findings may be shown.
private struct LineStarts: Sendable {
    private var narrow: [UInt32] = []
    private var wide: [Int] = []
    private let isWide: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        isWide = bytes.count > Int(UInt32.max)
        if isWide { wide = Self.starts(of: bytes, as: Int.self) } else { narrow = Self.starts(of: bytes, as: UInt32.self) }
    }

    private static func starts<Offset: FixedWidthInteger>(of buffer: UnsafeBufferPointer<UInt8>, as _: Offset.Type) -> [Offset] {
        var starts: [Offset] = [0]
        let count = buffer.count
        if let base = buffer.baseAddress, memchr(base, 0x0D, count) == nil {
            // No CR, the common case: the C library's memchr finds each LF, many bytes a step.
            var index = 0
            while index < count, let found = memchr(base + index, 0x0A, count - index) {
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(Offset(truncatingIfNeeded: index))
            }
        } else {
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
