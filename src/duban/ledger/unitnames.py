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


def kind_of(name: str, forms: dict[str, str]) -> str | None:
    """The kind whose form matches a core of ``name`` (``forms`` maps form text -> kind)."""
    for core in parse_unit_name(name).cores:
        if core in forms:
            return forms[core]
    return None
