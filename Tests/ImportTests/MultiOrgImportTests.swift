import Diagnostics
import Foundation
import Import
import SalesforceMetadata
import Testing

/// Merging orgs (SPEC §8, 1.2): which differences become variables, and their names.
@Suite struct MultiOrgMergeTests {
    /// A provider file with `tokenUrl` and, when given, an `audience` token parameter.
    static func provider(
        _ name: String, tokenURL: String, audience: String? = nil, clientAuthentication: String = "ClientSecretBasic",
        scopes: String? = nil
    ) -> (String, String) {
        let scopesRow = scopes.map {
            """
                <externalAuthIdentityProviderParameters>
                    <parameterName>scope</parameterName>
                    <parameterType>TokenRequestBodyParameter</parameterType>
                    <parameterValue>\($0)</parameterValue>
                </externalAuthIdentityProviderParameters>

            """
        } ?? ""
        let audienceRow = audience.map {
            """
                <externalAuthIdentityProviderParameters>
                    <parameterName>audience</parameterName>
                    <parameterType>TokenRequestBodyParameter</parameterType>
                    <parameterValue>\($0)</parameterValue>
                </externalAuthIdentityProviderParameters>

            """
        } ?? ""
        let clientAuthenticationRow = """
                <externalAuthIdentityProviderParameters>
                    <parameterName>ClientAuthentication</parameterName>
                    <parameterType>ClientAuthentication</parameterType>
                    <parameterValue>\(clientAuthentication)</parameterValue>
                </externalAuthIdentityProviderParameters>

            """
        return (
            "\(metadataRoot)/externalAuthIdentityProviders/\(name).externalAuthIdentityProvider-meta.xml",
            metadataXML(
                "ExternalAuthIdentityProvider",
                """
                    <authenticationFlow>ClientCredentials</authenticationFlow>
                    <authenticationProtocol>OAuth</authenticationProtocol>
                \(audienceRow)\(clientAuthenticationRow)\(scopesRow)    <externalAuthIdentityProviderParameters>
                        <parameterName>TokenUrl</parameterName>
                        <parameterType>TokenUrl</parameterType>
                        <parameterValue>\(tokenURL)</parameterValue>
                    </externalAuthIdentityProviderParameters>
                    <label>\(name)</label>
                """))
    }

    static func org(_ name: String, _ files: [(String, String)]) -> MultiOrgImport.Org {
        let texts = Dictionary(uniqueKeysWithValues: files)
        var sources: [String: SourceFile] = [:]
        for (path, text) in texts { sources[path] = SourceFile(path: path, text: text) }
        return MultiOrgImport.Org(name: name, result: importTexts(texts), sources: sources, displayPrefix: "\(name)/")
    }

    @Test func differingHostsShareOneVariableNamedAfterTheirDomain() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://dev.okta.com/oauth2/v1/token"),
                             Self.provider("Okta_Two", tokenURL: "https://dev.okta.com/oauth2/v1/token")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/oauth2/v1/token"),
                              Self.provider("Okta_Two", tokenURL: "https://acme.okta.com/oauth2/v1/token")]),
        ])
        #expect(result.diagnostics.isEmpty, "\(summary(result.diagnostics))")
        for name in ["Okta", "Okta_Two"] {
            #expect(try #require(result.files["providers/\(name).yaml"]).contains("\ntokenUrl: https://${OKTA_HOST}/oauth2/v1/token\n"))
        }
        #expect(try #require(result.files["environments/prod.yaml"]).hasSuffix("variables:\n  OKTA_HOST: acme.okta.com\n"))
    }

    /// The same name for other values takes the resource's name in front.
    @Test func aNameTakenByOtherValuesGetsTheResourceInFront() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://dev.okta.com/t"),
                             Self.provider("Partner", tokenURL: "https://dev-partner.okta.com/t")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t"),
                              Self.provider("Partner", tokenURL: "https://partner.okta.com/t")]),
        ])
        #expect(try #require(result.files["providers/Partner.yaml"]).contains("\ntokenUrl: https://${PARTNER_OKTA_HOST}/t\n"))
        #expect(try #require(result.files["environments/dev.yaml"]).contains("\n  PARTNER_OKTA_HOST: dev-partner.okta.com\n"))
    }

    /// Not a host alone (another path, an `api://` audience): the whole value is the variable.
    @Test func otherDifferencesMakeTheWholeValueTheVariable() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://acme.okta.com/oauth2/dev/v1/token", audience: "api://dev")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/oauth2/default/v1/token", audience: "api://prod")]),
        ])
        let provider = try #require(result.files["providers/Okta.yaml"])
        #expect(provider.contains("\ntokenUrl: ${OKTA_TOKEN_URL}\n"), "\(provider)")
        #expect(provider.contains("\n    audience: ${OKTA_AUDIENCE}\n"), "\(provider)")
        #expect(try #require(result.files["environments/prod.yaml"]).contains("\n  OKTA_AUDIENCE: api://prod\n"))
    }

    @Test func listItemsThatDifferEachBecomeAVariable() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t", scopes: "openid billing.dev")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t", scopes: "openid billing")]),
        ])
        let provider = try #require(result.files["providers/Okta.yaml"])
        #expect(provider.contains("\ndefaultScopes: ['${OKTA_DEFAULT_SCOPES}', openid]\n"), "\(provider)")
        #expect(try #require(result.files["environments/dev.yaml"]).contains("\n  OKTA_DEFAULT_SCOPES: billing.dev\n"))
    }

    @Test func anEnumeratedDifferenceIsReportedAtTheOrgThatDiffers() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t", clientAuthentication: "ClientSecretPost")]),
        ])
        #expect(try #require(result.files["providers/Okta.yaml"]).contains("clientAuthentication") == false)
        #expect(summary(result.diagnostics) == [
            "prod/\(metadataRoot)/externalAuthIdentityProviders/Okta.externalAuthIdentityProvider-meta.xml:2:1: warning: "
                + "ExternalAuthIdentityProvider 'Okta': 'clientAuthentication' differs from environment 'dev' and cannot become "
                + "a variable (it takes one of a fixed set of values); written as 'dev' has it, so a plan for 'prod' shows the "
                + "change [unrepresented-state]"
        ])
    }

    @Test func aResourceInSomeOrgsOnlyListsThem() throws {
        let result = MultiOrgImport().run([
            Self.org("dev", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t"), Self.provider("Debug", tokenURL: "https://debug.example.com/t")]),
            Self.org("uat", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t"), Self.provider("Debug", tokenURL: "https://debug.example.com/t")]),
            Self.org("prod", [Self.provider("Okta", tokenURL: "https://acme.okta.com/t")]),
        ])
        #expect(try #require(result.files["providers/Debug.yaml"]).hasSuffix("\nenvironments: [dev, uat]\n"))
        #expect(try #require(result.files["providers/Okta.yaml"]).contains("environments") == false)
        #expect(try #require(result.files["environments/prod.yaml"]).hasSuffix("name: prod\n"))
    }
}
