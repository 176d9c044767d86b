"""An enrichment source is its module and one entry of `vinny.enrich.types.PLUGINS`: the runner
builds every source from that entry alone."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from vinny.enrich.http import Transport
from vinny.enrich.registry import PluginKit
from vinny.enrich.types import PLUGINS, SOURCES


def kit(counted):
    async def send(request):
        raise AssertionError("building a source makes no request")

    settings = Settings()
    settings.setmodule("vinny.settings")
    return PluginKit(settings, lambda source: Transport(send, max_wait=1.0), ThreadPoolExecutor(1),
                     counted.append, timeout=5.0, max_wait=1.0)


def test_the_run_order_is_the_registry_order():
    assert tuple(PLUGINS) == SOURCES and len(SOURCES) >= 3


@pytest.mark.parametrize("name", list(PLUGINS))
def test_each_registered_source_builds_from_the_kit_and_names_itself(name, monkeypatch):
    monkeypatch.delenv("SPOTIPY_CLIENT_ID", raising=False)
    plugin = load_object(PLUGINS[name]).build(kit([]))
    assert plugin.name == name
    assert callable(plugin.lookup)
