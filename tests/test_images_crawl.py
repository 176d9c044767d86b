"""End to end: `scrapy crawl` stores artist images into a directory and into a real S3 server.

One catalog holds the cases (VEA flyers of every size, a flyer missing its largest size, one
flyer shared by two artists, a multi-performer night, path-like performer names, and every
kind of bad image); each store gets two crawls of it, the second on an unchanged replica.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from replica import ReplicaServer
from replica.expect import expectation, slugify
from replica.venues import VENUES
from tests.e2e import master_events, run_stats
from tests.images_support import (  # noqa: F401
    CREDENTIALS,
    crawl,
    moto_url,
    new_bucket,
    s3_body,
    s3_objects,
)
from tests.test_images_urls import resolves as local_file_exists
from tests.test_images_urls import stored_image_urls

pytestmark = pytest.mark.e2e
BASE = "https://img.vinny.vegas"
VEA = "https://venueeventartist.com/imateq/event/9/1214881/{}/1200SC0/{}.jpeg"
SHARED = VEA.format("5a5a5a5a", "liv-weekend-lineup")
BAD = {"html": "not_an_image", "truncated": "truncated", "bomb": "too_large", "404": "http_404"}
CONVERTED = {"cmyk": "CMYK", "png_alpha": "RGBA", "gif": "P"}
# What the paths of the images that cannot be stored contain: they are asked for every run.
FAILING = ("gryffin-gone", *(f"-{kind}-" for kind in BAD))


def liv(day: int, performers: list[str], image: str | None, venue: str = "LIV Las Vegas",
        code: str = "", **extra) -> dict:
    code = code or f"EVE-IMG{day:03d}"
    entry = {"site": "liv", "url": f"https://www.livnightclub.com/las-vegas/event/{code}/"
             f"{slugify(performers[0])}/", "code": code, "name": performers[0],
             "venue_label": venue, "venue_id": "1214881", "city": "Las Vegas",
             "performers": performers, "start_local": f"2027-05-{day:02d}T22:30",
             "image": image, **extra}
    return {**entry, "expect": expectation(entry)}


def tao(day: int, performer: str, kind: str = "jpeg", venue: str = "OMNIA Nightclub") -> dict:
    place = VENUES[venue]
    entry = {"site": "tao", "url": f"https://taogroup.com/event/6-{day}-2027-"
             f"{slugify(performer)}-{place.slug}/", "code": None, "name": performer,
             "venue_label": venue, "venue_id": place.venue_id, "city": "Las Vegas",
             "performers": [performer], "start_local": f"2027-06-{day:02d}T22:30",
             "image": f"https://taogroup.com/wp-content/uploads/2027/05/{place.slug}-{kind}"
             f"-{day}.jpg", "modified": "2026-11-05T10:00:00+00:00", "image_kind": kind}
    return {**entry, "expect": expectation(entry)}


CATALOG = [
    liv(1, ["Dom Dolla"], VEA.format("11aa0001", "dom-dolla-0501")),
    liv(2, ["Dom Dolla"], VEA.format("11aa0002", "dom-dolla-0502")),
    liv(3, ["Dom Dolla"], VEA.format("11aa0003", "dom-dolla-b-0503"), venue="LIV Beach"),
    liv(4, ["John Summit", "Mau P", "Chris Lorenzo"], VEA.format("11aa0004", "nye")),
    liv(5, ["Fisher"], VEA.format("11aa0005", "fisher-small"), image_max="1200SC0"),
    liv(6, ["Gryffin"], VEA.format("11aa0006", "gryffin-gone"), image_kind="404"),
    # Two pages of one night: the one with the flyer fails once, so the other passes first.
    liv(7, ["Kolsch"], VEA.format("11aa0007", "kolsch"), fault="500_once"),
    liv(7, ["Kolsch"], None, code="EVE-IMG907", variant=["duplicate"]),
    liv(10, ["Mau P"], SHARED),
    liv(11, ["Chris Lake"], SHARED),
    tao(1, "Steve Aoki"),
    *(tao(day, f"Act {kind.title()}", kind) for day, kind in enumerate([*BAD, *CONVERTED], 2)),
    tao(20, "../../x"),
    tao(21, "AC/DC Tribute", venue="Hakkasan Nightclub"),
]
BY_PERFORMER = {entry["performers"][0]: entry for entry in CATALOG}


def event_of(name: str) -> str:
    return BY_PERFORMER[name]["expect"]["event_id"]


@dataclass
class Round:
    events: dict[str, dict]
    stats: dict
    image_requests: list[str]
    objects: dict[str, dict]


@dataclass
class Crawled:
    prefix: str  # where keys start in the store
    first: Round
    second: Round
    exports: Path  # the published files after the second crawl
    resolves: Callable[[str], bool]  # whether a reader can open an image URL they carry


def local_objects(root: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found[path.relative_to(root).as_posix()] = {
                "body": path.read_bytes(), "content_type": None, "cache_control": None,
                "version": path.stat().st_mtime_ns}
    return found


def bucket_objects(endpoint: str, bucket: str) -> dict[str, dict]:
    return {key: {"body": s3_body(endpoint, bucket, key), "content_type": head["ContentType"],
                  "cache_control": head.get("CacheControl"),
                  "version": (head["ETag"], head["LastModified"])}
            for key, head in s3_objects(endpoint, bucket).items()}


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer({"sites": {}, "events": CATALOG}) as server:
        yield server


@pytest.fixture(scope="module", params=["local", "s3"])
def crawled(request, replica, tmp_path_factory, moto_url):  # noqa: F811
    data_dir = tmp_path_factory.mktemp(f"images-{request.param}")
    if request.param == "s3":
        bucket = new_bucket(moto_url)
        env = {**CREDENTIALS, "AWS_ENDPOINT_URL": moto_url, "IMAGES_STORE": f"s3://{bucket}/img/"}
        prefix, objects = "img/", lambda: bucket_objects(moto_url, bucket)

        def resolves(url: str) -> bool:
            key = url.removeprefix(f"{BASE}/")
            return key != url and key in bucket_objects(moto_url, bucket)
    else:
        env = {"IMAGES_STORE": ""}
        prefix, objects = "", lambda: local_objects(data_dir / "artists")
        resolves = local_file_exists
    rounds = []
    for _ in range(2):
        replica.reset()
        for spider in ("liv", "tao"):
            result = crawl(spider, replica.url, data_dir, env)
            assert result.returncode == 0, result.stderr[-3000:]
        stats = {}
        for spider in ("liv", "tao"):
            for key, value in run_stats(data_dir, spider)["stats"].items():
                if isinstance(value, int) and key.startswith("vinny/images/"):
                    stats[key] = stats.get(key, 0) + value
        images = [r["path"] for r in replica.requests
                  if "/imateq/" in r["path"] or "/wp-content/uploads/" in r["path"]]
        stored = objects()
        if request.param == "local":
            stored = {f"artists/{key}": value for key, value in stored.items()}
        rounds.append(Round(master_events(data_dir), stats, images, stored))
    return Crawled(prefix, *rounds, data_dir / "exports", resolves)


def keys_of(slug: str, tag: str) -> set[str]:
    return {f"artists/{slug}/{tag}-main.jpg", f"artists/{slug}/{tag}-hd.jpg"}


# The (artist, venue tag) pairs that end with both presets stored.
GOOD = {("dom-dolla", "liv"), ("dom-dolla", "livb"), ("john-summit", "liv"), ("fisher", "liv"),
        ("kolsch", "liv"), ("mau-p", "liv"), ("chris-lake", "liv"), ("steve-aoki", "omnia"),
        ("x", "omnia"), ("ac-dc-tribute", "hakkasan"),
        *((f"act-{kind.replace('_', '-')}", "omnia") for kind in CONVERTED)}
EXPECTED_KEYS = set().union(*(keys_of(slug, tag) for slug, tag in GOOD))


def width_of(data: bytes) -> int:
    return Image.open(BytesIO(data)).width


def test_one_object_per_venue_artist_and_preset(crawled):
    assert set(crawled.first.objects) == {crawled.prefix + key for key in EXPECTED_KEYS}


def test_second_crawl_keeps_the_same_objects_untouched(crawled):
    first = {key: value["version"] for key, value in crawled.first.objects.items()}
    assert {key: value["version"] for key, value in crawled.second.objects.items()} == first


def test_second_crawl_of_an_unchanged_replica_downloads_no_stored_image(crawled):
    stored = [p for p in crawled.second.image_requests if not any(m in p for m in FAILING)]
    assert (crawled.first.image_requests != [], stored) == (True, [])


def test_second_crawl_tries_the_failed_images_again(crawled):
    assert {m for m in FAILING for p in crawled.second.image_requests if m in p} == set(FAILING)


def test_second_crawl_counts_every_image_as_already_stored(crawled):
    recorded = crawled.first.stats["vinny/images/recorded"]
    assert crawled.second.stats.get("vinny/images/already_stored") == recorded


def test_every_key_is_inside_the_store_prefix(crawled):
    assert crawled.first.objects and all(key.startswith(f"{crawled.prefix}artists/")
                                         for key in crawled.first.objects)


def test_objects_are_rgb_jpegs(crawled):
    modes = {Image.open(BytesIO(o["body"])).format + "/" + Image.open(BytesIO(o["body"])).mode
             for o in crawled.first.objects.values()}
    assert modes == {"JPEG/RGB"}


def test_s3_objects_carry_content_type_and_long_cache_control(crawled):
    if not crawled.prefix:
        pytest.skip("a directory has no object headers")
    headers = {(o["content_type"], o["cache_control"]) for o in crawled.first.objects.values()}
    assert headers == {("image/jpeg", "public, max-age=31536000")}


def preset_widths(crawled, preset: str, hosts: tuple[str, ...]) -> set[int]:
    """Widths of one preset's objects for the given venue tags, Fisher's small flyer aside."""
    return {width_of(value["body"]) for key, value in crawled.first.objects.items()
            if key.endswith(f"-{preset}.jpg") and key.rsplit("/", 1)[1].startswith(hosts)
            and "/fisher/" not in key}


def test_main_preset_is_500_wide(crawled):
    assert preset_widths(crawled, "main", ("liv", "omnia", "hakkasan")) == {500}


def test_hd_preset_of_a_wider_source_is_1500_wide(crawled):
    assert preset_widths(crawled, "hd", ("liv",)) == {1500}


def test_hd_preset_of_a_narrower_source_keeps_its_width(crawled):
    # TAO's uploads are 1200 px wide: never upscaled.
    assert preset_widths(crawled, "hd", ("omnia", "hakkasan")) == {1200}


def test_vea_flyer_is_fetched_at_the_largest_size_code(crawled):
    assert any("/1600SC0/dom-dolla-050" in path for path in crawled.first.image_requests)


def test_vea_flyer_without_the_largest_size_falls_back_to_the_page_size(crawled):
    hd = crawled.first.objects[f"{crawled.prefix}artists/fisher/liv-hd.jpg"]
    assert width_of(hd["body"]) == 1200


def test_records_point_at_the_public_url_with_the_stored_sizes(crawled):
    event = crawled.first.events[event_of("Steve Aoki")]
    sizes = {s["preset"]: (s["r2_url"], s["width"], s["height"])
             for s in event["images"][0]["sizes"]}
    url = f"{BASE}/{crawled.prefix}artists/steve-aoki/omnia"
    assert sizes == {"main": (f"{url}-main.jpg", 500, 625), "hd": (f"{url}-hd.jpg", 1200, 1500)}


def test_record_file_size_is_the_stored_object_size(crawled):
    size = crawled.first.events[event_of("Steve Aoki")]["images"][0]["sizes"][0]
    key = size["r2_url"].removeprefix(f"{BASE}/")
    assert size["file_size"] == len(crawled.first.objects[key]["body"])


def test_second_crawl_records_what_the_first_did(crawled):
    first = {eid: e["images"] for eid, e in crawled.first.events.items()}
    assert {eid: e["images"] for eid, e in crawled.second.events.items()} == first


def test_same_artist_and_venue_on_two_nights_downloads_one_flyer(crawled):
    dom_dolla_liv = [p for p in crawled.first.image_requests
                     if "/dom-dolla-050" in p and "dom-dolla-b" not in p]
    assert len({p.rsplit("/", 1)[1] for p in dom_dolla_liv}) == 1


def test_events_sharing_a_flyer_each_get_their_own_artist_records(crawled):
    slugs = {crawled.first.events[event_of(name)]["images"][0]["sizes"][0]["r2_url"]
             .split("/artists/")[1].split("/")[0] for name in ("Mau P", "Chris Lake")}
    assert slugs == {"mau-p", "chris-lake"}


def test_shared_flyer_is_downloaded_once(crawled):
    assert sum("liv-weekend-lineup" in p for p in crawled.first.image_requests) == 1


def test_night_with_several_performers_is_filed_under_the_headliner(crawled):
    image = crawled.first.events[event_of("John Summit")]["images"][0]
    assert (image["artist_slug"], image["venue_tag"]) == ("john-summit", "liv")


@pytest.mark.parametrize("name", ["../../x", "AC/DC Tribute"])
def test_path_like_performer_is_stored_under_its_slug(crawled, name):
    image = crawled.first.events[event_of(name)]["images"][0]
    assert image["sizes"][0]["r2_url"].startswith(f"{BASE}/{crawled.prefix}artists/"
                                                  f"{image['artist_slug']}/")


@pytest.mark.parametrize("kind", sorted(CONVERTED))
def test_convertible_image_is_stored(crawled, kind):
    assert crawled.first.events[event_of(f"Act {kind.title()}")]["images"] != []


@pytest.mark.parametrize("kind", sorted(CONVERTED))
def test_conversion_is_counted(crawled, kind):
    assert crawled.first.stats.get(f"vinny/images/converted/{CONVERTED[kind]}", 0) >= 1


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_image_keeps_the_event_without_images(crawled, kind):
    assert crawled.first.events[event_of(f"Act {kind.title()}")]["images"] == []


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_image_is_named_in_the_event_errors(crawled, kind):
    errors = crawled.first.events[event_of(f"Act {kind.title()}")]["enrichment_status"]["errors"]
    assert len(errors.get("images", [])) == 1


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_image_is_counted_by_reason(crawled, kind):
    assert crawled.first.stats.get(f"vinny/images/failed/{BAD[kind]}", 0) >= 1


def test_flyer_merged_in_from_a_later_page_of_the_night_is_recorded(crawled):
    assert crawled.first.events[event_of("Kolsch")]["images"][0]["artist_slug"] == "kolsch"


def test_exports_carry_the_stored_images(crawled):
    found = stored_image_urls(crawled.exports)
    assert (bool(found["events.json"]), bool(found["events.csv"])) == (True, True)


def test_every_stored_image_url_in_the_exports_resolves(crawled):
    urls = set().union(*stored_image_urls(crawled.exports).values())
    assert sorted(url for url in urls if not crawled.resolves(url)) == []


def test_vea_flyer_missing_at_every_size_is_a_404(crawled):
    event = crawled.first.events[event_of("Gryffin")]
    assert (event["images"], "http_404" in event["enrichment_status"]["errors"]["images"][0]) == (
        [], True)
