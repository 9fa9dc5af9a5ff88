import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see the old content or the new, never a part: a temporary
/// file in the same folder, then rename(2), which is atomic within one file system. Missing
/// folders above the file are created first, and removed again when the write fails.
enum AtomicFile {
    struct Failure: Error {
        var message: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        // Write through a symbolic link to its target, as `>` would, rather than replace the link.
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var status = stat()
        if stat(url.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            // A device or pipe (`-o /dev/stdout`) cannot be renamed over: write to it directly.
            try writeDirectly(Data(text.utf8), to: url.path, as: path)
            return
        }
        let createdFolders = try createMissingFolders(above: url, as: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).credc-\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            let reason = String(cString: strerror(errno))
            removeCreated(createdFolders)
            throw Failure(message: "cannot write '\(path)': \(reason)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            removeCreated(createdFolders)
            throw Failure(message: "cannot write '\(path)': \(reason)")
        }
    }

    /// Creates the folders missing above `url` (`-o out/plan.json` in a fresh clone), outermost
    /// first, and returns them, so that a write that fails can remove what it made. Each is one
    /// mkdir(2): a folder another process makes meanwhile is taken as it is.
    static func createMissingFolders(above url: URL, as path: String) throws(Failure) -> [URL] {
        // The folder as the user wrote it, for messages: `path` without its last `depth` parts.
        func shown(_ depth: Int) -> String {
            (0..<depth).reduce(path) { folder, _ in deletingLastComponent(folder) }
        }
        var missing: [URL] = []
        var folder = url.deletingLastPathComponent()
        var status = stat()
        while stat(folder.path, &status) != 0, folder.path != "/" {
            missing.insert(folder, at: 0)
            folder = folder.deletingLastPathComponent()
        }
        if status.st_mode & S_IFMT != S_IFDIR {
            throw Failure(message: "cannot write '\(path)': '\(shown(missing.count + 1))' is not a folder")
        }
        var created: [URL] = []
        for (index, folder) in missing.enumerated() {
            if mkdir(folder.path, 0o777) == 0 {
                created.append(folder)
            } else if errno != EEXIST {
                let reason = String(cString: strerror(errno))
                removeCreated(created)
                throw Failure(
                    message: "cannot write '\(path)': cannot create the folder '\(shown(missing.count - index))': \(reason)")
            }
        }
        return created
    }

    /// Removes the folders ``createMissingFolders(above:as:)`` made, innermost first; rmdir(2)
    /// removes only empty ones, so nothing another process put there meanwhile is lost.
    static func removeCreated(_ folders: [URL]) {
        for folder in folders.reversed() { rmdir(folder.path) }
    }

    private static func writeDirectly(_ data: Data, to target: String, as path: String) throws(Failure) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        do {
            defer { close(descriptor) }
            try StandardStream.write(data, to: descriptor)
        } catch {
            throw Failure(message: "cannot write '\(path)': \(errorText(error))")
        }
    }
}

/// Writes to `-o FILE` atomically, or to standard output.
func emit(_ text: String, to output: String?) throws {
    guard let output else {
        try writeOut(text)
        return
    }
    do {
        try AtomicFile.write(text, to: output)
    } catch {
        throw fail(Exit.cannotCreate, error.message)
    }
}
