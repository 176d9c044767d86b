"""One HTTP answer of the replica: status, headers and a body kept as shared byte chunks."""

from __future__ import annotations

from dataclasses import dataclass, field

HTML = "text/html; charset=UTF-8"
XML = "text/xml; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    # Pages share their head, menus and footer with every page of the site: keep references.
    chunks: tuple[bytes | memoryview, ...]
    headers: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def of(cls, status: int, content_type: str, body: bytes | str,
           headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return cls(status, content_type, (data,), headers)

    def __len__(self) -> int:
        return sum(len(c) for c in self.chunks)

    def body(self) -> bytes:
        return b"".join(self.chunks)
