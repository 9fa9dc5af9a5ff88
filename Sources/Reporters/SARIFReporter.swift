import Diagnostics
import Digest

/// `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
///
/// One run; `tool.driver.rules` holds every rule descriptor, and each result points at its
/// rule by `ruleId` and `ruleIndex`. Columns count Unicode scalars (`columnKind:
/// unicodeCodePoints`), 1-based, with an exclusive `endColumn`, exactly as `SourceRange`.
/// Suppressed findings stay in the log with an `inSource` suppression, as SARIF intends.
/// `partialFingerprints` hash what a finding is, not where it is, so that an alert survives
/// edits above it.
public struct SARIFReporter: DiagnosticReporter {
    public var toolVersion: String
    public var informationURI: String
    public var rules: [RuleDescriptor]

    public init(toolVersion: String, informationURI: String, rules: [RuleDescriptor]) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.rules = rules
    }

    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The key of our fingerprint. GitHub reads this one; the upload action computes its own
    /// only when it is absent.
    static let fingerprintKey = "primaryLocationLineHash"

    public func render(_ report: DiagnosticReport) -> String {
        var ruleIndexes: [RuleID: Int] = [:]
        for (index, rule) in rules.enumerated() where ruleIndexes[rule.id] == nil {
            ruleIndexes[rule.id] = index
        }
        var occurrences: [String: Int] = [:]
        let results = report.diagnostics.map { diagnostic in
            let hash = Self.fingerprint(diagnostic, source: report.sources[diagnostic.file])
            occurrences[hash, default: 0] += 1
            return Result(
                diagnostic, ruleIndex: ruleIndexes[diagnostic.rule],
                fingerprint: "\(hash):\(occurrences[hash, default: 1])")
        }
        return ReporterJSON.encode(Log(
            schema: Self.schemaURI,
            version: "2.1.0",
            runs: [Run(
                tool: Tool(driver: Driver(
                    name: "credc", version: toolVersion, informationUri: informationURI,
                    rules: rules.map(ReportingDescriptor.init))),
                columnKind: "unicodeCodePoints",
                results: results,
                invocations: report.messages.isEmpty ? nil : [Invocation(
                    executionSuccessful: true,
                    toolExecutionNotifications: report.messages.map {
                        Notification(level: $0.level.rawValue, message: Message(text: $0.text))
                    })])]))
    }

    /// A hash of the rule, the file, the YAML path and the offending line's trimmed text:
    /// unchanged when lines are inserted above or the line is re-indented, changed when the
    /// finding itself changes. Identical findings are told apart by an occurrence number.
    static func fingerprint(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        let line = source?.lineText(diagnostic.range.start.line) ?? ""
        let parts = [
            "credc-fingerprint-v1", diagnostic.rule.rawValue, artifactURI(diagnostic.file),
            diagnostic.path, line.trimmingWhitespace,
        ]
        // The first 16 bytes of the digest.
        return String(SHA256.hex(Array(parts.joined(separator: "\u{0}").utf8)).prefix(32))
    }

    /// A file path as a URI reference: `.` segments dropped, every byte outside RFC 3986's
    /// unreserved set percent-encoded (which also keeps a `:` in the first segment from
    /// reading as a scheme). Absolute paths become `file://` URIs.
    static func artifactURI(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." }
            .map { percentEncoded(String($0)) }
        let relative = segments.joined(separator: "/")
        return isAbsolute ? "file:///" + relative : relative
    }

    private static func percentEncoded(_ segment: String) -> String {
        var encoded = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    // MARK: - Projection (SARIF 2.1.0 object names)

    private struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version
            case runs
        }
    }

    private struct Run: Encodable {
        var tool: Tool
        var columnKind: String
        var results: [Result]
        /// SARIF 2.1.0 §3.20: the tool's own messages are notifications of its invocation.
        var invocations: [Invocation]?
    }

    private struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    private struct Notification: Encodable {
        var level: String
        var message: Message
    }

    private struct Tool: Encodable {
        var driver: Driver
    }

    private struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [ReportingDescriptor]
    }

    private struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Help
        var defaultConfiguration: Configuration

        init(_ rule: RuleDescriptor) {
            id = rule.id.rawValue
            shortDescription = Message(text: rule.summary)
            fullDescription = Message(text: rule.rationale)
            let failing = rule.failingExample.withoutPositionMarkers
            let passing = rule.passingExample.withoutPositionMarkers
            help = Help(
                text: "\(rule.rationale)\n\nFailing example:\n\(failing)\n\nPassing example:\n\(passing)",
                markdown: "\(rule.rationale)\n\n**Failing example**\n\n```yaml\n\(failing)\n```\n\n"
                    + "**Passing example**\n\n```yaml\n\(passing)\n```")
            defaultConfiguration = Configuration(level: SARIFReporter.level(rule.defaultSeverity))
        }
    }

    private struct Help: Encodable {
        var text: String
        var markdown: String
    }

    private struct Configuration: Encodable {
        var level: String
    }

    private struct Message: Encodable {
        var text: String
    }

    private struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
        var partialFingerprints: [String: String]
        var suppressions: [SuppressionEntry]?
        var fixes: [Fix]?

        init(_ diagnostic: Diagnostic, ruleIndex: Int?, fingerprint: String) {
            ruleId = diagnostic.rule.rawValue
            self.ruleIndex = ruleIndex
            level = SARIFReporter.level(diagnostic.severity)
            // Notes without a place of their own have nowhere else to go.
            let unlocatedNotes = diagnostic.notes.filter { $0.range == nil }.map { "note: \($0.message)" }
            message = Message(text: ([diagnostic.messageWithSuggestion] + unlocatedNotes).joined(separator: "; "))
            locations = [Location(file: diagnostic.file, range: diagnostic.range)]
            let related = diagnostic.notes.compactMap { note in
                note.range.map { (note, $0) }
            }.enumerated().map { index, located in
                Location(
                    id: index + 1, file: located.0.file ?? diagnostic.file, range: located.1,
                    message: Message(text: located.0.message))
            }
            relatedLocations = related.isEmpty ? nil : related
            partialFingerprints = [SARIFReporter.fingerprintKey: fingerprint]
            suppressions = diagnostic.suppression.map { suppression in
                let justification = suppression.justification.flatMap { $0.isEmpty ? nil : $0 }
                return [SuppressionEntry(kind: "inSource", justification: justification)]
            }
            fixes = diagnostic.fixes.isEmpty ? nil : diagnostic.fixes.map { Fix($0, file: diagnostic.file) }
        }
    }

    /// SARIF 2.1.0 §3.55: a fix is changes to artifacts, each region replaced by new content.
    private struct Fix: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]

        init(_ fix: FixIt, file: String) {
            description = Message(text: fix.message)
            let uri = SARIFReporter.artifactURI(file)
            artifactChanges = [
                ArtifactChange(
                    artifactLocation: ArtifactLocation(uri: uri, uriBaseId: uri.hasPrefix("file:") ? nil : "%SRCROOT%"),
                    replacements: fix.edits.map { edit in
                        Replacement(deletedRegion: Region(edit.range), insertedContent: InsertedContent(text: edit.text))
                    })
            ]
        }
    }

    private struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }

    private struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: InsertedContent
    }

    private struct InsertedContent: Encodable {
        var text: String
    }

    private struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?

        init(id: Int? = nil, file: String, range: SourceRange, message: Message? = nil) {
            self.id = id
            let uri = SARIFReporter.artifactURI(file)
            physicalLocation = PhysicalLocation(
                artifactLocation: ArtifactLocation(
                    uri: uri, uriBaseId: uri.hasPrefix("file:") ? nil : "%SRCROOT%"),
                region: Region(range))
            self.message = message
        }
    }

    private struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    private struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    private struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int

        init(_ range: SourceRange) {
            startLine = range.start.line
            startColumn = range.start.column
            endLine = range.end.line
            endColumn = range.end.column
        }
    }

    private struct SuppressionEntry: Encodable {
        var kind: String
        var justification: String?
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingWhitespace: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }),
            let last = lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(self[first...last])
    }

    /// Without the keycap markers (`1️⃣`) that rule examples use to mark expected positions.
    fileprivate var withoutPositionMarkers: String {
        String(filter { character in
            let scalars = character.unicodeScalars
            return !(scalars.count >= 2 && scalars.last == "\u{20E3}")
        })
    }
}
