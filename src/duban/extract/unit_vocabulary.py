"""The vocabulary of the unit rules, read from ``reference/units.yaml``: unit suffixes, level
prefixes, separators, role labels and markers, stop phrases … each list longest first, so a
regex alternation or a prefix test prefers 卫生院 to 院. Tests may build their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from duban.reference import load


def longest_first(items: Any) -> tuple[str, ...]:
    """Words sorted longest first, so a regex alternation or a prefix test prefers 卫生院 to 院."""
    return tuple(sorted(items, key=len, reverse=True))


@cache
def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words (keep them longest first)."""
    return "|".join(re.escape(word) for word in words)


@dataclass(frozen=True)
class RoleWords:
    """Role labels and markers (rules 7, 8), each tuple longest first."""

    lead_labels: tuple[str, ...]
    participating_labels: tuple[str, ...]
    sole_labels: tuple[str, ...]
    lead_markers: tuple[str, ...]
    participating_markers: tuple[str, ...]
    joint_markers: tuple[str, ...]
    with_markers: tuple[str, ...]
    first_is_lead: tuple[str, ...]
    same_below: tuple[str, ...]
    clause_markers: tuple[str, ...]
    marker_tails: tuple[str, ...]
    agent_word: str


@dataclass(frozen=True)
class UnitVocabulary:
    """Everything the unit rules need from units.yaml (lists longest first); tests may swap it."""

    suffixes: tuple[str, ...]
    false_endings: tuple[str, ...]
    kept_endings: tuple[str, ...]
    standalone_after_prefix: tuple[str, ...]
    standalone_names: tuple[str, ...]
    level_prefixes: tuple[str, ...]
    prefix_blockers: tuple[str, ...]
    place_endings: str
    not_in_places: str
    no_prefix_starts: tuple[str, ...]
    empty_markers: tuple[str, ...]
    separators: str
    conjunctions: tuple[str, ...]
    conjunction_blockers: tuple[str, ...]
    collective_names: tuple[str, ...]
    each_kinds: tuple[str, ...]
    member_words: tuple[str, ...]
    party_committees: tuple[str, ...]
    stop_phrases: tuple[str, ...]
    trailing_words: tuple[str, ...]
    list_qualifiers: tuple[str, ...]
    generic_suffixes: tuple[str, ...]
    rank_words: tuple[str, ...]
    person_titles: tuple[str, ...]
    person_labels: tuple[str, ...]
    roles: RoleWords
    non_unit_words: tuple[str, ...]
    action_starts: tuple[str, ...]
    office_suffixes: tuple[str, ...]
    heading_endings: tuple[str, ...]
    time_marks: tuple[str, ...]
    max_name_length: int

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> UnitVocabulary:
        """Build the vocabulary from the parsed YAML mapping."""
        roles = RoleWords(**{f.name: _as_words(data["roles"][f.name]) for f in fields(RoleWords)})
        names = (f.name for f in fields(cls) if f.name != "roles")
        return cls(roles=roles, **{name: _as_words(data[name]) for name in names})


def _as_words(value: Any) -> Any:
    """A YAML list becomes a tuple, longest first (so 卫生院 is tried before 院)."""
    return longest_first(value) if isinstance(value, list) else value


@cache
def vocabulary() -> UnitVocabulary:
    """The shipped vocabulary (reference/units.yaml), loaded once."""
    return UnitVocabulary.from_mapping(load("units"))
