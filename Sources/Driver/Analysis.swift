import Checker
import Diagnostics
import Dispatch
import Manifest
import Schema
import Plan
import Model
import YAML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run may change about the rules.
public struct CheckOptions: Sendable {
    public var limits: YAMLLimits
    /// False for `--no-inline-suppressions`: CI owners can ignore `# credc:ignore`.
    public var honorsInlineSuppressions: Bool
    public var settings: Settings
    /// Files a directory search found (SPEC §1): left out when they are not credc files, that
    /// is when they parse and none of their documents has a `credc/` apiVersion or a credc kind.
    public var skippableFiles: Set<String>
    /// `--env NAME`: check (and model) this environment only; nil checks every environment.
    public var environment: String?
    /// From this size (bytes) a file's documents are read and modeled on more than one core;
    /// below it, a thread costs more than it saves. Tests set it to compare the ways of reading.
    public var parallelReadingSize = 1 << 20
    /// Whether a large file of many documents may be split into chunks read side by side; when
    /// false, one core reads and a second models (``parallelReadingSize`` still applies).
    public var readsInChunks = true
    /// From this many resources the model's rules run side by side; tests set it to compare
    /// with one after another.
    public var rulesSideBySideFrom = 1000

    public init(
        limits: YAMLLimits = .default, honorsInlineSuppressions: Bool = true, settings: Settings = Settings(),
        skippableFiles: Set<String> = [], environment: String? = nil
    ) {
        self.limits = limits
        self.honorsInlineSuppressions = honorsInlineSuppressions
        self.settings = settings
        self.skippableFiles = skippableFiles
        self.environment = environment
    }
}

/// The state deployed last, which the state rules (`immutable-field`) compare the
/// configuration with and the plan is made from: for `plan` and `check --state`.
public struct StateInput: Sendable {
    public var deployed: DeployedState
    /// `--allow-replace`: immutable changes are planned as replaces, not reported.
    public var allowsReplace: Bool
    /// `--prune`: against a retrieved folder, delete what the configuration does not define.
    public var prune: Bool

    public init(deployed: DeployedState, allowsReplace: Bool = false, prune: Bool = false) {
        self.deployed = deployed
        self.allowsReplace = allowsReplace
        self.prune = prune
    }

    /// The manifest of a last deploy, read from nowhere (rule examples, tests).
    public init(manifest: Manifest, allowsReplace: Bool = false) {
        self.init(deployed: DeployedState(recorded: manifest), allowsReplace: allowsReplace)
    }

    /// The state's findings as they stand against `model`: a foreign resource whose kind and
    /// name (case-insensitive, as Salesforce compares API names) the configuration also defines
    /// is an `invalid-state` error instead of a `foreign-resource` note. The manifest leaves it
    /// out, so the plan would create the configured one, and that deploy replaces the org's.
    func findings(against model: Model) -> [Finding] {
        let foreignResources = deployed.foreignResources
        guard !foreignResources.isEmpty else { return deployed.findings }
        var configured: [ResourceKind: [String: String]] = [:]
        for kind in ResourceKind.allCases {
            let names: [String]
            switch kind {
            // An unmanaged provider is the org's own: credc never deploys it.
            case .externalAuthIdentityProvider: names = model.providers.filter { !$0.isUnmanaged }.map(\.name.value)
            case .externalCredential: names = model.externalCredentials.map(\.name.value)
            case .namedCredential: names = model.namedCredentials.map(\.name.value)
            }
            for name in names { configured[kind, default: [:]][name.lowercased()] = name }
        }
        var replaced: Set<Finding> = []
        var conflicts: [Finding] = []
        for foreign in foreignResources {
            guard let name = configured[foreign.kind]?[foreign.name.lowercased()] else { continue }
            replaced.insert(foreign.finding)
            let same = name == foreign.name ? "" : " ('\(name)')"
            // A partial retrieve: what the resource depends on is missing, not unrepresentable.
            let remedy = foreign.missing.map { "retrieve \($0.kind.rawValue) '\($0.name)' too, so that credc can compare it" }
                ?? "rename the configured resource or remove the org's one in Setup"
            let cannot = foreign.missing == nil ? "cannot represent" : "cannot compare"
            conflicts.append(
                Finding(
                    rule: .invalidState,
                    message: "the org holds \(foreign.kind.rawValue) '\(foreign.name)' that credc \(cannot) "
                        + "(\(foreign.why)); the configuration defines one of the same name\(same), so a deploy would "
                        + "replace it — \(remedy)",
                    file: foreign.finding.file, range: foreign.finding.range, path: foreign.finding.path))
        }
        return deployed.findings.filter { !replaced.contains($0) } + conflicts
    }
}

