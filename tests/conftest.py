from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture
def page_text():
    def read(name: str, encoding: str = "utf-8") -> str:
        return (FILES / name).read_bytes().decode(encoding)

    return read
