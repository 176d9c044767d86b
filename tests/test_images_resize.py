"""The presets from source bytes (vinny.images.resize): pure Pillow, no I/O."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from replica.render_images import bomb_jpeg
from vinny.images.resize import BadImage, _draft, render_presets


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buf = BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def photo(width: int, height: int, mode: str = "RGB") -> Image.Image:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    return image.convert(mode) if mode != "RGB" else image


def decoded(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def test_large_source_gives_500_and_1500_wide_presets():
    rendered = render_presets(encoded(photo(3000, 3750), "JPEG"))
    sizes = {name: (r.width, r.height) for name, r in rendered.renditions.items()}
    assert sizes == {"main": (500, 625), "hd": (1500, 1875)}


def test_presets_are_rgb_jpegs_of_the_size_they_claim():
    rendered = render_presets(encoded(photo(2000, 1000), "JPEG"))
    for rendition in rendered.renditions.values():
        image = decoded(rendition.data)
        assert (image.format, image.mode) == ("JPEG", "RGB")
        assert image.size == (rendition.width, rendition.height)


def test_small_source_is_never_upscaled():
    rendered = render_presets(encoded(photo(800, 1000), "JPEG"))
    assert rendered.renditions["hd"].width == 800
    assert rendered.renditions["main"].width == 500


def test_aspect_ratio_is_kept():
    rendered = render_presets(encoded(photo(3000, 1000), "JPEG"))
    assert (rendered.renditions["hd"].width, rendered.renditions["hd"].height) == (1500, 500)


def test_jpeg_much_larger_than_the_largest_preset_is_decoded_at_reduced_scale():
    image = Image.open(BytesIO(encoded(photo(4000, 5000), "JPEG")))
    _draft(image, 1500)
    assert image.size == (2000, 2500)


def test_jpeg_less_than_twice_the_preset_is_decoded_at_full_scale():
    image = Image.open(BytesIO(encoded(photo(2900, 3000), "JPEG")))
    _draft(image, 1500)
    assert image.size == (2900, 3000)


def test_exif_rotation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    rendered = render_presets(encoded(photo(2000, 1000), "JPEG", exif=exif))
    assert (rendered.renditions["hd"].width, rendered.renditions["hd"].height) == (1000, 2000)


def test_cmyk_jpeg_is_converted_to_rgb():
    rendered = render_presets(encoded(photo(1000, 1000, "CMYK"), "JPEG"))
    assert rendered.source_mode == "CMYK"
    assert decoded(rendered.renditions["main"].data).mode == "RGB"


def test_png_transparency_is_flattened_onto_white():
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (300, 300, 600, 600))
    rendered = render_presets(encoded(image, "PNG"))
    corner = decoded(rendered.renditions["main"].data).getpixel((5, 5))
    assert min(corner) >= 250


def test_gif_transparent_colour_is_flattened_onto_white():
    image = Image.new("P", (400, 400), 0)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    image.paste(1, (200, 200, 400, 400))
    rendered = render_presets(encoded(image, "GIF", transparency=0))
    corner = decoded(rendered.renditions["main"].data).getpixel((5, 5))
    assert min(corner) >= 250


def test_sixteen_bit_greyscale_keeps_its_tones():
    rendered = render_presets(encoded(Image.new("I;16", (100, 100), 32768), "PNG"))
    assert 120 <= decoded(rendered.renditions["main"].data).getpixel((50, 50))[0] <= 136


@pytest.mark.parametrize(("data", "reason"), [
    (b"<!DOCTYPE html><html><body>Just a moment...</body></html>", "not_an_image"),
    (b"", "not_an_image"),
    (encoded(photo(1200, 1500), "JPEG")[:20000], "truncated"),
    (bomb_jpeg(), "too_large"),
    (encoded(Image.new("1", (9000, 9000)), "PNG"), "too_large"),
])
def test_unusable_source_raises_bad_image_with_its_reason(data, reason):
    with pytest.raises(BadImage) as raised:
        render_presets(data)
    assert raised.value.reason == reason