/// A resource the deployed state holds that credc cannot represent, or cannot compare because
/// what it depends on was not retrieved.
public struct ForeignStateResource: Hashable, Sendable {
    /// What a foreign resource depends on that the retrieved folder does not hold.
    public struct Dependency: Hashable, Sendable {
        public var kind: ResourceKind
        public var name: String
    }

    public var kind: ResourceKind
    public var name: String
    /// E.g. `uses authenticationFlow 'DeviceCode'`.
    public var why: String
    /// Its `foreign-resource` finding, one of ``DeployedState/findings``.
    public var finding: Finding
    public var missing: Dependency?
}

/// The result of checking a set of inputs.
public struct Analysis: Sendable {
    /// Sorted by file, position and rule; suppressed findings are kept, marked.
    public var diagnostics: [Diagnostic]
    /// The inputs by path, with secret values masked: render source lines from these only.
    public var files: [String: SourceFile]
    /// The model; with environments, with the values of `environment` (or of the first checked).
    public var model: Model
    /// The names of the configuration's environments, sorted by code point.
    public var environmentNames: [String] = []
    /// The environment whose values `model` holds, when `--env` named one that exists.
    public var environment: String?
    /// Skippable files that turned out not to be credc files, in path order; not in `files`.
    public var skippedFiles: [String]
    /// Against a deployed state, when neither the configuration nor the state has errors: the
    /// desired manifest and the plan, made once.
    public var comparison: StateComparison?

    /// Whether the run fails: any error, or with `strict` any warning, that is not suppressed.
    public func fails(strict: Bool) -> Bool {
        diagnostics.containsFailure(strict: strict)
    }

    public var hasErrors: Bool { fails(strict: false) }
}

