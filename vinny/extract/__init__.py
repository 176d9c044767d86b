"""Extractors: pure functions from a fetched page to a plain event dict (or a reason to skip)."""

from vinny.extract.common import Skip
from vinny.extract.tao import extract_tao_event
from vinny.extract.urvenue import extract_liv_event, extract_wynn_event

__all__ = ["Skip", "extract_liv_event", "extract_tao_event", "extract_wynn_event"]
