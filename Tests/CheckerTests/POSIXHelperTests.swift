import Driver
import Foundation
import Testing

/// The path and error helpers that stand in for Foundation's (only FoundationEssentials is
/// linked): each gives what NSString or `localizedDescription` users saw before.
@Suite struct POSIXHelperTests {
    @Test(arguments: [
        ("state", "a.xml"), ("state/", "a.xml"), ("/", "a"), ("", "a"), (".", "x"), ("/tmp/out", "p.json"),
    ])
    func joiningIsNSStrings(folder: String, file: String) {
        #expect(joinedPath(folder, file) == (folder as NSString).appendingPathComponent(file))
    }

    @Test(arguments: ["a/b", "/a", "/", "a/b/", "out/deep/plan.json", "a//b", "", "//a"])
    func deletingTheLastComponentIsNSStrings(path: String) {
        #expect(deletingLastComponent(path) == (path as NSString).deletingLastPathComponent)
    }

    /// swift-corelibs-foundation traps on a path without a slash; Apple's NSString documents "".
    @Test func aPathWithoutASlashHasAnEmptyFolder() {
        #expect(deletingLastComponent("plan.json") == "")
        #expect(deletingLastComponent("plan.json/") == "")
    }

    @Test func fileErrorsSayTheirPOSIXReason() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-credc/file")
        #expect(throws: (any Error).self) { try Data(contentsOf: missing) }
        do {
            _ = try Data(contentsOf: missing)
        } catch {
            #expect(errorText(error) == "no such file or directory")
        }
        #expect(errorText(POSIXError(.EACCES)) == "permission denied")
        #expect(errorText(CocoaError(.fileWriteOutOfSpace)) == "no space left on device")
    }

    @Test func folderTestFollowsLinks() throws {
        #expect(isDirectory("/"))
        #expect(!isDirectory("/nonexistent-credc"))
        #expect(!isDirectory("/etc/hostname"))
    }
}
