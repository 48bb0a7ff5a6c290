"""Unit cells to unit names: splitting, normalising, and reading lead / participating roles.

Implements the unit rules of shared/spec/extraction.md ("lead_units / participating_units"):

1. Spaces and line breaks inside a name are removed (各级卫生\\n健康部门); between two complete
   names they separate (市委编办\\n市卫健委). Complete = ends with a unit suffix. Two complete
   names glued together (市行政审批局市住建局) are split.
2. Lists split on 、，,；; and on 及/和 between names.
3. A coordinated list shares its level prefix and its common suffix
   (各级医保、卫生健康等部门 -> 各级医保部门, 各级卫生健康部门; 市发改委、财政局 -> 市发改委, 市财政局).
   A name that never had a prefix in its list gets none; a leading 各 is not a shared prefix.
4. 等, 分别负责, 按职责分工负责, 会同有关部门 and role words are dropped.
5. Otherwise a name is kept as written (no alias mapping).
6. /, -, 无 or nothing give [].
7. Roles inside one cell or parenthesis: X牵头，Y配合 / X主办、Y协办 / X会同Y / labels
   (牵头单位：X；责任单位：Y) / 排在第一位的为牵头部门.
8. Only one kind of responsible unit (责任单位：X、Y, X、Y等部门按职责分工负责): all lead.
9. People (责任领导, 副市长 某某, a contact person and phone number) are not units.

All vocabulary lives in duban/reference/units.yaml.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from duban.reference import load

Roles = tuple[list[str], list[str]]

_HAN = "\u4e00-\u9fff"
_TAG = re.compile(r"<[^>]*>")
_PHONE = re.compile(r"[（(]?(?:电话|手机|联系电话|Tel|TEL)?[:：]?\s*\d[\d\-－—\s]{5,}\d[）)]?")
_OPEN, _CLOSE = "（(", "）)"
_COUNT = "[0-9一二三四五六七八九十]+个"  # 等5个部门
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def _longest_first(items: Any) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in words)


@dataclass(frozen=True)
class RoleWords:
    """Role labels and markers (rules 7, 8), each tuple longest first."""

    lead_labels: tuple[str, ...]
    participating_labels: tuple[str, ...]
    sole_labels: frozenset[str]
    lead_markers: tuple[str, ...]
    participating_markers: tuple[str, ...]
    joint_markers: tuple[str, ...]
    with_markers: tuple[str, ...]
    first_is_lead: tuple[str, ...]


@dataclass(frozen=True)
class UnitVocabulary:
    """Everything the unit rules need from units.yaml; a test may build its own."""

    suffixes: tuple[str, ...]
    false_endings: tuple[str, ...]
    standalone_after_prefix: frozenset[str]
    level_prefixes: tuple[str, ...]
    prefix_blockers: str
    place_endings: str
    no_prefix_starts: tuple[str, ...]
    empty_markers: frozenset[str]
    separators: str
    conjunctions: tuple[str, ...]
    conjunction_blockers: tuple[str, ...]
    stop_phrases: tuple[str, ...]
    trailing_words: tuple[str, ...]
    list_qualifiers: tuple[str, ...]
    person_titles: tuple[str, ...]
    person_labels: tuple[str, ...]
    roles: RoleWords
    non_unit_words: tuple[str, ...]
    action_starts: tuple[str, ...]
    office_suffixes: tuple[str, ...]
    heading_endings: tuple[str, ...]
    max_name_length: int

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> UnitVocabulary:
        """Build the vocabulary from the parsed YAML mapping."""
        roles = data["roles"]
        return cls(
            suffixes=_longest_first(data["suffixes"]),
            false_endings=_longest_first(data["false_endings"]),
            standalone_after_prefix=frozenset(data["standalone_after_prefix"]),
            level_prefixes=_longest_first(data["level_prefixes"]),
            prefix_blockers="".join(data["prefix_blockers"]),
            place_endings=data["place_endings"],
            no_prefix_starts=tuple(data["no_prefix_starts"]),
            empty_markers=frozenset(data["empty_markers"]),
            separators=data["separators"],
            conjunctions=_longest_first(data["conjunctions"]),
            conjunction_blockers=tuple(data["conjunction_blockers"]),
            stop_phrases=_longest_first(data["stop_phrases"]),
            trailing_words=_longest_first(data["trailing_words"]),
            list_qualifiers=_longest_first(data["list_qualifiers"]),
            person_titles=_longest_first(data["person_titles"]),
            person_labels=_longest_first(data["person_labels"]),
            roles=RoleWords(
                lead_labels=_longest_first(roles["lead_labels"]),
                participating_labels=_longest_first(roles["participating_labels"]),
                sole_labels=frozenset(roles["sole_labels"]),
                lead_markers=_longest_first(roles["lead_markers"]),
                participating_markers=_longest_first(roles["participating_markers"]),
                joint_markers=_longest_first(roles["joint_markers"]),
                with_markers=_longest_first(roles["with_markers"]),
                first_is_lead=_longest_first(roles["first_is_lead"]),
            ),
            non_unit_words=tuple(data["non_unit_words"]),
            action_starts=tuple(data["action_starts"]),
            office_suffixes=tuple(data["office_suffixes"]),
            heading_endings=tuple(data["heading_endings"]),
            max_name_length=int(data["max_name_length"]),
        )


@cache
def vocabulary() -> UnitVocabulary:
    """The shipped vocabulary (reference/units.yaml), loaded once."""
    return UnitVocabulary.from_mapping(load("units"))


# --- single names -------------------------------------------------------------------------


def unit_suffix(name: str, vocab: UnitVocabulary) -> str | None:
    """The unit suffix that ends ``name`` (longest match), or None (格局 is no 局)."""
    if name.endswith(vocab.false_endings):
        return None
    return next((suffix for suffix in vocab.suffixes if name.endswith(suffix)), None)


def split_prefix(name: str, vocab: UnitVocabulary) -> tuple[str, str]:
    """Split a level prefix (各级, 市, 盐城市) off ``name``: (prefix, rest); prefix may be ''."""
    if not name.startswith("各"):
        place = re.match(f"[{_HAN}]{{2,4}}?[{vocab.place_endings}]", name)
        if place and _prefix_stands(name, place.group(), vocab):
            return place.group(), name[place.end() :]
    for prefix in vocab.level_prefixes:
        if name.startswith(prefix) and _prefix_stands(name, prefix, vocab):
            return prefix, name[len(prefix) :]
    return "", name


def _prefix_stands(name: str, prefix: str, vocab: UnitVocabulary) -> bool:
    following = name[len(prefix) : len(prefix) + 1]
    return following not in vocab.prefix_blockers or following == ""


def is_complete(name: str, vocab: UnitVocabulary) -> bool:
    """Does ``name`` end with a unit suffix that has a stem before it (各级机构 does not)?"""
    name = _NOTE.sub("", name)  # 市卫生健康委（市中医药管理局）
    suffix = unit_suffix(name, vocab)
    if suffix is None:
        return False
    prefix, rest = split_prefix(name, vocab)
    if rest in vocab.standalone_after_prefix and prefix:
        return True
    return len(rest) > len(suffix)


def _is_bare_suffix(chunk: str, vocab: UnitVocabulary) -> bool:
    suffix = unit_suffix(chunk.lstrip("各"), vocab)
    return suffix is not None and chunk.lstrip("各") == suffix


# --- cleaning -----------------------------------------------------------------------------


def clean_cell(text: str | None) -> str:
    """Remove HTML tags and entities, odd spaces and carriage returns; keep line breaks."""
    if not text:
        return ""
    text = html.unescape(_TAG.sub(" ", text))
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\r", "\n")
    return text.strip()


def is_empty_cell(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """A cell that names no unit: empty, /, -, 无 (rule 6)."""
    vocab = vocab or vocabulary()
    cleaned = re.sub(r"\s+", "", clean_cell(text))
    return cleaned == "" or cleaned in vocab.empty_markers


def _remove_stop_phrases(text: str, vocab: UnitVocabulary) -> str:
    for phrase in vocab.stop_phrases:
        text = text.replace(phrase, "")
    return re.sub(r"[（(]\s*[）)]", "", text)


def _remove_role_notes(text: str, vocab: UnitVocabulary) -> str:
    """Drop a parenthesis about roles (（牵头）, （排名第一的为牵头单位）); parse_roles reads them."""
    words = vocab.roles
    markers = _alternation(words.lead_markers + words.participating_markers + words.first_is_lead)
    return re.sub(f"[（(][^（）()]*(?:{markers})[^（）()]*[）)]", "", text)


def _remove_people(text: str, vocab: UnitVocabulary) -> str:
    """Drop contact persons, titles with names and phone numbers (rule 9)."""
    labels = _alternation(vocab.person_labels)
    text = re.sub(f"[（(]?(?:{labels})\\s*[:：]?\\s*[^\\s、，,；;）)]*[）)]?", " ", text)
    text = _PHONE.sub(" ", text)
    titles = _alternation(vocab.person_titles)
    boundary = f"(?:^|(?<=[\\s{vocab.separators}]))"
    name_after = f"(?:\\s*[{_HAN}]{{2,3}}(?=$|[\\s{vocab.separators}]))?"
    return re.sub(f"{boundary}(?:{titles}){name_after}", " ", text)


# --- fragments and items ------------------------------------------------------------------


def _is_person_chunk(chunk: str, previous: str | None, vocab: UnitVocabulary) -> bool:
    """A bare 2-3 character name after a complete unit (市卫健委 张三) is a contact person."""
    if not re.fullmatch(f"[{_HAN}]{{2,3}}", chunk) or unit_suffix(chunk, vocab):
        return False
    if split_prefix(chunk, vocab)[0] or chunk.startswith(vocab.no_prefix_starts):
        return False
    return previous is None or is_complete(previous, vocab)


def _continues(previous: str, chunk: str, vocab: UnitVocabulary) -> bool:
    if previous[-1] in vocab.separators or previous.endswith(vocab.conjunctions):
        return True
    if chunk[0] in vocab.separators + _OPEN or _is_bare_suffix(chunk, vocab):
        return True
    tail, head = _raw_items(previous, vocab)[-1], _raw_items(chunk, vocab)[0]
    if not is_complete(tail, vocab):
        return True
    # 各级医保部 门: a wrapped tail that completes the name before it
    return not is_complete(head, vocab) and is_complete(tail + head, vocab)


def join_fragments(text: str, vocab: UnitVocabulary) -> list[str]:
    """Rule 1: rejoin names broken by spaces or line breaks; keep breaks between whole names."""
    segments: list[str] = []
    for chunk in re.split(r"\s+", text):
        if not chunk:
            continue
        if _is_person_chunk(chunk, segments[-1] if segments else None, vocab):
            continue
        if segments and _continues(segments[-1], chunk, vocab):
            segments[-1] += chunk
        else:
            segments.append(chunk)
    return segments


def _split_separators(text: str, vocab: UnitVocabulary) -> list[str]:
    """Split on 、，,；; outside parentheses (各县（市、区）stays whole)."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char in _OPEN) - (char in _CLOSE)
        if char in vocab.separators and depth <= 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item for item in items if item]


