"""Word automatic numbering: the ``1.``, ``一、``, ``（三）`` that Word draws from numbering.xml
rather than storing in the text, rendered so that sequence numbers and headings survive.

Rules: a paragraph is numbered by its own ``w:numPr`` or its style's (following ``basedOn``);
``numId`` 0 means none. Counters belong to the abstract definition, so lists that share one
continue each other, and a ``w:startOverride`` restarts a level the first time its list is
used. Numbering a level resets the levels below it. ``%n`` in ``lvlText`` is level n's
counter in that level's format; bullets render as nothing; ``w:suff`` nothing/space/tab gives
no separator or one space.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHINESE_DIGITS = "零一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
ROMAN += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
MAX_STYLE_DEPTH = 10


def val(element, path: str, default: str | None = None) -> str | None:
    """The ``w:val`` of the child at ``path``, or ``default``."""
    found = element.find(path) if element is not None else None
    return default if found is None else found.get(W + "val", default)


def chinese_number(n: int, mode: str = "low") -> str:
    """一, 十, 十一, 一百零五 (``mode="up"``: 壹, 壹拾)."""
    import cn2an

    return cn2an.an2cn(n, mode) if n > 0 else str(n)


def roman(n: int) -> str:
    parts = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def letters(n: int) -> str:
    """A..Z, AA..ZZ as Word counts them."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def enclosed(n: int, first: int, last: int = 20) -> str:
    return chr(first + n - 1) if 1 <= n <= last else str(n)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalEnclosedCircle": lambda n: enclosed(n, 0x2460),
    "decimalEnclosedCircleChinese": lambda n: enclosed(n, 0x2460),
    "decimalEnclosedParen": lambda n: enclosed(n, 0x2474),
    "decimalEnclosedFullstop": lambda n: enclosed(n, 0x2488),
    "upperLetter": letters,
    "lowerLetter": lambda n: letters(n).lower(),
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "ideographDigital": lambda n: "".join(CHINESE_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_number(n, "up"),
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: EARTHLY_BRANCHES[(n - 1) % 12],
    "taiwanCountingThousand": chinese_number,
}


class Numbering:
    """Counters and formats of one document's lists, advanced paragraph by paragraph."""

    def __init__(self, numbering_xml, styles_xml) -> None:
        self.abstracts = {
            a.get(W + "abstractNumId"): a for a in iter_children(numbering_xml, "abstractNum")
        }
        self.nums = {n.get(W + "numId"): n for n in iter_children(numbering_xml, "num")}
        self.styles = {s.get(W + "styleId"): s for s in iter_children(styles_xml, "style")}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def label(self, p) -> str:
        """The number Word draws before paragraph ``p``, with its separator; "" if none."""
        num_id, level = self.num_pr(p)
        num = self.nums.get(num_id) if num_id not in (None, "0") else None
        abstract = self.abstracts.get(val(num, f"{W}abstractNumId")) if num is not None else None
        if abstract is None:
            return ""
        levels = {int(lv.get(W + "ilvl", "0")): lv for lv in abstract.findall(W + "lvl")}
        counters = self.advance(num, abstract.get(W + "abstractNumId"), levels, level)
        definition = levels.get(level)
        if definition is None or val(definition, f"{W}numFmt") in ("bullet", "none"):
            return ""
        text = val(definition, f"{W}lvlText", "") or ""
        for k in range(9):
            if f"%{k + 1}" in text:
                fmt = FORMATS.get(val(levels.get(k), f"{W}numFmt", "decimal") or "decimal", str)
                legal = levels.get(level) is not None and definition.find(W + "isLgl") is not None
                text = text.replace(f"%{k + 1}", (str if legal else fmt)(counters.get(k, 1)))
        return text + ("" if val(definition, f"{W}suff", "tab") == "nothing" else " ")

    def advance(self, num, abstract_id: str, levels: dict, level: int) -> dict[int, int]:
        """Count paragraph at ``level``: restart on a first-used override, reset deeper levels."""
        counters = self.counters.setdefault(abstract_id, {})
        num_id = num.get(W + "numId")
        if num_id not in self.started:
            self.started.add(num_id)
            for override in num.findall(W + "lvlOverride"):
                start = val(override, f"{W}startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    counters[int(override.get(W + "ilvl", "0"))] = int(start) - 1
        start = val(levels.get(level), f"{W}start", "1") or "1"
        counters[level] = (
            counters.get(level, int(start) - 1 if start.lstrip("-").isdigit() else 0) + 1
        )
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return counters

    def num_pr(self, p) -> tuple[str | None, int]:
        """``(numId, ilvl)`` from the paragraph or, failing that, its style chain."""
        ppr = p.find(W + "pPr")
        num_id = val(ppr, f"{W}numPr/{W}numId")
        level = val(ppr, f"{W}numPr/{W}ilvl")
        style_id = val(ppr, f"{W}pStyle")
        for _ in range(MAX_STYLE_DEPTH):
            if num_id is not None or style_id not in self.styles:
                break
            style = self.styles[style_id]
            num_id = val(style, f"{W}pPr/{W}numPr/{W}numId")
            level = level or val(style, f"{W}pPr/{W}numPr/{W}ilvl")
            style_id = val(style, f"{W}basedOn")
        return num_id, int(level) if level and level.isdigit() else 0


def iter_children(parent, name: str) -> list:
    return [] if parent is None else parent.findall(W + name)