/// The pipeline of SPEC: YAML text → nodes → model → rules → diagnostics. Every finding, the
/// state rules' included, gets its severity from its rule, then passes through the project
/// settings and the inline suppressions.
public enum Pipeline {
    /// Checks `inputs`, and against `state` when given (when the state has no errors; a
    /// principal with errors of its own is not compared: a plan from either broken would mislead).
    public static func analyze(
        _ inputs: [SourceFile], state: StateInput? = nil, options: CheckOptions = CheckOptions()
    ) -> Analysis {
        let sorted = inputs.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        // Files are read and modeled independently, on every core; the results are joined in
        // path order, so that the output is the same bytes whatever order the work finished in.
        var perFile = FileAnalysis.analyze(sorted, options: options)
        let skipped = Set(perFile.filter { options.skippableFiles.contains($0.path) && !$0.isCredcFile }.map(\.path))
        // Filtering copies; most runs skip nothing.
        let ordered = skipped.isEmpty ? sorted : sorted.filter { !skipped.contains($0.path) }
        if !skipped.isEmpty { perFile.removeAll { skipped.contains($0.path) } }
        var findings: [Finding] = []
        var model = Model()
        var secrets: [String] = []
        var commentLikeScalars: [String: [SourceRange]] = [:]
        for result in perFile {
            if !result.commentLikeScalars.isEmpty { commentLikeScalars[result.path] = result.commentLikeScalars }
            findings += result.findings
            secrets += result.secrets
            model.merge(result.model)
        }
        for result in perFile { findings += result.modelFindings }
        var files: [String: SourceFile] = [:]
        for file in ordered { files[file.path] = file }
        // Only these are read for comments: the others' bytes may be gone (`unloadContents`).
        let suppressible = Set(perFile.filter(\.mayHoldSuppressions).map(\.path))
        var environment: String?
        if model.environments.isEmpty, perFile.allSatisfy({ $0.templates == nil }) {
            // The merged model holds what the rules read: each file's results go before they run.
            perFile = []
            findings += Checker.check(
                model, files: files, earlierFindings: findings, sideBySideFrom: options.rulesSideBySideFrom)
            findings = Checker.notingUncheckedReferences(findings, in: model)
            findings += EnvironmentMembership.findings(model, environments: [])
        } else {
            // Variables: the run above only found the environments and templates; each
            // environment's substituted run replaces its findings and model.
            let runs = EnvironmentRuns(
                files: ordered, sources: files, environments: model.environments,
                templates: perFile.compactMap(\.templates),
                unsubstituted: Dictionary(uniqueKeysWithValues: perFile.filter { $0.templates == nil }.map { ($0.path, $0) }),
                options: options
            ).run()
            findings = runs.findings
            secrets += runs.secrets
            model = runs.model
            environment = runs.environment
        }

        var suppressions =
            options.honorsInlineSuppressions
            ? InlineSuppressions(files: ordered.filter { suppressible.contains($0.path) }, scalarRanges: commentLikeScalars) : nil
        func settle(_ findings: [Finding]) -> [Diagnostic] {
            let diagnostics = options.settings.apply(to: Rules.diagnostics(findings))
            return suppressions?.mark(diagnostics) ?? diagnostics
        }
        let stateDiagnostics = settle(state?.findings(against: model) ?? [])
        var diagnostics = settle(findings) + stateDiagnostics
        // An unreadable state (an `invalid-state` error) is not compared; errors elsewhere in the
        // configuration do not stop the comparison, only errors about the principals compared.
        // (`plan` uses the comparison only when the configuration has no errors.)
        var comparison: StateComparison?
        if let state, !stateDiagnostics.containsFailure(strict: false) {
            let compared = StateComparison(state, model: model, environment: environment)
            diagnostics += settle(
                Checker.check(StateContext(model: model, immutableChanges: compared.plan.blockers, diagnostics: diagnostics)))
            comparison = compared
        }
        if let problems = suppressions?.problems(skipping: InlineSuppressions.unreadFiles(diagnostics)) {
            diagnostics += settle(problems)
        }
        let redaction = Redaction(secrets: secrets, findings: findings)
        // Fix-its read the source as written (`files` is masked only below): masked text could
        // not be replaced.
        diagnostics = diagnostics.map { FixIts.attach(redaction.redact($0), in: files[$0.file]) }
        diagnostics.sort(by: Diagnostic.sortKey)
        for file in ordered { files[file.path] = redaction.mask(file) }
        let environmentNames = Set(model.environments.map(\.name.value)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return Analysis(
            diagnostics: diagnostics, files: files, model: model, environmentNames: environmentNames,
            environment: environment, skippedFiles: sorted.map(\.path).filter(skipped.contains), comparison: comparison)
    }
}

extension Pipeline {
    /// Checks one of a rule's examples as `credc explain` shows it: against the state its
    /// deployed example compiles to, for rules that compare with one.
    public static func analyze(example: String, of rule: RuleDescriptor, path: String = "example.yaml") -> Analysis {
        let state = rule.deployedExample.map { deployed in
            StateInput(manifest: ManifestCompiler.compile(analyze([SourceFile(path: path, text: deployed)]).model))
        }
        return analyze([SourceFile(path: path, text: example)], state: state)
    }
}

/// What one file contributes before the whole-model rules run.
struct FileAnalysis: Sendable {
    /// Reader and secret findings, in the order the documents came.
    var findings: [Finding] = []
    var secrets: [String] = []
    /// Built from the documents with their secrets masked.
    var model: Model
    /// Schema findings, which come after every file's reader findings.
    var modelFindings: [Finding]
    var path: String
    /// The file holds `credc:ignore` somewhere: it may hold suppressions.
    var mayHoldSuppressions = false
    /// Scalars whose text holds `credc:ignore`, which is then no comment.
    var commentLikeScalars: [SourceRange] = []
    /// Some document has a `credc/` apiVersion or one of credc's kinds, or the file does not parse: credc cannot
    /// tell what a broken file was meant to be, so it reports it rather than pass over it.
    var isCredcFile = false
    /// Variables and escapes in values; nil when the file has none.
    var templates: TemplateScan?

