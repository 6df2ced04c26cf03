"""A real HTTP server on 127.0.0.1 (http.server in a thread) serving scripted answers per path, for collector tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """One scripted answer: status, body, headers, an optional delay, an ETag honoured with 304."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    content_type: str = "application/json"


class ScriptedServer:
    """Paths (with query) → a list of answers served in turn (the last one repeats); every request is recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server was answering at one time
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's name
                server.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, *answers: Answer) -> None:
        """Serve `answers` in turn at `path` (path plus query string, e.g. '/v0/postings/acme?mode=json')."""
        with self._lock:
            self.routes[path] = list(answers)

    def hits(self, path: str) -> list[dict[str, str]]:
        """The headers of every request made to `path`."""
        return [headers for p, headers in self.requests if p == path]

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append((request.path, {k.lower(): v for k, v in request.headers.items()}))
            queue = self.routes.get(request.path)
            answer = (
                (queue.pop(0) if len(queue) > 1 else queue[0])
                if queue
                else Answer(404, b"<html>Not Found</html>", content_type="text/html")
            )
        if answer.delay:
            time.sleep(answer.delay)
        if answer.etag and request.headers.get("If-None-Match") == answer.etag:
            request.send_response(304)
            request.send_header("ETag", answer.etag)
            request.end_headers()
            return
        try:
            request.send_response(answer.status)
            request.send_header("Content-Type", answer.content_type)
            request.send_header("Content-Length", str(len(answer.body)))
            if answer.etag:
                request.send_header("ETag", answer.etag)
            for name, value in answer.headers.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
