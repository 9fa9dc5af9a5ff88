#!/usr/bin/env python3
"""A fake of Salesforce's Connect REST API for `credc secrets --apply` tests: the External Auth
Identity Provider Credentials resource, as the Connect REST API Developer Guide documents it.

    GET|POST|PUT /services/data/vNN.0/named-credentials/external-auth-identity-provider-credentials/{fullName}
    body (POST, PUT): {"credentials": [{"credentialName": ..., "credentialValue": ...}]}
    errors: [{"errorCode": ..., "message": ...}] (REST API "Status Codes and Error Responses")

Listens on 127.0.0.1 (a free port unless --port), prints the port on the first line of standard
output, and appends every request to --log as one JSON line (method, path, authorization,
content type, body) so that a test can check exactly what was sent.
"""
import argparse
import json
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = re.compile(r"^/services/data/v(\d+)\.0/named-credentials/external-auth-identity-provider-credentials/([A-Za-z0-9_]+)$")

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--token", required=True, help="the bearer token the org accepts")
parser.add_argument("--log", required=True)
parser.add_argument("--existing", default="", help="providers that already have credentials, comma-separated")
parser.add_argument("--fail-first", type=int, default=0, help="answer the first N requests with HTTP 500")
parser.add_argument("--reject", default="", help="providers whose POST/PUT gets a 400 with an error array")
parser.add_argument("--delay", type=float, default=0, help="seconds to wait before every answer")
options = parser.parse_args()

lock = threading.Lock()
stored = {name: [{"credentialName": "clientId"}, {"credentialName": "clientSecret"}]
          for name in options.existing.split(",") if name}
counter = {"requests": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *arguments):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with lock:
            counter["requests"] += 1
            number = counter["requests"]
            with open(options.log, "a") as log:
                log.write(json.dumps({
                    "method": self.command, "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "contentType": self.headers.get("Content-Type"),
                    "body": json.loads(raw) if raw else None,
                }) + "\n")
        if options.delay:
            time.sleep(options.delay)
        if number <= options.fail_first:
            return self.answer(500, [{"errorCode": "UNKNOWN_EXCEPTION", "message": "An unexpected error occurred."}])
        if self.headers.get("Authorization") != f"Bearer {options.token}":
            return self.answer(401, [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}])
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

    do_GET = do_POST = do_PUT = handle_any


# A parent that ignores SIGTERM hands that on; the tests stop the server with it.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
