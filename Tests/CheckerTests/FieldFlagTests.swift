@testable import Checker
import Model
import Schema
import Testing

/// The field table's flags are what code reads instead of lists of field names: these tests
/// pin the flags and the few places that still say where the model keeps a flagged field.
struct FieldFlagTests {
    private func flagged(_ flag: FieldFlags, in fields: [FieldSpec]) -> Set<String> {
        Set(fields.filter { $0.flags.contains(flag) }.map(\.name))
    }

    @Test func flagsSayWhatCodeUsedToSpellByName() {
        let resourceFields = ResourceKind.allCases.flatMap(\.fields)
        #expect(flagged(.identifies, in: resourceFields + Fields.principal) == ["name"])
        #expect(flagged(.immutable, in: Fields.principal) == ["name", "identityType"])
        #expect(flagged(.plannedSeparately, in: resourceFields + Fields.principal)
            == ["principals", "permissionSets", "profiles", "unmanaged"])
        #expect(flagged(.sameInEveryOrg, in: resourceFields + Fields.principal)
            == [
                "identityProvider", "externalCredential", "profiles", "authProvider", "signingCertificate",
                "outboundNetworkConnection", "clientCertificate", "standardExternalIdentityProvider",
                "createdByNamespace", "managedByComponent", "managedByFeature",
            ])
        #expect(flagged(.secretBearing, in: resourceFields) == ["tokenRequest", "refreshRequest", "authHeaders", "headers", "jwt"])
        #expect(flagged(.header, in: resourceFields) == ["apiVersion", "kind"])
        // The provider fields of contract 1.1, which a state written by credc 1.0 lacks; every
        // field added later has the flag too, so this is a lower bound.
        #expect(flagged(.optionalInState, in: resourceFields + Fields.principal).isSuperset(
            of: ["clientAuthentication", "authorizeUrl", "userInfoUrl", "pkce", "tokenRequest", "refreshRequest"]))
    }

    /// Every field is unique within its kind: the ID is the key of the manifest's values.
    @Test func fieldIDsAreUniquePerKind() {
        for fields in ResourceKind.allCases.map(\.fields) + [Fields.principal, Fields.environment] {
            #expect(Set(fields.map(\.id)).count == fields.count)
        }
    }

    /// A record finds a field by the low 32 bits of its ID's code alone (that is what a record's
    /// entry keeps): no two field names of the tables, nested tables included, may share them.
    @Test func fieldNamesHaveDistinctCodes() {
        var codes: [UInt32: String] = [:]
        func visit(_ fields: [FieldSpec]) {
            for field in fields {
                let earlier = codes.updateValue(field.name, forKey: UInt32(truncatingIfNeeded: field.id.code))
                #expect(earlier == nil || earlier == field.name, "\(field.name) and \(earlier ?? "")")
                switch field.type {
                case .object(let nested), .objectList(let nested): visit(nested)
                default: break
                }
            }
        }
        for fields in ResourceKind.allCases.map(\.fields) + [Fields.principal, Fields.environment] { visit(fields) }
        #expect(codes.count > 50)
    }

    /// `insecure-url` checks exactly the table's https-URL fields: each, set to an http URL on
    /// a document of its kind, is reported at that field.
    @Test func insecureURLChecksEveryHTTPSField() {
        let base: [ResourceKind: String] = [
            .externalAuthIdentityProvider: Example.provider, .externalCredential: Example.credential(),
            .namedCredential: Example.named(),
        ]
        for kind in ResourceKind.allCases {
            for field in kind.fields where field.httpsURLAllowsQuery != nil {
                let text = base[kind] ?? ""
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let written = "\(field.name): http://x.example.com/p"
                let document =
                    lines.contains(where: { $0.hasPrefix("\(field.name):") })
                    ? lines.map { $0.hasPrefix("\(field.name):") ? written : $0 }.joined(separator: "\n")
                    : text + written + "\n"
                let findings = analyze(document).findings(.insecureURL)
                #expect(findings.map(\.path) == [field.name], "\(kind.rawValue).\(field.name)")
            }
        }
        #expect(Fields.principal.allSatisfy { $0.httpsURLAllowsQuery == nil })
    }
}
