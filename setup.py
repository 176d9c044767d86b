"""For `scrapyd-deploy`, which builds its egg with `setup.py bdist_egg`; the metadata, packages,
package data and the `scrapy` settings entry point all live in pyproject.toml."""

from setuptools import setup

setup()
