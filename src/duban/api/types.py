"""Input types every request field uses: ids the database can hold, text without NUL bytes
(PostgreSQL refuses them), decimals that fit the ledger's columns."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import AfterValidator, StrictInt, model_validator

MAX_ID = 2**63 - 1


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("文本不能包含 NUL 字符")
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body a number must be a JSON number: ``false`` or ``"40"`` is refused, not read as 0
# or 40 (pydantic's lax mode would); path and query values are text and keep ``Id``.
StrictId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Amount = Annotated[Decimal, Field(max_digits=16, decimal_places=4, allow_inf_nan=False)]


def Text(max_length: int, min_length: int = 0):  # noqa: N802 (a type factory)
    """A string of ``min_length``..``max_length`` characters without NUL bytes."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length),
                     AfterValidator(no_nul)]
PathId = Path[Id]


class BodyIn(Schema):
    """The base of every JSON request body: the body must be a JSON object. (A ninja Schema
    reads attributes from any object, so a list or a number would otherwise pass as an empty
    body with every field at its default.)"""

    @model_validator(mode="before")
    @classmethod
    def an_object(cls, data):
        # ninja hands the parsed body over wrapped in its attribute getter (``_obj``).
        body = getattr(data, "_obj", data)
        if not isinstance(body, dict):
            raise ValueError(f"请求体必须是 JSON 对象（收到 {type(body).__name__}）")
        return data
