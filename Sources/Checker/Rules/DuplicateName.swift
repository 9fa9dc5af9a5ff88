import Diagnostics
import Model
import Schema

/// `duplicate-name`: names are unique per kind, compared case-insensitively as Salesforce does.
struct DuplicateName: CredentialRule {
    let descriptor = RuleDescriptor(
        .duplicateName, .error, "two resources of one kind with the same name",
        "Names identify resources in the org; a second definition would silently replace the first. Salesforce compares names without regard to case, so `Orders` and `orders` are the same name (and their exported files collide on macOS and Windows). Permission sets named in `permissionSets` are metadata too: one spelt two ways, in one principal or in two, is one permission set in the org, yet `export` would write two files that collide there, so each spelling after the first is reported. The same spelling on several principals is one permission set granting each. The message points at both.",
        failing: Example.documents(
            Example.provider, Example.credential(), Example.named(), Example.named(name: "1️⃣billing")),
        passing: Example.documents(
            Example.provider, Example.credential(), Example.named(), Example.named(name: "Billing_EU")))

    func walker(for context: ModelContext) -> Walker {
        let model = context.model
        let walker = Walker(model: model)
        duplicates(
            ResourceKind.externalAuthIdentityProvider.rawValue, model.providers.map { ($0.name, $0.origin.file) },
            into: &walker.findings)
        duplicates(
            ResourceKind.externalCredential.rawValue, model.externalCredentials.map { ($0.name, $0.origin.file) },
            into: &walker.findings)
        duplicates(
            ResourceKind.namedCredential.rawValue, model.namedCredentials.map { ($0.name, $0.origin.file) },
            into: &walker.findings)
        duplicates(Environment.kind, model.environments.map { ($0.name, $0.origin.file) }, into: &walker.findings)
        return walker
    }

    /// Permission sets spelt two ways, visited in source order. The model holds names in that
    /// order unless files were given out of order: the walk checks the order as it goes, and
    /// when it finds names out of order, ``finish()`` starts again on the names sorted.
    final class Walker: CredentialWalker {
        /// The resources' duplicate names, then the permission sets' spellings.
        var findings: [Finding] = []
        private let model: Model
        private var spellings = Spellings()
        private var previous: (file: String, range: SourceRange)?
        private var inOrder = true

        init(model: Model) { self.model = model }

        func visit(_ credential: ExternalCredential, principals: [Principal]) {
            guard inOrder else { return }
            let file = credential.origin.file
            for principal in principals {
                let names = principal.permissionSets
                for index in names.indices {
                    let range = names.range(at: index)
                    if let last = previous, precedes((file, range), last) {
                        inOrder = false
                        return
                    }
                    previous = (file, range)
                    spellings.visit(names, index, file, into: &findings)
                }
            }
        }

        func finish() -> [Finding] {
            guard !inOrder else { return findings }
            findings.removeLast(spellings.reported)
            spellings = Spellings()
            let names = model.externalCredentials.flatMap { credential in
                credential.principals.flatMap { principal in
                    principal.permissionSets.indices.map { (principal.permissionSets, $0, credential.origin.file) }
                }
            }
            for (list, index, file) in names.sorted(by: {
                precedes(($0.2, $0.0.range(at: $0.1)), ($1.2, $1.0.range(at: $1.1)))
            }) {
                spellings.visit(list, index, file, into: &findings)
            }
            return findings
        }
    }

    /// The first spelling of each permission set, by its lowercased name.
    ///
    /// A model names few permission sets many times: the spellings met last are looked up as
    /// written, and only the others are lowercased. Each name's text and place only (no
    /// path): a large model names thousands. A name's first spelling is its entry here; a
    /// table of every spelling as well cost a large model a megabyte at its peak.
    private struct Spellings {
        var firsts: [(text: String, range: SourceRange, file: String)] = []
        var firstOfName: [String: Int] = [:]
        /// The spellings met last, checked before hashing: a credential's principals repeat the
        /// same few sets, and comparing equal strings is a length test and a memcmp.
        var recent = RecentValues<Int?>()
        /// The findings reported so far.
        var reported = 0

        /// A name is located only when it is a first spelling or a finding.
        mutating func visit(_ names: LocatedList<String>, _ index: Int, _ file: String, into findings: inout [Finding]) {
            let text = names.value(at: index)
            let earlierIndex: Int?
            if let known = recent[text] {
                earlierIndex = known
            } else {
                let key = text.lowercased()
                if let first = firstOfName[key] {
                    earlierIndex = firsts[first].text == text ? nil : first
                } else {
                    earlierIndex = nil
                    firstOfName[key] = firsts.count
                    firsts.append((text, names.range(at: index), file))
                }
                recent.insert(earlierIndex, for: text)
            }
            guard let earlierIndex else { return }
            let name = names[index]
            let earlier = firsts[earlierIndex]
            reported += 1
            findings.append(
                Finding(
                    .duplicateName,
                    "permission set '\(name.value)' differs from '\(earlier.text)' only in case; Salesforce names are case-insensitive, so they are the same permission set",
                    file: file, at: name,
                    notes: [Note("first named here", file: earlier.file, range: earlier.range)]))
        }
    }

    private func duplicates(
        _ kind: String, _ names: [(Located<String>, String)], into findings: inout [Finding]
    ) {
        for (name, file, earlier) in repeats(names) {
            let sameCase = earlier.name.value == name.value
            let message =
                sameCase
                ? "\(kind) '\(name.value)' is defined more than once; names are unique per kind"
                : "\(kind) '\(name.value)' differs from '\(earlier.name.value)' only in case; Salesforce names are case-insensitive, so they are the same name"
            findings.append(
                Finding(
                    .duplicateName, message, file: file, at: name,
                    notes: [Note("first defined here", file: earlier.file, range: earlier.name.range)]))
        }
    }

    /// Each name, in source order, that repeats an earlier one compared case-insensitively, with
    /// that first occurrence.
    private func repeats(
        _ names: [(Located<String>, String)]
    ) -> [(name: Located<String>, file: String, earlier: (name: Located<String>, file: String))] {
        func before(_ a: Int, _ b: Int) -> Bool { precedes((names[a].1, names[a].0.range), (names[b].1, names[b].0.range)) }
        // The model lists names in input order already; sorting is for callers that do not.
        var order = Array(names.indices)
        if zip(order, order.dropFirst()).contains(where: { before($1, $0) }) { order.sort(by: before) }
        var first: [String: Int] = .init(minimumCapacity: names.count)
        var result: [(name: Located<String>, file: String, earlier: (name: Located<String>, file: String))] = []
        for index in order {
            let name = names[index].0
            let key = name.value.lowercased()
            guard let earlier = first[key] else {
                first[key] = index
                continue
            }
            result.append((name, names[index].1, (names[earlier].0, names[earlier].1)))
        }
        return result
    }
}
