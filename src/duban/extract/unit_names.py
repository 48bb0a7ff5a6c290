"""One unit cell to its list of unit names (spec/extraction.md, unit rules 1-6 and 9).

1. Spaces and line breaks inside a name are removed (各级卫生\\n健康部门); between two complete
   names they separate (市委编办\\n市卫健委). Complete = ends with a unit suffix that has a stem
   before it. Two complete names glued together (市行政审批局市住建局) are split.
2. Lists split on 、，,；; and on 及/和 between complete names (not in 市卫生和计划生育委员会).
3. A coordinated list shares its level prefix and its common suffix
   (各级医保、卫生健康等部门 -> 各级医保部门, 各级卫生健康部门; 市发改委、财政局 -> 市发改委, 市财政局).
   A name that never had a prefix in its list gets none; a leading 各 is not a shared prefix.
4. 等, 分别负责, 按职责分工负责, 会同有关部门 and role words are dropped.
5. Otherwise a name is kept as written (no alias mapping).
6. /, -, 无 or nothing give [].
9. People (责任领导, 副市长 某某, a contact person and phone number) are not units.

Roles (rules 7, 8) and the unit-cell tests are in duban.extract.units, which re-exports this
module's public names. All vocabulary lives in duban/reference/units.yaml (read by
duban.extract.unit_vocabulary).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from duban.extract.text import TAG
from duban.extract.unit_vocabulary import UnitVocabulary, alternation, longest_first, vocabulary

HAN = "\u4e00-\u9fff"
OPEN, CLOSE = "（(", "）)"
EACH = "各"  # 各乡镇、街道: a word of the list shared by the kinds of body after it
_PHONE = re.compile(r"[（(]?(?:电话|手机|联系电话|Tel|TEL)?[:：]?\s*\d[\d\-－—\s]{5,}\d[）)]?")
_PERSON_PHONE = re.compile(
    r"[（(]\s*[\u4e00-\u9fff]{2,4}[，,、:：\s]*(?:电话|手机)?[:：]?\s*\d[\d\-－—\s]{5,}\d\s*[）)]"
)  # 市卫健委（刘某，13800000000）
_COUNT = "[0-9一二三四五六七八九十]+个"  # 等5个部门
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_BRACKETED_LIST = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff、]+[）)]")


# --- single names -------------------------------------------------------------------------


def unit_suffix(name: str, vocab: UnitVocabulary) -> str | None:
    """The unit suffix that ends ``name`` (longest match), or None (格局 is no 局)."""
    if name.endswith(vocab.false_endings) and not name.endswith(vocab.kept_endings) or not name.endswith(vocab.suffixes):
        return None
    return next((suffix for suffix in vocab.suffixes if name.endswith(suffix)), None)


def split_prefix(name: str, vocab: UnitVocabulary) -> tuple[str, str]:
    """Split a level prefix (各级, 市, 盐城市) off ``name``: (prefix, rest); prefix may be ''."""
    place = _place_prefix(name, vocab)
    if place:
        return place, name[len(place) :]
    for prefix in vocab.level_prefixes:
        if name.startswith(prefix) and _prefix_stands(name, prefix, vocab):
            return prefix, name[len(prefix) :]
    return "", name


def _place_prefix(name: str, vocab: UnitVocabulary) -> str:
    """盐城市 / 新城区 in front of a name; not 成员单位县 (a place never ends in a unit suffix)."""
    if name.startswith(vocab.no_prefix_starts):
        return ""
    place = re.match(f"[{HAN}]{{2,4}}?[{vocab.place_endings}]", name)
    if not place or unit_suffix(place.group()[:-1], vocab) or place.group()[0] in vocab.place_endings:
        return ""  # 市城市管理局 is 市 + 城市管理局, no place 市城市
    if set(place.group()) & set(vocab.not_in_places):
        return ""  # 编办各县 is no place
    return place.group() if _prefix_stands(name, place.group(), vocab) else ""


def _prefix_stands(name: str, prefix: str, vocab: UnitVocabulary) -> bool:
    """市 before 场 is the word 市场, not the level 市."""
    following = name[len(prefix) : len(prefix) + 1]
    return following not in vocab.prefix_blockers or following == ""


def is_complete(name: str, vocab: UnitVocabulary) -> bool:
    """Does ``name`` end with a unit suffix that has a stem before it (各级机构 does not)?"""
    if name in vocab.collective_names:
        return True
    name = _NOTE.sub("", name)  # 市卫生健康委（市中医药管理局）
    if name in vocab.collective_names or name in vocab.standalone_names:
        return True
    suffix = unit_suffix(name, vocab)
    if suffix is None:
        return False
    prefix, rest = split_prefix(name, vocab)
    if rest in vocab.standalone_after_prefix and prefix:
        return True
    return len(rest) > len(suffix)


def _is_bare_suffix(chunk: str, vocab: UnitVocabulary) -> bool:
    """A suffix with nothing before it (部门, 成员单位): never a name on its own (办公室 is)."""
    if chunk in vocab.standalone_names:
        return False
    return chunk in vocab.member_words or unit_suffix(chunk, vocab) == chunk


# --- cleaning -----------------------------------------------------------------------------


def clean_cell(text: str | None) -> str:
    """Remove HTML tags and entities, markdown bold, odd spaces and carriage returns; keep line breaks."""
    if not text:
        return ""
    text = html.unescape(TAG.sub(" ", text)).replace("**", "")
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\r", "\n")
    return text.strip()


def is_empty_cell(text: str | None, vocab: UnitVocabulary | None = None) -> bool:
    """A cell that names no unit: empty, /, -, 无 (rule 6)."""
    vocab = vocab or vocabulary()
    cleaned = re.sub(r"\s+", "", clean_cell(text))
    return cleaned == "" or cleaned in vocab.empty_markers


def remove_stop_phrases(text: str, vocab: UnitVocabulary) -> str:
    """Rule 4: drop 按职责分工负责, 分别负责, 会同有关部门 …, and brackets they leave empty; and
    the start of one that ends the text (`…医保中心按职责分工落`, a copy cut inside it)."""
    text = without_cut_phrase(text, vocab)
    for phrase in vocab.stop_phrases:
        text = text.replace(phrase, "")
    return re.sub(r"[（(]\s*[）)]", "", text)


CUT_PHRASE_MIN = 4  # `按职责分`: a shorter start (`按职`) could end a name's own words


def without_cut_phrase(text: str, vocab: UnitVocabulary) -> str:
    """The text less the start of a stop phrase that ends it (`按职责分工落`)."""
    tail = len(text) - CUT_PHRASE_TAIL if len(text) > CUT_PHRASE_TAIL else 0
    match = _cut_phrase_pattern(vocab.stop_phrases).search(text, tail)
    return text[: match.start()] if match else text


CUT_PHRASE_TAIL = 24  # the longest stop phrase and the spaces after it: where a cut one can start


@lru_cache(maxsize=8)
def _cut_phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    starts = {p[:size] for p in phrases for size in range(CUT_PHRASE_MIN, len(p))}
    return re.compile(f"(?:{alternation(longest_first(starts))})\\s*$")


def _remove_role_notes(text: str, vocab: UnitVocabulary) -> str:
    """Drop role labels (牵头单位：) and bracketed role notes (（牵头）); parse_roles reads them."""
    words = vocab.roles
    labels = alternation(longest_first(words.lead_labels + words.participating_labels))
    text = re.sub(f"(?:{labels})\\s*[:：]", "；", text)
    markers = alternation(words.lead_markers + words.participating_markers + words.first_is_lead)
    return re.sub(f"[（(][^（）()]*(?:{markers})[^（）()]*[）)]", "", text)


def remove_people(text: str, vocab: UnitVocabulary) -> str:
    """Drop contact persons, titles with names and phone numbers (rule 9)."""
    labels = alternation(vocab.person_labels)
    text = re.sub(f"[（(]?(?:{labels})\\s*[:：]?\\s*[^\\s、，,；;）)]*[）)]?", " ", text)
    text = _PERSON_PHONE.sub(" ", text)
    text = _PHONE.sub(" ", text)
    titles = alternation(vocab.person_titles)
    boundary = f"(?:^|(?<=[\\s{vocab.separators}]))"
    name_after = f"(?:\\s*[{HAN}]{{2,3}}(?=$|[\\s{vocab.separators}]))?"
    return re.sub(f"{boundary}(?:{titles}){name_after}", " ", text)


# --- fragments and items ------------------------------------------------------------------


def _is_person_chunk(chunk: str, previous: str | None, vocab: UnitVocabulary) -> bool:
    """A bare 2-3 character name after a complete unit (市卫健委 张三) is a contact person."""
    if not re.fullmatch(f"[{HAN}]{{2,3}}", chunk) or unit_suffix(chunk, vocab):
        return False
    if split_prefix(chunk, vocab)[0] or chunk.startswith(vocab.no_prefix_starts):
        return False
    return previous is not None and is_complete(raw_items(previous, vocab)[-1], vocab)


def _continues(previous: str, chunk: str, vocab: UnitVocabulary) -> bool:
    """Does ``chunk`` (after a space or line break) carry on the name that ``previous`` ends?"""
    if previous[-1] in vocab.separators or previous.endswith(vocab.conjunctions):
        return True
    if chunk[0] in vocab.separators + OPEN or _is_bare_suffix(chunk, vocab):
        return True
    tail, head = raw_items(previous, vocab)[-1], raw_items(chunk, vocab)[0]
    if not is_complete(tail, vocab):
        return True
    if split_prefix(tail, vocab)[1] in vocab.party_committees and not split_prefix(head, vocab)[0]:
        return True  # 县委\n宣传部 is 县委宣传部; 县委\n县政府 are two
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
    return split_outside_brackets(text, vocab.separators)


def split_outside_brackets(text: str, marks: str) -> list[str]:
    """``text`` cut at each of ``marks`` that stands outside brackets; empty pieces dropped."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char in OPEN) - (char in CLOSE)
        if char in marks and depth <= 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item for item in items if item]


