"""Shared test helpers: where ../shared is, and the shared scorer loaded as a module."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


@cache
def scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
