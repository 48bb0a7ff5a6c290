"""Document fields: title, issuer, 文号, date of issue, region and period.

Rules (spec/extraction.md, "Document fields"):
- title: the task table's own title (the title-like line just above its header), else the
  notice's title;
- issuer: a line that is only the name of an issuing body, in the heading or signature;
- doc_number: `X〔2020〕1号` with its brackets as printed;
- issued_on: the signature date, else the publication date (a garbled `2022914` is read
  against the publication date);
- region: the city or county at the head of the issuer or the title;
- period: `（2017-2020年）` in the title, or the year of a yearly plan.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from duban.extract.model import DocumentInfo
from duban.extract.numbering import chinese_to_int, strip_heading_number
from duban.extract.text import compact, squash
from duban.reference import load

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,14}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*号")
DATE_CN = re.compile(r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日")
PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期|印发日期|日期)\s*[:：]?\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
GARBLED_DATE = re.compile(r"^((?:19|20)\d{2})(\d{1,2})(\d{1,2})$")
SPAN = re.compile(r"[（(]?\s*((?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年?\s*[)）]?")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
REGION = re.compile(
    r"(?:[\u4e00-\u9fff]{2,3}省)?(?P<city>[\u4e00-\u9fff]{2,3}?(?:市|州|盟))?(?P<county>[\u4e00-\u9fff]{1,3}?(?:县|区|旗))?"
)


@cache
def vocab() -> dict:
    return load("metadata")


def document_info(lines: list[str], header_line: int | None) -> DocumentInfo:
    """Read the document fields; ``header_line`` is the first line of the task table's header."""
    notice = clean_title(notice_title(lines))
    title = clean_title(table_title(lines, header_line)) or notice
    head = lines[: header_line - 1] if header_line else lines[:120]
    issuer = find_issuer(head) or signature_issuer(lines) or title_issuer(notice)
    info = DocumentInfo(
        title=title,
        issuer=issuer,
        doc_number=find_doc_number(lines),
        issued_on=find_issued_on(lines),
        region=find_region(issuer, title, lines),
    )
    info.period = find_period(title, notice)
    return info


FILE_SUFFIX = re.compile(r"\.(?:docx?|xlsx?|pdf|wps|txt|html?)$", re.IGNORECASE)


def clean_title(text: str | None) -> str | None:
    """A title without the debris a copy leaves on it: a table's `|`, a file name's `.docx`."""
    if not text:
        return text
    return FILE_SUFFIX.sub("", text.strip(" |｜\t")) or None


def is_title_like(text: str) -> bool:
    text = text.lstrip("#* ")
    if not text or len(text) > 60 or any(re.search(p, text) for p in vocab()["not_title"]):
        return False
    return any(w in text for w in vocab()["title_words"]) and not text.endswith(("。", "；", "，"))


def table_title(lines: list[str], header_line: int | None) -> str | None:
    """The title-like line among the few non-empty lines above the table header."""
    if not header_line:
        return None
    seen = 0
    for index in range(header_line - 2, -1, -1):
        text = strip_annex(squash(lines[index]).strip(" |｜"))  # a title row of a pipe table
        if not text:
            continue
        seen += 1
        if is_title_like(text):
            return title_case(text, lines, index)
        if seen >= 4:
            break
    return None


def strip_annex(text: str) -> str:
    """`附件1：某市…分工表` -> `某市…分工表` (markdown heading marks too)."""
    return re.sub(r"^附件\s*\d*\s*[:：]\s*(?=\S)", "", text.lstrip("#* "))


def title_case(text: str, lines: list[str], index: int) -> str:
    """Rejoin a title broken over two lines."""
    previous = previous_text(lines, index)
    if (
        previous
        and not is_title_like(previous)
        and 4 <= len(previous) <= 30
        and YEAR.search(previous)
        and not DATE_CN.fullmatch(compact(previous))  # the signature date above an annex title
        and not text[:4].isdigit()
    ):
        return previous + text
    return text


def previous_text(lines: list[str], index: int) -> str:
    for j in range(index - 1, max(index - 4, -1), -1):
        if squash(lines[j]):
            return squash(lines[j])
    return ""


def notice_title(lines: list[str]) -> str | None:
    """`关于印发…的通知`, else the first title-like line."""
    for number, raw in enumerate(lines[:80]):
        text = squash(raw)
        if "关于" in text[:20] and len(text) <= 80 and text.endswith(("通知", "意见", "方案")):
            before = previous_text(lines, number)
            return (before + text) if before and is_issuer(before) else text
    from duban.extract.normalize import glued_header_words, header_words

    for raw in lines[:40]:
        text = strip_annex(squash(raw))
        # a header cell, or a header line whose words are glued, is no title
        if is_title_like(text) and compact(text) not in header_words() and not glued_header_words(text):
            return text
    return None