def _split_conjunctions(item: str, vocab: UnitVocabulary) -> list[str]:
    """Split on 及/和 only where the left side is already a complete name."""
    for match in re.finditer(alternation(vocab.conjunctions), item):
        left, right = item[: match.start()], item[match.end() :]
        if item[match.start() :].startswith(vocab.conjunction_blockers):
            continue
        if left and right and is_complete(left, vocab):
            return [left, *_split_conjunctions(right, vocab)]
    return [item]


def _split_glued(item: str, vocab: UnitVocabulary) -> list[str]:
    """Split two complete names written without a separator (市行政审批局市住建局)."""
    cut = next((at for at in range(2, len(item) - 2) if _is_glue_point(item, at, vocab)), None)
    if cut is None:
        return [item]
    while _is_glue_point(item, cut + 1, vocab):
        cut += 1  # 各级卫生健康部门盐城市财政局: the cut after 部门, not after 部
    return [item[:cut], *_split_glued(item[cut:], vocab)]


def _is_glue_point(item: str, cut: int, vocab: UnitVocabulary) -> bool:
    """Is ``item`` two complete names, the second starting with a prefix or 各, at ``cut``?"""
    left, right = item[:cut], item[cut:]
    starts_name = split_prefix(right, vocab)[0] or right.startswith(vocab.no_prefix_starts)
    if not starts_name or not unit_suffix(left, vocab) or right.startswith(vocab.member_words):
        return False  # 各县市区人民政府 is one name
    return is_complete(left, vocab) and is_complete(right, vocab)


