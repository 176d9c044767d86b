"""The HTTP conventions of the API, apart from its routes.

- `ConditionalGet` (ASGI middleware): `HEAD` is answered as `GET` without the body; every
  `200` to a `GET`/`HEAD` gets a weak `ETag` (a hash of its body) unless it has one, and a
  `Cache-Control` (`CACHE_CONTROL`, or `no-store` for `/health`) unless it has one; a request
  whose `If-None-Match` names the current tag gets `304` with no body.
- `error_body` and the handlers `install_errors` adds: every error (404, 405, 422, 503...) has
  one shape, `{"error": {"status", "message", "details"}}`.
- CORS is opt-in: `cors_origins` from `VINNY_API_CORS_ORIGINS` (comma-separated, `*` for any);
  unset, no CORS header is sent.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_CONTROL = "public, max-age=60"
NO_STORE = ("/health",)


def cors_origins() -> list[str]:
    return [o.strip() for o in os.environ.get("VINNY_API_CORS_ORIGINS", "").split(",")
            if o.strip()]


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "details": details}}


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                   for e in exc.errors()]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"])
        return JSONResponse(error_body(422, f"{where}: {first['msg']}", details), 422)


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


class ConditionalGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        # Buffered whole: the API's bodies are pages of bounded size.
        await self.app({**scope, "method": "GET"}, receive, buffer)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", [])]
        names = {k.lower() for k, _ in headers}
        status = start.get("status", 500)
        if status == 200:
            if b"etag" not in names:
                etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                headers.append((b"etag", etag.encode()))
            if b"cache-control" not in names:
                policy = "no-store" if scope["path"] in NO_STORE else CACHE_CONTROL
                headers.append((b"cache-control", policy.encode()))
            etag = next(v.decode() for k, v in headers if k.lower() == b"etag")
            wanted = dict((k.lower(), v) for k, v in scope.get("headers", [])).get(
                b"if-none-match")
            if wanted and _matches(wanted.decode("latin-1"), etag):
                kept = [(k, v) for k, v in headers
                        if k.lower() not in (b"content-length", b"content-type")]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else body})
