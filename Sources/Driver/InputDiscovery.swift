import Foundation

/// Finds the YAML inputs under the paths given on the command line.
public enum InputDiscovery {
    public enum Failure: Error, Equatable {
        /// The path does not exist or cannot be read.
        case unreadable(String)
        /// No `.yaml`/`.yml` file under the path.
        case noYAML(String)
    }

    /// Files in a deterministic order; directories are searched recursively, skipping hidden
    /// folders. A file named explicitly is taken whatever its extension.
    /// `excluding` paths are relative to `base` (the settings file's folder); they prune directory
    /// searches but never a path that lies inside the excluded one itself.
    public static func files(
        under paths: [String], excluding: [String] = [], relativeTo base: String? = nil
    ) throws(Failure) -> [String] {
        let excluded = excluding.map { absolute(join(base ?? ".", $0)) }
        var result: [String] = []
        var seen: Set<String> = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .unreadable(path) }
            if !isDirectory.boolValue {
                if seen.insert(path).inserted { result.append(path) }
                continue
            }
            let root = absolute(path)
            let pruned = excluded.filter { !isInside(root, $0) }
            guard let found = yamlFiles(in: path, pruning: pruned), !found.isEmpty else {
                if manager.isReadableFile(atPath: path) { throw .noYAML(path) }
                throw .unreadable(path)
            }
            for file in found where seen.insert(file).inserted { result.append(file) }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func yamlFiles(in directory: String, pruning excluded: [String]) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var result: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") || name == Settings.fileName {
            let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !excluded.isEmpty, excluded.contains(where: { isInside(absolute(path), $0) }) { continue }
            if isDirectory.boolValue {
                result += yamlFiles(in: path, pruning: excluded) ?? []
            } else if (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != Settings.fileName {
                result.append(path)
            }
        }
        return result
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
