"""Helpers for the image tests: a real S3 server (moto_server), stores and crawls with S3 env."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from tests import e2e

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               # moto refuses R2's region "auto".
               "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_url():
    """`moto_server` on 127.0.0.1, a subprocess stopped by its PID at the end of the session."""
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1",
                             "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("moto_server exited") from None
                time.sleep(0.05)
        else:
            raise RuntimeError("moto_server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        config=Config(request_checksum_calculation="when_required",
                                      response_checksum_validation="when_required"))


def new_bucket(endpoint: str) -> str:
    name = f"vinny-test-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


def s3_objects(endpoint: str, bucket: str) -> dict[str, dict]:
    """{key: head_object reply} of every object in the bucket."""
    client = s3_client(endpoint)
    keys = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]
    return {key: client.head_object(Bucket=bucket, Key=key) for key in keys}


def s3_body(endpoint: str, bucket: str, key: str) -> bytes:
    return s3_client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()


def crawl(spider: str, replica_url: str, data_dir: Path, env: dict[str, str] | None = None,
          *settings: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER` in replica mode, with extra environment (the S3 endpoint)."""
    return e2e.crawl(spider, replica_url, data_dir, *settings, timeout=timeout, env=env)
