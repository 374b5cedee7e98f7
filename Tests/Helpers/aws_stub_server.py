#!/usr/bin/env python3
"""A scripted HTTP server on 127.0.0.1 standing in for EC2 instance metadata, the container
credentials endpoint, or a failing AWS API in tests.

The first stdin line is the script, JSON: {"routes": [{"method": "GET", "path": "/x",
"requireHeader": ["name", "value"] (optional), "responses": [{"status": 200, "body": "...",
"headers": {...}, "delay": 0.0, "drop": false}, ...]}]}. A route's responses are served in
order and the last one repeats; "drop" closes the connection without answering. Unknown
paths get 404. GET /__stub/requests lists the requests seen (method, path, headers, body).
Prints "PORT <n>" once listening, and exits when stdin closes, so it never outlives its test.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
routes = []
seen = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        path = self.path.split("?", 1)[0]
        if self.command == "GET" and path == "/__stub/requests":
            with lock:
                self.reply({"status": 200, "body": json.dumps(seen)})
            return
        with lock:
            seen.append({
                "method": self.command, "path": self.path, "body": body,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            })
            route = next((r for r in routes if r["method"] == self.command and r["path"] == path), None)
            if route is None:
                response = {"status": 404, "body": "not found"}
            else:
                required = route.get("requireHeader")
                if required and self.headers.get(required[0]) != required[1]:
                    response = {"status": 401, "body": ""}
                else:
                    queue = route["responses"]
                    response = queue.pop(0) if len(queue) > 1 else queue[0]
        if response.get("delay"):
            time.sleep(response["delay"])
        if response.get("drop"):
            self.close_connection = True
            self.connection.close()
            return
        self.reply(response)

    def reply(self, response):
        data = response.get("body", "").encode("utf-8")
        self.send_response(response["status"])
        for name, value in response.get("headers", {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = handle_any


def main():
    routes.extend(json.loads(sys.stdin.readline() or "{}").get("routes", []))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
