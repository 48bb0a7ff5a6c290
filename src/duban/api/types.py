"""Input types every request field uses: ids the database can hold, text without NUL bytes
(PostgreSQL refuses them), decimals that fit the ledger's columns."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Field, Path
from pydantic import AfterValidator

MAX_ID = 2**63 - 1


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("文本不能包含 NUL 字符")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[Decimal, Field(max_digits=16, decimal_places=4, allow_inf_nan=False)]


def Text(max_length: int, min_length: int = 0):  # noqa: N802 (a type factory)
    """A string of ``min_length``..``max_length`` characters without NUL bytes."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length),
                     AfterValidator(no_nul)]
PathId = Path[Id]
