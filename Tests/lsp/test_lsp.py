"""End-to-end tests of `credc lsp` driven by a real LSP client (pytest-lsp over pygls).

The server is the built binary (`CREDC_BIN`, or `.build/debug/credc`), started per test on a
workspace of several files made under a temporary folder.
"""
import asyncio
import json
import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
CREDC = os.environ.get("CREDC_BIN", str(ROOT / ".build/debug/credc"))

PROVIDERS = """\
apiVersion: credc/v1
kind: ExternalAuthIdentityProvider
name: Okta_Prod
label: Okta (Production)
protocol: OAuth
flow: ClientCredentials
tokenUrl: https://acme.okta.com/oauth2/v1/token
secrets: {clientId: OKTA_CLIENT_ID, clientSecret: OKTA_CLIENT_SECRET}
"""

CREDENTIALS = """\
apiVersion: credc/v1
kind: ExternalCredential
name: Billing_API
label: Billing API
protocol: OAuth
flow: ClientCredentialsExternalIdentityProvider
identityProvider: Okta_Prod
principals:
  - name: Admins  # credc:ignore principal-without-access -- granted in Setup
    sequence: 1
"""

NAMED = """\
apiVersion: credc/v1
kind: NamedCredential
name: Billing
label: Billing
url: ${BILLING_URL}
externalCredential: Billing_API
"""

ENVIRONMENTS = """\
apiVersion: credc/v1
kind: Environment
name: prod
variables:
  BILLING_URL: https://billing.example.com
"""

FILES = {
    "providers/okta.yaml": PROVIDERS,
    "credentials/billing.yaml": CREDENTIALS,
    "named-credentials/billing.yaml": NAMED,
    "environments/prod.yaml": ENVIRONMENTS,
    # Not a credc file: skipped, as `credc check .` skips it.
    "docker-compose.yaml": "services:\n  web:\n    image: nginx\n",
    # Excluded by the settings.
    "fixtures/broken.yaml": "apiVersion: credc/v1\nkind: Nope\n",
    ".credc.yaml": "exclude: [fixtures]\n",
}


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def uri(workspace: pathlib.Path, name: str) -> str:
    return (workspace / name).as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CREDC, "lsp"]))
async def client(lsp_client: LanguageClient, workspace: pathlib.Path):
    # VS Code's capabilities let the server ask the client to watch files, as VS Code does.
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        lsp_client.registrations += [r.method for r in params.registrations]

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()
    # `exit` after `shutdown`: exit code 0 (LSP specification).
    assert lsp_client._server.returncode == 0


async def diagnostics_until(client: LanguageClient, condition, timeout: float = 10.0):
    """Waits for published diagnostics until `condition(client.diagnostics)` holds."""

    async def wait():
        while not condition(client.diagnostics):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return client.diagnostics


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def open_document(client: LanguageClient, workspace, name: str, text: str | None = None) -> str:
    document = uri(workspace, name)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=document, language_id="yaml", version=1, text=FILES[name] if text is None else text
            )
        )
    )
    return document


def replace_all(client: LanguageClient, document: str, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def test_workspace_diagnostics_follow_a_cross_file_edit(client: LanguageClient, workspace):
    credc_files = ["providers/okta.yaml", "credentials/billing.yaml", "named-credentials/billing.yaml",
                   "environments/prod.yaml"]
    published = await diagnostics_until(client, lambda d: all(uri(workspace, n) in d for n in credc_files))
    # The registration answers `initialized`, which may come after the first diagnostics.
    async def registered():
        while not client.registrations:
            await asyncio.sleep(0.01)
    await asyncio.wait_for(registered(), 10.0)
    assert client.registrations == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert {n: list(published[uri(workspace, n)]) for n in credc_files} == {n: [] for n in credc_files}
    # Skipped (not credc) and excluded files get nothing.
    assert uri(workspace, "docker-compose.yaml") not in published
    assert uri(workspace, "fixtures/broken.yaml") not in published

    # Rename the provider in an open, unsaved buffer: the credential, in another file, breaks.
    providers = open_document(client, workspace, "providers/okta.yaml")
    replace_all(client, providers, PROVIDERS.replace("name: Okta_Prod", "name: Okta_Prodd"), 2)
    credentials = uri(workspace, "credentials/billing.yaml")
    published = await diagnostics_until(client, lambda d: d.get(credentials))
    [broken] = published[credentials]
    assert broken.code == "unknown-identity-provider"
    assert broken.source == "credc"
    assert broken.severity == types.DiagnosticSeverity.Error
    assert broken.range == types.Range(types.Position(6, 18), types.Position(6, 27))
    assert "did you mean 'Okta_Prodd'?" in broken.message

    # Undo with an incremental change (the sync the server asks for): delete the extra 'd' of
    # `name: Okta_Prodd` on line 2. The credential's list is published again, empty.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=providers, version=3),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(2, 15), types.Position(2, 16)), text="")],
        )
    )
    await diagnostics_until(client, lambda d: credentials in d and not d[credentials])


async def test_positions_count_utf16_after_multi_byte_text(client: LanguageClient, workspace):
    line = ('{apiVersion: credc/v1, kind: ExternalAuthIdentityProvider, label: "# 👨‍👩‍👧 éé", '
            'name: Okta__Prod, protocol: OAuth, flow: ClientCredentials, tokenUrl: "https://a.example.com/t"}')
    document = open_document(client, workspace, "providers/okta.yaml", line + "\n")
    published = await diagnostics_until(client, lambda d: "name-format" in codes(d.get(document, [])))
    [name_format] = [d for d in published[document] if d.code == "name-format"]
    prefix = line[: line.index("Okta__Prod")]
    character = len(prefix.encode("utf-16-le")) // 2
    assert name_format.range.start == types.Position(0, character)
    assert name_format.range.end == types.Position(0, character + len("Okta__Prod"))


