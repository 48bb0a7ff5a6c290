"""JSON bodies written with orjson: UTF-8 Chinese as is (not ``\\uXXXX``), dates and enums
natively, several times faster than the standard encoder on a page of 200 tasks."""

from __future__ import annotations

from decimal import Decimal

import orjson
from ninja.renderers import BaseRenderer
from pydantic import BaseModel

OPTIONS = orjson.OPT_NON_STR_KEYS


def default(value):
    """What orjson leaves to us: decimals as strings (as Django's encoder writes them)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"不能序列化为 JSON：{type(value).__name__}")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=default, option=OPTIONS)
