"""The `vinny` commands' help, completion, `--json` output, venue listing, `--since` as an
instant, and tier names in history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson

from tests.test_cli import data_dir  # noqa: F401 (a fixture: a small master database)
from tests.test_cli_failures import vinny
from tests.test_database import event, run, tier
from vinny.cli import app
from vinny.database.master import MasterStore
from vinny.venues import registry


def parameters_without_help(application, path=()):
    for name in application:
        if name.startswith("-"):
            continue
        sub = application[name]
        if sub.default_command:
            for argument in sub.assemble_argument_collection():
                if not argument.parameter.help:
                    yield (*path, name, argument.name)
        yield from parameters_without_help(sub, (*path, name))


def test_every_parameter_of_every_command_has_help():
    assert list(parameters_without_help(app)) == []


def test_every_command_has_help():
    commands = [name for name in app if not name.startswith("-")]
    assert [name for name in commands if not app[name].help] == []


def test_scrape_help_lists_the_spiders(tmp_path):
    done = vinny(tmp_path, "scrape", "--help", env={"COLUMNS": "200"})
    assert registry().spiders and all(spider in done.stdout for spider in registry().spiders)


def test_shell_completion_is_offered(tmp_path):
    assert "--install-completion" in vinny(tmp_path, "--help").stdout


def test_venues_lists_every_venue_under_its_spider(tmp_path):
    listed = orjson.loads(vinny(tmp_path, "venues", "--json").stdout)
    assert {(v["slug"], v["spider"]) for v in listed} == {
        (v.slug, v.family) for v in registry().venues}


def test_runs_json_is_a_list_of_runs(data_dir):  # noqa: F811
    runs = orjson.loads(vinny(data_dir, "runs", "--json").stdout)
    assert [r["run_id"] for r in runs] == ["r2", "r1"]


def test_changes_json_is_a_list_of_changes(data_dir):  # noqa: F811
    changes = orjson.loads(vinny(data_dir, "changes", "--since", "2000-01-01", "--json").stdout)
    assert [c["field"] for c in changes] == ["start_at"]


def test_changes_since_an_instant_with_an_offset_compares_instants(data_dir):  # noqa: F811
    # An hour ahead, written at -08:00: as text it sorts before today's UTC changes.
    later = (datetime.now(UTC) + timedelta(hours=1)).astimezone(
        datetime.fromisoformat("2026-01-01T00:00-08:00").tzinfo).isoformat()
    assert vinny(data_dir, "changes", "--since", later).stdout.startswith("0 change(s)")


def test_changes_since_an_earlier_instant_east_of_utc_finds_the_change(data_dir):  # noqa: F811
    # An hour ago, written at +09:00: as text it sorts after today's UTC changes.
    earlier = (datetime.now(UTC) - timedelta(hours=1)).astimezone(
        datetime.fromisoformat("2026-01-01T00:00+09:00").tzinfo).isoformat()
    assert vinny(data_dir, "changes", "--since", earlier).stdout.startswith("1 change(s)")


def test_history_names_a_tier_by_its_name(tmp_path):
    store = MasterStore(tmp_path / "vinny.db")
    first, second = event(table_pricing=[tier("MAS224", 6000)]), event(
        table_pricing=[tier("MAS224", 8000)])
    for doc in (first, second):
        doc["table_pricing"][0]["event_id"] = doc["event_id"]
    run(store, "r1", [first])
    run(store, "r2", [second])
    store.close()
    history = orjson.loads(vinny(tmp_path, "history", first["event_id"], "--json").stdout)
    assert [(c["field"], c.get("tier_name")) for c in history] == [
        ("table_pricing[Table MAS224 (MAS224)].tier.min_spend", "Table MAS224")]
