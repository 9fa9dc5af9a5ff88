import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole folder so that it is never seen half-written: the files go into a hidden
/// temporary folder beside the target, which is then renamed into place (rename(2), atomic
/// within one file system). Missing folders above the target are created first.
///
/// An existing target is replaced only when it is empty or holds the ``markerName`` file that
/// every folder written here carries, i.e. it is a previous `credc export`, `plan
/// --metadata-out` or `credc import` folder; anything else is refused, `force` or not, so a
/// mistyped path never deletes a project. The marker records each file written (a
/// ``FolderRecord``): unless `force`, a folder in which a file was changed or added since is
/// refused too, listing them, unless the file already holds what this run writes there (then
/// nothing is lost). A marker that records nothing (an older credc's) cannot tell a change
/// from the input's: every file that differs from this run's is listed.
///
/// A replaced folder is first renamed aside, then the new one renamed in, then the old one
/// removed: the target is the old folder or the new one (and missing for the instant between
/// the two renames), never a mix; if the second rename fails, the old folder is put back.
/// Nothing of the old folder is carried over, so no file of an earlier run survives into the
/// new one.
enum AtomicFolder {
    /// The file that marks a folder as credc's and records what was written. Hidden: the
    /// metadata reader, `credc check` and the Salesforce CLI skip dot files.
    static let markerName = ".credc-export"

    /// Writes `files` (relative `/`-separated paths) and the marker as the folder `path`.
    static func write(_ files: [String: Data], to path: String, force: Bool) throws(AtomicFile.Failure) {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).credc-\(getpid()).tmp")
        let aside = parent.appendingPathComponent(".\(target.lastPathComponent).credc-\(getpid()).old")
        let replacing = try checkReplaceable(target, with: files, as: path, force: force)
        let createdFolders = replacing ? [] : try AtomicFile.createMissingFolders(above: target, as: path)

        func failure(_ reason: String) -> AtomicFile.Failure {
            AtomicFile.removeCreated(createdFolders)
            return AtomicFile.Failure(message: "cannot write '\(path)': \(reason)")
        }
        try? FileManager.default.removeItem(at: temporary)
        guard mkdir(temporary.path, 0o755) == 0 else { throw failure(String(cString: strerror(errno))) }
        do {
            for (relative, data) in files.sorted(by: { $0.key < $1.key }) {
                let url = temporary.appendingPathComponent(relative)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            try Data(FolderRecord(files: files).markerText.utf8).write(to: temporary.appendingPathComponent(markerName))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw failure(errorText(error))
        }
        if replacing {
            guard rename(target.path, aside.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw failure(reason)
            }
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if replacing { rename(aside.path, target.path) }
            try? FileManager.default.removeItem(at: temporary)
            throw failure(reason)
        }
        if replacing { try? FileManager.default.removeItem(at: aside) }
    }

    /// Throws what ``write(_:to:force:)`` would refuse, before anything is written: a command
    /// that writes other outputs too checks its folder first, so that a refusal writes nothing.
    static func requireWritable(_ files: [String: Data], to path: String, force: Bool) throws(AtomicFile.Failure) {
        _ = try checkReplaceable(URL(fileURLWithPath: path).standardizedFileURL, with: files, as: path, force: force)
    }

    /// True when `target` exists and may be replaced by `files`; false when it does not exist.
    private static func checkReplaceable(
        _ target: URL, with files: [String: Data], as path: String, force: Bool
    ) throws(AtomicFile.Failure) -> Bool {
        var status = stat()
        guard lstat(target.path, &status) == 0 else { return false }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw AtomicFile.Failure(message: "cannot write '\(path)': it exists and is not a folder")
        }
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: target.path) else {
            throw AtomicFile.Failure(message: "cannot write '\(path)': the existing folder cannot be read")
        }
        if contents.isEmpty { return true }
        guard contents.contains(markerName) else {
            throw AtomicFile.Failure(
                message: "'\(path)' exists and was not written by credc (it has no \(markerName) file); "
                    + "credc replaces only empty folders and its own: remove it or choose another folder")
        }
        if force { return true }
        let marker = target.appendingPathComponent(markerName)
        let record = (try? String(contentsOf: marker, encoding: .utf8)).flatMap(FolderRecord.init(markerText:))
        let differences = (record ?? FolderRecord(files: [:])).differences(in: target, replacedBy: FolderRecord(files: files))
        if differences.isEmpty { return true }
        let (some, these, them) = differences.count == 1 ? ("a file", "this one was", "it") : ("files", "these were", "them")
        func shown(_ relative: String) -> String { joinedPath(path, relative) }
        let message: String
        if record == nil {
            // Every file that differs from this run's may be an edit or may be the input's change.
            message =
                "'\(path)' was written by a credc that did not record its files (or its \(markerName) was edited), "
                + "so credc cannot tell whether \(these) changed since:\n"
                + differences.map { "  \(shown($0.path))" }.joined(separator: "\n")
                + "\nlook at \(them) (`git status`), then re-run with --force to replace the folder (it is left as it is)"
        } else {
            message =
                "'\(path)' holds \(some) changed or added since credc wrote it, which replacing the folder would lose:\n"
                + differences.map { "  \(shown($0.path)) (\($0.difference.rawValue))" }.joined(separator: "\n")
                + "\nkeep \(them) elsewhere, or re-run with --force to replace the folder anyway (it is left as it is)"
        }
        throw AtomicFile.Failure(message: message)
    }
}
