from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture
def page_text():
    def read(name: str, encoding: str = "utf-8") -> str:
        return (FILES / name).read_bytes().decode(encoding)

    return read


@pytest.fixture
def frozen_clock():
    """Today is 2026-11-22 in Las Vegas, whatever the machine's clock says."""
    import time_machine

    with time_machine.travel("2026-11-22T12:00:00-08:00", tick=False) as traveller:
        yield traveller