def _split_conjunctions(item: str, vocab: UnitVocabulary) -> list[str]:
    """Split on 及/和 only where the left side is already a complete name."""
    for match in re.finditer(_alternation(vocab.conjunctions), item):
        left, right = item[: match.start()], item[match.end() :]
        if item[match.start() :].startswith(vocab.conjunction_blockers):
            continue
        if left and right and is_complete(left, vocab):
            return [left, *_split_conjunctions(right, vocab)]
    return [item]


def _split_glued(item: str, vocab: UnitVocabulary) -> list[str]:
    """Split two complete names written without a separator (市行政审批局市住建局)."""
    for cut in range(2, len(item) - 2):
        left, right = item[:cut], item[cut:]
        if split_prefix(right, vocab)[0] and is_complete(left, vocab) and is_complete(right, vocab):
            return [left, *_split_glued(right, vocab)]
    return [item]


def _strip_trailing(item: str, vocab: UnitVocabulary) -> str:
    """Drop 等, 负责, 牵头 … from the end of a name (rule 4), and 等 before a shared suffix."""
    qualifiers = _alternation(vocab.list_qualifiers)
    listed = re.fullmatch(f"(.+?)等(?:{_COUNT}|{qualifiers})*(部门|单位|机构)?", item)
    if listed:
        stem, generic = listed.groups()
        item = stem if is_complete(stem, vocab) or not generic else stem + generic
    changed = True
    while changed and item:
        changed = False
        for word in vocab.trailing_words:
            if item.endswith(word) and len(item) > len(word):
                item, changed = item[: -len(word)], True
    item = item.strip("：:。.")
    if sum(map(item.count, _OPEN)) != sum(map(item.count, _CLOSE)):
        item = item.strip(_OPEN + _CLOSE)
    return item


