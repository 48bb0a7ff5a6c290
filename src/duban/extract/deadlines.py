"""Deadlines: a deadline cell or a task's content -> `Deadline` (spec/extraction.md, "deadline").

Rules:
- `2022年8月底前`, `2022年8月`, `2022.8`, `8月底前` (+ the document's year) -> kind date, due the
  month's last day (or the stated day: `2022年8月31日前`).
- `2017年`, `2017年底前` -> kind year, 2017-01-01..2017-12-31; `2017年12月底前` is a date.
- `2017-2020年`, `2017年—2020年`, `2017至2020年`, `2023年6月-2024年12月` -> kind range.
- `持续推进`, `长期坚持`, `每年…` -> kind ongoing; `2023年起` -> ongoing from 2023-01-01.
- `年内`, `年底`, `上半年` (+ the document's year), `“十四五”期末` (2025) -> kind date.
- An empty cell (`/`, `-`, `无`) gives kind none and text null. A cell that says something no rule
  understands keeps its text with kind none: `is_unparsed` tells the ledger to flag it.
- Chinese numerals are read too: `二〇二二年八月底前`, `十二月底前`.
- No hidden clock: relative dates take the document's year as an argument; without it they stay
  unparsed rather than guessed.
Vocabulary lives in reference/deadlines.yaml.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from duban.extract.model import Deadline
from duban.extract.numbering import chinese_to_int
from duban.reference import load

YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
DAY = r"3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
FULLWIDTH = str.maketrans("０１２３４５６７８９．／", "0123456789./")
WHITESPACE = re.compile(r"\s+")
GARBLED_YEAR = re.compile(r"(?<!\d)\d{5,8}年")  # a sharing site's garble of a year (202223年)


def _alternatives(words: list[str] | dict[str, object]) -> str:
    """A regex alternation of literal words, longest first so `之前` beats `前`."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class DeadlineVocabulary:
    """Deadline phrases and the patterns built from them (reference/deadlines.yaml)."""

    empty: frozenset[str]
    ongoing: tuple[str, ...]
    recurring: tuple[str, ...]
    periods: dict[str, int]
    month_parts: dict[str, int]
    five_year_plans: dict[str, int]
    strict: tuple[tuple[str, re.Pattern[str]], ...]
    lenient: re.Pattern[str]
    start: re.Pattern[str]
    content: re.Pattern[str]


def _strict_patterns(ref: dict) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Whole-cell forms, tried in order; the name says how to read the match."""
    pre = f"(?:{_alternatives(ref['date_prefixes'])})?"
    suf = f"(?:{_alternatives(ref['date_suffixes'])})?"
    sep = f"(?:{_alternatives(ref['range_separators'])})"
    part = f"(?P<part>底|末|上旬|中旬|下旬|{_alternatives(ref['month_parts'])})?"
    forms = {
        "year_range": rf"(?P<y1>{YEAR})年?{sep}(?P<y2>{YEAR})年?(?:年?底|年?末)?",
        "month_range": rf"(?P<y1>{YEAR})年(?P<m1>{MONTH})月份?{sep}(?:(?P<y2>{YEAR})年)?"
        rf"(?P<m2>{MONTH})月份?(?:底|末)?",
        "ymd": rf"(?P<y>{YEAR})(?:年(?P<m>{MONTH})月(?P<d>{DAY})[日号]|[./-](?P<m_>\d{{1,2}})"
        rf"[./-](?P<d_>\d{{1,2}}))",
        "ym": rf"(?P<y>{YEAR})(?:年(?P<m>{MONTH})月份?{part}|[./-](?P<m_>\d{{1,2}}))",
        "year": rf"(?P<y>{YEAR})年度?(?:年?底|年?末|全年)?",
        "md": rf"(?P<m>{MONTH})月份?(?:(?P<d>{DAY})[日号])?{part}",
        "period": rf"(?:(?P<y>{YEAR})年)?(?P<period>{_alternatives(ref['periods'])})末?",
        "year_end": r"(?:今年|本年|当年)?(?:年内|年底|年末|年度内|年度)",
        "plan_end": rf"[“\"]?(?P<plan>{_alternatives(ref['five_year_plans'])})[”\"]?"
        r"(?:期末|末|时期末|规划期末)",
        "plan_span": rf"[“\"]?(?P<plan>{_alternatives(ref['five_year_plans'])})[”\"]?(?:期间|时期)",
    }
    return tuple((name, re.compile(f"{pre}(?:{form}){suf}")) for name, form in forms.items())


def _content_pattern(ref: dict) -> re.Pattern[str]:
    """Deadline phrases inside a task's content: `9月底前`, `年内`, `年底`, `“十四五”期末`."""
    not_after = re.escape(ref["year_end_not_after"])
    return re.compile(
        rf"(?P<ymd>(?<![\d〇零一二三四五六七八九十])(?:(?P<y>{YEAR})年)?(?P<m>{MONTH})月"
        rf"(?:(?P<d>{DAY})[日号])?(?P<end>底|末)?(?P<before>之前|以前|前)?)"
        rf"|(?P<yend>(?P<y2>{YEAR})年(?:底|末)(?:之前|以前|前)?)"
        rf"|(?P<byyear>(?:{_alternatives(ref['by_year_words'])})(?P<y3>{YEAR})年(?![\d〇零一二三四五六七八九十月度底末]))"
        rf"|(?P<rel>(?<![{not_after}])(?:{_alternatives(ref['year_end_phrases'])}))"
        rf"|(?P<planend>[“\"]?(?P<plan>{_alternatives(ref['five_year_plans'])})[”\"]?(?:期末|末))"
    )


