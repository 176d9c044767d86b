"""Image figures for `make bench`: ms per source image for the two presets, vinny's path against a
plain Pillow open-resize-save of the same files, and the cost of the "already stored" check.

Run alone: `python -m bench.images [--repeat 5]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat

from vinny.images.resize import PRESETS, QUALITY, render_presets
from vinny.images.source import image_key
from vinny.images.store import LocalImageStore, already_stored, put
from vinny.slugs import slugify

# A big photo (the PERFORMANCE.md case), VEA's largest flyer size, TAO's upload size.
SOURCES = ((3000, 3000), (1600, 2000), (1200, 1500))


def photo(width: int, height: int, seed: int) -> bytes:
    """A photo-like JPEG: smooth colour fields plus grain (compresses like a real flyer)."""
    grain = Image.effect_noise((width, height), 40 + seed).filter(ImageFilter.GaussianBlur(1))
    fields = Image.merge("RGB", [
        Image.linear_gradient("L").resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
        grain,
    ])
    buf = BytesIO()
    Image.blend(fields, grain.convert("RGB"), 0.3).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def lanczos(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    return image.resize((width, round(image.height * width / image.width)),
                        Image.Resampling.LANCZOS)


def plain_pillow(data: bytes) -> dict[str, bytes]:
    """Open, convert, resize (LANCZOS) to each preset width, save: no draft, no reduce."""
    image = Image.open(BytesIO(data)).convert("RGB")
    out = {}
    for preset, width in PRESETS.items():
        buf = BytesIO()
        lanczos(image, width).save(buf, "JPEG", quality=QUALITY)
        out[preset] = buf.getvalue()
    return out


def vinny_path(data: bytes) -> dict[str, bytes]:
    return {name: r.data for name, r in render_presets(data).renditions.items()}


def psnr(data: bytes, reference: Image.Image) -> float:
    image = Image.open(BytesIO(data)).convert("RGB")
    if image.size != reference.size:
        image = image.resize(reference.size, Image.Resampling.LANCZOS)
    mse = sum(v * v for v in ImageStat.Stat(ImageChops.difference(image, reference)).rms) / 3
    return 10 * math.log10(255 ** 2 / mse) if mse else 99.0


def quality(func, sources: list[bytes]) -> float:
    """Worst PSNR (dB) of a path's presets against LANCZOS resizes of the source, unencoded."""
    worst = 99.0
    for data in sources:
        original = Image.open(BytesIO(data)).convert("RGB")
        for preset, encoded in func(data).items():
            worst = min(worst, psnr(encoded, lanczos(original, PRESETS[preset])))
    return worst


def ms_per_image(func, sources: list[bytes], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for data in sources:
            func(data)
        runs.append((time.perf_counter() - started) * 1000 / len(sources))
    return statistics.median(runs)


def ms_per_image_threads(func, sources: list[bytes], repeat: int, threads: int = 2) -> float:
    runs = []
    with ThreadPoolExecutor(threads) as pool:
        for _ in range(repeat):
            started = time.perf_counter()
            list(pool.map(func, sources * threads))
            runs.append((time.perf_counter() - started) * 1000 / (len(sources) * threads))
    return statistics.median(runs)


def check_ms(repeat: int, targets: int = 200) -> float:
    """ms per event for `already_stored` on a local store holding both presets."""
    with tempfile.TemporaryDirectory(prefix="vinny-bench-images-") as tmp:
        store = LocalImageStore(tmp)
        rendered = render_presets(photo(1600, 2000, 0))
        keys = {n: {p: f"artists/artist-{n}/liv-{p}.jpg" for p in PRESETS} for n in range(targets)}

        async def fill() -> None:
            for n in range(targets):
                for preset, key in keys[n].items():
                    r = rendered.renditions[preset]
                    await put(store, key, r.data, r.width, r.height)

        async def check() -> float:
            started = time.perf_counter()
            for n in range(targets):
                assert await already_stored(store, keys[n])
            return (time.perf_counter() - started) * 1000 / targets

        asyncio.run(fill())
        return statistics.median(asyncio.run(check()) for _ in range(repeat))


def prestore(catalog: Path, data_dir: Path) -> int:
    """Store presets for every (venue tag, artist) of a catalog, as a previous run would have:
    the crawl benchmark then measures the steady state, where images cost only the check."""
    entries = json.loads(catalog.read_text())
    entries = entries["events"] if isinstance(entries, dict) else entries
    rendered = render_presets(photo(600, 750, 0)).renditions
    store = LocalImageStore(data_dir)
    targets = {(e["expect"]["venue_tag"], slugify(e["expect"]["performer"]))
               for e in entries if e.get("image") and "event_id" in e["expect"]}

    async def fill() -> None:
        for tag, slug in targets:
            for preset, r in rendered.items():
                await put(store, image_key(slug, tag, preset), r.data, r.width, r.height)

    asyncio.run(fill())
    return len(targets)


def report(repeat: int = 5, images: int = 3) -> None:
    print(f"\nimages: ms per source image, {images} photo-like JPEGs each, median of {repeat} "
          f"(presets {', '.join(f'{k} {v} px' for k, v in PRESETS.items())})")
    print(f"{'source':<12}{'plain Pillow':>14}{'vinny':>9}{'speed-up':>10}{'vinny 2 thr':>13}"
          f"{'PSNR plain':>12}{'PSNR vinny':>12}")
    for width, height in SOURCES:
        sources = [photo(width, height, seed) for seed in range(images)]
        plain = ms_per_image(plain_pillow, sources, repeat)
        ours = ms_per_image(vinny_path, sources, repeat)
        threaded = ms_per_image_threads(vinny_path, sources, repeat)
        print(f"{f'{width}x{height}':<12}{plain:>14.1f}{ours:>9.1f}{plain / ours:>9.1f}x"
              f"{threaded:>13.1f}{quality(plain_pillow, sources):>12.1f}"
              f"{quality(vinny_path, sources):>12.1f}")
    print(f"already-stored check (local store, both presets): {check_ms(repeat):.3f} ms per "
          "event; a stored image costs no download")
    print("plain Pillow = open, convert, resize (LANCZOS) to each width, save (quality "
          f"{QUALITY}); vinny = vinny.images.resize (draft decode, reduce + BICUBIC); 2 thr = "
          "effective on 2 threads; PSNR = worst preset, dB, against an unencoded LANCZOS resize")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--images", type=int, default=3)
    args = parser.parse_args(argv)
    report(args.repeat, args.images)
    return 0


if __name__ == "__main__":
    sys.exit(main())