    /// Reads and models one file; with a substitution, on its environment's values. With
    /// `--no-inline-suppressions` no suppressed secret finding keeps its value unmasked.
    init(file: SourceFile, options: CheckOptions, substitution: Substitution? = nil) {
        var interner = StringInterner()
        self.init(file: file, options: options, substitution: substitution, sharing: &interner)
    }

    /// Reads and models one file, making its long texts with `interner`, which the files read
    /// before it on this thread filled.
    init(file: SourceFile, options: CheckOptions, substitution: Substitution?, sharing interner: inout StringInterner) {
        let limits = options.limits
        // Each a scan of the whole file: made once, whatever the number of sinks.
        let mayHoldSuppressions = InlineSuppressions.mayHoldSuppressions(file)
        let scansTemplates = substitution == nil && TemplateScan.mayHoldTemplates(file)
        func makeSink() -> DocumentSink {
            DocumentSink(
                file: file, substitution: substitution, mayHoldSuppressions: mayHoldSuppressions,
                scansTemplates: scansTemplates, honorsSuppressions: options.honorsInlineSuppressions)
        }
        var sink = makeSink()
        let readFindings: [Finding]
        if file.count < options.parallelReadingSize {
            // Each tree is scanned and modeled as soon as its document ends, then dropped.
            readFindings = YAMLReader.read(file, limits: limits, sharing: &interner) { sink.take($0) }
        } else if options.readsInChunks, let chunked = Self.readInChunks(file, limits: limits, makeSink: makeSink) {
            sink = chunked
            readFindings = []
        } else {
            // A large file's documents are modeled on a second core while libyaml reads on: one
            // worker, so documents are modeled in file order and the output stays the same.
            let worker = DispatchQueue(label: "credc.document-model")
            let backlog = DispatchSemaphore(value: DocumentSink.backlog)
            let pipelined = sink
            readFindings = YAMLReader.read(file, limits: limits, sharing: &interner) { document in
                // libyaml and the tree builder keep the reader's core busy: everything after
                // them goes to the worker.
                backlog.wait()
                worker.async {
                    pipelined.take(document)
                    backlog.signal()
                }
            }
            worker.sync {}
        }
        self.path = file.path
        self.mayHoldSuppressions = mayHoldSuppressions
        isCredcFile = sink.hasCredcDocument || readFindings.contains { $0.rule == .yamlSyntax || $0.rule == .yamlLimits }
        commentLikeScalars = sink.commentLikeScalars
        templates = sink.templates
        findings = readFindings + sink.secretFindings
        secrets = sink.secrets
        model = sink.builder.model
        modelFindings = sink.builder.findings
        if readFindings.contains(where: { $0.rule == .yamlSyntax || $0.rule == .yamlLimits }) {
            // Reading stopped in the document after the last one read, or it read them all (an
            // unsupported tag): what follows the last document is what no rule could see.
            let start = sink.lastDocumentEnd.map { file.byteOffset(of: $0) } ?? 0
            model.unparsed = [
                file.withUnsafeBytes { UnparsedText(file: file.path, text: UnsafeBufferPointer(rebasing: $0[min(start, $0.count)...])) }
            ]
        }
    }
}

extension FileAnalysis {
    /// Reads and models `files` on every core, in the order given. Neighbouring files are read
    /// in runs of about equal size, each run on one thread with one table of long texts: a
    /// configuration split into many files repeats its permission sets, principal names and
    /// descriptions from file to file, and a table per file made each of them once per file.
    static func analyze(_ files: [SourceFile], options: CheckOptions, substitution: Substitution? = nil) -> [FileAnalysis] {
        // Runs enough to balance the cores when files differ in size; one file a run when few.
        let runs = Self.runs(of: files.map(\.count), count: min(files.count, 4 * Self.cores))
        let analyzed = concurrentMap(runs) { run in
            var interner = StringInterner()
            return files[run].map { file in
                let analysis = FileAnalysis(file: file, options: options, substitution: substitution, sharing: &interner)
                // Most files of a large configuration have no finding to show: their bytes go
                // now (read again if a later finding needs a line), and the next files' models
                // take their memory.
                if analysis.findings.isEmpty, analysis.modelFindings.isEmpty, !analysis.mayHoldSuppressions,
                    analysis.templates == nil
                {
                    file.unloadContents()
                }
                return analysis
            }
        }
        // Reserved: appends that grow an array of 10k results leave it up to twice their size.
        var joined: [FileAnalysis] = []
        joined.reserveCapacity(files.count)
        for run in analyzed { joined += run }
        return joined
    }