def _raw_items(text: str, vocab: UnitVocabulary) -> list[str]:
    """One segment (no spaces) to its list items, before prefixes and suffixes are shared."""
    items: list[str] = []
    for part in _split_separators(text, vocab):
        for piece in _split_conjunctions(part, vocab):
            items.extend(_split_glued(_strip_trailing(piece, vocab), vocab))
    return [item for item in items if item] or [""]


# --- sharing across a list (rule 3) -------------------------------------------------------


def _share_suffixes(items: list[str], vocab: UnitVocabulary) -> list[str]:
    """各级医保、卫生健康部门: an incomplete item takes the suffix of the next complete one."""
    shared: str | None = None
    result: list[str] = []
    for item in reversed(items):
        if is_complete(item, vocab):
            # Only a name without its own prefix lends its suffix: 各县市区、市立医院 stay apart.
            shared = None if split_prefix(item, vocab)[0] else unit_suffix(item, vocab)
        elif shared and not _is_bare_suffix(item, vocab):
            item += shared
        result.append(item)
    return result[::-1]


def _share_prefixes(
    items: list[str], vocab: UnitVocabulary, current: str | None = None
) -> tuple[list[str], str | None]:
    """市发改委、财政局: an item without a level prefix takes the last one seen."""
    result: list[str] = []
    for item in items:
        prefix = split_prefix(item, vocab)[0]
        if prefix:
            current = prefix
        elif current and not item.startswith(vocab.no_prefix_starts):
            item = current + item
        result.append(item)
    return result, current


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def _split(
    text: str | None, vocab: UnitVocabulary, prefix: str | None = None
) -> tuple[list[str], str | None]:
    """split_units, also taking and returning the level prefix in force (for role pieces)."""
    text = clean_cell(text)
    if is_empty_cell(text, vocab):
        return [], prefix
    text = _remove_people(_remove_stop_phrases(_remove_role_notes(text, vocab), vocab), vocab)
    items = [item for segment in join_fragments(text, vocab) for item in _raw_items(segment, vocab)]
    items = _share_suffixes([item for item in items if item], vocab)
    names, prefix = _share_prefixes(items, vocab, prefix)
    return _dedupe(names), prefix


