"""A real HTTP server on loopback for the tests of code that fetches (parvis.core.fetch and
those who use it): each path answers as a test sets it, and every request is recorded.

    with web_server() as server:
        server.route("/agenda.ics", body=b"BEGIN:VCALENDAR…", content_type="text/calendar")
        fetch(server.url("/agenda.ics"), …)
        server.requests  # [("/agenda.ics", {"If-None-Match": …}), …]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds between each byte of the body (a server that drips).
    drip: float = 0.0
    #: Answered instead of the above, when set: handler(request) writes the whole answer.
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.httpd: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return self.httpd.server_address[1]

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"",
        content_type: str = "text/calendar; charset=utf-8",
        headers: dict[str, str] | None = None,
        drip: float = 0.0,
        handler: Callable[[BaseHTTPRequestHandler], None] | None = None,
    ) -> None:
        self.routes[path] = Route(
            status=status,
            body=body,
            headers={"Content-Type": content_type, **(headers or {})},
            drip=drip,
            handler=handler,
        )

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        self.route(path, status=status, headers={"Location": to})


def _handler_for(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path) or Route(status=404, body=b"not found")
            if route.handler is not None:
                route.handler(self)
                return
            status = route.status
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                status = 304
            self.send_response(status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            body = b"" if status == 304 else route.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if route.drip:
                    for index in range(len(body)):
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(body)
            except OSError:
                pass  # the client gave up, as it should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def web_server() -> Iterator[WebServer]:
    server = WebServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(server))
    httpd.daemon_threads = True
    server.httpd = httpd
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
