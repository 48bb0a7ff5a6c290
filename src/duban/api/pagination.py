"""Keyset (cursor) pagination: a page is ``WHERE pk > last ORDER BY pk LIMIT n``.

The cursor is opaque to clients (base64 of the last primary key), so a deep page costs the same
as the first one and concurrent inserts never shift rows between pages.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError

from duban.api.types import MAX_ID, Text

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_TAG = "k1:"


class PageParams(Schema):
    """The pagination query parameters of every list endpoint."""

    cursor: Text(64) | None = Field(
        None, description="分页游标（keyset cursor）：上一页返回的 next 值，原样传回即得下一页；"
                          "不传则从第一页开始。游标不透明，不要自行构造")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数")


@dataclass
class Page:
    items: list
    next: str | None


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_TAG}{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The last primary key a cursor names; HttpError 400 for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode()
        if not text.startswith(CURSOR_TAG):
            raise ValueError(text)
        pk = int(text[len(CURSOR_TAG):])
        if not 0 <= pk <= MAX_ID:
            raise ValueError(text)
    except (ValueError, binascii.Error, UnicodeError):
        raise HttpError(400, "无效的分页游标") from None
    return pk


def pk_of(item) -> int:
    return item["id"] if isinstance(item, dict) else item.pk


def keyset_page(rows: QuerySet, params: PageParams, newest_first: bool = False,
                finish: Callable[[list], list] | None = None) -> Page:
    """One page of ``rows`` after ``params.cursor``, ordered by primary key; ``finish`` adds
    what the rows need from other tables (a fixed number of queries per page)."""
    if newest_first:
        rows = rows.order_by("-pk")
    else:
        rows = rows.order_by("pk")
    if params.cursor:
        after = decode_cursor(params.cursor)
        rows = rows.filter(pk__lt=after) if newest_first else rows.filter(pk__gt=after)
    return page_of_rows(list(rows[: params.limit + 1]), params.limit, finish)


def read_page(read: Callable[[int | None, int], list], params: PageParams,
              finish: Callable[[list], list] | None = None) -> Page:
    """One page from ``read(after, limit)``: rows in primary-key order after a key (a fixed
    SQL statement instead of a queryset; see ``api.pages``)."""
    after = decode_cursor(params.cursor) if params.cursor else None
    return page_of_rows(read(after, params.limit + 1), params.limit, finish)


def page_of_rows(items: list, limit: int, finish: Callable[[list], list] | None) -> Page:
    """The page of the first ``limit`` of ``items`` (one more than that means a next page)."""
    more = len(items) > limit
    items = items[:limit]
    next_cursor = encode_cursor(pk_of(items[-1])) if more else None
    return Page(items=finish(items) if finish else items, next=next_cursor)
