import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the YAML inputs under the paths given on the command line.
public enum InputDiscovery {
    public enum Failure: Error, Equatable {
        /// The path does not exist or cannot be read.
        case unreadable(String)
        /// No `.yaml`/`.yml` file under the path.
        case noYAML(String)
    }

    /// One input file and how it was found.
    public struct Input: Sendable, Hashable {
        public var path: String
        /// The directory argument whose search found the file; nil for a path named on the
        /// command line, which is always checked (SPEC §1: only a directory search skips YAML
        /// that is not credc's).
        public var searchRoot: String?

        public init(path: String, searchRoot: String? = nil) {
            self.path = path
            self.searchRoot = searchRoot
        }
    }

    /// What a search found, and what it passed over that a person may want to know about.
    public struct Result: Sendable, Hashable {
        /// In path order (bytes of UTF-8), each file once.
        public var inputs: [Input]
        /// Symbolic links to folders met in directory searches, which are not followed.
        public var skippedFolderLinks: [String]
    }

    /// Files in a deterministic order; directories are searched recursively, skipping hidden
    /// entries. A file named explicitly is taken whatever its extension.
    ///
    /// A directory search does not follow symbolic links to folders, as git and ripgrep do not:
    /// a link such as `up -> ..` would otherwise make the search walk round a cycle. Links to
    /// files are read (they cannot loop). A path named on the command line is followed whatever
    /// it is. A file reached twice (named and found, or through a link or a hard link) is read
    /// once, the first time it is met: named paths first, then by path.
    ///
    /// `excluding` paths are relative to `base` (the settings file's folder); they prune directory
    /// searches but never a path that lies inside the excluded one itself.
    public static func search(
        _ paths: [String], excluding: [String] = [], relativeTo base: String? = nil
    ) throws(Failure) -> Result {
        let excluded = excluding.map { absolute(join(base ?? ".", $0)) }
        var named: [Input] = []
        var found: [Input] = []
        var skippedFolderLinks: [String] = []
        for path in paths {
            guard let kind = fileKind(path, following: true) else { throw .unreadable(path) }
            guard kind == .directory else {
                named.append(Input(path: path))
                continue
            }
            let root = absolute(path)
            var search = DirectorySearch(excluded: excluded.filter { !isInside(root, $0) })
            guard search.walk(path), !search.files.isEmpty else {
                if FileManager.default.isReadableFile(atPath: path) { throw .noYAML(path) }
                throw .unreadable(path)
            }
            found += search.files.map { Input(path: $0, searchRoot: path) }
            skippedFolderLinks += search.folderLinks
        }
        var identities: Set<FileIdentity> = []
        var paths: Set<String> = []
        var inputs: [Input] = []
        for input in named + found.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            guard paths.insert(input.path).inserted else { continue }
            if let identity = FileIdentity(input.path), !identities.insert(identity).inserted { continue }
            inputs.append(input)
        }
        return Result(
            inputs: inputs.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) },
            skippedFolderLinks: Array(Set(skippedFolderLinks)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// One directory search: its YAML files and the folder links it did not follow.
    private struct DirectorySearch {
        let excluded: [String]
        var files: [String] = []
        var folderLinks: [String] = []

        init(excluded: [String]) { self.excluded = excluded }

        /// False when `directory` cannot be listed.
        mutating func walk(_ directory: String) -> Bool {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
                if !excluded.isEmpty, excluded.contains(where: { isInside(absolute(path), $0) }) { continue }
                switch fileKind(path, following: false) {
                case .directory:
                    _ = walk(path)
                case .link:
                    switch fileKind(path, following: true) {
                    case .directory: folderLinks.append(path)
                    case .link, .other: if isYAML(name) { files.append(path) }
                    case nil: continue  // a dangling link
                    }
                case .other:
                    if isYAML(name) { files.append(path) }
                case nil:
                    continue
                }
            }
            return true
        }

        private func isYAML(_ name: String) -> Bool {
            name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        }
    }

    private enum FileKind { case directory, link, other }

    /// nil when the path does not exist (a dangling link, when following).
    private static func fileKind(_ path: String, following: Bool) -> FileKind? {
        var status = stat()
        guard (following ? stat(path, &status) : lstat(path, &status)) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The device and inode of the file a path leads to: the same file under two paths.
    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64

        init?(_ path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private static func join(_ base: String, _ path: String) -> String {
        path.hasPrefix("/") ? path : base + "/" + path
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
