@testable import Checker
import Diagnostics
import Driver
import Testing

/// The field judgements and the credential rules run in one walk over the credentials: each
/// must find what it finds when it walks them alone, and the checker must keep registry order.
@Suite struct CredentialWalkTests {
    @Test func theWalkFindsWhatEachRuleFindsAlone() {
        let text = sampleDocuments + "\n" + sampleDocuments
        let analysis = Pipeline.analyze([SourceFile(path: "all.yaml", text: text)], options: CheckOptions())
        let context = ModelContext(model: analysis.model, files: analysis.files, earlierFindings: [])
        var alone = walkCredentials(context, [FieldJudgement.walk.begin(context)])[0]
        var walking: [RuleID] = []
        for rule in Rules.modelRules {
            var findings: [Finding] = []
            rule.check(context, into: &findings)
            if rule.credentialWalk != nil, !findings.isEmpty { walking.append(rule.descriptor.id) }
            alone += findings
        }
        // Every rule that walks with the others has findings here, so none is compared empty.
        #expect(Set(walking) == [
            .nameFormat, .duplicateName, .duplicatePrincipal, .duplicateSequence, .identityType,
            .principalWithoutAccess, .profileAccessNotDeployable, .missingSecrets,
        ])
        #expect(Checker.check(analysis.model, files: analysis.files, sideBySideFrom: .max) == alone)
        #expect(Checker.check(analysis.model, files: analysis.files, sideBySideFrom: 0) == alone)
    }
}
