"""Source image bytes -> the presets as RGB JPEGs. Pure Pillow: no I/O, safe to run in a thread.

Never upscales, keeps the aspect ratio, honours EXIF orientation, flattens transparency onto
white, converts CMYK and palette images to RGB. JPEG sources are decoded at reduced scale
(libjpeg's draft mode) when even the largest preset is at most half the source's width; each
preset is made from the next larger one, `reduce()`d by a whole factor, then one BICUBIC pass
(as close to a LANCZOS resize of the source as the JPEG encode's own error: `make bench`).
Memory is bounded by the pixels decoded (after draft mode), checked before decoding; a source
at least twice as wide as the largest preset is `reduce()`d before its colour conversion, so
rendering holds about twice the decoded source at most.
Anything that is not a whole image of a known format, or cannot become a JPEG, raises
`BadImage`; no message quotes the source's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

# Pillow is imported where it is used: a crawl with images off never loads it (~0.2 s).
if TYPE_CHECKING:
    from PIL import Image

PRESETS = {"main": 500, "hd": 1500}
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# Decoded pixels (after draft mode): 25 M is 100 MB as RGBA, 5000 x 5000, far above any flyer.
MAX_PIXELS = 25_000_000
JPEG_MAX_SIDE = 65_500  # libjpeg cannot encode a longer side
QUALITY = 85
# EXIF orientations that swap width and height.
_TRANSPOSED = {5, 6, 7, 8}


class BadImage(Exception):
    """A source that cannot become presets; `reason` is a stats key fragment."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Rendition:
    preset: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Rendered:
    source_size: tuple[int, int]
    source_mode: str
    renditions: dict[str, Rendition]


def render_presets(data: bytes, presets: dict[str, int] = PRESETS, *, quality: int = QUALITY,
                   max_pixels: int = MAX_PIXELS) -> Rendered:
    """Every preset (name -> maximum width) of one source image."""
    from PIL import ImageOps

    image = _open(data)
    mode, source_size, widest = image.mode, image.size, max(presets.values())
    try:
        _draft(image, widest)
        _check_pixels(image, max_pixels)
        image.load()
        image = ImageOps.exif_transpose(image)
    except BadImage:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow says "image file is truncated" or "broken data stream" here.
        raise BadImage("truncated", f"cannot decode the image: {exc}") from exc
    _check_shape(image, widest)
    icc = image.info.get("icc_profile") if image.mode == "RGB" else None
    try:
        renditions = _renditions(to_rgb(_reduced(image, widest)), presets, quality, icc)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise BadImage("undecodable", f"cannot render the image: {exc}") from exc
    return Rendered(source_size, mode, renditions)


def _renditions(rgb: Image.Image, presets: dict[str, int], quality: int,
                icc: bytes | None) -> dict[str, Rendition]:
    renditions = {}
    resized = rgb
    for preset, width in sorted(presets.items(), key=lambda item: -item[1]):
        resized = shrink(resized, width)
        buf = BytesIO()
        resized.save(buf, "JPEG", quality=quality, icc_profile=icc)
        renditions[preset] = Rendition(preset, resized.width, resized.height, buf.getvalue())
    return {name: renditions[name] for name in presets}


def _open(data: bytes) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise BadImage("too_large", f"refused a decompression bomb: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        # The bytes may be anything the server had (a secret, a page): never quote them.
        raise BadImage("not_an_image", f"not an image ({len(data)} bytes)") from exc
    width, height = image.size
    if width < 1 or height < 1:
        raise BadImage("not_an_image", f"empty image ({width}x{height})")
    return image


def _check_pixels(image: Image.Image, max_pixels: int) -> None:
    """Refuse before decoding what would not fit the memory bound (JPEG: at its draft scale)."""
    width, height = image.size
    if width * height > max_pixels:
        raise BadImage("too_large", f"{width}x{height} pixels decoded is over the "
                                    f"{max_pixels} limit")


def _check_shape(image: Image.Image, widest: int) -> None:
    width, height = image.size
    if height * min(width, widest) / width > JPEG_MAX_SIDE:
        raise BadImage("bad_shape", f"{width}x{height} pixels cannot make a JPEG preset")


def _reduced(image: Image.Image, widest: int) -> Image.Image:
    """Shrunk by a whole factor, still at least `widest` wide: the copies that follow are small."""
    factor = image.width // widest
    if factor < 2 or image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    return image.reduce(factor)


def _draft(image: Image.Image, widest: int) -> None:
    """Ask libjpeg for a 1/2, 1/4 or 1/8 scale decode that is still at least `widest` wide."""
    from PIL import ExifTags

    if image.format != "JPEG":
        return
    turned = image.getexif().get(ExifTags.Base.Orientation, 1) in _TRANSPOSED
    width, height = image.size[::-1] if turned else image.size
    if width < 2 * widest:
        return
    box = (widest, -(-height * widest // width))
    image.draft("RGB", box[::-1] if turned else box)


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB, with any transparency flattened onto white."""
    from PIL import Image

    if image.mode == "RGB" and "transparency" not in image.info:
        return image
    if image.mode in ("RGBA", "LA", "PA", "P", "RGBa", "La") or "transparency" in image.info:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")  # no needless copy
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: Pillow's RGB conversion clips it to white; scale to 8 bits first.
        image = image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def shrink(image: Image.Image, width: int) -> Image.Image:
    """At most `width` wide, aspect ratio kept; never larger than the source."""
    from PIL import Image

    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.BICUBIC, reducing_gap=1.0)
