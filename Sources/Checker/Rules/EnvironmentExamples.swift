import Diagnostics

// The examples of the environment rules (SPEC §7): a sandbox → production configuration.
extension Example {
    /// Two environments for a provider, credential and named credential; `URL` and
    /// `SANDBOX_VARIABLES` are replaced by ``environments(url:sandbox:)``.
    static let environmentsTemplate = """
    apiVersion: credc/v1
    kind: ExternalAuthIdentityProvider
    name: Okta
    label: Okta
    protocol: OAuth
    flow: ClientCredentials
    tokenUrl: https://${OKTA_HOST}/oauth2/default/v1/token
    ---
    apiVersion: credc/v1
    kind: ExternalCredential
    name: Billing_API
    label: Billing API
    protocol: OAuth
    flow: ClientCredentialsExternalIdentityProvider
    identityProvider: Okta
    principals:
      - name: Admin
        sequence: 1
        permissionSets: [Billing_Admins]
    ---
    apiVersion: credc/v1
    kind: NamedCredential
    name: Billing
    label: Billing
    url: URL
    externalCredential: Billing_API
    ---
    apiVersion: credc/v1
    kind: Environment
    name: sandbox
    variables:
      OKTA_HOST: acme.oktapreview.com
    SANDBOX_VARIABLES
    ---
    apiVersion: credc/v1
    kind: Environment
    name: production
    variables:
      OKTA_HOST: acme.okta.com
      BILLING_URL: https://billing.example.com/v2

    """

    static func environments(url: String = "${BILLING_URL}", sandbox: String = "  BILLING_URL: https://billing.sandbox.example.com/v2") -> String {
        environmentsTemplate.replacingFirst("url: URL", with: "url: \(url)")
            .replacingFirst("SANDBOX_VARIABLES\n", with: sandbox.isEmpty ? "" : sandbox + "\n")
    }
}
