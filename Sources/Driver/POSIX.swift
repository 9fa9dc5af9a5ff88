import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong, for a message: FoundationEssentials has no `localizedDescription`, so a file
/// error says its POSIX reason ("no such file or directory"), which is what the user can act on.
public func errorText(_ error: any Error) -> String {
    if let error = error as? CocoaError {
        if let underlying = error.userInfo["NSUnderlyingError"] as? POSIXError {
            return posixText(underlying.code.rawValue)
        }
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return posixText(ENOENT)
        case .fileReadNoPermission, .fileWriteNoPermission: return posixText(EACCES)
        case .fileWriteOutOfSpace: return posixText(ENOSPC)
        case .fileWriteFileExists: return posixText(EEXIST)
        default: return "file error \(error.code.rawValue)"
        }
    }
    if let error = error as? POSIXError { return posixText(error.code.rawValue) }
    if let error = error as? CustomStringConvertible { return error.description }
    return String(describing: error)
}

/// strerror's text with a lower-case first letter, to follow a colon.
public func posixText(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}

/// `file` inside `directory`, as NSString's `appendingPathComponent` joined them: one slash.
public func joinedPath(_ directory: String, _ file: String) -> String {
    guard !directory.isEmpty else { return file }
    var folder = Substring(directory)
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    return folder == "/" ? "/" + file : folder + "/" + file
}

/// Whether `path` is a folder, links followed.
public func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
}

/// `path` without its last component, as NSString's `deletingLastPathComponent` made it:
/// `a/b` → `a`, `a` → ``, `/a` → `/`.
public func deletingLastComponent(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    var folder = trimmed[..<slash]
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    return String(folder)
}

/// Waits `seconds`, as Foundation's `Thread.sleep(forTimeInterval:)` did.
public func pause(seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}
