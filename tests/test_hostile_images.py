"""Hostile image sources: odd shapes, huge pixel counts, bytes that are secrets, not images."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from vinny.images.resize import BadImage, render_presets

# VmHWM, not ru_maxrss: Linux carries a forked parent's peak into the child's ru_maxrss.
PEAK = """
import re, sys
from vinny.images.resize import BadImage, render_presets

def hwm():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1])

data = open(sys.argv[1], "rb").read()
before = hwm()
try:
    render_presets(data)
except BadImage:
    pass
print(hwm() - before)
"""


def png(width: int, height: int, mode: str = "RGBA") -> bytes:
    """A flat PNG written row by row: a large source without holding its pixels."""
    bands = {"RGB": 3, "RGBA": 4}[mode]
    colour = {"RGB": 2, "RGBA": 6}[mode]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    row = b"\0" + bytes([200, 10, 10, 128][:bands]) * width
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    head = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def reason_of(data: bytes) -> str:
    with pytest.raises(BadImage) as raised:
        render_presets(data)
    return raised.value.reason


def peak_kib(tmp_path: Path, data: bytes) -> int:
    """Peak memory (KiB) that rendering `data` adds to a fresh process."""
    source = tmp_path / "source.png"
    source.write_bytes(data)
    out = subprocess.run([sys.executable, "-c", PEAK, str(source)], capture_output=True,
                         text=True, check=True)
    return int(out.stdout)


def test_png_too_tall_for_a_jpeg_is_a_bad_image_not_a_crash():
    buf = BytesIO()
    Image.new("RGB", (10, 100_000), (200, 10, 10)).save(buf, "PNG")
    assert reason_of(buf.getvalue()) == "bad_shape"


def test_source_with_more_pixels_than_the_memory_bound_is_too_large():
    assert reason_of(png(7000, 7000)) == "too_large"


def test_source_over_the_memory_bound_is_refused_before_decoding(tmp_path):
    assert peak_kib(tmp_path, png(7000, 7000)) < 50 * 1024


def test_largest_accepted_rgba_source_renders_within_its_bound(tmp_path):
    # 4900 x 5000 RGBA is 98 MB decoded: about twice that at most while rendering.
    assert peak_kib(tmp_path, png(4900, 5000)) < 240 * 1024


def test_bytes_that_are_not_an_image_are_never_quoted():
    with pytest.raises(BadImage) as raised:
        render_presets(b"SECRET-TOKEN-0123456789 root:x:0:0 " * 4)
    assert "SECRET" not in str(raised.value)
