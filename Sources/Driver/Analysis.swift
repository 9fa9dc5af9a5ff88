import Checker
import Diagnostics
import Dispatch
import Model
import YAML

/// What a run may change about the rules.
public struct CheckOptions: Sendable {
    public var limits: YAMLLimits
    /// False for `--no-inline-suppressions`: CI owners can ignore `# credc:ignore`.
    public var honorsInlineSuppressions: Bool
    public var settings: Settings

    public init(limits: YAMLLimits = .default, honorsInlineSuppressions: Bool = true, settings: Settings = Settings()) {
        self.limits = limits
        self.honorsInlineSuppressions = honorsInlineSuppressions
        self.settings = settings
    }
}

/// The result of checking a set of inputs.
public struct Analysis: Sendable {
    /// Sorted by file, position and rule; suppressed findings are kept, marked.
    public var diagnostics: [Diagnostic]
    /// The inputs by path, with secret values masked: render source lines from these only.
    public var files: [String: SourceFile]
    public var model: Model

    /// Whether the run fails: any error, or with `strict` any warning, that is not suppressed.
    public func fails(strict: Bool) -> Bool {
        diagnostics.containsFailure(strict: strict)
    }

    public var hasErrors: Bool { fails(strict: false) }
}

/// The pipeline of SPEC: YAML text → nodes → model → rules → diagnostics.
public enum Pipeline {
    public static func analyze(_ inputs: [SourceFile], options: CheckOptions = CheckOptions()) -> Analysis {
        let ordered = inputs.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        // Files are read and modeled independently, on every core; the results are joined in
        // path order, so that the output is the same bytes whatever order the work finished in.
        let perFile = concurrentMap(ordered) { FileAnalysis(file: $0, limits: options.limits) }
        var diagnostics: [Diagnostic] = []
        var model = Model()
        var secrets: [String] = []
        var commentLikeScalars: [String: [SourceRange]] = [:]
        for result in perFile {
            if !result.commentLikeScalars.isEmpty { commentLikeScalars[result.path] = result.commentLikeScalars }
            diagnostics += result.diagnostics
            secrets += result.secrets
            model.merge(result.model)
        }
        for result in perFile { diagnostics += result.modelDiagnostics }
        var files: [String: SourceFile] = [:]
        for file in ordered { files[file.path] = file }
        diagnostics += Checker.check(model, files: files)

        diagnostics = options.settings.apply(to: diagnostics)
        if options.honorsInlineSuppressions {
            let suppressions = InlineSuppressions(files: ordered, scalarRanges: commentLikeScalars)
            diagnostics = diagnostics.map(suppressions.mark)
        }
        let redaction = Redaction(secrets: secrets, diagnostics: diagnostics)
        diagnostics = diagnostics.map(redaction.redact)
        diagnostics.sort(by: Diagnostic.sortKey)
        for file in ordered { files[file.path] = redaction.mask(file) }
        return Analysis(diagnostics: diagnostics, files: files, model: model)
    }
}

/// What one file contributes before the whole-model rules run.
private struct FileAnalysis: Sendable {
    /// Reader and secret findings, in the order the documents came.
    var diagnostics: [Diagnostic] = []
    var secrets: [String] = []
    var model: Model
    /// Schema findings, which come after every file's reader findings.
    var modelDiagnostics: [Diagnostic]
    var path: String
    /// Scalars whose text holds `credc:ignore`, which is then no comment.
    var commentLikeScalars: [SourceRange] = []

    init(file: SourceFile, limits: YAMLLimits) {
        var secretDiagnostics: [Diagnostic] = []
        var secrets: [String] = []
        var builder = ModelBuilder()
        var commentLikeScalars: [SourceRange] = []
        let mayHoldSuppressions = InlineSuppressions.mayHoldSuppressions(file)
        // Each tree is scanned and modeled as soon as its document ends, then dropped.
        let readDiagnostics = YAMLReader.read(file, limits: limits) { document in
            let found = Checker.scanSecrets(document, file: file.path)
            secretDiagnostics += found.diagnostics
            secrets += found.secrets
            builder.add(document, file: file.path)
            if mayHoldSuppressions { collectScalars(holding: "credc:ignore", in: document.root, into: &commentLikeScalars) }
        }
        self.path = file.path
        self.commentLikeScalars = commentLikeScalars
        diagnostics = readDiagnostics + secretDiagnostics
        self.secrets = secrets
        model = builder.model
        modelDiagnostics = builder.diagnostics
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

/// `transform` over `items` on every core; results in the order of `items`.
private func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], _ transform: @Sendable (Item) -> Result
) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let slots = ResultSlots<Result>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        slots.store(transform(items[index]), at: index)
    }
    return slots.results()
}

/// Storage that concurrent iterations write into, each at its own index only.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ result: Result, at index: Int) { buffer[index] = result }

    func results() -> [Result] { buffer.compactMap { $0 } }
}
