import Diagnostics
import Schema
import Model
import YAML

/// One independent part of a model check.
private enum CheckTask: Sendable {
    case fieldJudgement
    case rule(any ModelRule)

    /// Measured on the realistic 10k file: the field judgements, `formula-syntax` and
    /// `duplicate-name` each take 70–110 ms there, two to thirty times what the others take.
    var isHeavy: Bool {
        switch self {
        case .fieldJudgement: true
        case .rule(let rule): rule.isHeavy
        }
    }
}

/// Runs the rules of SPEC §4 that look at a whole model, or at the model against a deployed
/// state. The schema rules ran when the model was built, `secret-in-config` on each document.
/// Returns findings: the registry (``Rules/diagnostic(_:)``) gives them their severity.
public enum Checker {
    /// Checks the model. `files` gives the source text that positions inside scalars are
    /// mapped back to; `earlierFindings` are the reader's and model builder's, which rules use
    /// to stay quiet about what follows from them.
    /// A model of `sideBySideFrom` resources or more is checked on every core.
    public static func check(
        _ model: Model, files: [String: SourceFile], earlierFindings: [Finding] = [], sideBySideFrom: Int = 1000
    ) -> [Finding] {
        let context = ModelContext(model: model, files: files, earlierFindings: earlierFindings)
        let rules = Rules.modelRules
        // Rules are independent of each other: a large model is checked on every core, and
        // the findings joined in registry order, as one thread would have made them.
        let resources = model.providers.count + model.externalCredentials.count + model.namedCredentials.count
        // The field judgements come first, then the rules in registry order.
        let tasks: [CheckTask] = [.fieldJudgement] + rules.map(CheckTask.rule)
        @Sendable func run(_ task: CheckTask) -> [Finding] {
            var findings: [Finding] = []
            switch task {
            case .fieldJudgement: FieldJudgement.check(context, into: &findings)
            case .rule(let rule): rule.check(context, into: &findings)
            }
            return findings
        }
        guard resources >= sideBySideFrom else { return tasks.flatMap(run) }
        // The heaviest tasks start first, each on a core of its own, and the light ones fill in
        // around them: begun in registry order, the heaviest ended the run alone on one core.
        let order = tasks.indices.filter { tasks[$0].isHeavy } + tasks.indices.filter { !tasks[$0].isHeavy }
        let results = concurrentMap(order.map { tasks[$0] }, run)
        var inRegistryOrder = [[Finding]](repeating: [], count: tasks.count)
        for (position, index) in order.enumerated() { inRegistryOrder[index] = results[position] }
        return Array(inRegistryOrder.joined())
    }

    /// The state rules (`immutable-field`); run only on a configuration without errors.
    public static func check(_ context: StateContext) -> [Finding] {
        var findings: [Finding] = []
        for rule in Rules.stateRules { rule.check(context, into: &findings) }
        return findings
    }

    /// Finds secrets in a document, wherever they are; run on every document, known or not,
    /// before the model is built from the masked document it returns.
    /// `isVouchedFor` says which findings are suppressed inline: their values stay unmasked
    /// in the returned document.
    public static func scanSecrets(
        _ document: Document, in file: SourceFile, isVouchedFor: @escaping (Finding) -> Bool = { _ in false }
    ) -> SecretScan {
        var scanner = SecretScanner(file: file, isVouchedFor: isVouchedFor)
        let root = scanner.scan(document.root)
        return SecretScan(
            findings: scanner.findings, secrets: scanner.secrets,
            document: root.map { Document(root: $0, index: document.index) } ?? document)
    }

    /// What secret a text looks like (a private key, a JWT), or nil; for masking source lines
    /// of files whose YAML did not parse, where no node tells what is a value.
    /// What credential a header or claim value looks like (SPEC §10: a known token format,
    /// `Bearer`/`Basic` and a token, a long random string, a private key or a JWT), or nil.
    public static func headerSecretShape(_ text: String) -> String? {
        SecretScanner.secretShape(text) ?? HeaderSecrets.shape(text)
    }

    public static func secretShape(_ text: String) -> String? {
        SecretScanner.secretShape(text)
    }

    /// The credentials inside URLs in `text`, as ranges of Unicode scalars; for masking source
    /// lines of files whose YAML did not parse.
    public static func urlSecrets(in text: String) -> [Range<Int>] {
        URLSecrets.parts(of: text).map { $0.offset..<($0.offset + $0.length) }
    }
}