    /// The cores online, at least one.
    private static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `count` consecutive ranges of `sizes`' indices, of about equal total size, none empty.
    static func runs(of sizes: [Int], count: Int) -> [Range<Int>] {
        guard count > 1 else { return sizes.isEmpty ? [] : [0..<sizes.count] }
        let total = max(1, sizes.reduce(0, +))
        var runs: [Range<Int>] = []
        var start = 0
        var sum = 0
        for (index, size) in sizes.enumerated() {
            sum += size
            let left = sizes.count - index - 1
            let runsLeft = count - runs.count - 1
            // Close the run at its share of the total, or when each later run needs a file.
            if runsLeft > 0, left >= runsLeft, sum * count >= total * (runs.count + 1) || left == runsLeft {
                runs.append(start..<index + 1)
                start = index + 1
            }
        }
        if start < sizes.count { runs.append(start..<sizes.count) }
        return runs
    }

    /// A large file of many documents read on every core: split into chunks of whole documents,
    /// each read and modeled by one thread, the results joined in file order. Nil when the file
    /// cannot be split, or when a chunk has a reader finding: then the file is read whole, so
    /// that findings (an alias to an earlier document's anchor, where reading stops) are those
    /// of one read.
    fileprivate static func readInChunks(
        _ file: SourceFile, limits: YAMLLimits, makeSink: () -> DocumentSink
    ) -> DocumentSink? {
        guard Self.cores > 1, let chunks = YAMLReader.chunks(of: file, count: Self.cores, limits: limits) else { return nil }
        let work = chunks.map { (chunk: $0, sink: makeSink()) }
        let read = concurrentMap(work) { chunk, sink in
            YAMLReader.read(file, chunk: chunk, firstDocument: 0, limits: limits) { sink.take($0) }
        }
        guard read.allSatisfy({ $0.findings.isEmpty }) else { return nil }
        let joined = work[0].sink
        var documents = read[0].documents
        for (part, result) in zip(work.dropFirst(), read.dropFirst()) {
            joined.append(part.sink, numberingDocumentsFrom: documents)
            documents += result.documents
        }
        return joined
    }
}

/// What one file's documents (or one chunk's) add up to, document by document in file order.
/// Used from one thread at a time: the reader's, the one worker it hands documents to, or the
/// thread of the chunk it belongs to.
private final class DocumentSink: @unchecked Sendable {
    /// Documents read but not yet modeled, at most: bounds the trees held in memory.
    static let backlog = 64

