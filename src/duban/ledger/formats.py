"""Dates as the office writes them (2026年1月1日), for text built outside templates: reasons of
a light, messages, exports. Templates get the same form from ``settings.DATE_FORMAT``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def cn_date(day: dt.date | None, empty: str = "") -> str:
    """``2026年1月1日`` (no leading zeros), or ``empty`` for no date."""
    if day is None:
        return empty
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.year}年{day.month}月{day.day}日"
