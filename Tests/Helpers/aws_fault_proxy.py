#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1 between the AWS client under test and moto.

Usage: aws_fault_proxy.py --upstream http://127.0.0.1:MOTOPORT [--port 0] [--max-seconds 600]
                          [--upstream-timeout 60] [--rate R --burst B]
                          [--mount-target-creating-seconds S] [--verify-secret SECRET]
                          [--exit-on-stdin-eof] [--verbose]

Listens on 127.0.0.1 only, prints "READY <port>" once listening, and serves until SIGTERM or
SIGINT, until --max-seconds have passed, or (with --exit-on-stdin-eof) until stdin closes.
Each request is sent unchanged (method, path and query, headers including Authorization and
Host, body) to the upstream server, and the upstream's status, headers and body come back
unchanged. Hop-by-hop headers are dropped, and the response is re-framed with Content-Length.

Each request is counted under the EFS operation (REST API 2015-02-01) matched from its method
and path, or the query-protocol Action of its form body (CloudWatch's GetMetricData), or
"Other" if neither matches. Each request's "service" is the SigV4 signing name of its
Authorization (elasticfilesystem, monitoring). The control API is on the same port under /__proxy/.
Its requests are never forwarded and never counted:
  GET  /__proxy/stats   -> {"total", "byOperation", "faulted", "requests": [{"operation",
                           "service", "status", "faulted", "mode", "method", "path"}]}
                           status is 0 when no response was sent ("reset"), and 502 when the
                           upstream could not be reached
                           with --verify-secret also "signaturesChecked" and
                           "signatureMismatches" (one line each, the first 20)
  POST /__proxy/reset   -> zeroes the counts and clears the request list (fault rules stay)
  GET  /__proxy/faults  -> {"rules": [...]} with each rule's remaining "times"
  POST /__proxy/faults  {"rules": [{"operation": "CreateFileSystem" | "*", "mode":
                         "throttle" | "500" | "503" | "denied" | "reset" | "slow", "times": N (default 1),
                         "delaySeconds": X (slow only, default 0)}]} replaces all rules
  POST /__proxy/limits  {"rate": R, "burst": B, "mountTargetCreatingSeconds": S} sets the
                         account model below (each key optional; rate 0 turns the bucket off)
For each request, the first rule that matches its operation and has times left is used, and
its count goes down by one. throttle, 500, 503, denied (403 AccessDeniedException, as IAM
answers an action the role's policy does not allow) and reset are answered by the proxy and never
reach the upstream. slow waits delaySeconds and then forwards the request as usual.

With --verify-secret (the test stack's fake secret key), every proxied request's SigV4
Authorization is compared with the one botocore computes for the same wire request
(Tests/Helpers/sigv4_check.py), before any fault or throttling answer.

The account model, as real EFS behaves and moto does not:
- Rate: one token bucket for all EFS operations together (EFS throttles per account and
  region), refilled at R tokens/s up to B. A request that finds no token is answered
  400 ThrottlingException "Rate exceeded" (the status seen on the wire; botocore's EFS model
  gives the body's members, ErrorCode and Message) and never reaches the upstream. Counted
  as mode "rate" in the stats, and under "throttled".
- Slow mount targets: a mount target created through the proxy answers LifeCycleState
  "creating" (in CreateMountTarget's and DescribeMountTargets' answers) until S seconds
  after its creation, then whatever the upstream says.
- FileSystemAlreadyExists names the file system: EFS answers CreateFileSystem for a creation
  token already in use with 409 FileSystemAlreadyExists whose body carries "FileSystemId"
  (a required member in botocore's EFS model); moto's body has only __type and message.
  For such an answer the proxy asks the upstream for the request's CreationToken
  (GET /2015-02-01/file-systems?CreationToken=..., with the original request's headers,
  Authorization included, minus the body's: moto does not check signatures, it only reads
  the account from the access key) and adds that file system's "FileSystemId" to the body.
  The lookup is not a client request: it is never counted, throttled or faulted. If it
  fails, the body is passed on as moto sent it.
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "2015-02-01"
# (method, path segments after /2015-02-01; "*" matches any one segment) -> operation
OPERATIONS = {
    ("POST", ("file-systems",)): "CreateFileSystem",
    ("GET", ("file-systems",)): "DescribeFileSystems",
    ("GET", ("file-systems", "replication-configurations")): "DescribeReplicationConfigurations",
    ("DELETE", ("file-systems", "*")): "DeleteFileSystem",
    ("PUT", ("file-systems", "*")): "UpdateFileSystem",
    ("GET", ("file-systems", "*", "lifecycle-configuration")): "DescribeLifecycleConfiguration",
    ("PUT", ("file-systems", "*", "lifecycle-configuration")): "PutLifecycleConfiguration",
    ("GET", ("file-systems", "*", "policy")): "DescribeFileSystemPolicy",
    ("PUT", ("file-systems", "*", "policy")): "PutFileSystemPolicy",
    ("DELETE", ("file-systems", "*", "policy")): "DeleteFileSystemPolicy",
    ("GET", ("file-systems", "*", "backup-policy")): "DescribeBackupPolicy",
    ("PUT", ("file-systems", "*", "backup-policy")): "PutBackupPolicy",
    ("PUT", ("file-systems", "*", "protection")): "UpdateFileSystemProtection",
    ("POST", ("file-systems", "*", "replication-configuration")): "CreateReplicationConfiguration",
    ("DELETE", ("file-systems", "*", "replication-configuration")): "DeleteReplicationConfiguration",
    ("POST", ("mount-targets",)): "CreateMountTarget",
    ("GET", ("mount-targets",)): "DescribeMountTargets",
    ("DELETE", ("mount-targets", "*")): "DeleteMountTarget",
    ("GET", ("mount-targets", "*", "security-groups")): "DescribeMountTargetSecurityGroups",
    ("PUT", ("mount-targets", "*", "security-groups")): "ModifyMountTargetSecurityGroups",
    ("POST", ("access-points",)): "CreateAccessPoint",
    ("GET", ("access-points",)): "DescribeAccessPoints",
    ("DELETE", ("access-points", "*")): "DeleteAccessPoint",
    ("GET", ("account-preferences",)): "DescribeAccountPreferences",
    ("PUT", ("account-preferences",)): "PutAccountPreferences",
    ("POST", ("create-tags", "*")): "CreateTags",
    ("POST", ("delete-tags", "*")): "DeleteTags",
    ("GET", ("tags", "*")): "DescribeTags",
    ("GET", ("resource-tags", "*")): "ListTagsForResource",
    ("POST", ("resource-tags", "*")): "TagResource",
    ("DELETE", ("resource-tags", "*")): "UntagResource",
}

MODES = ("throttle", "500", "503", "denied", "reset", "slow")
RATE_EXCEEDED = {"ErrorCode": "ThrottlingException", "Message": "Rate exceeded"}
INJECTED = {
    "throttle": (400, "Bad Request", "ThrottlingException", "Rate exceeded"),
    "500": (500, "Internal Server Error", "InternalServerError", "injected"),
    "503": (503, "Service Unavailable", "ServiceUnavailable", "injected"),
    "denied": (403, "Forbidden", "AccessDeniedException", "User is not authorized to perform this action (injected)"),
}
# Headers that describe the original request's body: left out of a bodiless lookup.
BODY_HEADERS = {"content-length", "content-type", "content-md5", "content-encoding", "x-amz-content-sha256"}
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "transfer-encoding", "upgrade", "expect",
}

VERBOSE = False


def log(message):
    if VERBOSE:
        print(f"aws_fault_proxy: {message}", file=sys.stderr, flush=True)


def query_action(body):
    """The Action of a query-protocol (form-encoded) request body, or None."""
    try:
        form = urllib.parse.parse_qs(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    actions = form.get("Action") or []
    return actions[0] if len(actions) == 1 else None


def signing_service(headers):
    parsed = re.search(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", headers.get("Authorization") or "")
    return parsed.group(1) if parsed else None


def operation_for(method, path):
    segments = [s for s in urllib.parse.urlsplit(path).path.split("/") if s]
    if not segments or segments[0] != API:
        return "Other"
    rest = segments[1:]
    if rest and rest[0] == "resource-tags" and len(rest) > 2:
        # A resource ARN whose "/" the client left unencoded is still one resource id.
        rest = ["resource-tags", "/".join(rest[1:])]
    if (method, tuple(rest)) in OPERATIONS:
        return OPERATIONS[(method, tuple(rest))]
    for (m, pattern), name in OPERATIONS.items():
        if m == method and len(pattern) == len(rest) and all(
            p == "*" or p == s for p, s in zip(pattern, rest)
        ):
            return name
    return "Other"


class TokenBucket:
    """R tokens/s up to B; rate 0 means unlimited."""

    def __init__(self, rate=0.0, burst=0.0):
        self.lock = threading.Lock()
        self.configure(rate, burst)

    def configure(self, rate, burst):
        with self.lock:
            self.rate = float(rate)
            self.burst = float(burst) if burst else max(float(rate), 1.0)
            self.tokens = self.burst
            self.stamp = time.monotonic()

    def take(self):
        with self.lock:
            if self.rate <= 0:
                return True
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class SlowMountTargets:
    """Mount targets created through the proxy stay "creating" for `seconds`."""

    def __init__(self, seconds=0.0):
        self.lock = threading.Lock()
        self.seconds = float(seconds)
        self.created = {}

    def note_created(self, data):
        try:
            target = json.loads(data)
        except ValueError:
            return
        if isinstance(target, dict) and isinstance(target.get("MountTargetId"), str):
            with self.lock:
                self.created.setdefault(target["MountTargetId"], time.monotonic())

    def rewrite(self, data):
        with self.lock:
            if self.seconds <= 0 or not self.created:
                return data
            young = {i for i, t in self.created.items() if time.monotonic() - t < self.seconds}
        if not young:
            return data
        try:
            document = json.loads(data)
        except ValueError:
            return data
        targets = document.get("MountTargets") if isinstance(document, dict) else None
        for target in targets if isinstance(targets, list) else [document]:
            if isinstance(target, dict) and target.get("MountTargetId") in young:
                target["LifeCycleState"] = "creating"
        return json.dumps(document).encode()


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.bucket = TokenBucket()
        self.slow_targets = SlowMountTargets()
        self.reset()

    def reset(self):
        with self.lock:
            self.total = 0
            self.faulted = 0
            self.throttled = 0
            self.by_operation = {}
            self.requests = []
            self.signatures_checked = 0
            self.signature_mismatches = []

    def take_rule(self, operation):
        with self.lock:
            for rule in self.rules:
                if rule["times"] > 0 and rule["operation"] in ("*", operation):
                    rule["times"] -= 1
                    return dict(rule)
        return None

    def record(self, method, path, operation, status, mode, service=None):
        with self.lock:
            self.total += 1
            self.by_operation[operation] = self.by_operation.get(operation, 0) + 1
            if mode is not None:
                self.faulted += 1
            if mode in ("throttle", "rate"):
                self.throttled += 1
            self.requests.append({
                "operation": operation, "service": service, "status": status, "faulted": mode is not None,
                "mode": mode, "method": method, "path": path,
            })

    def note_signature(self, problem):
        with self.lock:
            self.signatures_checked += 1
            if problem is not None:
                self.signature_mismatches.append(problem)

    def stats(self):
        with self.lock:
            return {
                "signaturesChecked": self.signatures_checked,
                "signatureMismatches": len(self.signature_mismatches),
                "signatureProblems": self.signature_mismatches[:20],
                "total": self.total, "byOperation": dict(self.by_operation),
                "faulted": self.faulted, "throttled": self.throttled,
                "requests": [dict(r) for r in self.requests],
            }

    def set_rules(self, rules):
        with self.lock:
            self.rules = rules

    def get_rules(self):
        with self.lock:
            return [dict(r) for r in self.rules]


def parse_rules(document):
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise ValueError('expected {"rules": [...]}')
    rules = []
    for raw in document["rules"]:
        if not isinstance(raw, dict):
            raise ValueError("each rule must be an object")
        operation = raw.get("operation", "*")
        mode = str(raw.get("mode", ""))
        times = raw.get("times", 1)
        delay = raw.get("delaySeconds", 0)
        if not isinstance(operation, str) or not operation:
            raise ValueError("operation must be a non-empty string")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 0:
            raise ValueError("times must be a non-negative integer")
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise ValueError("delaySeconds must be a non-negative number")
        rules.append({"operation": operation, "mode": mode, "times": times, "delaySeconds": float(delay)})
    return rules


def parse_limits(document):
    if not isinstance(document, dict):
        raise ValueError('expected {"rate": R, "burst": B, "mountTargetCreatingSeconds": S}')
    limits = {}
    for key in ("rate", "burst", "mountTargetCreatingSeconds"):
        if key in document:
            value = document[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{key} must be a non-negative number")
            limits[key] = float(value)
    unknown = set(document) - {"rate", "burst", "mountTargetCreatingSeconds"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    return limits


def apply_limits(state, limits):
    if "rate" in limits or "burst" in limits:
        state.bucket.configure(limits.get("rate", state.bucket.rate), limits.get("burst", 0))
    if "mountTargetCreatingSeconds" in limits:
        state.slow_targets.seconds = limits["mountTargetCreatingSeconds"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (about 40 ms) on every reused keep-alive connection.
    disable_nagle_algorithm = True
    server_version = "aws-fault-proxy"

    def log_message(self, format, *args):
        log(f"{self.address_string()} {format % args}")

    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

    def handle_any(self):
        try:
            body = self.read_body()
            if urllib.parse.urlsplit(self.path).path.startswith("/__proxy/"):
                self.control(body)
            else:
                self.proxy(body)
        except (ConnectionError, TimeoutError, OSError) as error:
            log(f"client connection lost: {error!r}")
            self.close_connection = True

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    # Control API

    def control(self, body):
        state = self.server.state
        path = urllib.parse.urlsplit(self.path).path.rstrip("/")
        if self.command == "GET" and path == "/__proxy/stats":
            self.reply_json(200, state.stats())
        elif self.command == "POST" and path == "/__proxy/reset":
            state.reset()
            self.reply_json(200, {"ok": True})
        elif self.command == "POST" and path == "/__proxy/limits":
            limits = self.parsed(body, parse_limits)
            if limits is None:
                return
            apply_limits(state, limits)
            log(f"limits: {limits}")
            self.reply_json(200, {"ok": True, **limits})
        elif self.command == "GET" and path == "/__proxy/faults":
            self.reply_json(200, {"rules": state.get_rules()})
        elif self.command == "POST" and path == "/__proxy/faults":
            rules = self.parsed(body, parse_rules)
            if rules is None:
                return
            state.set_rules(rules)
            log(f"fault rules: {rules}")
            self.reply_json(200, {"ok": True, "rules": rules})
        else:
            self.reply_json(404, {"error": f"no control endpoint {self.command} {path}"})

    def parsed(self, body, parse):
        """`parse` of the JSON body, or None after answering 400 with why not."""
        try:
            return parse(json.loads(body.decode("utf-8") or "null"))
        except (ValueError, UnicodeDecodeError) as error:
            self.reply_json(400, {"error": str(error)})
            return None

    def reply_json(self, status, document, headers=()):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    # Proxying

    def proxy(self, body):
        state = self.server.state
        operation = operation_for(self.command, self.path)
        efs_operation = operation != "Other"
        if not efs_operation and self.command == "POST":
            operation = query_action(body) or operation
        service = signing_service(self.headers)
        rule = state.take_rule(operation)
        mode = rule["mode"] if rule else None
        record_path = urllib.parse.urlsplit(self.path).path
        if self.server.verify_secret is not None:
            state.note_signature(sigv4_check.mismatch(self.command, self.path, self.headers, body, self.server.verify_secret))
        if mode is None and efs_operation and not state.bucket.take():
            state.record(self.command, record_path, operation, 400, "rate", service)
            log(f"{operation}: over the account's rate")
            self.reply_json(
                400, RATE_EXCEEDED,
                headers=[("X-Amzn-ErrorType", "ThrottlingException"), ("X-Amzn-RequestId", "fault-proxy-rate")],
            )
            return
        if mode == "reset":
            state.record(self.command, record_path, operation, 0, mode, service)
            log(f"{operation}: reset injected")
            self.reset_connection()
            return
        if mode in INJECTED:
            status, _, error_type, message = INJECTED[mode]
            state.record(self.command, record_path, operation, status, mode, service)
            log(f"{operation}: {status} {error_type} injected")
            self.reply_json(
                status, {"__type": error_type, "message": message},
                headers=[("X-Amzn-ErrorType", error_type), ("X-Amzn-RequestId", "fault-proxy-injected")],
            )
            return
        if mode == "slow":
            log(f"{operation}: delaying {rule['delaySeconds']} s")
            time.sleep(rule["delaySeconds"])
        try:
            status, reason, headers, data = self.forward(body)
        except (OSError, http.client.HTTPException) as error:
            state.record(self.command, record_path, operation, 502, mode, service)
            log(f"{operation}: upstream failed: {error!r}")
            self.reply_json(502, {"__type": "ProxyUpstreamError", "message": str(error)})
            return
        if operation == "CreateMountTarget" and status == 200:
            state.slow_targets.note_created(data)
        if operation in ("CreateMountTarget", "DescribeMountTargets") and status == 200:
            data = state.slow_targets.rewrite(data)
        if operation == "CreateFileSystem" and status == 409:
            data = self.name_existing_file_system(body, data)
        state.record(self.command, record_path, operation, status, mode, service)
        log(f"{operation}: {status}")
        self.send_response_only(status, reason)
        bodyless = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
        for name, value in headers:
            lower = name.lower()
            if lower in HOP_BY_HOP or (lower == "content-length" and not bodyless):
                continue
            self.send_header(name, value)
        if not bodyless:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not bodyless:
            self.wfile.write(data)
        self.wfile.flush()

    def forward(self, body):
        return self.upstream_request(self.command, self.path, self.headers.items(), body)

    def upstream_request(self, method, path, headers, body):
        """(status, reason, headers, body) of `method path` sent to the upstream as is."""
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(
            upstream.hostname, upstream.port or 80, timeout=self.server.upstream_timeout
        )
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            has_host = has_length = False
            for name, value in headers:
                lower = name.lower()
                has_length = has_length or lower == "content-length"
                if lower in HOP_BY_HOP or lower == "content-length":
                    continue
                has_host = has_host or lower == "host"
                connection.putheader(name, value)
            if not has_host:
                connection.putheader("Host", upstream.netloc)
            if body or method in ("POST", "PUT", "PATCH") or has_length:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body or None)
            response = connection.getresponse()
            data = response.read()
            return response.status, response.reason, response.getheaders(), data
        finally:
            connection.close()

    def name_existing_file_system(self, request_body, data):
        """moto's 409 FileSystemAlreadyExists body with the "FileSystemId" EFS puts in it."""
        try:
            error = json.loads(data)
            token = json.loads(request_body).get("CreationToken")
        except (ValueError, AttributeError):
            return data
        if not isinstance(error, dict) or "FileSystemAlreadyExists" not in (error.get("ErrorCode"), error.get("__type")):
            return data
        if "FileSystemId" in error or not isinstance(token, str) or not token:
            return data
        path = f"/{API}/file-systems?" + urllib.parse.urlencode({"CreationToken": token}, quote_via=urllib.parse.quote)
        headers = [(n, v) for n, v in self.headers.items() if n.lower() not in BODY_HEADERS]
        try:
            status, _, _, found = self.upstream_request("GET", path, headers, b"")
            systems = json.loads(found).get("FileSystems") if status == 200 else None
        except (OSError, http.client.HTTPException, ValueError, AttributeError) as lookup_error:
            log(f"CreateFileSystem 409: looking up creation token {token!r} failed: {lookup_error!r}")
            return data
        ids = [fs.get("FileSystemId") for fs in systems or [] if isinstance(fs, dict)]
        if len(ids) != 1 or not isinstance(ids[0], str):
            log(f"CreateFileSystem 409: creation token {token!r} looked up: HTTP {status}, {ids}")
            return data
        error["FileSystemId"] = ids[0]
        log(f"CreateFileSystem 409: creation token {token!r} is {ids[0]}")
        return json.dumps(error).encode()

    def reset_connection(self):
        """Drops the client connection with a TCP RST and no response."""
        self.close_connection = True
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            # rfile/wfile still refer to the socket, so socket.close() would only close the
            # descriptor later, after the server's shutdown(SHUT_WR) had sent a FIN. Closing the
            # detached descriptor now sends the RST at once.
            os.close(sock.detach())
        except OSError as error:
            log(f"reset failed: {error!r}")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)) and not VERBOSE:
            return
        if VERBOSE:
            super().handle_error(request, client_address)
        else:
            print(f"aws_fault_proxy: error serving {client_address}: {error!r}", file=sys.stderr, flush=True)


def main():
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="http://HOST:PORT of the server to forward to")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--max-seconds", type=float, default=600, help="exit after this long")
    parser.add_argument("--upstream-timeout", type=float, default=60, help="seconds per upstream request")
    parser.add_argument("--rate", type=float, default=0, help="account-wide EFS requests/s (0: unlimited)")
    parser.add_argument("--burst", type=float, default=0, help="token bucket size (default: the rate)")
    parser.add_argument("--mount-target-creating-seconds", type=float, default=0,
                        help="new mount targets answer creating for this long")
    parser.add_argument("--verify-secret", help="check every request's SigV4 signature with botocore, for this secret key")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="also exit when stdin closes")
    parser.add_argument("--verbose", action="store_true", help="log requests and faults to stderr")
    args = parser.parse_args()
    VERBOSE = args.verbose

    upstream = urllib.parse.urlsplit(args.upstream)
    if upstream.scheme != "http" or not upstream.hostname:
        parser.error("--upstream must be http://HOST:PORT")

    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State()
    server.upstream = upstream
    server.upstream_timeout = args.upstream_timeout
    server.verify_secret = args.verify_secret
    if args.verify_secret is not None:
        global sigv4_check
        import sigv4_check
    apply_limits(server.state, {"rate": args.rate, "burst": args.burst,
                                "mountTargetCreatingSeconds": args.mount_target_creating_seconds})

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(65536):
                pass
            stop.set()
        threading.Thread(target=watch_stdin, daemon=True).start()

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()
    print(f"READY {server.server_address[1]}", flush=True)
    log(f"listening on 127.0.0.1:{server.server_address[1]}, upstream {args.upstream}")
    stop.wait(args.max_seconds)
    server.shutdown()
    server.server_close()
    log("stopped")


if __name__ == "__main__":
    main()