    let file: SourceFile
    let substitution: Substitution?
    let mayHoldSuppressions: Bool
    let scansTemplates: Bool
    var secretFindings: [Finding] = []
    var secrets: [String] = []
    var builder = ModelBuilder()
    var commentLikeScalars: [SourceRange] = []
    var hasCredcDocument = false
    var templates: TemplateScan?
    /// Where the last document read ends.
    var lastDocumentEnd: SourcePosition?

    /// The kinds a credc document may have: a file whose documents have none of them, and no
    /// `credc/` apiVersion either (a Kubernetes manifest, a Helm chart), is not a credc file.
    private static let credcKinds = Set(ResourceKind.allCases.map(\.rawValue) + [EnvironmentSchema.kind])

    /// SPEC §1 (1.2): an `apiVersion` starting with `credc/` (any version, so that `credc/v2` is
    /// reported, not skipped) or one of credc's kinds.
    private static func isCredcDocument(_ root: Node) -> Bool {
        root.entries?.contains { entry in
            guard let value = entry.value.scalarText else { return false }
            switch entry.key.scalarText {
            case "apiVersion": return value.hasPrefix("credc/")
            case "kind": return credcKinds.contains(value)
            default: return false
            }
        } == true
    }

    let honorsSuppressions: Bool

    init(
        file: SourceFile, substitution: Substitution?, mayHoldSuppressions: Bool, scansTemplates: Bool,
        honorsSuppressions: Bool
    ) {
        self.file = file
        self.substitution = substitution
        self.mayHoldSuppressions = mayHoldSuppressions
        self.scansTemplates = scansTemplates
        self.honorsSuppressions = honorsSuppressions
    }

    /// Adds what `later`, the sink of the chunk after this one's, found; its documents are
    /// numbered from `base`.
    func append(_ later: DocumentSink, numberingDocumentsFrom base: Int) {
        secretFindings += later.secretFindings
        secrets += later.secrets
        var (model, findings) = later.builder.take()
        model.numberDocuments(from: base)
        builder.append(model, findings: findings)
        commentLikeScalars += later.commentLikeScalars
        hasCredcDocument = hasCredcDocument || later.hasCredcDocument
        if let scan = later.templates { addTemplates(scan) }
        lastDocumentEnd = later.lastDocumentEnd ?? lastDocumentEnd
    }

    private func addTemplates(_ scan: TemplateScan) {
        if templates == nil { templates = scan } else { templates?.merge(scan) }
    }

    func take(_ read: Document) {
        lastDocumentEnd = read.root.range.end
        let document = substitution?.apply(read) ?? read
        if scansTemplates {
            let templateScan = TemplateScan(document: document, file: file)
            addTemplates(templateScan)
        }
        var commentLike: [SourceRange] = []
        if mayHoldSuppressions { collectScalars(holding: "credc:ignore", in: document.root, into: &commentLike) }
        let scan: SecretScan
        if mayHoldSuppressions && honorsSuppressions {
            // A secret finding suppressed inline is vouched for: the model keeps the value (SPEC §4, 1.2).
            scan = Checker.scanSecrets(document, in: file) { [file] finding in
                InlineSuppressions.suppresses(finding.rule, atLine: finding.range.start.line, in: file, outside: commentLike)
            }
        } else {
            scan = Checker.scanSecrets(document, in: file)
        }
        secretFindings += scan.findings
        secrets += scan.secrets
        builder.add(scan.document, file: file.path)
        hasCredcDocument = hasCredcDocument || Self.isCredcDocument(document.root)
        commentLikeScalars += commentLike
    }
}

private func collectScalars(holding marker: String, in node: Node, into ranges: inout [SourceRange]) {
    switch node.content {
    case .scalar(let scalar):
        if scalar.text.contains(marker) { ranges.append(node.range) }
    case .sequence(let items):
        for item in items { collectScalars(holding: marker, in: item, into: &ranges) }
    case .mapping(let entries):
        for entry in entries {
            collectScalars(holding: marker, in: entry.key, into: &ranges)
            collectScalars(holding: marker, in: entry.value, into: &ranges)
        }
    }
}
