import JSON
import Manifest
import ManifestTesting
import Schema
import Testing

@testable import Import

@Suite struct ResourceTextTests {
    let writer = ResourceText(schemaReference: "../credc-v1.schema.json")

    @Test func fieldsFollowTheTableAndDefaultsAreLeftOut() {
        let credential = ManifestRecord.externalCredential(
            name: "Billing_API", label: "Billing API", description: "${SF_LABEL} calls", identityProvider: "Okta_Prod",
            scope: "{!$User.Email} billing.read", passClientCredentialsInBody: false, additionalRefreshStatusCodes: [429, 403],
            principals: [
                ManifestRecord.principal(name: "Service-Accounts", sequence: 2, identityType: "PerUserPrincipal"),
                ManifestRecord.principal(name: "Finance Admins", sequence: 1, permissionSets: ["Finance_Ops", "Billing_Admins"]),
            ])
        let text = writer.document(kind: .externalCredential, fields: ManifestFields.externalCredential(credential))
        #expect(
            text == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalCredential
                name: Billing_API
                label: Billing API
                description: $${SF_LABEL} calls
                protocol: OAuth
                flow: ClientCredentialsExternalIdentityProvider
                identityProvider: Okta_Prod
                scope: '{!$User.Email} billing.read'
                additionalRefreshStatusCodes: [403, 429]
                principals:
                  - name: Finance Admins
                    sequence: 1
                    permissionSets: [Billing_Admins, Finance_Ops]
                  - name: Service-Accounts
                    sequence: 2
                    identityType: PerUserPrincipal

                """)
    }

    @Test func providerFieldsOfTheBrowserFlow() {
        let provider = ManifestRecord.provider(
            name: "Okta_Workforce", label: "Okta", flow: "AuthorizationCode", tokenUrl: "https://idp.example.com/token",
            clientAuthentication: "body", authorizeUrl: "https://idp.example.com/authorize",
            userInfoUrl: "https://idp.example.com/userinfo", pkce: true,
            tokenRequest: ManifestRequestParameters(
                body: ["audience": "api://calendar", "resource": "${API}"], headers: ["X-Tenant": "acme: eu"]))
        #expect(
            writer.document(kind: .externalAuthIdentityProvider, fields: ManifestFields.provider(provider)) == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalAuthIdentityProvider
                name: Okta_Workforce
                label: Okta
                protocol: OAuth
                flow: AuthorizationCode
                tokenUrl: https://idp.example.com/token
                clientAuthentication: body
                authorizeUrl: https://idp.example.com/authorize
                userInfoUrl: https://idp.example.com/userinfo
                pkce: true
                tokenRequest:
                  body:
                    audience: api://calendar
                    resource: $${API}
                  headers:
                    X-Tenant: 'acme: eu'

                """)
        #expect(ResourceText.fieldsHoldingPlaceholders(ManifestFields.provider(provider)) == ["tokenRequest"])
    }

    @Test func namedCredentialWritesOnlyWhatDiffersFromTheDefaults() {
        let named = ManifestRecord.namedCredential(
            name: "Billing", label: "true", url: "https://billing.example.com/v2", externalCredential: "Billing_API",
            generateAuthorizationHeader: false, allowedNamespaces: ["acme"], enabled: false)
        #expect(
            writer.document(kind: .namedCredential, fields: ManifestFields.namedCredential(named)) == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: NamedCredential
                name: Billing
                label: 'true'
                url: https://billing.example.com/v2
                externalCredential: Billing_API
                generateAuthorizationHeader: false
                allowedNamespaces: [acme]
                enabled: false

                """)
    }

    @Test func everyFieldWrittenIsInTheFieldTable() {
        let provider = ManifestRecord.provider(
            name: "P", label: "L", description: "D", flow: "ClientCredentials", tokenUrl: "https://t", defaultScopes: ["s"])
        let credential = ManifestRecord.externalCredential(
            name: "C", label: "L", description: "D", identityProvider: "P", scope: "s",
            principals: [ManifestRecord.principal(name: "A", sequence: 1, permissionSets: ["X"])])
        let named = ManifestRecord.namedCredential(name: "N", label: "L", url: "https://u", externalCredential: "C")
        let written: [(ResourceKind, [String: ImportedValue])] = [
            (.externalAuthIdentityProvider, ManifestFields.provider(provider)),
            (.externalCredential, ManifestFields.externalCredential(credential)),
            (.namedCredential, ManifestFields.namedCredential(named)),
        ]
        for (kind, fields) in written {
            let names = Set(kind.fields.map(\.name))
            #expect(Set(fields.keys).subtracting(names).isEmpty, "\(kind): \(fields.keys.sorted())")
        }
        let principalNames = Set(Fields.principal.map(\.name))
        #expect(Set(ManifestFields.principal(credential.principals[0]).keys).subtracting(principalNames).isEmpty)
    }

    /// A field added to the table fails here until import writes it or says why not (with the
    /// table's fields of every record type, none spelled here).
    @Test func everyManifestPropertyIsImportedOrExplained() {
        // Every optional text set, so that each is written: a field the table gains is set too.
        func filled(_ type: ManifestRecordType) -> ManifestRecord {
            var record = ManifestRecord(type)
            for field in type.fields where record[field.id] == .null {
                // A nested mapping (`aws`, `jwt`, contract 1.2) is an object of its own fields.
                if field.type == .integer {
                    record[field.id] = .integer(1)
                } else if case .object(let fields) = field.type {
                    record[field.id] = .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, JSONValue.string("x")) }))
                } else {
                    record[field.id] = .string("x")
                }
            }
            return record
        }
        let types = ResourceKind.allCases.map(ManifestRecordType.resource) + [.principal]
        let cases = types.map { type in
            let record = filled(type)
            return (record, Set(ManifestFields.fields(of: record).keys))
        }
        for (record, written) in cases {
            for field in record.type.fields {
                #expect(
                    written.contains(field.name) || ManifestFields.notImported[field.id] != nil,
                    "\(record.type).\(field.name) is neither imported nor explained")
            }
        }
    }
}
