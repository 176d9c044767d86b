"""`python -m replica serve|generate`: run the replica, or write a generated catalog."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from .catalog import dumps, generate, load_catalog
from .server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m replica")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a catalog until SIGTERM or SIGINT")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    serve.add_argument("--catalog", type=Path, help="a catalog JSON file (default: bundled)")
    serve.add_argument("--generate", type=int, metavar="N", help="serve N generated events")
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--gzip", action="store_true", help="gzip bodies when asked to")
    serve.add_argument("--pidfile", type=Path)
    gen = commands.add_parser("generate", help="write a generated catalog")
    gen.add_argument("n_events", type=int)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", type=Path, help="default: standard output")
    args = parser.parse_args(argv)
    if args.command == "generate":
        text = dumps(generate(args.n_events, args.seed))
        if args.out:
            args.out.write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
        return 0
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    if args.generate is not None and args.catalog is not None:
        raise SystemExit("--catalog and --generate exclude each other")
    catalog = (generate(args.generate, args.seed) if args.generate is not None
               else load_catalog(args.catalog))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    server = ReplicaServer(catalog, port=args.port, host=args.host, compress=args.gzip).start()
    try:
        if args.pidfile:
            args.pidfile.write_text(f"{os.getpid()}\n")
        print(server.url, flush=True)
        while not stop.wait(1.0):
            pass
    finally:
        server.stop()
        if args.pidfile:
            args.pidfile.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
