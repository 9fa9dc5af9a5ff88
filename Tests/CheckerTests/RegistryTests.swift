@testable import Checker
import Testing

/// The registry says where each rule runs instead of finding out with casts at start-up; these
/// casts, here only, keep what it says true.
@Suite struct RegistryTests {
    @Test func everyEntryRunsWhereItsRuleConformsTo() {
        for entry in Rules.registered {
            let id = entry.descriptor.id
            switch entry {
            case .found(let rule):
                #expect(!(rule is any ModelRule) && !(rule is any StateRule), "\(id) is registered as .found")
            case .model(let rule):
                #expect(!(rule is any StateRule), "\(id) is registered as .model")
            case .state(let rule):
                #expect(!(rule is any ModelRule), "\(id) is registered as .state")
            }
        }
    }

    @Test func theRunListsFollowTheRegistry() {
        #expect(Rules.modelRules.count == Rules.registered.filter { $0.rule is any ModelRule }.count)
        #expect(Rules.stateRules.map(\.descriptor.id) == [.immutableField])
    }
}
