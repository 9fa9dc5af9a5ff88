#!/usr/bin/env python3
"""A fake of Salesforce's Connect REST API for `credc secrets --apply` tests: the External Auth
Identity Provider Credentials and the Credential resources, as the Connect REST API Developer
Guide documents them.

    GET|POST|PUT /services/data/vNN.0/named-credentials/external-auth-identity-provider-credentials/{fullName}
    body (POST, PUT): {"credentials": [{"credentialName": ..., "credentialValue": ...}]}

    GET /services/data/vNN.0/named-credentials/credential?externalCredential=&principalName=&principalType=
    POST|PUT|PATCH /services/data/vNN.0/named-credentials/credential
    body ("Credential Input"): {"externalCredential", "authenticationProtocol",
      "authenticationProtocolVariant"?, "principalName", "principalType",
      "credentials": {KEY: {"value", "encrypted"}}}; PUT replaces every key, PATCH (59.0) is for
      custom protocols only and updates the keys sent; AwsSv4 keys and their encryption are the
      documented allowlist (ConnectApi.CredentialValueInput)

    errors: [{"errorCode": ..., "message": ...}] (REST API "Status Codes and Error Responses")

Listens on 127.0.0.1 (a free port unless --port), prints the port on the first line of standard
output, and appends every request to --log as one JSON line (method, path, authorization,
accept, content type, query, body) so that a test can check exactly what was sent.
"""
import argparse
import json
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CREDENTIAL = re.compile(r"^/services/data/v(\d+)\.0/named-credentials/credential$")
PROTOCOLS = {"AwsSv4", "Basic", "Custom", "Jwt", "OAuth"}
PRINCIPAL_TYPES = {"AwsStsPrincipal", "NamedPrincipal", "PerUserPrincipal"}
VARIANTS = {"AwsSv4_STS", "ClientCredentialsClientSecret", "ClientCredentialsClientSecretBasic",
            "ClientCredentialsJwtAssertion", "JwtBearer", "NoAuthentication", "RolesAnywhere"}
AWS_KEYS = {"awsAccessKeyId": False, "awsSecretAccessKey": True, "awsRoleArn": False}
PATH = re.compile(r"^/services/data/v(\d+)\.0/named-credentials/external-auth-identity-provider-credentials/([A-Za-z0-9_]+)$")

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--token", required=True, help="the bearer token the org accepts")
parser.add_argument("--log", required=True)
parser.add_argument("--existing", default="",
                    help="providers (NAME) and principals (CREDENTIAL/PRINCIPAL) that already have credentials, comma-separated")
parser.add_argument("--fail-first", type=int, default=0, help="answer the first N requests with HTTP 500")
parser.add_argument("--reject", default="",
                    help="providers and principals (CREDENTIAL/PRINCIPAL) whose POST/PUT/PATCH gets a 400 with an error array")
parser.add_argument("--delay", type=float, default=0, help="seconds to wait before every answer")
options = parser.parse_args()

lock = threading.Lock()
stored = {name: [{"credentialName": "clientId"}, {"credentialName": "clientSecret"}]
          for name in options.existing.split(",") if name and "/" not in name}
