"""Indicators: the quantified targets in a task's content or target (spec/extraction.md).

Rules:
- An indicator is an Arabic number with a unit (`75%`, `740元`, `34个`, `3级`) that states a level.
- `op` comes from the words after the number first (`以上` >=, `以下`/`内` <=, `左右` =), then from the
  nearest comparison word before it in the clause (`达到`/`不低于`/`至少` >=, `降到`/`不高于` <=);
  a bare count is `=`. Numbers listed together share them: `分别达70%、80%以上` -> two `>=`.
- Not indicators: dates and years (年/月/日 are no units), numbers in names and document numbers
  (`《…》`, `〔2022〕58号`), ordinals and rate bases (`第3`, `每50万人口`), model names (`5+3`, `5G`),
  the parts of a list (`5个方面`), age qualifiers (`65岁及以上老年人`), and `12类45项` unless it
  stands in a target.
- `text` is the clause the indicator comes from.
Vocabulary lives in reference/indicators.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.model import Indicator
from duban.reference import load

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


def _alternatives(words: list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class IndicatorVocabulary:
    """Units, comparison words and exclusions (reference/indicators.yaml)."""

    quantity: re.Pattern[str]
    before: tuple[tuple[str, str], ...]
    after: re.Pattern[str]
    after_ops: dict[str, str]
    needs_comparison: frozenset[str]
    enumeration: tuple[str, ...]
    not_after: tuple[str, ...]
    name_brackets: tuple[str, ...]
    clause_breaks: str
    list_joint: re.Pattern[str]
    list_count: re.Pattern[str]
    conjunctions: tuple[str, ...]
    max_gap: int


@cache
def vocabulary() -> IndicatorVocabulary:
    """Build the indicator vocabulary from reference/indicators.yaml (once)."""
    ref = load("indicators")
    seps = _alternatives(ref["list_separators"])
    before = [(word, op) for op, words in ref["before"].items() for word in words]
    after_ops = {word: op for op, words in ref["after"].items() for word in words}
    return IndicatorVocabulary(
        quantity=re.compile(
            rf"(?<![\d.])(?P<num>{NUMBER})(?:\s*(?:{seps})\s*(?P<num2>{NUMBER}))?"
            rf"\s*(?P<unit>(?:{_alternatives(ref['multiples'])})?(?:{_alternatives(ref['units'])}))"
        ),
        before=tuple(sorted(before, key=lambda item: len(item[0]), reverse=True)),
        after=re.compile(rf"\s*(?:{_alternatives(list(after_ops))})"),
        after_ops=after_ops,
        needs_comparison=frozenset(ref["units_needing_comparison"]),
        enumeration=tuple(ref["enumeration_nouns"]),
        not_after=tuple(ref["not_after"]),
        name_brackets=tuple(ref["name_brackets"]),
        clause_breaks=ref["clause_breaks"],
        list_joint=re.compile(rf"\s*(?:{seps}|[,，])?\s*"),
        list_count=re.compile(ref["list_count"]),
        conjunctions=tuple(ref["conjunctions"]),
        max_gap=int(ref["max_gap"]),
    )


@dataclass
class Quantity:
    """One number-with-unit found in the text, before it is judged a target."""

    start: int
    end: int  # after the unit and any 以上/左右
    values: tuple[float, ...]
    unit: str
    after_op: str | None


def _inside_name(text: str, pos: int) -> bool:
    """True when `pos` sits inside a book title or document-number bracket (《…》, 〔…〕)."""
    head = text[:pos]
    return any(head.count(pair[0]) > head.count(pair[1]) for pair in vocabulary().name_brackets)


def _is_name_or_base(text: str, match: re.Match[str]) -> bool:
    """Numbers that belong to a name, a model, an ordinal or a rate base, not to a target."""
    vocab = vocabulary()
    start, num_end = match.start(), match.end("num")
    before = text[max(0, start - 2) : start]
    after_num = text[num_end : num_end + 1]
    if before[-1:].isascii() and (before[-1:].isalpha() or before[-1:] == "+"):
        return True
    if after_num == "+" or any(before.endswith(word) for word in vocab.not_after):
        return True
    return _inside_name(text, start)


def _is_list_part(text: str, match: re.Match[str], in_target: bool) -> bool:
    """`5个方面`, `6个月` count list parts or durations; `12类45项` is a list outside a target."""
    vocab = vocabulary()
    if text.startswith(vocab.enumeration, match.end()):
        return True
    if in_target:
        return False
    return any(m.start() <= match.start() < m.end() for m in vocab.list_count.finditer(text))


def _quantities(text: str, in_target: bool) -> list[Quantity]:
    """Every number-with-unit in `text` that is not a name, a list part or a base."""
    vocab = vocabulary()
    found = []
    for match in vocab.quantity.finditer(text):
        if _is_name_or_base(text, match) or _is_list_part(text, match, in_target):
            continue
        values = tuple(float(n.replace(",", "")) for n in match.group("num", "num2") if n)
        end, after_op = match.end(), None
        tail = vocab.after.match(text, end)
        if tail:
            end, after_op = tail.end(), vocab.after_ops[tail.group(0).strip()]
        found.append(Quantity(match.start(), end, values, match.group("unit"), after_op))
    return found


def _group_lists(quantities: list[Quantity], text: str) -> list[list[Quantity]]:
    """Quantities joined only by `、`/`—` (`70%、80%以上`) form one group sharing a comparison."""
    groups: list[list[Quantity]] = []
    joint = vocabulary().list_joint
    for quantity in quantities:
        previous = groups[-1][-1] if groups else None
        same_list = (
            previous is not None
            and previous.after_op is None
            and previous.unit == quantity.unit
            and joint.fullmatch(text, previous.end, quantity.start) is not None
        )
        if same_list:
            groups[-1].append(quantity)
        else:
            groups.append([quantity])
    return groups


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the clause holding text[start:end] (clause breaks: ，；。 …)."""
    breaks = vocabulary().clause_breaks
    left = max(text.rfind(ch, 0, start) for ch in breaks) + 1
    rights = [i for i in (text.find(ch, end) for ch in breaks) if i != -1]
    return left, min(rights, default=len(text))


