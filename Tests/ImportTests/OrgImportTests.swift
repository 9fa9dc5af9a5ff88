import Diagnostics
import Foundation
import Manifest
import SalesforceMetadata
import Testing

@testable import Import

@Suite struct OrgImportTests {
    @Test func aCleanOrgImportsEveryKind() throws {
        let result = importFiles(try fixtureFiles("org"))
        #expect(summary(result.diagnostics) == [])
        #expect(result.files.keys.sorted() == [
            "credentials/Billing_API.yaml", "credentials/Calendar_API.yaml", "named-credentials/Billing.yaml",
            "named-credentials/Billing_Sandbox.yaml", "named-credentials/Calendar.yaml", "providers/Okta_Prod.yaml",
            "providers/Okta_Workforce.yaml",
        ])
        // The browser flow: the provider's own fields, the credential's flow from its provider,
        // both identity types, grants from a decomposed permission set.
        #expect(
            result.files["providers/Okta_Workforce.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalAuthIdentityProvider
                name: Okta_Workforce
                label: Okta (Workforce sign-in)
                protocol: OAuth
                flow: AuthorizationCode
                tokenUrl: https://acme.okta.com/oauth2/default/v1/token
                clientAuthentication: body
                authorizeUrl: https://acme.okta.com/oauth2/default/v1/authorize
                userInfoUrl: https://acme.okta.com/oauth2/default/v1/userinfo
                pkce: true
                tokenRequest:
                  body:
                    audience: api://calendar

                """)
        #expect(
            result.files["credentials/Calendar_API.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalCredential
                name: Calendar_API
                label: Calendar API
                protocol: OAuth
                flow: BrowserFlowExternalIdentityProvider
                identityProvider: Okta_Workforce
                scope: openid calendar.read
                principals:
                  - name: Shared Calendar
                    sequence: 1
                    permissionSets: [Calendar_Users]
                  - name: Each User
                    sequence: 2
                    identityType: PerUserPrincipal
                    permissionSets: [Calendar_Users]

                """)
        #expect(
            result.files["providers/Okta_Prod.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalAuthIdentityProvider
                name: Okta_Prod
                label: Okta (Production)
                description: Corporate Okta tenant
                protocol: OAuth
                flow: ClientCredentials
                tokenUrl: https://acme.okta.com/oauth2/default/v1/token

                """)
        #expect(
            result.files["credentials/Billing_API.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: ExternalCredential
                name: Billing_API
                label: Billing API
                description: Calls the billing service
                protocol: OAuth
                flow: ClientCredentialsExternalIdentityProvider
                identityProvider: Okta_Prod
                scope: billing.read billing.write
                principals:
                  - name: Finance Admins
                    sequence: 1
                    permissionSets: [Billing_Admins, Finance_Ops]
                  - name: Service-Accounts
                    sequence: 2
                    permissionSets: [Billing_Admins]

                """)
        #expect(
            result.files["named-credentials/Billing.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: NamedCredential
                name: Billing
                label: 'Billing: v2 #prod'
                url: https://billing.example.com/v2
                externalCredential: Billing_API
                allowFormulasInHeaders: true

                """)
        #expect(
            result.files["named-credentials/Billing_Sandbox.yaml"] == """
                # yaml-language-server: $schema=../credc-v1.schema.json
                apiVersion: credc/v1
                kind: NamedCredential
                name: Billing_Sandbox
                label: 'yes'
                url: https://sandbox.billing.example.com/v2
                externalCredential: Billing_API
                allowedNamespaces: [acme_billing]
                enabled: false

                """)
    }

    /// `Fixtures/foreign/` holds what credc still cannot represent: credentials of the protocols
    /// the metadata page marks reserved, a legacy named credential, a profile's access.
    @Test func foreignResourcesAreLeftOutAndSaidOnceEach() throws {
        let result = importFiles(try fixtureFiles("org", "foreign"))
        #expect(!result.hasErrors)
        #expect(result.files.keys.sorted() == importFiles(try fixtureFiles("org")).files.keys.sorted())
        let found = summary(result.diagnostics)
        let base = "force-app/main/default/"
        /// One finding in `file`, of that severity and rule; the reader words its own messages.
        func once(_ file: String, _ severity: String, _ rule: String) -> Bool {
            found.filter { $0.hasPrefix(base + file + ":") }.count == 1
                && found.contains { $0.hasPrefix(base + file + ":") && $0.contains(": \(severity): ") && $0.hasSuffix("[\(rule)]") }
        }
        #expect(once("externalCredentials/AWS_S3.externalCredential-meta.xml", "info", "foreign-resource"), "\(found)")
        #expect(once("externalCredentials/Google_Drive.externalCredential-meta.xml", "info", "foreign-resource"), "\(found)")
        #expect(once("externalCredentials/Stripe_CC.externalCredential-meta.xml", "info", "foreign-resource"), "\(found)")
        #expect(once("namedCredentials/Legacy_ERP.namedCredential-meta.xml", "info", "foreign-resource"), "\(found)")
        #expect(once("namedCredentials/Stripe.namedCredential-meta.xml", "info", "foreign-resource"), "\(found)")
        #expect(
            found.contains {
                $0.hasPrefix(base + "profiles/Custom%3A Support.profile-meta.xml:4:5: warning: profile 'Custom: Support' has access "
                    + "to principal 'Billing_API-Service-Accounts': left out") && $0.hasSuffix("[unrepresented-state]")
            })
        // Grants of a foreign credential's principals are that credential's: said with it, not again.
        #expect(!found.contains { $0.contains("Stripe_Users") }, "\(found)")
        #expect(found.count == 6, "\(found.joined(separator: "\n"))")
    }

    @Test func unknownParametersAreLeftOutWithTheirPosition() {
        let result = importTexts([
            "\(metadataRoot)/externalAuthIdentityProviders/Okta.externalAuthIdentityProvider-meta.xml": metadataXML(
                "ExternalAuthIdentityProvider",
                """
                    <authenticationFlow>ClientCredentials</authenticationFlow>
                    <authenticationProtocol>OAuth</authenticationProtocol>
                    <externalAuthIdentityProviderParameters>
                        <parameterName>tenant</parameterName>
                        <parameterType>IdentityProviderOptions</parameterType>
                        <parameterValue>acme</parameterValue>
                    </externalAuthIdentityProviderParameters>
                    <externalAuthIdentityProviderParameters>
                        <parameterName>TokenUrl</parameterName>
                        <parameterType>TokenUrl</parameterType>
                        <parameterValue>https://acme.okta.com/token</parameterValue>
                    </externalAuthIdentityProviderParameters>
                    <label>Okta</label>
                """),
            "\(metadataRoot)/externalCredentials/Billing.externalCredential-meta.xml": metadataXML(
                "ExternalCredential",
                """
                    <authenticationProtocol>Oauth</authenticationProtocol>
                    <externalCredentialParameters>
                        <parameterGroup>DefaultGroup</parameterGroup>
                        <parameterName>X-Tenant</parameterName>
                        <parameterType>AuthQueryParameter</parameterType>
                        <parameterValue>{!'acme'}</parameterValue>
                        <sequenceNumber>1</sequenceNumber>
                    </externalCredentialParameters>
                    <externalCredentialParameters>
                        <externalAuthIdentityProvider>Okta</externalAuthIdentityProvider>
                        <parameterGroup>DefaultGroup</parameterGroup>
                        <parameterName>ExternalAuthIdentityProvider</parameterName>
                        <parameterType>ExternalAuthIdentityProvider</parameterType>
                    </externalCredentialParameters>
                    <label>Billing</label>
                """),
        ])
        #expect(result.files.keys.sorted() == ["credentials/Billing.yaml", "providers/Okta.yaml"])
        let found = summary(result.diagnostics)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains {
            $0.hasPrefix("\(metadataRoot)/externalAuthIdentityProviders/Okta.externalAuthIdentityProvider-meta.xml:5:5: warning: ")
                && $0.contains("tenant") && $0.hasSuffix("[unrepresented-state]")
        })
        #expect(found.contains {
            $0.hasPrefix("\(metadataRoot)/externalCredentials/Billing.externalCredential-meta.xml:4:5: warning: ")
                && $0.contains("X-Tenant") && $0.hasSuffix("[unrepresented-state]")
        })
    }

    @Test func malformedXMLIsAnInvalidStateErrorAtItsPosition() throws {
        var files = try fixtureFiles("org")
        files["\(metadataRoot)/externalCredentials/Billing_API.externalCredential-meta.xml"] = Data(
            "<?xml version=\"1.0\"?>\n<ExternalCredential>\n    <label>A & B</label>\n</ExternalCredential>\n".utf8)
        let result = importFiles(files)
        #expect(result.hasErrors)
        let found = summary(result.diagnostics)
        #expect(found.contains {
            $0.hasPrefix("\(metadataRoot)/externalCredentials/Billing_API.externalCredential-meta.xml:3:")
                && $0.contains(": error: malformed XML") && $0.hasSuffix("[invalid-state]")
        }, "\(found)")
    }

    @Test func aManagedPackagesComponentIsForeign() throws {
        var files = try fixtureFiles("org")
        let packaged = "\(metadataRoot)/namedCredentials/acme__Billing.namedCredential-meta.xml"
        files[packaged] = files["\(metadataRoot)/namedCredentials/Billing.namedCredential-meta.xml"]
        let result = importFiles(files)
        #expect(!result.hasErrors)
        #expect(result.files["named-credentials/acme__Billing.yaml"] == nil)
        #expect(summary(result.diagnostics).count == 1)
        #expect(summary(result.diagnostics) == [
            "\(packaged):1:1: info: 'acme__Billing' belongs to the managed package 'acme', which manages it; left alone "
                + "[foreign-resource]"
        ])
    }

    @Test func aMissingLabelIsInvalidState() {
        let result = importTexts([
            "\(metadataRoot)/externalAuthIdentityProviders/Okta.externalAuthIdentityProvider-meta.xml": metadataXML(
                "ExternalAuthIdentityProvider",
                """
                    <authenticationFlow>ClientCredentials</authenticationFlow>
                    <authenticationProtocol>OAuth</authenticationProtocol>
                """)
        ])
        #expect(result.hasErrors)
        #expect(summary(result.diagnostics).contains {
            $0.contains(":2:1: error: required element <label> is missing [invalid-state]")
        })
    }

    @Test func aCredentialWhoseProviderIsNotInTheFolderIsLeftOutWithItsNamedCredentials() throws {
        var files = try fixtureFiles("org")
        files["\(metadataRoot)/externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml"] = nil
        let result = importFiles(files)
        #expect(result.files.keys.sorted() == [
            "credentials/Calendar_API.yaml", "named-credentials/Calendar.yaml", "providers/Okta_Workforce.yaml",
        ])
        let found = summary(result.diagnostics)
        #expect(found.contains(
            "\(metadataRoot)/externalCredentials/Billing_API.externalCredential-meta.xml:2:1: info: external credential "
                + "'Billing_API' is left out: its identity provider 'Okta_Prod' is not in the folder, and credc needs the "
                + "provider's fields [foreign-resource]"))
        #expect(found.contains {
            $0.hasPrefix("\(metadataRoot)/namedCredentials/Billing.namedCredential-meta.xml:2:1: info: named credential 'Billing' "
                + "is left out: it uses external credential 'Billing_API', which is left out too")
        })
    }

    /// What `credc check` rejects is never written, and what needs it goes with it; the
    /// finding names the rule, never the value.
    @Test func whatCheckRejectsIsLeftOutWithWhatDependsOnIt() throws {
        var files = try fixtureFiles("org")
        func edit(_ path: String, _ from: String, _ to: String) {
            files[path] = Data(String(decoding: files[path]!, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
        }
        let sandbox = "\(metadataRoot)/namedCredentials/Billing_Sandbox.namedCredential-meta.xml"
        edit(sandbox, "https://sandbox.billing.example.com/v2", "https://sandbox.billing.example.com/v2?api_key=s3cr3t-value")
        var result = importFiles(files)
        #expect(result.files["named-credentials/Billing_Sandbox.yaml"] == nil)
        #expect(result.files["named-credentials/Billing.yaml"] != nil)
        var found = summary(result.diagnostics)
        #expect(found.count == 1, "\(found)")
        #expect(found.first == "\(sandbox):2:1: warning: NamedCredential 'Billing_Sandbox' is left out: credc check rejects "
            + "'url' (insecure-url), 'url' (secret-in-config) [unrepresented-state]")
        #expect(!found.joined().contains("s3cr3t"))

        let provider = "\(metadataRoot)/externalAuthIdentityProviders/Okta_Prod.externalAuthIdentityProvider-meta.xml"
        edit(provider, "https://acme.okta.com", "http://acme.okta.com")
        result = importFiles(files)
        #expect(!result.files.keys.contains { $0.contains("Okta_Prod") || $0.contains("Billing") })
        found = summary(result.diagnostics)
        #expect(found.contains {
            $0 == "\(provider):2:1: warning: ExternalAuthIdentityProvider 'Okta_Prod' is left out: credc check rejects "
                + "'tokenUrl' (insecure-url) [unrepresented-state]"
        }, "\(found)")
        #expect(found.contains(
            "\(metadataRoot)/externalCredentials/Billing_API.externalCredential-meta.xml:2:1: info: external credential "
                + "'Billing_API' is left out: its identity provider 'Okta_Prod' is left out too [foreign-resource]"))
        #expect(found.contains(
            "\(metadataRoot)/namedCredentials/Billing.namedCredential-meta.xml:2:1: info: named credential 'Billing' is left "
                + "out: it uses external credential 'Billing_API', which is left out too [foreign-resource]"))
    }

    @Test func placeholdersStayTextAndAreSaid() throws {
        var files = try fixtureFiles("org")
        let path = "\(metadataRoot)/namedCredentials/Billing.namedCredential-meta.xml"
        func edit(_ from: String, _ to: String) {
            files[path] = Data(String(decoding: files[path]!, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
        }
        edit("Billing: v2 #prod", "Billing (${ORG_NAME})")
        var result = importFiles(files)
        #expect(result.files["named-credentials/Billing.yaml"]?.contains("\nlabel: Billing ($${ORG_NAME})\n") == true)
        #expect(summary(result.diagnostics) == [
            "\(path):2:1: warning: 'label' of 'Billing' holds '${', written as '$${' so that it stays literal text; if it is a "
                + "Salesforce CLI string-replacement placeholder, define the value in an Environment and write '${NAME}' "
                + "instead [unrepresented-state]"
        ])

        // Where check needs the value itself (an https URL), the resource cannot be written.
        edit("https://billing.example.com/v2", "${BILLING_URL}/v2")
        result = importFiles(files)
        #expect(result.files["named-credentials/Billing.yaml"] == nil)
        #expect(summary(result.diagnostics) == [
            "\(path):2:1: warning: NamedCredential 'Billing' is left out: credc check rejects 'url' (insecure-url); 'label' "
                + "and 'url' hold '${…}' placeholders, which are literal text to credc: define the variable in an Environment and "
                + "add the resource with '${NAME}' [unrepresented-state]"
        ])
        // #26: the verb agrees with the number of fields, in the warning above too.
        #expect(ResourceText.quotedList(["label"]) == ("'label'", false))
        #expect(ResourceText.quotedList(["authorizeUrl", "tokenUrl"]) == ("'authorizeUrl' and 'tokenUrl'", true))
        #expect(ResourceText.quotedList(["a", "b", "c"]).text == "'a', 'b' and 'c'")
    }
}

@Suite struct MetadataPositionsTests {
    @Test func findsStartTagsByReaderPathsAfterMultiByteText() {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- 👨‍👩‍👧 éé -->
            <Root xmlns="http://soap.sforce.com/2006/04/metadata">
                <item>
                    <name>é👍</name>
                </item>
                <item>
                    <name>second</name>
                </item>
            </Root>

            """
        let data = Data(text.utf8)
        #expect(MetadataPositions.range(of: "Root", in: data) == SourceRange(line: 3, column: 1, endLine: 3, endColumn: 55))
        #expect(MetadataPositions.range(of: "Root/item[1]/name", in: data) == SourceRange(line: 5, column: 9, endLine: 5, endColumn: 15))
        #expect(MetadataPositions.range(of: "Root/item/name", in: data) == SourceRange(line: 5, column: 9, endLine: 5, endColumn: 15))
        #expect(MetadataPositions.range(of: "Root/item[2]", in: data) == SourceRange(line: 7, column: 5, endLine: 7, endColumn: 11))
        #expect(MetadataPositions.range(of: "Root/item[3]", in: data) == nil)
        #expect(MetadataPositions.range(of: "Other", in: data) == nil)
        #expect(MetadataPositions.range(of: "Root", in: Data("<Root>".utf8)) == nil)
    }
}
