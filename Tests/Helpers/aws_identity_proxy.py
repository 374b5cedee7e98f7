#!/usr/bin/env python3
"""TEST-ONLY: a loopback HTTP proxy for the credential, cross-account and network tests.

Usage: aws_identity_proxy.py --upstream http://127.0.0.1:MOTOPORT [--secret KEY=SECRET]...
                             [--session-zone-names JSON] [--max-seconds 600]

Listens on 127.0.0.1 only, prints "READY <port>", and exits when stdin closes. It takes
requests three ways, and says for each which way it came:
  "direct"   an ordinary request (the client's endpoint is this proxy): sent to --upstream
  "forward"  an absolute-URI request (a client using this as HTTP_PROXY): sent to that URL's host
  "connect"  CONNECT host:port (a client using this as HTTPS_PROXY); the tunnel's bytes are
             read as HTTP (test endpoints are plain http), each request sent to host:port
Every request's SigV4 Authorization is checked with botocore (sigv4_check.py) for the secret of
its access key: the --secret ones, and those learned from the STS answers passing through
(AssumeRole, AssumeRoleWithWebIdentity), whose Expiration is kept too: a request signed with
session credentials after their expiration counts as "expired".

--session-zone-names {"us-east-1a": "us-east-1c", ...} renames AvailabilityZoneName in
DescribeMountTargets/CreateMountTarget answers to requests signed with session (learned)
credentials, keeping AvailabilityZoneId: the EFS account's names then map to other zones than
the agent's account's, as real accounts' do.

GET /__proxy/stats (direct only) -> {"requests": [{"route", "service", "operation", "accessKey",
"status", "signature": "ok" | "missing" | "unknown-key" | "mismatch" | "expired"}],
"problems": [first 20 lines]}; POST /__proxy/reset clears it.
"""
import argparse
import datetime
import http.client
import json
import os
import re
import socket
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sigv4_check

SCOPE = re.compile(r"Credential=(?P<key>[^/]+)/\d{8}/(?P<region>[^/]+)/(?P<service>[^/]+)/")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade"}


def tag(name, text):
    found = re.search(f"<{name}>([^<]*)</{name}>", text)
    return found.group(1) if found else None


class State:
    def __init__(self, secrets, zone_names):
        self.lock = threading.Lock()
        self.secrets = dict(secrets)
        self.sessions = {}
        self.zone_names = zone_names
        self.requests = []
        self.problems = []

    def learn(self, text):
        key, secret, expiration = tag("AccessKeyId", text), tag("SecretAccessKey", text), tag("Expiration", text)
        if key and secret:
            with self.lock:
                self.secrets[key] = secret
                self.sessions[key] = expiration

    def check(self, method, path, headers, body):
        authorization = headers.get("Authorization") or ""
        scope = SCOPE.search(authorization)
        if not scope:
            return None, None, "missing"
        key = scope["key"]
        with self.lock:
            secret, expiration = self.secrets.get(key), self.sessions.get(key)
        if secret is None:
            return key, scope["service"], "unknown-key"
        problem = sigv4_check.mismatch(method, path, headers, body, secret)
        if problem:
            self.note(problem)
            return key, scope["service"], "mismatch"
        if expiration:
            signed = datetime.datetime.strptime(headers.get("X-Amz-Date"), "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
            expires = datetime.datetime.fromisoformat(expiration.replace("Z", "+00:00"))
            if signed > expires:
                self.note(f"{method} {path}: signed at {signed} with credentials that expired at {expires}")
                return key, scope["service"], "expired"
        return key, scope["service"], "ok"

    def note(self, problem):
        with self.lock:
            self.problems.append(problem)

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)

    def is_session(self, key):
        with self.lock:
            return key in self.sessions


def operation(service, method, path, body):
    if service == "sts" or (service is None and body.startswith(b"Action=")):
        fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        return (fields.get("Action") or ["?"])[0]
    segments = [s for s in urllib.parse.urlsplit(path).path.split("/") if s][1:]
    return f"{method} {'/'.join(segments[:1])}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        self.send_response(200, "Connection established")
        self.end_headers()
        self.tunnel = (host, int(port))
        self.close_connection = False

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(self.path)
        tunnel = getattr(self, "tunnel", None)
        if tunnel:
            route, target, path = "connect", tunnel, self.path
        elif split.scheme:
            route, target, path = "forward", (split.hostname, split.port or 80), split.path + ("?" + split.query if split.query else "")
        elif split.path.startswith("/__proxy/"):
            return self.control(split.path)
        else:
            upstream = urllib.parse.urlsplit(self.server.upstream)
            route, target, path = "direct", (upstream.hostname, upstream.port), self.path
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        key, service, signature = self.server.state.check(self.command, path, self.headers, body)
        connection = http.client.HTTPConnection(*target, timeout=60)
        connection.request(self.command, path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if service == "sts" or b"<AssumeRoleWithWebIdentityResponse" in data:
            self.server.state.learn(data.decode("utf-8", "replace"))
        op = operation(service, self.command, path, body)
        if service == "elasticfilesystem" and self.server.state.zone_names and self.server.state.is_session(key):
            data = self.rename_zones(data)
        self.server.state.record({"route": route, "service": service, "operation": op, "accessKey": key,
                                  "status": response.status, "signature": signature})
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    def rename_zones(self, data):
        try:
            document = json.loads(data)
        except ValueError:
            return data
        targets = document.get("MountTargets", [document]) if isinstance(document, dict) else []
        for target in targets:
            name = target.get("AvailabilityZoneName") if isinstance(target, dict) else None
            if name in self.server.state.zone_names:
                target["AvailabilityZoneName"] = self.server.state.zone_names[name]
        return json.dumps(document).encode()

    def control(self, path):
        state = self.server.state
        if path == "/__proxy/reset":
            with state.lock:
                state.requests, state.problems = [], []
            document = {}
        else:
            with state.lock:
                document = {"requests": list(state.requests), "problems": state.problems[:20]}
        data = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--secret", action="append", default=[])
    parser.add_argument("--session-zone-names", default="{}")
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.upstream = args.upstream
    server.state = State([s.split("=", 1) for s in args.secret], json.loads(args.session_zone_names))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    timer = threading.Timer(args.max_seconds, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
