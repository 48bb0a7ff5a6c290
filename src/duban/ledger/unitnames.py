"""How a unit's name is built: generic marker, level prefix and the department core.

Pure string rules, no database: the ledger's unit resolution uses them to see that 市卫健委 and
市卫生健康委员会 name the same department (same level, same kind), and that 各级医保部门 is
the generic 医保 department of the plan's region. The forms of each kind are reference data
(``reference/unit_kinds.yaml``, loaded into the UnitKindForm table).
"""

from __future__ import annotations

from dataclasses import dataclass

GENERIC_PREFIXES = ("各级党委", "各级")
LEVEL_PREFIXES = ("省委", "市委", "州委", "县委", "区委", "省", "市", "州", "县", "区", "旗", "镇")
TRAILING_WORDS = ("部门",)
# The level a prefix names: a 区 or 旗 is a county-level area, a 州 a city-level one.
PREFIX_LEVELS = {"省": "省", "市": "市", "州": "市", "县": "县", "区": "县", "旗": "县", "镇": "镇"}


@dataclass(frozen=True)
class UnitName:
    """A name taken apart: whether it is generic (各…), its cores to look up, as written."""

    text: str
    is_generic: bool
    cores: tuple[str, ...]


def strip_trailing_words(text: str) -> str:
    """Drop a trailing 部门 when something remains (各级卫生健康部门 -> 卫生健康)."""
    for word in TRAILING_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)]
    return text


def strip_prefix(text: str, prefixes: tuple[str, ...]) -> str | None:
    """``text`` without the first matching prefix, or None when none matches."""
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return None


def parse_unit_name(name: str) -> UnitName:
    """The lookup cores of a name, the unprefixed reading first only when there is no prefix.

    A name is tried as written and without its level prefix, because 市场监管局 starts with 市
    without being a city's name while 市市场监管局 does carry the prefix.
    """
    text = "".join(name.split())
    generic_rest = strip_prefix(text, GENERIC_PREFIXES)
    if generic_rest is not None:
        return UnitName(text, True, (strip_trailing_words(generic_rest),))
    cores = [strip_trailing_words(text)]
    level_rest = strip_prefix(text, LEVEL_PREFIXES)
    if level_rest is not None:
        cores.append(strip_trailing_words(level_rest))
    return UnitName(text, text.startswith("各"), tuple(dict.fromkeys(cores)))


def kind_and_level(name: str, forms: dict) -> tuple[object | None, str | None]:
    """The kind whose form matches a core of ``name`` and the level its prefix names.

    ``forms`` maps form text -> kind. 市卫健委 -> (卫生健康, 市); 县卫计局 -> (卫生健康, 县);
    人社局 and 各级医保部门 name no level (None).
    """
    parsed = parse_unit_name(name)
    for core in parsed.cores:
        if core in forms:
            prefixed = core != strip_trailing_words(parsed.text) and not parsed.is_generic
            return forms[core], PREFIX_LEVELS.get(parsed.text[0]) if prefixed else None
    return None, None


def kind_of(name: str, forms: dict) -> object | None:
    """The kind whose form matches a core of ``name`` (``forms`` maps form text -> kind)."""
    return kind_and_level(name, forms)[0]


def levels_agree(a: str | None, b: str | None) -> bool:
    """Two names can be one department unless both state a level and the levels differ."""
    return a is None or b is None or a == b
