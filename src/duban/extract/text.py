"""Cleaning of cell and line text: conversion debris out, the wording kept.

Rules (spec/extraction.md, "content" and "category"):
- HTML tags of the markup converters leave (`<p>`, `<br/>`, `<span …>`), Word bookmarks (`[bookmark: _GoBack]`) and markdown emphasis (`**一、…**`)
  are conversion debris.
- Line breaks and spaces between two CJK characters were inserted by the conversion.
- A phrase repeated by a broken conversion (`加强公共卫生体系建设 加强公共卫生体系建设`) is kept once.
"""

from __future__ import annotations

import re
from functools import lru_cache

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
# Only the tags converters leave behind: any other `<…>` is text as printed (escaping is the
# page's job), so `推进改革<script>` keeps its words.
MARKUP_TAGS = "p|br|span|div|font|b|strong|i|em|u|s|sup|sub|o:p|td|tr|th|tbody|thead|table|a|li|ul|ol|h[1-6]|center"
TAG = re.compile(rf"</?(?:{MARKUP_TAGS})(?:\s[^<>]{{0,200}})?/?>", re.IGNORECASE)
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
EMPHASIS = re.compile(r"\*\*|__")  # markdown bold around a heading or a number
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u3000\u00a0\r\n]+|[ \t\u3000\u00a0\r\n]+(?=[{CJK}])")
WHITESPACE = re.compile(r"\s+")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# `責(zé)任`: some sites print each rarer character with its pinyin; a syllable carries a tone mark
PINYIN_NOTE = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{TONED}]{{0,5}}[{TONED}])[a-zü{TONED}]{{1,6}}[)）]")


def strip_markup(text: str) -> str:
    """Remove HTML tags, bookmarks, entities and markdown emphasis left by a converter."""
    if "<" not in text and "[" not in text and "&" not in text and "*" not in text and "__" not in text:
        return text
    text = EMPHASIS.sub("", BOOKMARK.sub("", TAG.sub("", text)))
    return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def strip_pinyin_notes(text: str) -> str:
    """Remove the pinyin a web page prints after characters: `責(zé)任單位` -> `責任單位`."""
    if "(" not in text and "（" not in text:
        return text
    return PINYIN_NOTE.sub("", text)


def squash(text: str | None) -> str:
    """Strip markup, drop whitespace that touches CJK text, fold the rest to single spaces."""
    if not text:
        return ""
    text = strip_markup(text)
    text = SPACE_BETWEEN_CJK.sub("", text)
    return WHITESPACE.sub(" ", text).strip()


def compact(text: str | None) -> str:
    """Markup and every whitespace removed: the key to compare header words and labels."""
    if not text:
        return ""
    return _compact(text) if len(text) <= 200 else WHITESPACE.sub("", strip_markup(text))


@lru_cache(maxsize=8192)
def _compact(text: str) -> str:
    # the same cell and header words are compared again and again while a layout is tried
    return WHITESPACE.sub("", strip_markup(text))


def dedupe_repeated_phrase(text: str) -> str:
    """`X X` or `XX` produced by a broken conversion becomes `X`."""
    parts = text.split()
    if len(parts) > 1 and len(set(parts)) == 1:
        return parts[0]
    half = len(text) // 2
    if len(text) >= 8 and len(text) % 2 == 0 and text[:half] == text[half:]:
        return text[:half]
    return text


def is_blank(text: str | None) -> bool:
    return not compact(text)
