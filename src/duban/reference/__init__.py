"""Reference vocabulary shipped as YAML data files; loaded once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Return the parsed contents of ``duban/reference/<name>.yaml``."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