def split_units(text: str | None, vocab: UnitVocabulary | None = None) -> list[str]:
    """One unit cell (or the units part of a parenthesis) to its list of unit names."""
    return _split(text, vocab or vocabulary())[0]


# --- is this a unit cell? -----------------------------------------------------------------


def _plausible_item(item: str, vocab: UnitVocabulary) -> bool:
    """Short, only name characters, and no verb in front unless it ends like an office."""
    if not item or len(item) > vocab.max_name_length:
        return False
    if item.startswith(vocab.action_starts) and not item.endswith(vocab.office_suffixes):
        return False  # 建设智慧医院 is a heading; 深化医改成员单位 is a unit
    return re.fullmatch(f"[{_HAN}0-9A-Za-z（）()·]+", item) is not None


def is_unit_name(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """Does this fragment read as one or more complete unit names (not a heading or a task)?"""
    vocab = vocab or vocabulary()
    text = clean_cell(text)
    if is_empty_cell(text, vocab) or any(word in text for word in vocab.non_unit_words):
        return False
    roles = parse_roles(text, vocab)
    if roles is not None:
        names = roles[0] + roles[1]
        return bool(names) and all(
            _plausible_item(n, vocab) and is_complete(n, vocab) for n in names
        )
    text = _remove_stop_phrases(text, vocab)
    items = [item for segment in join_fragments(text, vocab) for item in _raw_items(segment, vocab)]
    if not items or not is_complete(items[-1], vocab):
        return False
    return all(_plausible_item(item, vocab) for item in items)


def looks_incomplete(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """A unit fragment that must be joined to the next one (各级卫生, 各级人社、, 县编办、)."""
    vocab = vocab or vocabulary()
    text = re.sub(r"\s+", "", clean_cell(text))
    if not text or not _plausible_item(_raw_items(text, vocab)[0], vocab):
        return False
    items = _raw_items(text, vocab)
    if text[-1] in vocab.separators or text.endswith(vocab.conjunctions):
        first = items[0]
        return is_complete(first, vocab) or bool(split_prefix(first, vocab)[0])
    prefix, rest = split_prefix(items[-1], vocab)
    if not prefix or is_complete(items[-1], vocab) or rest.startswith("级"):
        return False  # 市级统筹 is a phrase, not the first half of a name
    return len(rest) <= 8 and not rest.endswith(vocab.heading_endings)


# --- roles (rules 7, 8) -------------------------------------------------------------------


def _roles_from_labels(text: str, vocab: UnitVocabulary) -> Roles | None:
    """牵头单位：X；责任单位：Y — or 责任单位：X alone, which makes X the lead (rule 8)."""
    words = vocab.roles
    labels = _longest_first(words.lead_labels + words.participating_labels + vocab.person_labels)
    found = list(re.finditer(f"({_alternation(labels)})\\s*[:：]", text))
    if not found:
        return None
    has_lead = any(match.group(1) in words.lead_labels for match in found)
    lead: list[str] = []
    participating: list[str] = []
    for match, following in zip(found, [*found[1:], None], strict=True):
        label = match.group(1)
        names = split_units(text[match.end() : following.start() if following else None], vocab)
        if label in words.lead_labels or (label in words.sole_labels and not has_lead):
            lead += names
        elif label not in vocab.person_labels:
            participating += names
    return _dedupe(lead), _dedupe(participating)


def _roles_first_is_lead(text: str, vocab: UnitVocabulary) -> Roles | None:
    """（X、Y负责，排在第一位的为牵头部门）: the first named unit leads."""
    for phrase in vocab.roles.first_is_lead:
        if phrase in text:
            names = split_units(text[: text.index(phrase)], vocab)
            return names[:1], names[1:]
    return None


def _role_pieces(text: str, vocab: UnitVocabulary) -> list[tuple[str, str]]:
    """Cut text at role markers: [(kind, names text)], kind lead/participating/joint/plain."""
    words = vocab.roles
    kinds = {m: "lead" for m in words.lead_markers} | {m: "with" for m in words.with_markers}
    kinds |= {m: "participating" for m in words.participating_markers}
    kinds |= {m: "joint" for m in words.joint_markers}
    # X会同有关部门 names no partner: X simply leads.
    kinds |= {p: "lead" for p in vocab.stop_phrases if p.startswith(words.with_markers)}
    pattern = re.compile(_alternation(_longest_first(kinds)))
    pieces: list[tuple[str, str]] = []
    after_with = False
    while text:
        match = pattern.search(text)
        kind = kinds[match.group()] if match else "plain"
        before = text[: match.start()] if match else text
        if after_with:
            kind, after_with = "participating", False
        if kind == "with":
            kind, after_with = "lead", True
        pieces.append((kind, before))
        text = text[match.end() :].lstrip(vocab.separators + "。 ") if match else ""
    return pieces


def _roles_from_markers(text: str, vocab: UnitVocabulary) -> Roles | None:
    """X牵头，Y配合 / X主办、Y协办 / X会同Y / X、Y等部门按职责分工负责."""
    pieces = _role_pieces(text, vocab)
    if all(kind == "plain" for kind, _ in pieces):
        return None
    has_lead = any(kind == "lead" for kind, _ in pieces)
    lead: list[str] = []
    participating: list[str] = []
    prefix: str | None = None
    for kind, piece in pieces:
        names, prefix = _split(piece.strip(vocab.separators + "由"), vocab, prefix)
        is_lead = kind == "lead" or (kind in ("joint", "plain") and not has_lead)
        (lead if is_lead else participating).extend(names)
    return _dedupe(lead), _dedupe(participating)


def parse_roles(text: str | None, vocab: UnitVocabulary | None = None) -> Roles | None:
    """Lead and participating units named in one cell or parenthesis, or None without roles."""
    vocab = vocab or vocabulary()
    text = _remove_people(_unwrap(clean_cell(text)), vocab)
    words = vocab.roles
    markers = _alternation(words.lead_markers + words.participating_markers)
    text = re.sub(f"[（(]({markers})[）)]", r"\1", text)  # 市卫健委（牵头）、市财政局
    for reader in (_roles_from_labels, _roles_first_is_lead, _roles_from_markers):
        roles = reader(text, vocab)
        if roles is not None:
            return roles
    return None


# --- a units parenthesis at the end of a prose item ---------------------------------------


def _final_parenthesis(text: str) -> tuple[str, str] | None:
    """(text before, inside) of a balanced parenthesis that ends the text, or None."""
    stripped = text.rstrip().rstrip("。；;.，,").rstrip()
    if not stripped or stripped[-1] not in _CLOSE:
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        depth += (stripped[index] in _CLOSE) - (stripped[index] in _OPEN)
        if depth == 0:
            return stripped[:index].rstrip(), stripped[index + 1 : -1]
    return None


def _unwrap(text: str) -> str:
    """（X牵头，Y配合） -> X牵头，Y配合: drop a parenthesis around the whole text."""
    found = _final_parenthesis(text)
    return found[1] if found and not found[0] else text


def find_unit_parenthesis(
    text: str | None, vocab: UnitVocabulary | None = None
) -> tuple[str, Roles] | None:
    """A prose item ending in （市医保局牵头，市卫健委配合）: (text without it, (lead, participating))."""
    vocab = vocab or vocabulary()
    found = _final_parenthesis(clean_cell(text))
    if found is None:
        return None
    body, inner = found
    roles = parse_roles(inner, vocab)
    if roles is None and is_unit_name(inner, vocab):
        roles = (split_units(inner, vocab), [])
    if roles is None or not (roles[0] or roles[1]):
        return None
    if not all(is_complete(name, vocab) for name in roles[0] + roles[1]):
        return None
    return body, roles
