"""Source image bytes -> the presets as RGB JPEGs. Pure Pillow: no I/O, safe to run in a thread.

Never upscales, keeps the aspect ratio, honours EXIF orientation, flattens transparency onto
white, converts CMYK and palette images to RGB. JPEG sources are decoded at reduced scale
(libjpeg's draft mode) when even the largest preset is at most half the source's width; each
preset is made from the next larger one, `reduce()`d by a whole factor, then one BICUBIC pass
(as close to a LANCZOS resize of the source as the JPEG encode's own error: `make bench`).
Anything that is not a whole image of a known format raises `BadImage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

PRESETS = {"main": 500, "hd": 1500}
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# 50 megapixels (e.g. 8660 x 5773): far above any flyer, far below a decompression bomb.
MAX_PIXELS = 50_000_000
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
    image = _open(data, max_pixels)
    mode = image.mode
    try:
        _draft(image, max(presets.values()))
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError) as exc:
        # Pillow says "image file is truncated" or "broken data stream" here.
        raise BadImage("truncated", f"cannot decode the image: {exc}") from exc
    icc = image.info.get("icc_profile") if image.mode == "RGB" else None
    rgb = to_rgb(image)
    renditions = {}
    resized = rgb
    for preset, width in sorted(presets.items(), key=lambda item: -item[1]):
        resized = shrink(resized, width)
        buf = BytesIO()
        resized.save(buf, "JPEG", quality=quality, icc_profile=icc)
        renditions[preset] = Rendition(preset, resized.width, resized.height, buf.getvalue())
    return Rendered(rgb.size, mode, {name: renditions[name] for name in presets})


def _open(data: bytes, max_pixels: int) -> Image.Image:
    try:
        image = Image.open(BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise BadImage("too_large", f"refused a decompression bomb: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        head = data[:40].decode("latin-1").replace("\n", " ").strip()
        raise BadImage("not_an_image", f"not an image ({head!r}...)") from exc
    width, height = image.size
    if width * height > max_pixels:
        raise BadImage("too_large", f"{width}x{height} pixels is over the {max_pixels} limit")
    if width < 1 or height < 1:
        raise BadImage("not_an_image", f"empty image ({width}x{height})")
    return image


def _draft(image: Image.Image, widest: int) -> None:
    """Ask libjpeg for a 1/2, 1/4 or 1/8 scale decode that is still at least `widest` wide."""
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
    if image.mode == "RGB" and "transparency" not in image.info:
        return image
    if image.mode in ("RGBA", "LA", "PA", "P", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: Pillow's RGB conversion clips it to white; scale to 8 bits first.
        image = image.point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def shrink(image: Image.Image, width: int) -> Image.Image:
    """At most `width` wide, aspect ratio kept; never larger than the source."""
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.BICUBIC, reducing_gap=1.0)
