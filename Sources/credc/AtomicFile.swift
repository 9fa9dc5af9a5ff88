import Foundation

/// Writes a file so that readers see the old content or the new, never a part: a temporary
/// file in the same folder, then rename(2), which is atomic within one file system.
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
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).credc-\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw Failure(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw Failure(message: "cannot write '\(path)': \(reason)")
        }
    }

    private static func writeDirectly(_ data: Data, to target: String, as path: String) throws(Failure) {
        guard let handle = FileHandle(forWritingAtPath: target) else {
            throw Failure(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw Failure(message: "cannot write '\(path)': \(error.localizedDescription)")
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
