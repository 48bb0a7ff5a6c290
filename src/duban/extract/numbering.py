"""Item and heading numbers: what `seq` is, and what is stripped from `category` and `content`.

Rules (spec/extraction.md, "seq", "category", "content"):
- An item number is Arabic and becomes `seq`: `12.`, `3、`, `5、、`, `1．`, `(1)`, `（1）`, `1)`, `①`.
- Bare digits glued to the text (`57新增…`), or a number whose point touches a digit
  (`7.65岁及以上…`), are an item number only when the caller expects that number next;
  otherwise they are a quantity (`3所综合医院`, `7.5%`).
- A Chinese numeral (`一、`, `（三）`, `(十一)`, `第一部分`) marks a heading: it belongs to
  `category`, never to `seq`, and is stripped from the heading text.
- Vocabulary (numeral characters, brackets, marks) lives in reference/numbering.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cn2an

from duban.reference import load


@dataclass(frozen=True)
class NumberingPatterns:
    """Compiled patterns built once from reference/numbering.yaml."""

    numerals: str
    aliases: dict[str, str]
    digit_values: dict[str, int]
    circled: str
    bracketed_arabic: re.Pattern[str]
    marked_arabic: re.Pattern[str]
    bare_arabic: re.Pattern[str]
    point_before_digit: re.Pattern[str]
    circled_item: re.Pattern[str]
    bracketed_chinese: re.Pattern[str]
    marked_chinese: re.Pattern[str]
    section: re.Pattern[str]


def _bracket_pattern(brackets: list[str], inner: str) -> str:
    """`(?:（inner）|(inner)|…)` for every bracket pair."""
    pairs = [f"{re.escape(pair[0])}\\s*{inner}\\s*{re.escape(pair[1])}" for pair in brackets]
    return "(?:" + "|".join(pairs) + ")"


@cache
def patterns() -> NumberingPatterns:
    """Build the numbering patterns from the reference vocabulary (once)."""
    ref = load("numbering")
    numerals = ref["numeral_chars"]
    marks = re.escape(ref["number_marks"].replace(".", "").replace("．", ""))
    cn = f"[{numerals}]+"
    sections = "|".join(map(re.escape, ref["section_words"]))
    return NumberingPatterns(
        numerals=numerals,
        aliases=ref["numeral_aliases"],
        digit_values=ref["digit_values"],
        circled=ref["circled"],
        bracketed_arabic=re.compile(
            r"^\s*" + _bracket_pattern(ref["brackets"], r"(\d{1,3})") + r"\s*"
        ),
        marked_arabic=re.compile(rf"^\s*(\d{{1,3}})\s*(?:[.．](?!\d)|[{marks})）]+)\s*"),
        bare_arabic=re.compile(r"^\s*(\d{1,3})(?=\s*[\u4e00-\u9fff])\s*"),
        point_before_digit=re.compile(r"^\s*(\d{1,3})\s*[.．](?=\d)"),
        circled_item=re.compile(rf"^\s*([{ref['circled']}])\s*"),
        bracketed_chinese=re.compile(
            r"^\s*" + _bracket_pattern(ref["brackets"], f"({cn})") + r"\s*"
        ),
        marked_chinese=re.compile(rf"^\s*({cn})\s*(?:[.．]|[{marks}])+\s*"),
        section=re.compile(rf"^\s*第\s*({cn}|\d{{1,3}})\s*(?:{sections})[\s.．{marks}]*"),
    )


def _number(match: re.Match[str]) -> str:
    """The one group that matched (bracket alternatives each have their own group)."""
    return next(group for group in match.groups() if group)


def chinese_to_int(s: str) -> int | None:
    """`十一` -> 11, `二〇二二` -> 2022, `两` -> 2, `12` -> 12; None when `s` is not a numeral."""
    s = (s or "").strip()
    if s.isdecimal():
        return int(s)
    pat = patterns()
    if not s or any(ch not in pat.numerals for ch in s):
        return None
    s = "".join(pat.aliases.get(ch, ch) for ch in s)
    if len(s) > 1 and all(ch in pat.digit_values for ch in s):
        # Years are written digit by digit (二〇二二), not as 二千零二十二.
        return int("".join(str(pat.digit_values[ch]) for ch in s))
    try:
        return int(cn2an.cn2an(s, "strict"))
    except (ValueError, KeyError, TypeError):
        return None


def split_heading_marker(text: str) -> tuple[int | None, str]:
    """Leading Chinese heading number (`一、`, `（三）`, `第一部分`) -> (its value, rest)."""
    pat = patterns()
    for regex in (pat.section, pat.bracketed_chinese, pat.marked_chinese):
        match = regex.match(text)
        if match:
            value = chinese_to_int(_number(match))
            if value is not None:
                return value, text[match.end() :].strip()
    return None, text.strip()


def split_item_number(text: str, expected: int | None = None) -> tuple[str | None, str]:
    """Leading Arabic item number of a content cell -> (seq as Arabic digits, rest).

    Chinese heading markers are not item numbers: use `split_heading_marker` for them.
    Bare digits glued to the text count only when they equal `expected` (the next seq).
    """
    pat = patterns()
    match = pat.bracketed_arabic.match(text) or pat.marked_arabic.match(text)
    if match:
        return str(int(_number(match))), text[match.end() :].strip()
    match = pat.circled_item.match(text)
    if match:
        return str(pat.circled.index(match.group(1)) + 1), text[match.end() :].strip()
    match = pat.bare_arabic.match(text) or pat.point_before_digit.match(text)
    if match and expected is not None and int(match.group(1)) == expected:
        return str(expected), text[match.end() :].strip()
    return None, text.strip()


def marker_kind(text: str) -> str:
    """The kind of number a cell opens with: `section` (第一部分), `chinese` (一、), `bracketed`
    ((一)), `arabic` (1. / 1、), `bracketed_arabic` ((1)), `circled` (①), or `none`. The levels
    of a table take one kind each, so a cell's kind tells which column it belongs to."""
    pat = patterns()
    if not text or text[0] not in _marker_starts():
        return "none"
    for kind, regex in (
        ("section", pat.section),
        ("bracketed", pat.bracketed_chinese),
        ("chinese", pat.marked_chinese),
        ("bracketed_arabic", pat.bracketed_arabic),
        ("arabic", pat.marked_arabic),
        ("circled", pat.circled_item),
    ):
        if regex.match(text):
            return kind
    return "none"


@cache
def _marker_starts() -> frozenset[str]:
    """Characters a number mark may open with: digits, numerals, brackets, 第, circled digits."""
    ref = load("numbering")
    brackets = {pair[0] for pair in ref["brackets"]}
    return frozenset("0123456789第 \u3000\t" + patterns().numerals + patterns().circled) | brackets


def strip_heading_number(text: str) -> str:
    """Remove leading heading/item numbering (`一、`, `（三）`, `第一部分`, `1.`) from a heading."""
    previous = None
    while text != previous:
        previous = text
        _, text = split_heading_marker(text)
        _, text = split_item_number(text)
    return text


def is_arabic_number(s: str) -> bool:
    """ASCII digits only (`'²'.isdigit()` is true, but `int('²')` fails)."""
    return s.isascii() and s.isdigit()


def is_heading_numeral(s: str) -> bool:
    """True for a bare Chinese heading numeral: `一`, `十一`, `（二）`, `三、`."""
    s = (s or "").strip()
    if not s:
        return False
    value, rest = split_heading_marker(s)
    if value is not None:
        return rest == ""
    return all(ch in patterns().numerals for ch in s) and chinese_to_int(s) is not None
