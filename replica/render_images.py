"""The image hosts: UrVenue's VEA flyers and TAO's WordPress uploads, drawn on first request.

`https://venueeventartist.com/imateq/.../<SIZE>/<file>` answers for every size code from
`300SC0` up to the entry's `image_max` (default `1600SC0`, the largest), `SIZE` pixels wide;
a larger code is a 404, as for a flyer uploaded small. `https://taogroup.com/wp-content/
uploads/...` answers WordPress's full size, 1200 px wide. Flyers are 4:5 (1200 x 1500).

An entry's optional `image_kind` picks what the host serves: `jpeg` (default), `cmyk` (an
Adobe CMYK JPEG), `png_alpha` (a PNG with transparent corners), `gif` (a palette GIF with a
transparent colour), `html` (a 200 HTML page), `truncated` (a JPEG cut in half), `bomb` (a
JPEG whose header claims 30000 x 30000 pixels), `404` (the file is gone).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO

from PIL import Image, ImageDraw

from .reply import HTML, Reply

VEA_HOST = "venueeventartist.com"
VEA_SIZES = (300, 500, 600, 800, 1200, 1600)
TAO_FULL_WIDTH = 1200
_SIZE = re.compile(r"/(\d+)SC0/")
_TYPES = {"jpeg": "image/jpeg", "cmyk": "image/jpeg", "truncated": "image/jpeg",
          "bomb": "image/jpeg", "png_alpha": "image/png", "gif": "image/gif", "html": HTML}
BOMB_SIDE = 30000

Handler = Callable[[object], Reply]


def build(entries: list[dict]) -> dict[tuple[str, str], Handler]:
    """{(host, path): handler} for every image the entries name."""
    routes: dict[tuple[str, str], Handler] = {}
    for entry in entries:
        url, kind = entry.get("image"), entry.get("image_kind") or "jpeg"
        if not url or kind == "404":
            continue
        host, _, rest = url.split("://", 1)[1].partition("/")
        path = "/" + rest
        match = _SIZE.search(path) if host == VEA_HOST else None
        if match is None:
            routes[host, path] = _handler(path, kind, TAO_FULL_WIDTH)
            continue
        largest = int(str(entry.get("image_max") or "1600SC0").removesuffix("SC0"))
        for width in (w for w in VEA_SIZES if w <= largest):
            sized = f"{path[:match.start()]}/{width}SC0/{path[match.end():]}"
            routes[host, sized] = _handler(sized, kind, width)
    return routes


def _handler(path: str, kind: str, width: int) -> Handler:
    def serve(_request: object) -> Reply:
        return Reply(200, _TYPES[kind], (drawn(path, kind, width),),
                     (("Cache-Control", "max-age=31536000"),))
    return serve


@lru_cache(maxsize=64)
def drawn(path: str, kind: str, width: int) -> bytes:
    """The bytes of one image, the same for the same path on every run."""
    if kind == "html":
        return (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                b"<body><p>Checking your browser before accessing the site.</p></body></html>")
    if kind == "bomb":
        return bomb_jpeg()
    picture = flyer(path, width, width * 5 // 4)
    buf = BytesIO()
    if kind == "cmyk":
        picture.convert("CMYK").save(buf, "JPEG", quality=90)
    elif kind == "png_alpha":
        rgba = picture.convert("RGBA")
        ImageDraw.Draw(rgba).rectangle((0, 0, width // 4, width // 4), fill=(0, 0, 0, 0))
        rgba.save(buf, "PNG", compress_level=1)
    elif kind == "gif":
        palette = picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
        ImageDraw.Draw(palette).rectangle((0, 0, width // 4, width // 4), fill=0)
        palette.save(buf, "GIF", transparency=0)
    else:
        picture.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return data[: len(data) // 2] if kind == "truncated" else data


def flyer(path: str, width: int, height: int) -> Image.Image:
    """Colour bands and a frame, coloured by the path: cheap to draw, real to decode."""
    seed = hashlib.sha256(path.encode()).digest()
    picture = Image.new("RGB", (width, height), tuple(seed[:3]))
    draw = ImageDraw.Draw(picture)
    bands = 6
    for i in range(bands):
        top, colour = height * i // bands, tuple(seed[3 + 3 * i:6 + 3 * i])
        draw.rectangle((0, top, width, top + height // (2 * bands)), fill=colour)
    draw.ellipse((width // 5, height // 4, width * 4 // 5, height * 3 // 4),
                 outline=(255, 255, 255), width=max(2, width // 100))
    return picture


@lru_cache(maxsize=1)
def bomb_jpeg() -> bytes:
    """A small JPEG whose frame header claims `BOMB_SIDE` x `BOMB_SIDE` pixels."""
    buf = BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    # SOF0: marker, length (2), precision (1), height (2), width (2).
    struct.pack_into(">HH", data, sof + 5, BOMB_SIDE, BOMB_SIDE)
    return bytes(data)