def _op_before(text: str, left: int, number_start: int) -> str | None:
    """The comparison word nearest before the number, within reach (`至少专题研究1次`)."""
    vocab = vocabulary()
    window = text[left:number_start]
    best: tuple[int, str] | None = None
    for word, op in vocab.before:
        pos = window.rfind(word)
        if pos == -1:
            continue
        gap = len(window) - (pos + len(word))
        if gap > (0 if len(word) == 1 else vocab.max_gap):
            continue
        if best is None or gap < best[0]:
            best = (gap, op)
    return best[1] if best else None


def _inherits(text: str, left: int, start: int) -> bool:
    """True when only a conjunction links this group to the one before it in the clause."""
    return any(word in text[left:start] for word in vocabulary().conjunctions)


def text_to_indicators(text: str, *, in_target: bool = False) -> list[Indicator]:
    """The quantified targets in a clause of content or target -> Indicators.

    `in_target` says the text comes from a target column, where `12类45项` is a target too.
    """
    printed = text or ""
    text = printed.translate(FULLWIDTH)
    indicators: list[Indicator] = []
    previous: tuple[int, int, str] | None = None  # (clause start, group end, op)
    for group in _group_lists(_quantities(text, in_target), text):
        first, last = group[0], group[-1]
        left, right = _clause_bounds(text, first.start, last.end)
        reach = max(left, previous[1]) if previous and previous[0] == left else left
        op_before = _op_before(text, reach, first.start)
        if last.unit in vocabulary().needs_comparison and op_before is None:
            continue  # 65岁及以上老年人: an age that qualifies, not one to reach
        op = last.after_op or op_before
        if op is None and previous and previous[0] == left and _inherits(text, reach, first.start):
            op = previous[2]
        op = op or "="
        clause = printed[left:right].strip()
        indicators.extend(
            Indicator(text=clause, value=value, unit=q.unit, op=op)
            for q in group
            for value in q.values
        )
        previous = (left, last.end, op)
    return indicators
