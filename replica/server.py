"""The replica's HTTP server: `{replica}/HOST/PATH?QUERY` answers as `https://HOST/PATH?QUERY`.

Pages are rendered once when the server is built; serving a page only joins its byte chunks.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from . import render_misc, routes
from .catalog import dumps, load_catalog
from .reply import JSON, Reply

CONTROL = "__replica__"
COMPRESSIBLE = ("text/", "application/json", "application/xml")


@dataclass(frozen=True)
class ReplicaRequest:
    """A request as the real site would have seen it."""
    method: str
    host: str
    path: str
    query: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


Handler = Callable[[ReplicaRequest], Reply]


class ReplicaServer:
    """Serves a catalog on 127.0.0.1 from a background thread; a context manager."""

    def __init__(self, catalog: str | Path | dict | list | None = None, port: int = 0,
                 host: str = "127.0.0.1", *, compress: bool = False) -> None:
        self.catalog = load_catalog(catalog)
        self.host, self.port, self.compress = host, port, compress
        self._static, self._faults = routes.build(self.catalog)
        self._not_found = routes.not_found_pages()
        self._dynamic: dict[str, list[tuple[str, Handler]]] = {}
        self._catalog_json = dumps(self.catalog).encode("utf-8")
        self._lock = threading.Lock()
        self._log: list[dict] = []
        self._armed = {key for key, fault in self._faults.items() if fault == "500_once"}
        self._gzipped: dict[int, tuple[Reply, bytes]] = {}
        self._static_ids = {id(r) for r in (*self._static.values(), *self._not_found.values())
                            if isinstance(r, Reply)}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the replica is not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> ReplicaServer:
        self._httpd = _HTTPServer((self.host, self.port), _RequestHandler)
        self._httpd.replica = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="vinny-replica",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add_route(self, host: str, path_prefix: str, handler: Handler) -> None:
        """Answer requests for `https://host{path_prefix}...` with `handler(request) -> Reply`."""
        with self._lock:
            table = [*self._dynamic.get(host, ()), (path_prefix, handler)]
            # Longest prefix first, so a specific route beats a catch-all; swapped in whole
            # because request threads read it without the lock.
            self._dynamic[host] = sorted(table, key=lambda item: len(item[0]), reverse=True)

    @property
    def requests(self) -> list[dict]:
        """Every request served since start or reset: {method, host, path, query, status}."""
        with self._lock:
            return list(self._log)

    def reset(self) -> None:
        """Clear the request log and re-arm the fail-once faults."""
        with self._lock:
            self._log.clear()
            self._armed = {key for key, fault in self._faults.items() if fault == "500_once"}

    def handle(self, request: ReplicaRequest) -> Reply:
        reply = self._route(request)
        with self._lock:
            self._log.append({"method": request.method, "host": request.host,
                              "path": request.path, "query": request.query,
                              "status": reply.status})
        return reply

    def _route(self, request: ReplicaRequest) -> Reply:
        host, path = request.host, unquote(request.path)
        for prefix, handler in self._dynamic.get(host, ()):
            if path.startswith(prefix):
                try:
                    return handler(request)
                except Exception:
                    traceback.print_exc()
                    return render_misc.server_error()
        route = self._static.get((host, path))
        if route is not None:
            if self._faults.get((host, path)) == "500":
                return render_misc.server_error()
            if (host, path) in self._armed:
                with self._lock:
                    fire = (host, path) in self._armed
                    self._armed.discard((host, path))
                if fire:
                    return render_misc.server_error()
            return route if isinstance(route, Reply) else route(request)
        if not path.endswith("/") and (host, path + "/") in self._static:
            # WordPress's canonical redirect adds the trailing slash.
            query = f"?{request.query}" if request.query else ""
            return Reply(301, "text/html; charset=UTF-8", (b"",),
                         (("Location", f"https://{host}{path}/{query}"),))
        return self._not_found.get(host) or render_misc.unknown_host()

    def control(self, method: str, name: str) -> Reply:
        if name == "requests" and method in ("GET", "HEAD"):
            return Reply.of(200, JSON, json.dumps(self.requests))
        if name == "reset" and method == "POST":
            self.reset()
            return Reply.of(200, JSON, '{"ok": true}')
        if name == "catalog" and method in ("GET", "HEAD"):
            return Reply(200, JSON, (self._catalog_json,))
        return Reply.of(404, JSON, '{"error": "unknown control endpoint"}')

    def encoded(self, reply: Reply, accept_encoding: str) -> tuple[bytes, bool]:
        """The body to send, gzipped (once per static reply) when asked and allowed."""
        if not (self.compress and "gzip" in accept_encoding
                and reply.content_type.startswith(COMPRESSIBLE)):
            return reply.body(), False
        cached = self._gzipped.get(id(reply))
        if cached is not None and cached[0] is reply:
            return cached[1], True
        data = gzip.compress(reply.body(), compresslevel=1, mtime=0)
        if id(reply) in self._static_ids:
            # Static replies live as long as the server: compress each once.
            self._gzipped[id(reply)] = (reply, data)
        return data, True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's backlog of 5 drops connections when a crawler opens 16+ at once.
    request_queue_size = 128
    replica: ReplicaServer

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up is routine (Scrapy drops idle connections): stay silent."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        # Kept-alive connections would otherwise go on being served after stop().
        with self.connections_lock:
            for conn in self.connections:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self.connections.clear()


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    # One write per response and no Nagle: no 40 ms delayed-ACK stalls on keep-alive.
    disable_nagle_algorithm = True
    timeout = 120
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a log line per request would cost more than serving it."""

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _serve(self) -> None:
        body = self._read_body()
        target, _, query = self.path.partition("?")
        host, _, rest = target.lstrip("/").partition("/")
        replica = self.server.replica
        if host == CONTROL:
            reply = replica.control(self.command, rest.strip("/"))
        else:
            request = ReplicaRequest(self.command, host.lower(), "/" + rest, query,
                                     dict(self.headers.items()), body)
            reply = replica.handle(request)
        data, gzipped = replica.encoded(reply, self.headers.get("Accept-Encoding", ""))
        lines = [f"HTTP/1.1 {reply.status} {_reason(reply.status)}", "Server: nginx",
                 f"Date: {formatdate(usegmt=True)}", f"Content-Type: {reply.content_type}",
                 f"Content-Length: {len(data)}"]
        lines += [f"{k}: {v}" for k, v in reply.headers]
        if gzipped:
            lines += ["Content-Encoding: gzip", "Vary: Accept-Encoding"]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head if self.command == "HEAD" else head + data)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        return b""


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
