import JSON
import Manifest
import ManifestTesting
import Plan
import Schema
import Testing

/// SPEC §11: a header value that comes from the org and not from the configuration is never
/// printed; its name is. Values the configuration holds are printed as they are.
@Suite struct HiddenOrgValueTests {
    static func named(headers: JSONValue) -> ManifestRecord {
        var record = ManifestRecord.namedCredential(
            name: "Billing", label: "Billing", url: "https://billing.example.com", externalCredential: "Billing_API")
        record[.headers] = headers
        return record
    }

    @Test func anOrgHeaderTheConfigurationLacksShowsItsNameOnly() {
        let org = Self.named(headers: [
            ["name": "X-Api-Key", "value": "sk_live_org_only", "sequence": 1], ["name": "X-Tenant", "value": "acme", "sequence": 2],
        ])
        let configured = Self.named(headers: [["name": "X-Tenant", "value": "acme", "sequence": 1]])
        let plan = Plan.make(state: Manifest(namedCredentials: [org]), desired: Manifest(namedCredentials: [configured]), allowReplace: false)
            .hidingValuesOnlyTheOrgHolds()
        #expect(!plan.text.contains("sk_live_org_only") && !plan.jsonText.contains("sk_live_org_only"))
        #expect(plan.text.contains(#"{"name":"X-Api-Key","sequence":1,"value":"(value hidden)"}"#), "\(plan.text)")
        // The configuration's own value is printed; the org's row at another sequence is not the same row.
        #expect(plan.text.contains(#"-> [{"name":"X-Tenant","sequence":1,"value":"acme"}]"#), "\(plan.text)")
    }

    @Test func aProvidersRequestParameterFromTheOrgIsHidden() {
        var org = ManifestRecord.provider(name: "Okta", label: "Okta", flow: "ClientCredentials", tokenUrl: "https://okta.example.com/token")
        org.tokenRequest = ManifestRequestParameters(body: ["audience": "api"], headers: ["X-Secret": "s3cr3t-from-setup"])
        var configured = org
        configured.tokenRequest = ManifestRequestParameters(body: ["audience": "api"])
        let plan = Plan.make(state: Manifest(providers: [org]), desired: Manifest(providers: [configured]), allowReplace: false)
            .hidingValuesOnlyTheOrgHolds()
        #expect(!plan.text.contains("s3cr3t-from-setup"), "\(plan.text)")
        #expect(plan.text.contains("tokenRequest.headers.X-Secret: (value hidden) -> null"), "\(plan.text)")
    }
}