def _strip_trailing(item: str, vocab: UnitVocabulary) -> str:
    """Drop 等, 负责, 牵头 … from the end of a name (rule 4), and 等 before a shared suffix."""
    item = item.strip("：:。.")
    qualifiers = alternation(vocab.list_qualifiers)
    generic = alternation(vocab.generic_suffixes)
    listed = re.fullmatch(f"(.+?)等(?:{_COUNT}|{qualifiers})*({generic})?", item)
    if listed:
        stem, generic = listed.groups()
        item = stem if is_complete(stem, vocab) or not generic else stem + generic
    changed = True
    while changed and item:
        changed = False
        for word in vocab.trailing_words:
            if item.endswith(word) and len(item) > len(word) and item[: -len(word)] not in vocab.no_prefix_starts:
                item, changed = item[: -len(word)], True  # 各牵头单位 names the lead units, it is no 各
    item = item.strip("：:。.")
    if item[:1] in OPEN and item[-1:] in CLOSE and not set(item[1:-1]) & set(OPEN + CLOSE):
        item = item[1:-1]  # （市卫健委）
    if sum(map(item.count, OPEN)) != sum(map(item.count, CLOSE)):
        item = item.strip(OPEN + CLOSE)
    return item


def raw_items(text: str, vocab: UnitVocabulary) -> list[str]:
    """One segment (no spaces) to its list items, before prefixes and suffixes are shared."""
    items: list[str] = []
    for part in _split_separators(text, vocab):
        for piece in _split_conjunctions(part, vocab):
            items.extend(_split_glued(_strip_trailing(piece, vocab), vocab))
    return [item for item in items if item] or [""]


