import ArgumentParser
import Driver
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the generated reference pages; hidden, because it serves the repository's own `docs/`
/// (a test compares them) rather than users.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Write the generated reference pages (input format, rules) into a folder.",
        shouldDisplay: false)

    @Option(help: ArgumentHelp("The folder to write into; created when missing. Other files in it are left alone.", valueName: "dir"))
    var out: String

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw fail(Exit.cannotCreate, "cannot create '\(out)': \(errorText(error))")
        }
        for page in ReferenceDocs.pages {
            try emit(page.text, to: joinedPath(out, page.name))
        }
    }
}