async def test_a_document_that_is_not_yaml_gets_a_diagnostic(client: LanguageClient, workspace):
    document = open_document(client, workspace, "credentials/billing.yaml", "kind: [unclosed\n\t- x: {\n")
    published = await diagnostics_until(client, lambda d: d.get(document))
    assert "yaml-syntax" in codes(published[document])


async def test_hover(client: LanguageClient, workspace):
    credentials = open_document(client, workspace, "credentials/billing.yaml")

    async def hover(line: int, character: int) -> str:
        result = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(credentials), types.Position(line, character)))
        return result.contents.value

    field = await hover(5, 1)
    # Contract 1.2: `flow` is required by the protocol (OAuth), not by the field table.
    assert "**`flow`**: string" in field
    assert "ClientCredentialsExternalIdentityProvider" in field
    assert "principal-without-access" in await hover(8, 40)
    target = await hover(6, 20)
    assert target.startswith("**ExternalAuthIdentityProvider** `Okta_Prod` — Okta (Production)")
    assert "providers/okta.yaml:3" in target


async def test_definition(client: LanguageClient, workspace):
    credentials = open_document(client, workspace, "credentials/billing.yaml")
    result = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(credentials), types.Position(6, 20)))
    assert result.uri == uri(workspace, "providers/okta.yaml")
    assert result.range.start == types.Position(2, 6)

    named = open_document(client, workspace, "named-credentials/billing.yaml")
    result = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(named), types.Position(4, 9)))
    assert [(r.uri, r.range.start) for r in result] == [(uri(workspace, "environments/prod.yaml"), types.Position(4, 2))]


async def test_completion(client: LanguageClient, workspace):
    text = CREDENTIALS.replace("identityProvider: Okta_Prod\n", "identityProvider: \nsc\n")
    credentials = open_document(client, workspace, "credentials/billing.yaml", text)

    async def labels(line: int, character: int) -> list[str]:
        result = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(credentials), types.Position(line, character)))
        return [item.label for item in result.items]

    assert await labels(6, 18) == ["Okta_Prod"]
    fields = await labels(7, 2)
    assert "scope" in fields and "identityProvider" not in fields and "tokenUrl" not in fields
    flows = await labels(5, 6)
    # The flows of the credential's protocol (OAuth), in the protocols table's order.
    assert flows == [
        "ClientCredentialsExternalIdentityProvider", "BrowserFlowExternalIdentityProvider", "BrowserFlow",
        "ClientCredentialsClientSecret", "JwtBearer", "ClientCredentialsJwtAssertion",
    ]


async def test_code_action(client: LanguageClient, workspace):
    text = CREDENTIALS.replace("identityProvider: Okta_Prod", "identityProvider: Okta_Prd")
    credentials = open_document(client, workspace, "credentials/billing.yaml", text)
    published = await diagnostics_until(client, lambda d: d.get(credentials))
    [broken] = published[credentials]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(credentials), range=broken.range,
            context=types.CodeActionContext(diagnostics=[broken])))
    # The did-you-mean is a safe fix-it: one preferred quick fix, applied as an editor would,
    # and the finding goes.
    [action] = list(actions or [])
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.is_preferred
    [edit] = action.edit.changes[credentials]
    assert edit.range == broken.range and edit.new_text == "Okta_Prod"
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    replace_all(client, credentials, "\n".join(lines), 2)
    await diagnostics_until(client, lambda d: credentials in d and not d[credentials])


def framed(message) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def responses(output: bytes) -> list[dict]:
    messages = []
    while output:
        header, _, rest = output.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        output = rest[length:]
    return messages


def test_bad_input_gets_json_rpc_errors_and_end_of_input_without_shutdown_exits_1(tmp_path):
    stream = b"".join([
        framed({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}),
        framed(b"{this is not json"),
        framed({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"rootUri": tmp_path.as_uri()}}),
        framed([1, 2]),
        framed({"jsonrpc": "2.0", "id": 3, "method": "workspace/unknown", "params": {}}),
        framed({"jsonrpc": "2.0", "method": "unknown/notification", "params": {}}),
    ])
    run = subprocess.run([CREDC, "lsp"], input=stream, capture_output=True, timeout=30)
    answers = [(m.get("id"), m["error"]["code"] if "error" in m else None) for m in responses(run.stdout) if "id" in m]
    # Parse errors and invalid requests answer with id null; `initialize` succeeds in between.
    assert answers == [(1, -32002), (None, -32700), (2, None), (None, -32600), (3, -32601)]
    assert run.returncode == 1


def test_exit_after_shutdown_is_0_and_without_is_1():
    initialize = framed({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}})
    shutdown = framed({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    exit_ = framed({"jsonrpc": "2.0", "method": "exit"})
    clean = subprocess.run([CREDC, "lsp"], input=initialize + shutdown + exit_, capture_output=True, timeout=30)
    assert clean.returncode == 0
    abrupt = subprocess.run([CREDC, "lsp"], input=initialize + exit_, capture_output=True, timeout=30)
    assert abrupt.returncode == 1


async def test_a_file_changed_on_disk_is_checked_when_the_client_reports_it(client: LanguageClient, workspace):
    added = workspace / "credentials" / "crm.yaml"
    added.write_text(CREDENTIALS.replace("Billing_API", "CRM_API").replace("Okta_Prod", "Entra_Prod"))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=added.as_uri(), type=types.FileChangeType.Created)]))
    published = await diagnostics_until(client, lambda d: d.get(added.as_uri()))
    assert "unknown-identity-provider" in codes(published[added.as_uri()])
