import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error, written with write(2): FileHandle is Foundation's, which
/// the `check` path does not load (README, Performance).
enum StandardStream {
    case standardOutput
    case standardError

    var fileDescriptor: Int32 { self == .standardOutput ? 1 : 2 }

    /// Writes all of `bytes`, retrying after a signal; throws the error of a write that fails.
    func write(_ bytes: some Collection<UInt8>) throws {
        try Self.write(bytes, to: fileDescriptor)
    }

    static func write(_ bytes: some Collection<UInt8>, to descriptor: Int32) throws {
        var failure: Int32 = 0
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            failure = writeAll(buffer, to: descriptor)
        }
        if done == nil { failure = Array(bytes).withUnsafeBufferPointer { writeAll($0, to: descriptor) } }
        if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
    }
}

/// 0, or the errno of the write that failed.
private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < buffer.count {
        let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
