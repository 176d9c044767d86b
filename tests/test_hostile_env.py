"""Test crawls in a shell set up for production never reach the production services."""

from __future__ import annotations

import subprocess

import pytest

from tests import e2e, images_support

PRODUCTION = {"IMAGES_STORE": "s3://vinny-vegas-images/", "AWS_ACCESS_KEY_ID": "AKIAPROD",
              "AWS_SECRET_ACCESS_KEY": "prod-secret", "AWS_ENDPOINT_URL": "https://r2.example",
              "SPOTIPY_CLIENT_ID": "prod-client"}


@pytest.fixture
def crawl_envs(monkeypatch, tmp_path):
    """The environments the test helpers hand to `scrapy crawl`, from a production shell."""
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    seen: list[dict[str, str]] = []

    def fake_run(cmd, **kwargs):
        seen.append(kwargs["env"])
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    e2e.crawl("liv", "http://127.0.0.1:1", tmp_path)
    images_support.crawl("liv", "http://127.0.0.1:1", tmp_path, {"IMAGES_STORE": ""})
    return seen


def test_test_crawls_get_no_production_store_or_credentials(crawl_envs):
    leaked = [sorted(set(env) & set(PRODUCTION) - {"IMAGES_STORE"}) for env in crawl_envs]
    assert leaked == [[], []]


def test_test_crawls_store_images_where_the_test_says(crawl_envs):
    assert [env.get("IMAGES_STORE") for env in crawl_envs] == [None, ""]


def test_test_crawls_keep_path_and_replica_mode(crawl_envs):
    assert all(env["PATH"] and env["VINNY_REPLICA_URL"] == "http://127.0.0.1:1"
               for env in crawl_envs)
