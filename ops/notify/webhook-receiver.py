#!/usr/bin/env python3
"""A local webhook receiver for trying the orchestrator's notifications: prints every POST it gets.

    python3 ops/notify/webhook-receiver.py [port]        # default 9099; then ORCH_WEBHOOK_URL=http://127.0.0.1:9099/hook
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8", "replace")
        try:
            shown = json.dumps(json.loads(body), indent=2)
        except ValueError:
            shown = body
        print(f"--- POST {self.path}\n{shown}", flush=True)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9099
    print(f"listening on http://127.0.0.1:{port}/hook", flush=True)
    HTTPServer(("127.0.0.1", port), Hook).serve_forever()
