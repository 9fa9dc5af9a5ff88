import Digest
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What credc wrote into an output folder: each file's relative path and SHA-256. It is kept in
/// the folder's marker file (``AtomicFolder/markerName``), so that a later run can tell the
/// files it wrote from ones a person has changed or added since, which replacing the folder
/// would lose.
struct FolderRecord {
    /// Relative `/`-separated path → SHA-256 as 64 lowercase hexadecimal digits.
    var digests: [String: String]

    init(files: [String: Data]) {
        digests = files.mapValues { SHA256.hex(Array($0)) }
    }

    /// The line after which the marker lists the files, one per line as `sha256sum` prints
    /// them (digest, two spaces, path). A marker without it was written by a credc that
    /// recorded nothing (before contract 1.2).
    private static let listHeading = "Files written (SHA-256, path):"

    /// The marker's text: what the folder is, then the record.
    var markerText: String {
        var text = """
            This folder was written by credc (`credc export`, `credc plan --metadata-out` or `credc import`).
            credc replaces it as a whole on the next run, but refuses to (exit 73) while a file here
            differs from what it wrote or was added since, unless --force. Keep no other files here.

            \(Self.listHeading)

            """
        for (path, digest) in digests.sorted(by: { $0.key < $1.key }) {
            text += "\(digest)  \(path)\n"
        }
        return text
    }

    /// Reads the record back from a marker's text; nil when the marker holds none (an older
    /// credc's) or when its list is not one credc wrote (the marker was edited).
    init?(markerText: String) {
        let lines = markerText.split(separator: "\n", omittingEmptySubsequences: false)
        guard let heading = lines.firstIndex(of: Substring(Self.listHeading)) else { return nil }
        var digests: [String: String] = [:]
        for line in lines[(heading + 1)...] where !line.isEmpty {
            let digest = line.prefix(64)
            guard digest.count == 64, digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
                line.dropFirst(64).hasPrefix("  "), line.count > 66
            else { return nil }
            digests[String(line.dropFirst(66))] = String(digest)
        }
        self.digests = digests
    }

    /// How a file found in the folder differs from the record.
    enum Difference: String {
        /// Recorded, and its bytes (or its kind: a link or folder where a file was) changed.
        case changed
        /// Not written by credc.
        case added
    }

    /// Files under `folder` that replacing it with `next` (what this run writes) would lose, by
    /// relative path: recorded ones whose bytes changed and ones credc did not write, unless they
    /// already hold exactly what `next` writes there (a schema refreshed by hand, an edit the
    /// org has too). The marker is credc's own; a recorded file that is gone loses nothing (the
    /// run writes it again); empty folders hold nothing; `.DS_Store` is the macOS Finder's,
    /// remade whenever the folder is opened. A link, or anything else that is not a regular
    /// file, always counts.
    func differences(in folder: URL, replacedBy next: FolderRecord) -> [(path: String, difference: Difference)] {
        var found: [(path: String, difference: Difference)] = []
        func visit(_ url: URL, _ relative: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                // A folder that cannot be listed may hold anything: it counts as changed.
                found.append((relative, .changed))
                return
            }
            for name in names.sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == AtomicFolder.markerName || name == ".DS_Store" { continue }
                let entry = url.appendingPathComponent(name)
                var status = stat()
                guard lstat(entry.path, &status) == 0 else { continue }  // removed meanwhile
                let kind = status.st_mode & S_IFMT
                if kind == S_IFDIR, digests[path] == nil {
                    visit(entry, path)
                    continue
                }
                let digest = kind == S_IFREG ? (try? Data(contentsOf: entry)).map { SHA256.hex(Array($0)) } : nil
                if let digest, digest == digests[path] || digest == next.digests[path] { continue }
                found.append((path, digests[path] == nil ? .added : .changed))
            }
        }
        visit(folder, "")
        return found
    }
}
