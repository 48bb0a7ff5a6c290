"""Web-page furniture: navigation, the publication bar, print and share links, the site footer.

A document saved from a government site carries lines such as `首页 > 政务公开 > 通知公告`,
`发布时间：2024-03-05 来源：市卫健委 浏览次数：`, `【字体：大 中 小】 打印本页 关闭窗口`,
`上一篇：…` and `主办单位：… 网站标识码 … ICP备…`. They are no task text: a prose item must
not swallow them and a footer's `主办单位：` must not be read as a lead label. The words live in
reference/noise.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from duban.reference import load

_BLANKS = r"[ \t\u3000\xa0]"  # not \s: the whole text is searched at once, lines must not run together
BUTTON_ROW_MAX = 40  # a row of page buttons is short; longer lines skip that test
WHOLE_PAGE_LINE = 120  # a line this long that holds sentences is a page run together
# `|  |`: a markdown row of empty cells (a merged cell left blank), not page buttons; bars with
# nothing between them (`||`, `| ||`) stay debris
TABLE_BARS = rf"{_BLANKS}*[|｜](?:{_BLANKS}+[|｜])+{_BLANKS}*"


@dataclass(frozen=True)
class NoiseVocabulary:
    anywhere: re.Pattern[str]
    starts: re.Pattern[str]  # after a line break: the text is searched with one put in front
    footer: re.Pattern[str]
    buttons: re.Pattern[str]  # a whole line between two breaks


def _spaced(word: str) -> str:
    """`首页>` also as `首页 > `: optional spaces between the characters."""
    return f"{_BLANKS}*".join(map(re.escape, word))


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _vocabulary() -> NoiseVocabulary:
    data = load("noise")
    anywhere = _alternation([re.escape(w) for w in data["anywhere"]])
    starts = _alternation([_spaced(w) for w in data["line_starts"]])
    buttons = _alternation([re.escape(w) for w in data["button_words"]])
    return NoiseVocabulary(
        anywhere=re.compile(anywhere),
        starts=re.compile(rf"\n{_BLANKS}*(?:{starts})"),
        footer=re.compile(_alternation([re.escape(w) for w in data["footer_labels"]])),
        buttons=re.compile(
            rf"\n(?={_BLANKS}*\S{_BLANKS}*\S[^\n]{{0,{BUTTON_ROW_MAX - 2}}}\n)(?!{TABLE_BARS}\n)"
            rf"(?:{buttons}|[【】\[\]|｜:：]|{_BLANKS})+(?=\n)"
        ),
    )


def is_page_noise(line: str) -> bool:
    """Is this line web-page furniture rather than document text?"""
    vocab = _vocabulary()
    if vocab.anywhere.search(line) or vocab.starts.match("\n" + line):
        return True
    if is_button_row(line, vocab):
        return True
    return len(set(vocab.footer.findall(line))) >= 2


def is_button_row(line: str, vocab: NoiseVocabulary) -> bool:
    """`打印   关闭`, `【字体：大 中 小】`: nothing but page buttons (two characters or more)."""
    return vocab.buttons.match(f"\n{line}\n") is not None


def without_noise(lines: list[str]) -> list[str]:
    """The lines with page furniture blanked (line numbers stay as they were).

    The whole text is searched with a few regexes (a call per line costs more than the
    search itself) and every match is mapped back to its line. A page copied as one line
    (`WHOLE_PAGE_LINE` characters or more, with sentences in it) loses only the furniture
    words, not the line."""
    vocab = _vocabulary()
    text = "\n" + "\n".join(lines) + "\n"  # every line sits between two line breaks
    starts = list(accumulate((len(line) + 1 for line in lines), initial=1))
    # a match that begins at the break before its line is counted from one character on
    found = [(m.start(), m.end()) for m in vocab.anywhere.finditer(text)]
    found += [(m.start() + 1, m.end()) for pattern in (vocab.starts, vocab.buttons) for m in pattern.finditer(text)]
    spans: dict[int, list[tuple[int, int]]] = {}
    for start, end in found:
        index = bisect_right(starts, start) - 1
        spans.setdefault(index, []).append((start - starts[index], end - starts[index]))
    footer = _footer_lines(text, starts, vocab)
    for index in footer:
        spans.setdefault(index, []).extend(m.span() for m in vocab.footer.finditer(lines[index]))
    noisy = set(spans)
    return [
        (_without_words(line, spans.get(index, [])) if is_whole_page(line) else "") if index in noisy else line
        for index, line in enumerate(lines)
    ]


def is_whole_page(line: str) -> bool:
    return len(line) >= WHOLE_PAGE_LINE and "。" in line


def _without_words(line: str, spans: list[tuple[int, int]]) -> str:
    """A long line with its furniture words blanked by spaces (positions kept)."""
    chars = list(line)
    for start, end in spans:
        chars[max(start, 0) : end] = " " * (min(end, len(line)) - max(start, 0))
    return "".join(chars)


def _footer_lines(text: str, starts: list[int], vocab: NoiseVocabulary) -> set[int]:
    """Lines naming two or more different footer labels."""
    labels: dict[int, set[str]] = {}
    for match in vocab.footer.finditer(text):
        labels.setdefault(bisect_right(starts, match.start()) - 1, set()).add(match.group())
    return {index for index, found in labels.items() if len(found) >= 2}
