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
    public static func files(under paths: [String]) throws(Failure) -> [String] {
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
            guard let found = yamlFiles(in: path), !found.isEmpty else {
                if manager.isReadableFile(atPath: path) { throw .noYAML(path) }
                throw .unreadable(path)
            }
            for file in found where seen.insert(file).inserted { result.append(file) }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func yamlFiles(in directory: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var result: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") || name == Settings.fileName {
            let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                result += yamlFiles(in: path) ?? []
            } else if (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != Settings.fileName {
                result.append(path)
            }
        }
        return result
    }
}
