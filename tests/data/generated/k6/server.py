"""A tiny local HTTP server for generate-formats.sh's k6 run (tests/data/generated/README.md).

GET /        200, a short body, at once
GET /slow    200 after 40 ms
GET /flaky   500 for every fourth request, else 200
POST /form   201
anything else 404
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
flaky_count = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body=b"ok\n"):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        global flaky_count
        if self.path == "/":
            self.answer(200, b"hello from benchdash's k6 test server\n")
        elif self.path == "/slow":
            time.sleep(0.04)
            self.answer(200, b"slow\n" * 20)
        elif self.path == "/flaky":
            with lock:
                flaky_count += 1
                n = flaky_count
            self.answer(500 if n % 4 == 0 else 200, b"flaky\n")
        else:
            self.answer(404, b"not found\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        if self.path == "/form":
            self.answer(201, b"created\n")
        else:
            self.answer(404, b"not found\n")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18932
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
