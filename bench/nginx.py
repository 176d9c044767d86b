"""The replica's pages as static files served by nginx: a server fast enough to see the crawlers.

`write_site` writes what the page path fetches (robots.txt, sitemaps, pages) of a catalog under
the replica's layout, `ROOT/HOST/PATH` (a path ending in `/` as its `index.html`), so that
vinny's replica mode (`{VINNY_REPLICA_URL}/HOST/PATH`) reaches it unchanged. Content types come
from the file names as the replica sets them (`.xml` text/xml, `.txt` text/plain, pages
text/html, all UTF-8); a missing page answers the host's own 404 page. Not mirrored: faults
(a generated catalog has none), images, table inventories and enrichment APIs (the page path
turns them off).

`Nginx` runs Debian's nginx with a generated configuration on 127.0.0.1 and a free port: its
own process (a non-root user when started by root), pid, logs and temp files in its own
directory, stopped by its PID. `python -m bench.nginx [--events 3000]` serves a generated
catalog until interrupted and prints its URL (for `VINNY_REPLICA_URL`, e.g. to profile a crawl).
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from replica import routes
from replica.server import ReplicaRequest
from replica.venues import HOSTS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NOT_FOUND = "__404__.html"
SERVED_TYPES = ("text/html", "text/xml", "text/plain")

CONFIG = """\
daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/xml xml; text/plain txt; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/html text/xml text/plain;
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
{locations}
    }}
}}
"""
# A folder without its index.html: nginx says 403, the replica (and the site) 404.
LOCATION = "        location /{host}/ {{ error_page 403 404 =404 /{host}/{page}; }}"


def file_of(root: Path, host: str, path: str) -> Path:
    """Where nginx finds `https://host/path`: `root/host/path`, `.../index.html` for a dir."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return root / host / relative


def write_site(catalog: dict[str, Any], root: Path) -> int:
    """Write the venue sites' pages of `catalog` under `root`; return the number of files."""
    table, faults = routes.build(catalog)
    if faults:
        raise ValueError(f"nginx serves no faults; the catalog has {len(faults)}")
    hosts = set(HOSTS.values())
    written = 0
    for (host, path), route in table.items():
        if host not in hosts or not (path.endswith(("/", ".xml", ".txt"))):
            continue  # images and table inventories: not on the page path
        reply = route if not callable(route) else route(ReplicaRequest("GET", host, path, ""))
        if reply.status != 200 or not reply.content_type.startswith(SERVED_TYPES):
            continue
        target = file_of(root, host, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(reply.body())
        written += 1
    for host, page in routes.not_found_pages().items():
        (root / host).mkdir(parents=True, exist_ok=True)
        (root / host / NOT_FOUND).write_bytes(page.body())
    return written


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Nginx:
    """nginx serving `root` on 127.0.0.1; `run` holds its configuration, pid, logs and temp."""

    def __init__(self, root: Path, run: Path) -> None:
        self.root, self.run = root, run
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        self.run.mkdir(parents=True, exist_ok=True)
        locations = "\n".join(LOCATION.format(host=h, page=NOT_FOUND) for h in HOSTS.values())
        conf = self.run / "nginx.conf"
        conf.write_text(CONFIG.format(run=self.run, port=self.port, root=self.root,
                                      locations=locations))
        user = self._unprivileged()
        self.proc = subprocess.Popen(
            [NGINX, "-e", str(self.run / "error.log"), "-p", str(self.run), "-c", str(conf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            user=user.pw_uid if user else None, group=user.pw_gid if user else None)
        self._wait_ready()
        return self

    def _unprivileged(self) -> pwd.struct_passwd | None:
        """Started by root: run as `nobody`, who must read the site and write `run`."""
        if os.geteuid() != 0:
            return None
        user = pwd.getpwnam("nobody")
        for path in (self.run, *self.run.rglob("*")):
            os.chown(path, user.pw_uid, user.pw_gid)
        for start in (self.root, self.run):
            # Read and traverse every folder above: temporary folders are private (0700).
            for folder in (start, *start.parents):
                mode = folder.stat().st_mode
                if mode & 0o005 != 0o005:
                    folder.chmod(mode | 0o055)
        return user

    def _wait_ready(self) -> None:
        assert self.proc is not None
        for _ in range(100):
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"nginx exited {self.proc.returncode}: {err}")
            try:
                urllib.request.urlopen(f"{self.url}/", timeout=1).close()
                return
            except urllib.error.HTTPError:
                return  # it answers: a 403/404 for the bare root is fine
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGQUIT)  # graceful: workers finish, then the master exits
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve a generated replica with nginx")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from replica import generate

    with tempfile.TemporaryDirectory(prefix="vinny-nginx-") as tmp:
        write_site(generate(args.events, args.seed), Path(tmp) / "site")
        with Nginx(Path(tmp) / "site", Path(tmp) / "run") as nginx:
            # Blocked only now (nginx must not inherit the mask), then waited for: the
            # context managers stop nginx and remove the files on either signal.
            stop = {signal.SIGINT, signal.SIGTERM}
            signal.pthread_sigmask(signal.SIG_BLOCK, stop)
            print(nginx.url, flush=True)
            signal.sigwait(stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
