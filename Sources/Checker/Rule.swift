import Diagnostics
import Schema
import Model
import YAML

/// A rule of SPEC §4: one value, in one file under `Rules/`, with its descriptor (ID, default
/// severity, summary, rationale, examples) and its logic.
///
/// Some rules are found where the input is read (`yaml-syntax` by the YAML reader, the schema
/// rules by the model builder, `secret-in-config` on every document, `invalid-suppression`
/// by the driver); they keep their logic there and describe themselves here. The others are
/// ``ModelRule``s, run over the whole model, or ``StateRule``s, run against a deployed state.
protocol Rule: Sendable {
    var descriptor: RuleDescriptor { get }
}

/// A rule over the whole model of a run.
protocol ModelRule: Rule {
    func check(_ context: ModelContext, into findings: inout [Finding])
    /// Whether the rule does much more work than most on a large model, so that it is started
    /// first when the rules run side by side (its findings still come in registry order).
    var isHeavy: Bool { get }
    /// Set for a ``CredentialRule``: the checker runs its walk beside the other rules' walks.
    var credentialWalk: CredentialWalk? { get }
}

extension ModelRule {
    var isHeavy: Bool { false }
    var credentialWalk: CredentialWalk? { nil }
}

/// A rule whose work is done credential by credential. The checker walks the external
/// credentials once for all such rules and hands each credential's principals to every one of
/// them: a large model's principal records are then read from memory once, not once per rule.
/// (Measured on the realistic 10k file: eight walks over its 100k principals took nearly half
/// of the rules' time, most of it waiting for memory.)
protocol CredentialRule: ModelRule {
    associatedtype Walker: CredentialWalker
    /// A walk of `context`'s credentials; what does not depend on them is done here.
    func walker(for context: ModelContext) -> Walker
}

/// One rule's walk over the external credentials, in model order. Used by one thread.
protocol CredentialWalker: AnyObject {
    /// The findings so far.
    var findings: [Finding] { get }
    func visit(_ credential: ExternalCredential, principals: [Principal])
    /// The walk's findings, in the order the rule reports them.
    func finish() -> [Finding]
}

extension CredentialWalker {
    func finish() -> [Finding] { findings }
}

/// How to begin a rule's walk, for the checker to run it beside the others.
struct CredentialWalk: Sendable {
    let begin: @Sendable (ModelContext) -> any CredentialWalker
}

extension CredentialRule {
    var credentialWalk: CredentialWalk? { CredentialWalk { walker(for: $0) } }

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        findings += walkCredentials(context, [walker(for: context)])[0]
    }
}

/// Walks `context`'s credentials once, handing each to every walker; their findings in order.
func walkCredentials(_ context: ModelContext, _ walkers: [any CredentialWalker]) -> [[Finding]] {
    for credential in context.model.externalCredentials {
        let principals = credential.principals
        for walker in walkers { walker.visit(credential, principals: principals) }
    }
    return walkers.map { $0.finish() }
}

/// A rule that compares the configuration with the state deployed last (`plan`,
/// `check --state`). It runs when the state has no errors, and leaves out what the
/// configuration's own errors make unsound.
protocol StateRule: Rule {
    func check(_ context: StateContext, into findings: inout [Finding])
}

/// What a model rule sees.
struct ModelContext {
    let model: Model
    /// The inputs by path, to map positions inside scalars (scope formulas, URLs) to columns.
    let files: [String: SourceFile]
    /// What the reader and the model builder found, so that a rule stays quiet about what
    /// follows from them (a misspelt `permissionSets` leaves a principal without access).
    let earlierFindings: [Finding]
    /// The first definition of each name, as written, for resolving references.
    let providers: NameTable<IdentityProvider>
    let credentials: NameTable<ExternalCredential>

    init(model: Model, files: [String: SourceFile], earlierFindings: [Finding]) {
        self.model = model
        self.files = files
        self.earlierFindings = earlierFindings
        providers = NameTable(model.providers, \.name)
        credentials = NameTable(model.externalCredentials, \.name)
    }
}

/// What a state rule sees.
public struct StateContext {
    let model: Model
    /// The principal changes the plan against the state cannot make in place.
    let immutableChanges: [ImmutableChange]
    /// The configuration's findings so far: a change whose inputs have errors is not reported.
    let diagnostics: [Diagnostic]

    public init(model: Model, immutableChanges: [ImmutableChange], diagnostics: [Diagnostic] = []) {
        self.model = model
        self.immutableChanges = immutableChanges
        self.diagnostics = diagnostics
    }
}

/// The first definition of each name in input order. Holds positions in the model's own
/// array: a table of copies held every resource of a large model twice.
struct NameTable<Resource: Sendable>: Sendable {
    private let resources: [Resource]
    private let indices: [String: Int]

    init(_ resources: [Resource], _ name: (Resource) -> Located<String>) {
        var indices: [String: Int] = .init(minimumCapacity: resources.count)
        for (index, resource) in resources.enumerated() {
            let key = name(resource).value
            if indices[key] == nil { indices[key] = index }
        }
        self.resources = resources
        self.indices = indices
    }

    subscript(name: String) -> Resource? { indices[name].map { resources[$0] } }

    var keys: Dictionary<String, Int>.Keys { indices.keys }
}

extension Finding {
    /// A finding at a located value of the model.
    init<T>(
        _ rule: RuleID, _ message: String, file: String, at located: Located<T>, notes: [Note] = [],
        suggestion: String? = nil
    ) {
        self.init(
            rule: rule, message: message, file: file, range: located.range, path: located.path, notes: notes,
            suggestion: suggestion)
    }
}

/// The order in which two definitions were written: by file path, then position.
func precedes(_ a: (file: String, range: SourceRange), _ b: (file: String, range: SourceRange)) -> Bool {
    if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
    return a.range < b.range
}
