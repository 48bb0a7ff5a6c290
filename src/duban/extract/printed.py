"""What the extractor read, given back in the characters the document printed.

The readers work on a regular form of the text (`duban.extract.normalize`): traditional
characters made simplified, half-width brackets made full width. The contract keeps the wording
as printed (spec/extraction.md: content "Keep the wording otherwise", unit rule 5 "keep the name
as written"), so the fields a task carries are put back:

- a traditional document: every character the simplified reading changed is given back as it
  stands at the place the field was read from (`體系` and `關係` both read `系`, and each keeps its
  own); a field that cannot be found in the text (rebuilt from pieces) is mapped character by
  character, a simplified character that stands for two traditional ones taking the commoner;
- a unit name printed with half-width brackets (`各县(市、区)政府`) keeps them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from duban.extract.text import WHITESPACE

# The punctuation the normalization widens, folded back so that a field read from normalized
# text is found in the printed one.
NARROW = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})
FULL_BRACKETS = "（）"
CUT = "\x00"  # a line whose reading changed its length: no field is found across it


class PrintedText:
    """The printed lines beside their simplified reading, character by character."""

    def __init__(self, printed: list[str], simplified: list[str]) -> None:
        keys: list[str] = []
        shown: list[str] = []
        changed: list[bool] = []
        common: dict[str, Counter] = {}
        for line, reading in zip(printed, simplified, strict=False):
            if len(line) != len(reading):
                keys.append(CUT)
                shown.append(CUT)
                changed.append(False)
                continue
            for before, after in zip(line, reading, strict=True):
                if after.isspace():
                    continue
                keys.append(after.translate(NARROW))
                shown.append(before)
                changed.append(before != after)
                if before != after:
                    common.setdefault(after, Counter())[before] += 1
        self.keys = "".join(keys)
        self.shown = "".join(shown)
        self.changed = changed
        self.commoner = str.maketrans({after: counts.most_common(1)[0][0] for after, counts in common.items()})

    def __call__(self, value):
        """``value`` (a string read from the simplified text) as printed; anything else as it is."""
        if not isinstance(value, str) or not value:
            return value
        at = self.keys.find(WHITESPACE.sub("", value).translate(NARROW))
        if at < 0:
            return value.translate(self.commoner)
        out = []
        for ch in value:
            if ch.isspace():
                out.append(ch)
                continue
            out.append(self.shown[at] if self.changed[at] else ch)
            at += 1
        return "".join(out)


def traditional_reading(lines: list[str]) -> Callable | None:
    """For a traditional text: a function giving a field back in its printed characters; None
    for a text that was not converted."""
    from duban.extract.normalize import is_traditional, t2s

    text = "\n".join(lines)
    if not is_traditional(text):
        return None
    return PrintedText(lines, t2s().convert(text).split("\n"))


def names_as_printed(names: list[str], printed: Callable[[], str]) -> list[str]:
    """Unit names whose brackets the text printed half width (`各县(市、区)政府`) keep them.

    ``printed`` gives the document's text without whitespace (asked only when a name has a
    full-width bracket)."""
    if not any(ch in name for name in names for ch in FULL_BRACKETS):
        return names
    text = printed()
    out = []
    for name in names:
        narrow = name.replace("（", "(").replace("）", ")")
        if narrow != name and WHITESPACE.sub("", narrow) in text and WHITESPACE.sub("", name) not in text:
            name = narrow
        out.append(name)
    return out
