"""Unit cells: lead / participating roles, unit-cell tests, and units parentheses.

Spec: shared/spec/extraction.md, "lead_units / participating_units".

7. Roles inside one cell or parenthesis: X牵头，Y配合 / X牵头，Y、Z参与 / X主办、Y协办 / X会同Y /
   labels (牵头单位：X；责任单位：Y) / （X、Y负责，排在第一位的为牵头部门）.
8. Only one kind of responsible unit (责任单位：X、Y alone, X、Y等部门按职责分工负责): all lead.

is_unit_name / looks_incomplete tell a unit cell from a category heading and a cut fragment;
find_unit_parenthesis reads the （…负责） that ends a prose item, find_role_clauses and
find_inner_roles the same roles written without brackets (`…，由X牵头，Y配合。`, `X负责，…`). Splitting one list of names
(rules 1-6, 9) is duban.extract.unit_names, re-exported here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.extract.unit_names import (
    CLOSE,
    EACH,
    OPEN,
    clean_cell,
    dedupe,
    is_complete,
    is_empty_cell,
    join_fragments,
    plausible_item,
    raw_items,
    remove_people,
    remove_stop_phrases,
    split_prefix,
    split_units,
    split_with_prefix,
    without_cut_phrase,
)
from duban.extract.unit_vocabulary import UnitVocabulary, alternation, longest_first, vocabulary

__all__ = [
    "Roles",
    "UnitVocabulary",
    "final_parenthesis",
    "find_inner_roles",
    "find_role_clauses",
    "find_unit_parenthesis",
    "is_unit_name",
    "looks_incomplete",
    "names_lead",
    "parse_roles",
    "split_units",
    "vocabulary",
]

Roles = tuple[list[str], list[str]]
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


def _could_open_a_list(item: str, vocab: UnitVocabulary) -> bool:
    """A name, a prefixed stem (各级人社), or a short stem waiting for a shared suffix (财政)."""
    if not plausible_item(item, vocab):
        return False
    return is_complete(item, vocab) or bool(split_prefix(item, vocab)[0]) or len(item) <= 5


# --- is this a unit cell? -----------------------------------------------------------------


def is_unit_name(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """Does this fragment read as one or more complete unit names (not a heading or a task)?"""
    if vocab is None:
        return _is_unit_name_shipped(text or "")
    return _is_unit_name(text, vocab)


@lru_cache(maxsize=4096)
def _is_unit_name_shipped(text: str) -> bool:
    return _is_unit_name(text, vocabulary())


def _is_unit_name(text: str | None, vocab: UnitVocabulary) -> bool:
    text = clean_cell(text)
    if is_empty_cell(text, vocab) or any(word in text for word in vocab.non_unit_words):
        return False
    if _is_header_word(text, vocab):
        return False
    roles = parse_roles(text, vocab)
    if roles is not None:
        names = roles[0] + roles[1]
        return bool(names) and all(
            plausible_item(n, vocab) and is_complete(n, vocab) for n in names
        )
    text = remove_stop_phrases(text, vocab)
    items = [item for segment in join_fragments(text, vocab) for item in raw_items(segment, vocab)]
    if not items or not _ends_complete(items, vocab):
        return False
    return all(plausible_item(item, vocab) for item in items)


def _ends_complete(items: list[str], vocab: UnitVocabulary) -> bool:
    """Is the last item a whole name, alone or as a kind of body after a name opening with 各
    (`各乡镇、街道`)?"""
    last = items[-1]
    if is_complete(last, vocab):
        return True
    return last in vocab.each_kinds and any(item.startswith(EACH) for item in items[:-1])


def _is_header_word(text: str, vocab: UnitVocabulary) -> bool:
    """牵头单位, 实施单位, 牵头单位和联络人: a column header, not a unit."""
    words = vocab.roles
    labels = longest_first(words.lead_labels + words.participating_labels + vocab.person_labels)
    rest = re.sub(alternation(labels + vocab.conjunctions), "", re.sub(r"\s+", "", text))
    return rest.strip(vocab.separators + "：:") == ""


def looks_incomplete(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """A unit fragment that must be joined to the next one (各级卫生, 各级人社、, 县编办、)."""
    if vocab is None:
        return _looks_incomplete_shipped(text or "")
    return _looks_incomplete(text, vocab)


@lru_cache(maxsize=4096)
def _looks_incomplete_shipped(text: str) -> bool:
    return _looks_incomplete(text, vocabulary())


def _looks_incomplete(text: str | None, vocab: UnitVocabulary) -> bool:
    text = re.sub(r"\s+", "", clean_cell(text))
    if not text or text.endswith(_SENTENCE_ENDS) or len(text) > vocab.max_name_length * 2:
        return False
    items = raw_items(text, vocab)
    if not all(_could_open_a_list(item, vocab) for item in items[:-1] or items):
        return False
    if text[-1] in vocab.separators or text.endswith(vocab.conjunctions):
        first = items[0]
        return is_complete(first, vocab) or bool(split_prefix(first, vocab)[0])
    prefix, rest = split_prefix(items[-1], vocab)
    if not prefix or is_complete(items[-1], vocab) or rest.startswith(vocab.rank_words):
        return False  # 市级统筹 is a phrase, not the first half of a name
    return len(rest) <= 8 and not rest.endswith(vocab.heading_endings)


# --- roles (rules 7, 8) -------------------------------------------------------------------


def names_lead(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """Does the text say which unit leads (牵头, 主办, 牵头单位：, X会同Y, 排在第一位的为牵头)?"""
    words = (vocab or vocabulary()).roles
    marks = words.lead_labels + words.lead_markers + words.with_markers + words.first_is_lead
    return any(mark in (text or "") for mark in marks)


def _roles_from_labels(text: str, vocab: UnitVocabulary) -> Roles | None:
    """牵头单位：X；责任单位：Y — or 责任单位：X alone, which makes X the lead (rule 8)."""
    words = vocab.roles
    labels = longest_first(words.lead_labels + words.participating_labels + vocab.person_labels)
    found = list(re.finditer(f"({alternation(labels)})\\s*[:：]", text))
    if not found:
        return None
    has_lead = any(match.group(1) in words.lead_labels for match in found)
    lead: list[str] = []
    participating: list[str] = []
    for match, following in zip(found, [*found[1:], None], strict=True):
        label, segment = (
            match.group(1),
            text[match.end() : following.start() if following else None],
        )
        if label in words.lead_labels:
            lead += split_units(segment, vocab)
        elif label in words.sole_labels and not has_lead:
            # 责任单位：市卫健委（牵头）、市财政局 still names its lead
            inner = _roles_without_labels(segment, vocab) or (split_units(segment, vocab), [])
            lead, participating = lead + inner[0], participating + inner[1]
        elif label not in vocab.person_labels:
            participating += split_units(segment, vocab)
    return dedupe(lead), dedupe(participating)


def _roles_without_labels(text: str, vocab: UnitVocabulary) -> Roles | None:
    """Roles written out in words (first-is-lead, markers) inside one labelled segment."""
    return _roles_first_is_lead(text, vocab) or _roles_from_markers(text, vocab)


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
    pattern = re.compile(alternation(longest_first(kinds)))
    tails = alternation(words.marker_tails)
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
        text = re.sub(f"^(?:{tails})", "", text[match.end() :]) if match else ""
        text = text.lstrip(vocab.separators + "。 ")  # 牵头单位，… -> …
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
        piece = piece.strip(vocab.separators).removeprefix(vocab.roles.agent_word)  # 由X负责
        names, prefix = split_with_prefix(piece, vocab, prefix)
        is_lead = kind == "lead" or (kind in ("joint", "plain") and not has_lead)
        (lead if is_lead else participating).extend(names)
    return dedupe(lead), dedupe(participating)


def parse_roles(text: str | None, vocab: UnitVocabulary | None = None) -> Roles | None:
    """Lead and participating units named in one cell or parenthesis, or None without roles."""
    vocab = vocab or vocabulary()
    text = without_cut_phrase(remove_people(_unwrap(clean_cell(text)), vocab), vocab)
    words = vocab.roles
    markers = alternation(words.lead_markers + words.participating_markers)
    text = re.sub(f"[（(]({markers})[）)]", r"\1", text)  # 市卫健委（牵头）、市财政局
    text = spell_out_short_with(text, vocab)
    for reader in (_roles_from_labels, _roles_first_is_lead, _roles_from_markers):
        roles = reader(text, vocab)
        if roles is not None:
            return roles
    return None


SHORT_WITH = re.compile(r"(?<=[处科室局办厅股队院站所心])会(?!同)(?=[\u4e00-\u9fff]{2})")


def spell_out_short_with(text: str, vocab: UnitVocabulary) -> str:
    """`宣传处会办公室`: 会 short for 会同 between two whole unit names (never 管委会, 工会)."""
    if "会" not in text:
        return text
    for match in reversed(list(SHORT_WITH.finditer(text))):
        left = re.split(r"[、，,；;\s]", text[: match.start()])[-1]
        right = re.split(r"[、，,；;\s]", text[match.end() :])[0]
        if _is_unit_name(left, vocab) and _is_unit_name(right, vocab):
            text = f"{text[: match.start()]}会同{text[match.end() :]}"
    return text


# --- a units parenthesis at the end of a prose item ---------------------------------------


def final_parenthesis(text: str) -> tuple[str, str] | None:
    """(text before, inside) of a balanced parenthesis that ends the text, or None."""
    stripped = text.rstrip().rstrip("。；;.，,").rstrip()
    if not stripped or stripped[-1] not in CLOSE:
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        depth += (stripped[index] in CLOSE) - (stripped[index] in OPEN)
        if depth == 0:
            return stripped[:index].rstrip(), stripped[index + 1 : -1]
    return None


def _unwrap(text: str) -> str:
    """（X牵头，Y配合） -> X牵头，Y配合: drop a parenthesis around the whole text."""
    found = final_parenthesis(text)
    return found[1] if found and not found[0] else text


def find_unit_parenthesis(
    text: str | None, vocab: UnitVocabulary | None = None
) -> tuple[str, Roles] | None:
    """A prose item ending in （市医保局牵头，市卫健委配合）: (text without it, (lead, participating))."""
    vocab = vocab or vocabulary()
    found = final_parenthesis(clean_cell(text))
    if found is None:
        return None
    body, inner = found
    inner = without_time_notes(inner, vocab)
    roles = parse_roles(inner, vocab)
    if roles is None and is_unit_name(inner, vocab):
        roles = (split_units(inner, vocab), [])
    roles = _units_only(roles, vocab) if roles else None
    return (body, roles) if roles else None


_NOTE_PIECES = re.compile(r"([，,；;])")


def without_time_notes(inner: str, vocab: UnitVocabulary) -> str:
    """（X牵头，Y配合，持续推进） -> X牵头，Y配合: a deadline beside the units names no unit, and
    read as one it would take the level prefix in force (`市持续推进`)."""
    from duban.extract.deadlines import is_deadline_phrase

    pieces = _NOTE_PIECES.split(inner)
    kept = [p for p in pieces[::2] if not (is_deadline_phrase(p) and not is_unit_name(p, vocab))]
    if len(kept) == len(pieces[::2]) or not kept:
        return inner
    return "，".join(kept)


def _units_only(roles: Roles, vocab: UnitVocabulary) -> Roles | None:
    """Drop a time note (（市卫健委牵头，2022年底前完成））; None if anything else is no unit."""
    others = [n for n in roles[0] + roles[1] if not is_complete(n, vocab)]
    if any(not re.search(f"\\d|{alternation(vocab.time_marks)}", name) for name in others):
        return None
    lead = [name for name in roles[0] if name not in others]
    participating = [name for name in roles[1] if name not in others]
    return (lead, participating) if lead or participating else None


# --- roles written out without brackets at the end of an item ----------------------------

_CLAUSE = re.compile(r"[^，,；;。]+[，,；;。]*")
_CLAUSE_ENDS = "，,；;。 "


def find_role_clauses(text: str | None, vocab: UnitVocabulary | None = None) -> tuple[str, Roles, str | None] | None:
    """An item closing with roles in words, no bracket: `…建设，由县卫健局牵头，县医保局配合，
    2025年底前完成。`, `…工作。县医保局负责。`, `…，各县（市、区）政府落实`.

    Returns (the text before the roles, (lead, participating), the time note or None). The
    closing clauses are read from the end while each is a time note or ends in a role marker
    after nothing but unit names; None when no such clause names a unit."""
    vocab = vocab or vocabulary()
    clauses = _CLAUSE.findall(clean_cell(text))
    at, roles_text, note = len(clauses), [], None
    while at > 0:
        body = clauses[at - 1].strip(_CLAUSE_ENDS)
        if _is_role_clause(body, vocab):
            roles_text.insert(0, body)
        elif note is None and _is_time_note(body, vocab):
            note = body
        else:
            break
        at -= 1
    if not roles_text or at == 0:
        return None
    roles = parse_roles("，".join(roles_text), vocab)
    if roles is None or not roles[0] + roles[1]:
        return None
    before = "".join(clauses[:at]).rstrip()
    return before.rstrip("，,；; "), roles, note


def find_inner_roles(text: str | None, vocab: UnitVocabulary | None = None) -> Roles | None:
    """Roles stated inside an item's sentence, no bracket: `由市卫健委牵头，市医保局、市财政局配合，
    开展…`, `县疾控中心负责，完善…`. The first run of role clauses counts when it opens the
    sentence, opens with 由 or names a lead."""
    vocab = vocab or vocabulary()
    run: list[str] = []
    opens = False
    for index, clause in enumerate(_CLAUSE.findall(clean_cell(text))):
        body = clause.strip(_CLAUSE_ENDS)
        if _is_role_clause(body, vocab):
            opens = opens or index == 0
            run.append(body)
        elif run:
            break
    words = vocab.roles
    named = opens or any(m in b for b in run for m in words.lead_markers)
    if not run or not (named or run[0].startswith(words.agent_word)):
        return None
    roles = parse_roles("，".join(run), vocab)
    return roles if roles and roles[0] + roles[1] else None


def _is_time_note(body: str, vocab: UnitVocabulary) -> bool:
    """`2025年6月底前完成`, `持续推进`: a clause that only dates the item."""
    from duban.extract.deadlines import is_deadline_phrase

    if not body or is_unit_name(body, vocab):
        return False
    return is_deadline_phrase(body) or is_deadline_phrase(body.removesuffix(_DONE))


_DONE = "完成"  # `2025年6月底前完成`: the date, then the word that says it is the deadline


def _is_role_clause(body: str, vocab: UnitVocabulary) -> bool:
    """`由县卫健局牵头`, `县医保局、县财政局配合`, `各县（市、区）政府落实`: unit names, then a marker."""
    if not body or len(body) > vocab.max_name_length * 3 or not body.endswith(vocab.roles.clause_markers):
        return False
    if sum(map(body.count, OPEN)) != sum(map(body.count, CLOSE)):
        return False  # `（市医保局牵头，` opens a parenthesis that the next line closes
    roles = parse_roles(body, vocab)
    names = roles[0] + roles[1] if roles else []
    return bool(names) and all(plausible_item(n, vocab) and is_complete(n, vocab) for n in names)


def clear_caches() -> None:
    """Forget memoised cells (benchmarks measure a cold document; tests swap vocabularies)."""
    from duban.extract.cells import are_glued_units, is_deadline
    from duban.extract.text import _compact
    from duban.extract.unit_names import _split_with_shipped_vocabulary

    memos = (_split_with_shipped_vocabulary, _is_unit_name_shipped, _looks_incomplete_shipped, are_glued_units, is_deadline,
             _compact)
    for cached in memos:
        cached.cache_clear()