# A principal's credentials, by "CREDENTIAL/PRINCIPAL": key -> {"encrypted", "value" when not encrypted}.
principals = {name: {"existingKey": {"encrypted": True}} for name in options.existing.split(",") if "/" in name}
counter = {"requests": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *arguments):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout tests): nothing to answer

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with lock:
            counter["requests"] += 1
            number = counter["requests"]
            with open(options.log, "a") as log:
                log.write(json.dumps({
                    "method": self.command, "path": urlsplit(self.path).path,
                    "query": parse_qs(urlsplit(self.path).query, keep_blank_values=True) if "?" in self.path else None,
                    "authorization": self.headers.get("Authorization"),
                    "accept": self.headers.get("Accept"),
                    "contentType": self.headers.get("Content-Type"),
                    "body": json.loads(raw) if raw else None,
                }) + "\n")
        if options.delay:
            time.sleep(options.delay)
        if number <= options.fail_first:
            return self.answer(500, [{"errorCode": "UNKNOWN_EXCEPTION", "message": "An unexpected error occurred."}])
        if self.headers.get("Authorization") != f"Bearer {options.token}":
            return self.answer(401, [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}])
        if self.headers.get("Accept") != "application/json":
            return self.answer(406, [{"errorCode": "NOT_ACCEPTABLE", "message": "Accept must be application/json"}])
        if self.command != "GET" and self.headers.get("Content-Type") != "application/json":
            return self.answer(415, [{"errorCode": "UNSUPPORTED_MEDIA_TYPE", "message": "Content-Type must be application/json"}])
        if CREDENTIAL.match(urlsplit(self.path).path):
            return self.credential(raw)
        match = PATH.match(self.path)
        if not match:
            return self.answer(404, [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}])
        name = match.group(2)
        if self.command == "GET":
            with lock:
                credentials = stored.get(name, [])
            return self.answer(200, {"credentials": [dict(item, encrypted=True) for item in credentials],
                                     "externalAuthIdentityProvider": name})
        try:
            body = json.loads(raw)
            credentials = body["credentials"]
            assert isinstance(credentials, list) and all(
                set(item) == {"credentialName", "credentialValue"} for item in credentials)
        except Exception:
            return self.answer(400, [{"errorCode": "JSON_PARSER_ERROR", "message": "The request body is not valid."}])
        if name in options.reject.split(","):
            return self.answer(400, [{"errorCode": "INVALID_INPUT",
                                      "message": f"The client ID for {name} isn't valid."}])
        with lock:
            if self.command == "POST" and name in stored:
                return self.answer(400, [{"errorCode": "DUPLICATE_VALUE", "message": "Credentials already exist."}])
            if self.command == "PUT" and name not in stored:
                return self.answer(404, [{"errorCode": "NOT_FOUND", "message": "No credentials to replace."}])
            stored[name] = [{"credentialName": item["credentialName"]} for item in credentials]
        return self.answer(201 if self.command == "POST" else 200,
                           {"credentials": [{"credentialName": item["credentialName"], "encrypted": True}
                                            for item in credentials], "externalAuthIdentityProvider": name})

    def credential(self, raw):
        def invalid(message):
            return self.answer(400, [{"errorCode": "INVALID_INPUT", "message": message}])
        query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if self.command == "GET":
            if set(query) != {"externalCredential", "principalName", "principalType"} or any(len(v) != 1 for v in query.values()):
                return invalid("externalCredential, principalName and principalType are required, once each")
            if query["principalType"][0] not in PRINCIPAL_TYPES:
                return invalid(f"Unknown principalType: {query['principalType'][0]}")
            name = f"{query['externalCredential'][0]}/{query['principalName'][0]}"
            with lock:
                credentials = dict(principals.get(name, {}))
            return self.answer(200, {
                "externalCredential": query["externalCredential"][0], "principalName": query["principalName"][0],
                "principalType": query["principalType"][0],
                "authenticationStatus": "Configured" if credentials else "NotConfigured",
                "credentials": credentials})
        if query:
            return invalid("POST, PUT and PATCH take no query parameters here")
        try:
            body = json.loads(raw)
            required = {"externalCredential", "authenticationProtocol", "principalName", "principalType", "credentials"}
            assert required <= set(body) <= required | {"authenticationProtocolVariant"}
            assert all(isinstance(body[key], str) for key in required - {"credentials"})
            assert isinstance(body["credentials"], dict) and body["credentials"]
            assert all(isinstance(item, dict) and set(item) == {"value", "encrypted"} and isinstance(item["value"], str)
                       and isinstance(item["encrypted"], bool) for item in body["credentials"].values())
        except Exception:
            return self.answer(400, [{"errorCode": "JSON_PARSER_ERROR", "message": "The request body is not valid."}])
        protocol = body["authenticationProtocol"]
        if protocol not in PROTOCOLS:
            return invalid(f"Unknown authenticationProtocol: {protocol}")
        if body["principalType"] not in PRINCIPAL_TYPES:
            return invalid(f"Unknown principalType: {body['principalType']}")
        if "authenticationProtocolVariant" in body and body["authenticationProtocolVariant"] not in VARIANTS:
            return invalid(f"Unknown authenticationProtocolVariant: {body['authenticationProtocolVariant']}")
        if protocol == "AwsSv4":
            for key, item in body["credentials"].items():
                if key not in AWS_KEYS:
                    return invalid(f"{key} isn't a valid credential for the AwsSv4 protocol.")
                if item["encrypted"] != AWS_KEYS[key]:
                    return invalid(f"{key} must {'' if AWS_KEYS[key] else 'not '}be encrypted.")
        if self.command == "PATCH" and protocol != "Custom":
            return invalid("PATCH is supported only for custom credentials.")
        name = f"{body['externalCredential']}/{body['principalName']}"
        if name in options.reject.split(","):
            return invalid(f"The credentials for {name} aren't valid.")
        entered = {key: {"encrypted": item["encrypted"], **({} if item["encrypted"] else {"value": item["value"]})}
                   for key, item in body["credentials"].items()}
        with lock:
            if self.command == "POST" and principals.get(name):
                return self.answer(400, [{"errorCode": "DUPLICATE_VALUE", "message": "Credentials already exist."}])
            if self.command in ("PUT", "PATCH") and not principals.get(name):
                return self.answer(404, [{"errorCode": "NOT_FOUND", "message": "No credentials to update."}])
            principals[name] = {**principals[name], **entered} if self.command == "PATCH" else entered
            credentials = dict(principals[name])
        return self.answer(201 if self.command == "POST" else 200, {
            "externalCredential": body["externalCredential"], "principalName": body["principalName"],
            "principalType": body["principalType"], "authenticationProtocol": protocol,
            "authenticationStatus": "Configured", "credentials": credentials})

    do_GET = do_POST = do_PUT = do_PATCH = handle_any


# A parent that ignores SIGTERM hands that on; the tests stop the server with it.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
