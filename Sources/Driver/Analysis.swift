import Checker
import Diagnostics
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
        diagnostics.contains { diagnostic in
            diagnostic.suppression == nil
                && (diagnostic.severity == .error || (strict && diagnostic.severity == .warning))
        }
    }

    public var hasErrors: Bool { fails(strict: false) }
}

/// The pipeline of SPEC: YAML text → nodes → model → rules → diagnostics.
public enum Pipeline {
    public static func analyze(_ inputs: [SourceFile], options: CheckOptions = CheckOptions()) -> Analysis {
        let ordered = inputs.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var diagnostics: [Diagnostic] = []
        var builder = ModelBuilder()
        var secrets: [String] = []
        for file in ordered {
            let read = YAMLReader.read(file, limits: options.limits)
            diagnostics += read.diagnostics
            for document in read.documents {
                let found = Checker.scanSecrets(document, file: file.path)
                diagnostics += found.diagnostics
                secrets += found.secrets
                builder.add(document, file: file.path)
            }
        }
        diagnostics += builder.diagnostics
        var files: [String: SourceFile] = [:]
        for file in ordered { files[file.path] = file }
        diagnostics += Checker.check(builder.model, files: files)

        diagnostics = options.settings.apply(to: diagnostics)
        if options.honorsInlineSuppressions {
            let suppressions = InlineSuppressions(files: ordered)
            diagnostics = diagnostics.map(suppressions.mark)
        }
        let redaction = Redaction(secrets: secrets, diagnostics: diagnostics)
        diagnostics = diagnostics.map(redaction.redact)
        diagnostics.sort(by: Diagnostic.sortKey)
        for file in ordered { files[file.path] = redaction.mask(file) }
        return Analysis(diagnostics: diagnostics, files: files, model: builder.model)
    }
}