@cache
def vocabulary() -> DeadlineVocabulary:
    """Build the deadline vocabulary from reference/deadlines.yaml (once)."""
    ref = load("deadlines")
    return DeadlineVocabulary(
        empty=frozenset(ref["empty"]),
        ongoing=tuple(ref["ongoing"]),
        recurring=tuple(ref["recurring"]),
        periods=ref["periods"],
        month_parts=ref["month_parts"],
        five_year_plans=ref["five_year_plans"],
        strict=_strict_patterns(ref),
        lenient=re.compile(
            rf"(?:(?P<y>{YEAR})年)?(?P<m>{MONTH})月(?:(?P<d>{DAY})[日号])?(?![\d起])"
            rf"|(?P<yo>{YEAR})年(?:底|末)?(?!\d|[一二三四五六七八九十]{{1,2}}月|起|开始|以来|以后)"
        ),
        start=re.compile(rf"(?P<y>{YEAR})年(?:(?P<m>{MONTH})月)?(?:份)?(?:起|开始)"),
        content=_content_pattern(ref),
    )


def month_end(year: int, month: int) -> str:
    """ISO date of the last day of `month` in `year`: (2022, 2) -> `2022-02-28`."""
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _iso(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the day does not exist (a garbled cell)."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _int(s: str | None) -> int | None:
    """Arabic or Chinese numeral -> int (None for None)."""
    return None if s is None else chinese_to_int(s)


def _clean(text: str | None) -> str:
    """The cell as printed minus whitespace (line breaks inside a cell are conversion debris)."""
    return WHITESPACE.sub("", text or "")


def is_unparsed(deadline: Deadline) -> bool:
    """True when a deadline cell said something that no rule understood (flag it for a human)."""
    return deadline.text is not None and deadline.kind == "none"


def milestone_due(header: str, year: int) -> str | None:
    """Month column header (`6月`, `六月`, `2020年6月`) -> last day of that month, else None."""
    match = re.fullmatch(
        rf"(?:(?P<y>{YEAR})年)?(?P<m>{MONTH})月份?(?:底|末|前|底前)?",
        _clean(header).translate(FULLWIDTH),
    )
    if not match:
        return None
    month = _int(match.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    return month_end(_int(match.group("y")) or year, month)


def _due_in_month(year: int, month: int, day: int | None, part: str | None) -> str | None:
    """Due date inside a month: the stated day, the end of a ten-day part, or the month's end."""
    if day is not None:
        return _iso(year, month, day)
    parts = vocabulary().month_parts
    if part in parts:
        return _iso(year, month, parts[part])
    if not 1 <= month <= 12:
        return None
    return month_end(year, month)


def _group(match: re.Match[str], *names: str) -> str | None:
    """First non-empty of several named groups (two spellings of the same field), or None."""
    found = match.groupdict()
    return next((found[n] for n in names if found.get(n)), None)


def _date(text: str, due: str | None) -> Deadline:
    """Kind date, or unparsed when the date does not exist."""
    return Deadline(text=text, kind="date", due=due) if due else Deadline(text=text)


def _year_span(text: str, kind: str, first: int, last: int) -> Deadline:
    """A span of whole years: kind year (one year) or range."""
    if last < first:
        return Deadline(text=text)
    return Deadline(text=text, kind=kind, start=f"{first:04d}-01-01", due=f"{last:04d}-12-31")


def _read_strict(name: str, match: re.Match[str], text: str, year: int | None) -> Deadline:
    """Turn a whole-cell match of form `name` into a Deadline."""
    vocab = vocabulary()
    y = _int(_group(match, "y", "y1"))
    if name == "year_range":
        return _year_span(text, "range", y, _int(match.group("y2")))
    if name == "month_range":
        first_month = _int(match.group("m1"))
        last_year = _int(match.group("y2")) or y
        due = _due_in_month(last_year, _int(match.group("m2")), None, None)
        start = _iso(y, first_month, 1)
        if not (start and due) or due < start:
            return Deadline(text=text)
        return Deadline(text=text, kind="range", start=start, due=due)
    if name == "year":
        return _year_span(text, "year", y, y)
    if name == "plan_end":
        return _date(text, f"{vocab.five_year_plans[match.group('plan')]}-12-31")
    if name == "plan_span":
        last = vocab.five_year_plans[match.group("plan")]
        return _year_span(text, "range", last - 4, last)
    y = y or year
    if y is None:
        return Deadline(text=text)
    if name == "period":
        return _date(text, month_end(y, vocab.periods[match.group("period")]))
    if name == "year_end":
        return _date(text, f"{y:04d}-12-31")
    month = _int(_group(match, "m", "m_"))
    day = _int(_group(match, "d", "d_"))
    return _date(text, _due_in_month(y, month, day, _group(match, "part")))


def _strict_deadline(compact: str, text: str, year: int | None) -> Deadline | None:
    """The cell is exactly one known form (give or take 前/截至): read it, else None."""
    for name, pattern in vocabulary().strict:
        match = pattern.fullmatch(compact)
        if match:
            return _read_strict(name, match, text, year)
    return None


def _lenient_deadline(compact: str, text: str, year: int | None) -> Deadline | None:
    """Dates found anywhere in a longer cell: the latest one is the due date."""
    dues: list[tuple[str, bool]] = []
    for match in vocabulary().lenient.finditer(compact):
        if match.group("yo"):
            only_year = _int(match.group("yo"))
            dues.append((f"{only_year:04d}-12-31", True))
            continue
        y = _int(match.group("y")) or year
        if y is None:
            continue
        due = _due_in_month(y, _int(match.group("m")), _int(match.group("d")), None)
        if due:
            dues.append((due, False))
    if not dues:
        return None
    due, only_year = max(dues)
    if only_year and all(flag for _, flag in dues) and len(dues) == 1:
        return _year_span(text, "year", int(due[:4]), int(due[:4]))
    return Deadline(text=text, kind="date", due=due)


def _ongoing_deadline(compact: str, text: str) -> Deadline | None:
    """`持续推进`, `长期`, `2023年起…` -> kind ongoing (start only where the cell states one)."""
    vocab = vocabulary()
    started = vocab.start.search(compact)
    if not started and not any(word in compact for word in vocab.ongoing):
        return None
    start = None
    if started:
        start = _iso(_int(started.group("y")), _int(started.group("m")) or 1, 1)
    return Deadline(text=text, kind="ongoing", start=start)


def text_to_deadline(text: str | None, year: int | None) -> Deadline:
    """A deadline cell (完成时限/进度安排/时间节点) -> Deadline; `year` resolves `8月底前`, `年内`."""
    printed = _clean(text)
    vocab = vocabulary()
    if not printed or printed in vocab.empty:
        return Deadline()
    compact = printed.translate(FULLWIDTH)
    strict = _strict_deadline(compact, printed, year)
    if strict is not None:
        return strict
    if any(word in compact for word in vocab.recurring):
        return Deadline(text=printed, kind="ongoing")
    dated = _lenient_deadline(compact, printed, year)
    if dated is None and year is None and vocab.lenient.search(compact):
        # `1月底前完成；其它事项…并长期坚持` with no year known: a date, not ongoing, left unparsed
        return Deadline(text=printed)
    return dated or _ongoing_deadline(compact, printed) or Deadline(text=printed)


def _content_due(match: re.Match[str], year: int | None) -> str | None:
    """Due date of one deadline phrase found in content, or None when it is not one."""
    if match.group("planend"):
        return f"{vocabulary().five_year_plans[match.group('plan')]}-12-31"
    if match.group("yend") or match.group("byyear"):
        return f"{_int(match.group('y2') or match.group('y3')):04d}-12-31"
    if match.group("rel"):
        return None if year is None else f"{year:04d}-12-31"
    # A month is a deadline only with 底/末 or 前 (`9月底前`, `9月30日前`), not `1月起`.
    if not (match.group("end") or match.group("before")):
        return None
    y = _int(match.group("y")) or year
    if y is None:
        return None
    return _due_in_month(y, _int(match.group("m")), _int(match.group("d")), None)


def content_to_deadline(content: str, year: int | None) -> Deadline:
    """A deadline stated in the content of a table with no deadline column (`在9月底前实现…`).

    The latest such phrase wins; `text` is the phrase as printed (`9月底前`, `年内`).
    Without the document's year a relative phrase is kept unparsed.
    """
    if GARBLED_YEAR.search(content or ""):
        return Deadline()  # `202223年`: a copy garbled its years, none of its dates can be trusted
    best: tuple[str, str, bool] | None = None
    unresolved: str | None = None
    for match in vocabulary().content.finditer(content or ""):
        due = _content_due(match, year)
        if due is None:
            if match.group("rel") and unresolved is None:
                unresolved = match.group(0)
            continue
        if best is None or due > best[0]:
            best = (due, match.group(0), bool(match.group("yend") or match.group("byyear")))
    if best is None:
        return Deadline(text=unresolved) if unresolved else Deadline()
    due, text, stated_year = best
    if stated_year:  # `2021年底前`, `到2020年`: the whole of a stated year, as in a deadline cell
        text = text[next(i for i, ch in enumerate(text) if ch.isdigit() or ch in "〇零一二三四五六七八九") :]
        return _year_span(text, "year", int(due[:4]), int(due[:4]))
    return Deadline(text=text, kind="date", due=due)


def is_deadline_phrase(text: str) -> bool:
    """Is ``text`` (a cell's worth) nothing but a deadline: one known date form or an ongoing word?

    Used to tell where a deadline cell starts in a row whose cells lost their separators."""
    compact = _clean(text).translate(FULLWIDTH)
    if not compact or len(compact) > 24:
        return False
    if any(pattern.fullmatch(compact) for _, pattern in vocabulary().strict):
        return True
    vocab = vocabulary()
    if RELATIVE_LIMIT.fullmatch(compact.removesuffix("。")):
        return True
    return any(compact.startswith(word) for word in vocab.ongoing) and len(compact) <= 8 or bool(
        vocab.start.fullmatch(compact)
    )


# `自信息形成之日起20个工作日内`, `检查结束后10个工作日内`: a time limit counted from an event
RELATIVE_LIMIT = re.compile(r"(?:[自从在于]?.{0,18}?(?:之日起|之日|起|后))?\d{1,3}个?(?:工作日|自然日|日|天|个月|周)(?:以)?内(?:完成|办结|公开)?")
