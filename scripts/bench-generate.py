#!/usr/bin/env python3
"""Generates a large, valid credc configuration for the benchmark, without a warning.

  bench-generate.py COUNT DIRECTORY one|many [seed|realistic]

COUNT external credentials with 10 principals each, one identity provider per 10
credentials and one named credential per credential; `one` writes a single multi-document
file, `many` one file per credential (with its named credential) and one per provider.

`seed` (the default) is the benchmark's first input: every credential of the seed's flow.
`realistic` is shaped like real configurations (issue 24): a scope formula on every OAuth
credential, every principal with two permission sets, one of them shared by all, additional
refresh codes, descriptions, and the 1.2 protocols in turn: provider-linked OAuth, Custom with
API-key header formulas, AwsSv4, OAuth JWT bearer with claim formulas, Basic; named
credentials with HTTP headers; providers and principals naming where their secrets come from."""
import pathlib
import sys

count, directory, layout = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
shape = sys.argv[4] if len(sys.argv) > 4 else "seed"
# `realistic-plain`: the realistic input with every formula replaced by text of about its
# length, so that the benchmark can tell what the formulas cost.
plain = shape == "realistic-plain"


def formula(text: str, stand_in: str) -> str:
    return stand_in if plain else text
providers = max(1, count // 10)


def provider(index: int) -> str:
    return f"""apiVersion: credc/v1
kind: ExternalAuthIdentityProvider
name: Okta_Tenant_{index:05d}
label: Okta tenant {index} (production)
description: Corporate identity provider number {index}, client-credentials app
protocol: OAuth
flow: ClientCredentials
tokenUrl: https://tenant{index}.okta.example.com/oauth2/default/v1/token
secrets: {{clientId: OKTA_{index:05d}_CLIENT_ID, clientSecret: OKTA_{index:05d}_CLIENT_SECRET}}
"""


def principals(index: int, secrets: str = "") -> list[str]:
    lines = ["principals:"]
    for number in range(1, 11):
        lines += [
            f"  - name: Team {number:02d} Integration",
            f"    sequence: {number}",
            f"    permissionSets: [Service_{index:05d}_Users, All_Integrations]",
        ]
        if secrets:
            lines.append(f"    secrets: {{{secrets.format(index=index, number=number)}}}")
    return lines


def realistic_credential(index: int) -> str:
    head = [
        "apiVersion: credc/v1",
        "kind: ExternalCredential",
        f"name: Service_{index:05d}_API",
        f"label: Service {index} API",
        f"description: Calls service {index} for the operations team, as each team's integration user",
    ]
    kind = index % 5
    if kind in (0, 4):
        return "\n".join(head + [
            "protocol: OAuth",
            "flow: ClientCredentialsExternalIdentityProvider",
            f"identityProvider: Okta_Tenant_{index % providers:05d}",
            "scope: " + formula(f"'{{!\"service{index}:role:\" + $User.Department}} service{index}.read service{index}.write'",
                                f"service{index}:role:operations service{index}.read service{index}.write"),
            "passClientCredentialsInBody: false",
            "additionalRefreshStatusCodes: [403, 419]",
        ] + principals(index)) + "\n"
    if kind == 1:
        return "\n".join(head + [
            "protocol: Custom",
            "authHeaders:",
            "  - name: X-Api-Key",
            "    value: " + formula(f"'{{!$Credential.Service_{index:05d}_API.ApiKey}}'", f"tenant-{index}-api-key-header"),
            "  - name: X-Signature",
            "    value: " + formula(
                f"'{{!BASE64ENCODE(HMAC(\"SHA-256\", $Credential.Service_{index:05d}_API.Body, $Credential.Service_{index:05d}_API.ApiKey))}}'",
                "signature computed by the service gateway from the request body and the key of the team"),
            "  - name: Accept",
            "    value: application/json",
        ] + principals(index, "ApiKey: SERVICE_{index:05d}_TEAM_{number:02d}_KEY")) + "\n"
    if kind == 2:
        return "\n".join(head + [
            "protocol: AwsSv4",
            f"aws: {{service: s3, region: us-east-1, accountId: '{100000000000 + index:012d}'}}",
        ] + principals(index, "awsAccessKeyId: SERVICE_{index:05d}_TEAM_{number:02d}_AWS_KEY_ID, awsSecretAccessKey: SERVICE_{index:05d}_TEAM_{number:02d}_AWS_SECRET")) + "\n"
    return "\n".join(head + [
        "protocol: OAuth",
        "flow: JwtBearer",
        f"tokenUrl: https://login{index}.example.com/services/oauth2/token",
        "signingCertificate: integration_cert",
        "scope: " + formula(f"'{{!\"service{index}:\" + $Organization.Id}}'", f"service{index}:organization"),
        "jwt:",
        "  header: [{name: alg, value: RS256}, {name: kid, value: integration_cert}]",
        "  claims:",
        f"    - {{name: iss, value: 3MVG9service{index:05d}, description: Issuer}}",
        "    - {name: aud, value: '\"https://login.example.com\"', description: Audience}",
        "    - {name: exp, value: " + formula("'{!TEXT(FLOOR((NOW() - DATETIMEVALUE(\"1970-01-01 00:00:00\")) * 86400 + 180))}'", "'1767225600'") + "}",
    ] + principals(index)) + "\n"


def credential(index: int) -> str:
    lines = [
        "apiVersion: credc/v1",
        "kind: ExternalCredential",
        f"name: Service_{index:05d}_API",
        f"label: Service {index} API",
        f"description: Calls service {index} as its integration user",
        "protocol: OAuth",
        "flow: ClientCredentialsExternalIdentityProvider",
        f"identityProvider: Okta_Tenant_{index % providers:05d}",
        "passClientCredentialsInBody: false",
        "additionalRefreshStatusCodes: [403, 419]",
        "principals:",
    ]
    for number in range(1, 11):
        lines += [
            f"  - name: Team_{number:02d}_Integration",
            f"    sequence: {number}",
            "    identityType: NamedPrincipal",
            f"    permissionSets: [Service_{index:05d}_Users, Team_{number:02d}_Access]",
        ]
    return "\n".join(lines) + "\n"


def named(index: int) -> str:
    if shape != "seed":
        return f"""apiVersion: credc/v1
kind: NamedCredential
name: Service_{index:05d}
label: Service {index}
url: https://service{index}.example.com/api/v2
externalCredential: Service_{index:05d}_API
headers:
  - {{name: X-Tenant, value: tenant-{index % 97}}}
  - {{name: X-Client, value: salesforce}}
"""
    return f"""apiVersion: credc/v1
kind: NamedCredential
name: Service_{index:05d}
label: Service {index}
url: https://service{index}.example.com/api/v2
externalCredential: Service_{index:05d}_API
generateAuthorizationHeader: true
"""


if shape != "seed":
    credential = realistic_credential  # noqa: F811 - the realistic input's credentials

directory.mkdir(parents=True, exist_ok=True)
if layout == "one":
    with open(directory / "config.yaml", "w") as out:
        out.write("---\n".join([provider(i) for i in range(providers)]
                               + [credential(i) + "---\n" + named(i) for i in range(count)]))
else:
    for i in range(providers):
        (directory / f"provider-{i:05d}.yaml").write_text(provider(i))
    for i in range(count):
        (directory / f"service-{i:05d}.yaml").write_text(credential(i) + "---\n" + named(i))