def _join_cut_pieces(items: list[str], vocab: UnitVocabulary) -> list[str]:
    """A name cut in two and listed as two (县司、法局): a piece too short to be a name, with its
    level prefix, and a piece with a one-character stem and no prefix that completes it make
    one name (县司法局), never two made-up ones (县司局, 县法局)."""
    joined: list[str] = []
    for item in items:
        if joined and _is_cut_pair(joined[-1], item, vocab):
            joined[-1] += item
        else:
            joined.append(item)
    return joined


def _is_cut_pair(left: str, right: str, vocab: UnitVocabulary) -> bool:
    if is_complete(left, vocab) or not split_prefix(left, vocab)[0] or split_prefix(right, vocab)[0]:
        return False
    suffix = unit_suffix(right, vocab)
    if suffix is None or len(right) - len(suffix) != 1 or right.startswith(vocab.no_prefix_starts):
        return False
    return is_complete(left + right, vocab)


# --- sharing across a list (rule 3) -------------------------------------------------------


def _share_suffixes(items: list[str], vocab: UnitVocabulary) -> list[str]:
    """各级医保、卫生健康部门: an incomplete item takes the suffix of the next complete one."""
    shared: str | None = None
    result: list[str] = []
    for item in reversed(items):
        if is_complete(item, vocab):
            # Only a name without its own prefix lends its suffix: 各县市区、市立医院 stay apart;
            # and only a suffix with a stem before it (办公室 lends nothing).
            lends = not split_prefix(item, vocab)[0] and item not in vocab.standalone_names
            shared = unit_suffix(item, vocab) if lends else None
        elif shared and not _is_bare_suffix(item, vocab) and item[-1:] not in CLOSE:
            item += shared  # 各镇街（园区） ends in its note: a suffix cannot go after it
        result.append(item)
    return result[::-1]


def _share_prefixes(
    items: list[str], vocab: UnitVocabulary, current: str | None = None
) -> tuple[list[str], str | None]:
    """市发改委、财政局: an item without a level prefix takes the last one seen. After a name
    opening with 各, a kind of body (`各乡镇人民政府、街道办事处`: each subdistrict office too)
    takes that 各; a body of its own (`各科室、医保中心`) does not."""
    result: list[str] = []
    each = False
    for item in items:
        prefix = split_prefix(item, vocab)[0]
        if prefix:
            current, each = prefix, False
        elif item.startswith(EACH):
            each = True
        elif each and item in vocab.each_kinds:
            item = EACH + item
        elif current and not item.startswith(vocab.no_prefix_starts + vocab.own_places):
            item = current + item
        result.append(item)
    return result, current



def _carried(prefix: str | None, vocab: UnitVocabulary) -> str | None:
    """The prefix that goes on past a comma into the next group of names: a level (市, 县, 各级),
    never a place's name (谯城经开区 names the body before the comma only)."""
    return prefix if prefix in vocab.level_prefixes else None


def _groups(text: str, vocab: UnitVocabulary) -> list[str]:
    """A segment cut at commas and semicolons outside brackets: the groups a list coordinates
    with 、 (`区住建局、区卫健委，各乡镇人民政府、街道办事处`); a prefix or suffix is shared inside a
    group only, a level prefix carried on to the groups after it."""
    if not any(mark in text for mark in GROUP_MARKS):
        return [text]
    return split_outside_brackets(text, GROUP_MARKS)


