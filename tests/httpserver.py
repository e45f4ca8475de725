"""A real HTTP server on 127.0.0.1 for the download tests, with scripted misbehaviour per path."""
from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Route:
    """What the server does for one path: serve ``body`` with ``status``, or cut it short.

    mode: "ok"; "status" (send ``status`` with a short error page); "drop" (announce the full
    length, send half, then reset the connection); "truncate" (announce the full length, send
    half, close cleanly); "flaky" (drop the first ``fail_times`` requests, then serve);
    "trickle" (announce the full length, then send one byte every ``interval`` seconds);
    "stall" (send the headers, then nothing); "silent" (accept, then send nothing at all).
    The slow modes stop by themselves after ``limit`` seconds, or when the server is closed.
    """

    def __init__(self, body: bytes = b"", mode: str = "ok", status: int = 200, fail_times: int = 1,
                 interval: float = 0.5, limit: float = 30.0):
        self.body, self.mode, self.status, self.fail_times = body, mode, status, fail_times
        self.interval, self.limit = interval, limit


class LocalServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.agents: list[str] = []
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):   # keep test output quiet
                pass

            def do_GET(self):
                server.hits[self.path] += 1
                server.agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found")
                mode = route.mode
                if mode == "flaky":
                    mode = "drop" if server.hits[self.path] <= route.fail_times else "ok"
                if mode == "status":
                    return self._send(route.status, b"error page")
                if mode == "ok":
                    return self._send(200, route.body)
                if mode in ("trickle", "stall", "silent"):
                    return self._slow(route, mode)
                # drop / truncate: promise everything, deliver half.
                self.send_response(200)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body[: len(route.body) // 2])
                self.wfile.flush()
                if mode == "drop":   # RST instead of FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                self.close_connection = True

            def _slow(self, route, mode):
                if mode != "silent":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.flush()
                sent = 0
                stop_at = time.monotonic() + route.limit
                while time.monotonic() < stop_at and not server.closing.is_set():
                    if server.closing.wait(route.interval):
                        break
                    if mode == "trickle" and sent < len(route.body):
                        try:
                            self.wfile.write(route.body[sent:sent + 1])
                            self.wfile.flush()
                        except OSError:          # the client gave up
                            break
                        sent += 1
                self.close_connection = True

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
