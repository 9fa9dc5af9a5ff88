import Diagnostics
import Schema
import Model
import YAML

/// One independent part of a model check.
private enum CheckTask: Sendable {
    case rule(any ModelRule)
    /// The field judgements and the credential rules, in one walk over the credentials.
    case credentialWalks([CredentialWalk])

    /// Measured on the realistic 10k file: the credential walks and `formula-syntax` take 90
    /// and 70 ms there, two to thirty times what the others take.
    var isHeavy: Bool {
        switch self {
        case .credentialWalks: true
        case .rule(let rule): rule.isHeavy
        }
    }

    /// The task's findings, a list for each rule it runs.
    func run(_ context: ModelContext) -> [[Finding]] {
        switch self {
        case .rule(let rule):
            var findings: [Finding] = []
            rule.check(context, into: &findings)
            return [findings]
        case .credentialWalks(let walks):
            return walkCredentials(context, walks.map { $0.begin(context) })
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
        // The findings go in registry order, the field judgements' first: `slots` says where
        // each task's lists go. The first task is the one walk over the credentials.
        var walks: [CredentialWalk] = [FieldJudgement.walk]
        var walkSlots = [0]
        var tasks: [CheckTask] = []
        var slots: [[Int]] = []
        for (position, rule) in rules.enumerated() {
            if let walk = rule.credentialWalk {
                walks.append(walk)
                walkSlots.append(position + 1)
            } else {
                tasks.append(.rule(rule))
                slots.append([position + 1])
            }
        }
        tasks.insert(.credentialWalks(walks), at: 0)
        slots.insert(walkSlots, at: 0)
        let results: [[[Finding]]]
        if resources >= sideBySideFrom {
            // The heaviest tasks start first, each on a core of its own, and the light ones fill
            // in around them: begun in registry order, the heaviest ended the run alone on one core.
            let order = tasks.indices.filter { tasks[$0].isHeavy } + tasks.indices.filter { !tasks[$0].isHeavy }
            let ordered = concurrentMap(order.map { tasks[$0] }) { $0.run(context) }
            var unordered = [[[Finding]]](repeating: [], count: tasks.count)
            for (position, index) in order.enumerated() { unordered[index] = ordered[position] }
            results = unordered
        } else {
            results = tasks.map { $0.run(context) }
        }
        var inRegistryOrder = [[Finding]](repeating: [], count: rules.count + 1)
        for (task, lists) in results.enumerated() {
            for (slot, findings) in zip(slots[task], lists) { inRegistryOrder[slot] = findings }
        }
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