def is_issuer(text: str) -> bool:
    text = compact(text)
    if not 4 <= len(text) <= 30 or strip_heading_number(text) != text:
        return False  # `（一）市公安局` heads that unit's duties: no issuer
    return text.endswith(tuple(vocab()["issuer_suffixes"])) and not re.search(r"[，。：:、]", text)


def find_issuer(lines: list[str]) -> str | None:
    """A line holding only an issuing body's name, counted in heading and signature."""
    found = Counter(
        compact(raw)
        for index, raw in enumerate(lines)
        if "\t" not in raw and is_issuer(raw) and not DOC_NUMBER.search(raw) and not after_label(lines, index)
    )
    if not found:
        return None
    return found.most_common(1)[0][0]


SIGNATURE_LINES = 30  # the signature block closes the document


def signature_issuer(lines: list[str]) -> str | None:
    """The body named in the last signature block (a name line over a date line), e.g. below
    the table when nothing above it names the issuer."""
    found = None
    filled = [text for text in map(compact, lines[-SIGNATURE_LINES:]) if text]
    for name, below in zip(filled, filled[1:], strict=False):
        if is_issuer(name) and DATE_CN.fullmatch(below):
            found = name
    return found


def title_issuer(notice: str | None) -> str | None:
    """The body a notice's title opens with: `某市人民政府办公室关于印发…的通知`."""
    before = notice.split("关于", 1)[0] if notice and "关于" in notice else ""
    return before if is_issuer(before) else None


def find_doc_number(lines: list[str]) -> str | None:
    """The document's own 文号: on a line of its own (or after `文号：`), never one cited in a
    sentence (`根据《…》（国办发〔2023〕10号）`), which names an upstream notice."""
    for raw in lines[:120]:
        text = compact(raw)
        for m in DOC_NUMBER.finditer(text):
            if len(text) <= DOC_NUMBER_LINE or "文号" in text[max(0, m.start() - 4) : m.start()]:
                return m.group(0)
    return None


DOC_NUMBER_LINE = 30  # a line this short holding a 文号 is the document's own number line


def to_iso(year: str, month: str, day: str) -> str | None:
    """Arabic or Chinese parts (`二〇二〇`, `五`, `十四`) to an ISO date, None when impossible."""
    y, m, d = (chinese_to_int(part.replace("○", "〇")) for part in (year, month, day))
    if not y or not m or not d or not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_issued_on(lines: list[str]) -> str | None:
    """The signature date (a line that is only a date), else the publication date."""
    published = None
    for raw in lines[:200]:
        m = PUBLISHED.search(raw)
        if m:
            published = to_iso(*m.groups())
            break
    for raw in lines[:200]:
        text = compact(raw)
        m = DATE_CN.fullmatch(text)
        if m:
            return to_iso(*m.groups())
        g = GARBLED_DATE.match(text)
        if g and published and published.replace("-0", "-").replace("-", "") == text:
            return published
    return published


def after_label(lines: list[str], index: int) -> bool:
    """Is line ``index`` the value of a label standing alone on the line above (`配合单位`)?"""
    from duban.extract.normalize import header_words

    previous = next((compact(x) for x in reversed(lines[max(0, index - 3) : index]) if compact(x)), "")
    return previous in header_words()


def find_region(issuer: str | None, title: str | None, lines: list[str]) -> str | None:
    head = [squash(x) for i, x in enumerate(lines[:30]) if not after_label(lines, i)]
    for text in (issuer, title, *head):
        region = region_of(text or "")
        if region:
            return region
    return None


def region_of(text: str) -> str | None:
    """The most specific city/county named at the head of ``text``."""
    m = REGION.match(compact(text))
    if not m:
        return None
    # Matched as whole names: 云州市 is one city, not 云州 and 市.
    parts = [p for p in m.group("city", "county") if p and p not in vocab()["not_region"]]
    return parts[-1] if parts else None


def find_period(*titles: str | None) -> dict[str, str] | None:
    for title in titles:
        if not title:
            continue
        span = SPAN.search(title)
        if span:
            return {"start": f"{span.group(1)}-01-01", "end": f"{span.group(2)}-12-31"}
        plan = re.search(r"十[一二三四五]五", title)
        if plan:
            start = vocab()["five_year_plans"][plan.group(0)]
            return {"start": f"{start}-01-01", "end": f"{start + 4}-12-31"}
        year = YEAR.search(title) or re.search(r"((?:19|20)\d{2})\s*年度", title)
        if year:
            return {"start": f"{year.group(1)}-01-01", "end": f"{year.group(1)}-12-31"}
    return None


def document_year(info: DocumentInfo, lines: list[str]) -> int | None:
    """The year relative dates refer to: the period's start, the issue date, or the commonest year."""
    if info.period:
        return int(info.period["start"][:4])
    if info.issued_on:
        return int(info.issued_on[:4])
    years = Counter(m.group(1) for raw in lines for m in YEAR.finditer(raw))
    return int(years.most_common(1)[0][0]) if years else None
