#!/usr/bin/env python3
"""Generates a large, realistic, valid credc configuration for the benchmark.

  bench-generate.py COUNT DIRECTORY one|many

COUNT external credentials with 10 principals each, one identity provider per 10
credentials and one named credential per credential; `one` writes a single multi-document
file, `many` one file per credential (with its named credential) and one per provider."""
import pathlib
import sys

count, directory, layout = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
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
"""


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
    return f"""apiVersion: credc/v1
kind: NamedCredential
name: Service_{index:05d}
label: Service {index}
url: https://service{index}.example.com/api/v2
externalCredential: Service_{index:05d}_API
generateAuthorizationHeader: true
"""


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
