"""The project hangs together: spiders import, names agree, the pipeline order is documented."""

import importlib
import pkgutil

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

import spiders
from vinny import settings as vinny_settings
from vinny.venues import registry

# DESIGN.md: validate -> dedup -> pricing -> enrich -> images -> master.
DOCUMENTED_ORDER = ["event_validation", "duplicate_events", "table_pricing", "artist_enrichment",
                    "artist_images", "master_database"]


def test_every_spider_module_imports_and_names_agree():
    loader = SpiderLoader.from_settings(get_project_settings())
    modules = list(pkgutil.iter_modules(spiders.__path__))
    assert modules, "no spider module found"
    for module_info in modules:
        module = importlib.import_module(f"spiders.{module_info.name}")
        spider_cls = loader.load(module_info.name)
        assert spider_cls.__module__ == module.__name__
        assert spider_cls.__name__ == module_info.name.capitalize() + "Spider"


def test_the_four_spiders_exist():
    assert set(SpiderLoader.from_settings(get_project_settings()).list()) == {
        "liv", "wynnsocial", "tao", "zouk"}


def test_the_registry_lists_every_spider_once():
    assert sorted(registry().spiders) == sorted(
        SpiderLoader.from_settings(get_project_settings()).list())


@pytest.mark.parametrize(("target", "spider"), [("tao", "tao"), ("liv-beach", "liv"),
                                                ("ebc", "wynnsocial"), ("ayu", "zouk")])
def test_registry_finds_the_spider_of_a_name_slug_or_tag(target, spider):
    assert registry().spider_for(target) == spider


def test_registry_refuses_an_unknown_target():
    with pytest.raises(ValueError, match="unknown spider or venue 'nowhere'"):
        registry().spider_for("nowhere")


def test_pipeline_order_is_the_documented_one():
    configured = sorted(vinny_settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
    modules = [path.split(".")[-2] for path, _ in configured]
    assert modules == [m for m in DOCUMENTED_ORDER if m in modules]
    assert modules[0] == "event_validation" and modules[-1] == "master_database"


def test_pipeline_classes_are_named_after_their_modules():
    assert vinny_settings.ITEM_PIPELINES
    for path in vinny_settings.ITEM_PIPELINES:
        module, cls = path.rsplit(".", 1)
        expected = "".join(part.capitalize() for part in module.split(".")[-1].split("_"))
        assert cls == expected + "Pipeline"
        assert importlib.import_module(module).__doc__


@pytest.mark.parametrize(
    ("slug", "tag"),
    [("liv-las-vegas", "liv"), ("liv-beach", "livb"), ("xs-nightclub", "xs"),
     ("encore-beach-club", "ebc"), ("encore-beach-club-at-night", "ebc"),
     ("omnia-nightclub", "omnia"), ("omnia-dayclub", "omnia-day"),
     ("hakkasan-nightclub", "hakkasan"), ("marquee-nightclub", "marquee"),
     ("marquee-dayclub", "marquee-day"), ("tao-nightclub", "tao"),
     ("tao-beach-dayclub", "tao-beach"), ("palm-tree-beach-club", "palm-tree"),
     ("jewel-nightclub", "jewel"), ("zouk-nightclub", "zouk"), ("ayu-dayclub", "ayu")],
)
def test_registry_has_every_venue_with_its_tag(slug, tag):
    venue = registry().by_slug(slug)
    assert venue.tag == tag and venue.address["city"] == "Las Vegas"


def test_registry_is_package_data():
    assert pkgutil.get_data("vinny", "data/venues.json")
