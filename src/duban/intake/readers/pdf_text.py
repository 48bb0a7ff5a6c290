"""PDF text with the lines the width wrapped put back together: in a table cell, and in the
page's own text (a paragraph).

Text is printed line by line; most of those breaks are the width's, not the writer's (`县司` |
`法局`, `市委组` | `织部`, a paragraph ending a unit list on its next line). A line was wrapped
when what starts the next line would not have fitted after it: the first character, with the
punctuation that may not open a line (`办、`), after an opening bracket (`（市`), or a whole
Latin word. Such lines are joined without a break (a space between two Latin words of a Latin
line); any other break — a short line, a list written one name per line — stays.

In a cell the right edge is the cell's edge less its inner margin, taken as the margin on the
left (capped: centred text is not all margin). On the page it is the page's width less the
left margin; a paragraph's next line does not start further right than the line before (that
is a new, indented paragraph) nor below a table or a gap, and a line that starts far from the
margin (a date or signature set to the right) is not wrapped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise

from pdfplumber.utils.text import chars_to_textmap

MAX_MARGIN = 6.0  # points: a cell's inner margin (Word's default is 5.4)
FIT_TOLERANCE = 1.0  # points: what fits to the point was still wrapped (rounding, borders)
NO_LINE_START = set("、，,。．.；;：:？?！!）)》」』】〕”’%％·…—")
NO_LINE_END = set("（(《「『【〔“‘")


class PageChars:
    """A page's characters sorted by their vertical middle, to pick those of a cell quickly."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = sorted(chars, key=middle_y)
        self.middles = [middle_y(char) for char in self.chars]

    def inside(self, box: tuple[float, float, float, float]) -> list[dict]:
        """The characters whose middle lies in the box (as pdfplumber's own table.extract)."""
        x0, top, x1, bottom = box
        low, high = bisect_left(self.middles, top), bisect_right(self.middles, bottom)
        return [c for c in self.chars[low:high] if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and middle_y(c) < bottom]


def middle_y(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def cell_text(chars: list[dict], box: tuple[float, float, float, float]) -> str:
    """The cell's lines, wrapped ones joined, the others apart by a line break."""
    if not chars:
        return ""
    lines = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    lines = [line for line in lines if line["text"]]
    if not lines:
        return ""
    margin = min(MAX_MARGIN, max(0.0, min(line["x0"] for line in lines) - box[0]))
    right = box[2] - margin
    text = lines[0]["text"]
    for line, following in pairwise(lines):
        text += joint(line, following, right) + following["text"]
    return text


def joint(line: dict, following: dict, right: float) -> str:
    """What goes between two lines of a cell: nothing (wrapped), a space (a wrapped Latin
    text), or a line break."""
    return glue(line, following) if is_full(line, following, right) else "\n"


def is_full(line: dict, following: dict, right: float) -> bool:
    """The start of the following line would not have fitted at the end of this one."""
    return line["x1"] + opening_width(following["chars"]) > right - FIT_TOLERANCE


def glue(line: dict, following: dict) -> str:
    """Nothing between the two parts of a wrapped line, or a space between two Latin words."""
    last, first = line["text"][-1], following["text"][0]
    latin = last.isascii() and last.isalnum() and first.isascii() and first.isalnum()
    # Chinese text breaks anywhere, inside a number or an acronym too (202|0年, DR|G)
    return " " if latin and line["text"].isascii() else ""


def opening_width(chars: list[dict]) -> float:
    """The width of what a line cannot start without: its first character with the closing
    punctuation after it, an opening bracket with the character after it, or a Latin word."""
    glyphs = [c for c in chars if c["text"].strip()]
    if not glyphs:
        return 0.0
    end = 1
    if glyphs[0]["text"] in NO_LINE_END:
        end = 2
    elif glyphs[0]["text"].isascii() and glyphs[0]["text"].isalnum():
        while end < len(glyphs) and glyphs[end]["text"].isascii() and glyphs[end]["text"].isalnum():
            end += 1
    while end < len(glyphs) and glyphs[end]["text"] in NO_LINE_START:
        end += 1
    cluster = glyphs[:end]
    return cluster[-1]["x1"] - cluster[0]["x0"]


SENTENCE_ENDS = ("。", "！", "？", "!", "?")
PARAGRAPH_INDENT = 4  # line heights: a line starting further from the margin is set apart


def paragraphs(lines: list[dict], left: float, right: float, tables: list[tuple]) -> list[tuple[float, str]]:
    """The page's text lines (outside tables, top to bottom) as (top, text), a paragraph's
    wrapped lines joined."""
    found: list[tuple[float, str]] = []
    previous = None
    for line in lines:
        if previous is not None and wraps_into(previous, line, left, right, tables):
            top, text = found[-1]
            found[-1] = (top, text + glue(previous, line) + line["text"])
        else:
            found.append((line["top"], line["text"]))
        previous = line
    return found


def wraps_into(line: dict, following: dict, left: float, right: float, tables: list[tuple]) -> bool:
    """Is ``following`` the rest of a paragraph that ``line`` ran out of width for?"""
    height = line["bottom"] - line["top"]
    if not line["text"] or not following["text"] or following["top"] <= line["top"]:
        return False
    if following["top"] - line["bottom"] > height or following["x0"] > line["x0"] + FIT_TOLERANCE:
        return False
    if line["x0"] - left > PARAGRAPH_INDENT * height:
        return False
    if any(line["bottom"] <= box[1] <= following["top"] for box in tables):
        return False
    return not line["text"].endswith(SENTENCE_ENDS) and is_full(line, following, right)