GROUP_MARKS = "，,；;"


def dedupe(names: list[str]) -> list[str]:
    """Drop empty and repeated names, keeping the first occurrence's place."""
    return list(dict.fromkeys(name for name in names if name))


def split_with_prefix(
    text: str | None, vocab: UnitVocabulary, prefix: str | None = None
) -> tuple[list[str], str | None]:
    """split_units, also taking and returning the level prefix in force (for role pieces)."""
    text = clean_cell(text)
    if is_empty_cell(text, vocab):
        return [], prefix
    text = remove_people(remove_stop_phrases(_remove_role_notes(text, vocab), vocab), vocab)
    names: list[str] = []
    for segment in join_fragments(text, vocab):
        for group in _groups(segment, vocab):
            items = [item for item in raw_items(group, vocab) if item]
            items = _share_suffixes(_join_cut_pieces(items, vocab), vocab)
            shared, prefix = _share_prefixes(items, vocab, prefix)
            names += shared
            prefix = _carried(prefix, vocab)
    return dedupe(names), prefix


def split_units(text: str | None, vocab: UnitVocabulary | None = None) -> list[str]:
    """One unit cell (or the units part of a parenthesis) to its list of unit names."""
    if vocab is None:
        return list(_split_with_shipped_vocabulary(text or ""))
    return split_with_prefix(text, vocab)[0]


@lru_cache(maxsize=4096)
def _split_with_shipped_vocabulary(text: str) -> tuple[str, ...]:
    # Unit cells repeat down a table (各级卫生健康部门 fills 80 rows of one annex).
    return tuple(split_with_prefix(text, vocabulary())[0])


def plausible_item(item: str, vocab: UnitVocabulary) -> bool:
    """Short, only name characters, and no verb in front unless it ends like an office."""
    if not item or len(item) > vocab.max_name_length:
        return False
    if item.startswith(vocab.action_starts) and not item.endswith(vocab.office_suffixes):
        return False  # 建设智慧医院 is a heading; 深化医改成员单位 is a unit
    if "、" in item:
        item = _BRACKETED_LIST.sub("", item)  # 各县（市、区）政府: a list inside a bracket is part of the name
    return re.fullmatch(f"[{HAN}0-9A-Za-z（）()·]+", item) is not None


def people_beside_units(text: str | None, vocab: UnitVocabulary | None = None) -> list[str]:
    """Names of people written beside a unit in one cell (`市民政局 张某某` -> [`张某某`])."""
    vocab = vocab or vocabulary()
    segments: list[str] = []
    people: list[str] = []
    for chunk in re.split(r"\s+", clean_cell(text)):
        if not chunk:
            continue
        if _is_person_chunk(chunk, segments[-1] if segments else None, vocab):
            people.append(chunk)
        else:
            segments.append(chunk)
    return people


_PERSON_SEPARATORS = re.compile(r"[、，,；;/／\n\t]|[ \u3000]{3,}")


def split_people(text: str | None) -> list[str]:
    """A 责任领导 cell to its names as printed: `汪  峰   吴某某` -> [`汪峰`, `吴某某`] (a name
    spread by alignment spaces is one name; longer pieces apart by a space are several)."""
    names: list[str] = []
    for piece in _PERSON_SEPARATORS.split(clean_cell(text)):
        piece = piece.strip()
        if not piece:
            continue
        if len(re.sub(r"\s+", "", piece)) <= 4:
            names.append(re.sub(r"\s+", "", piece))
        else:
            names.extend(piece.split())
    return dedupe(names)


@lru_cache(maxsize=4096)
def is_fragment(name: str) -> bool:
    """A name cut from its neighbour (`县司`, `法局`, `卫生院` alone): too short to stand, a bare
    suffix, or a short piece with no unit suffix at all."""
    vocab = vocabulary()
    if name in vocab.collective_names:
        return False
    return len(name) <= 2 or _is_bare_suffix(name, vocab) or (unit_suffix(name, vocab) is None and len(name) <= 4)
