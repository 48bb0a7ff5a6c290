"""Recognizing the same document again at preview: by 文号, by title and issuer, and by the
overlap of the task lists (so a .pdf of a .docx already imported is recognized though a few
cells read differently)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from duban.crossdoc.services.similarity import align, normalize
from duban.ledger.models import Document, Task
from duban.ledger.services.search import word_q

# Task-list overlap from which two documents are one document (or a revision of it).
SAME_DOCUMENT_OVERLAP = 0.6
TITLE_SIMILAR = 90
CANDIDATES_BY_TEXT = 5
SNIPPETS = 8
SNIPPET_LENGTH = 8
CJK_RUN = re.compile(rf"[\u4e00-\u9fff]{{{SNIPPET_LENGTH},}}")
BRACKETS = str.maketrans("〔〕［］【】()（）", "[][][][][]")


def number_key(doc_number: str | None) -> str:
    """文号 compared without spaces and with any kind of bracket around the year."""
    text = unicodedata.normalize("NFKC", doc_number or "").translate(BRACKETS)
    return re.sub(r"\s+", "", text)


@dataclass
class DocumentMatch:
    """An imported document the new one matches, and how closely."""

    document_id: int
    title: str
    issuer: str
    doc_number: str
    imported_at: str
    tasks_old: int
    tasks_new: int
    matched: int = 0
    identical: int = 0
    overlap: float = 0.0
    same_number: bool = False
    same_title_issuer: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def recognized(self) -> bool:
        return self.same_number or self.same_title_issuer or self.overlap >= SAME_DOCUMENT_OVERLAP

    @property
    def percent(self) -> int:
        return round(self.overlap * 100)

    @property
    def is_exact(self) -> bool:
        return self.identical == self.tasks_old == self.tasks_new

    def to_dict(self) -> dict:
        return asdict(self) | {"recognized": self.recognized, "percent": self.percent,
                               "is_exact": self.is_exact}


def title_issuer_match(info: dict, document: Document) -> bool:
    title, other = normalize(info.get("title")), normalize(document.title)
    if not title or not other or fuzz.ratio(title, other) < TITLE_SIMILAR:
        return False
    return normalize(info.get("issuer")) == normalize(document.issuer)


def snippets(texts: list[str], count: int = SNIPPETS) -> list[str]:
    """Up to ``count`` runs of Chinese characters, one from each of tasks spread over the list:
    the middle of each task's longest run, which reads the same in every format."""
    found = []
    for text in texts:
        runs = CJK_RUN.findall(text or "")
        if runs:
            run = max(runs, key=len)
            middle = (len(run) - SNIPPET_LENGTH) // 2
            found.append(run[middle:middle + SNIPPET_LENGTH])
    if len(found) <= count:
        return found
    step = len(found) / count
    return [found[int(i * step)] for i in range(count)]


def candidates_by_text(texts: list[str], exclude: set[int]) -> list[int]:
    """Documents holding tasks with the same wording as a sample of ``texts`` (through the
    task search index on PostgreSQL), most often found first."""
    sample = snippets(texts)
    counts: Counter[int] = Counter()
    for snippet in sample:
        found = (Task.objects.filter(word_q(snippet)).exclude(document_id__in=exclude)
                 .values_list("document_id", flat=True).distinct()[:CANDIDATES_BY_TEXT * 4])
        counts.update(set(found))
    # The same document holds (nearly) every sampled run; a document that only shares some
    # wording (another year's plan, a county's re-issue) is not a candidate.
    needed = max(2, len(sample) // 2) if len(sample) > 1 else 1
    return [pk for pk, n in counts.most_common(CANDIDATES_BY_TEXT) if n >= needed]


def compare(extraction: dict, document: Document) -> DocumentMatch:
    """How closely an extraction's tasks overlap the document's tasks. The tasks' units,
    deadlines and targets are read only when the task texts overlap enough to matter."""
    from duban.crossdoc.services.diff import changed_fields
    from duban.crossdoc.services.records import from_document, from_extraction

    info = extraction.get("document") or {}
    new_texts = [t.get("content") or "" for t in extraction.get("tasks") or []]
    old_texts = list(document.tasks.order_by("order", "pk").values_list("content", flat=True))
    match = DocumentMatch(
        document_id=document.pk, title=document.title, issuer=document.issuer,
        doc_number=document.doc_number, imported_at=document.imported_at.isoformat(),
        tasks_old=len(old_texts), tasks_new=len(new_texts))
    pairs = align(old_texts, new_texts, threshold=0.6)
    match.matched = len(pairs)
    match.overlap = len(pairs) / max(len(old_texts), len(new_texts), 1)
    key = number_key(info.get("doc_number"))
    match.same_number = bool(key) and key == number_key(document.doc_number)
    match.same_title_issuer = title_issuer_match(info, document)
    if match.recognized and pairs:
        old, new = from_document(document), from_extraction(extraction)
        match.identical = sum(not changed_fields(old[i], new[j]) for i, j, _ in pairs)
    if match.same_number:
        match.reasons.append(f"文号相同（{document.doc_number}）")
    if match.same_title_issuer:
        match.reasons.append("标题和发文单位相同" if document.issuer else "标题相同")
    if match.matched:
        match.reasons.append(
            f"任务重合 {match.percent}%（{match.matched} 条相同或相近，其中 {match.identical} 条完全一致）")
    return match


def find_matches(extraction: dict, exclude: set[int] | None = None) -> list[DocumentMatch]:
    """Imported documents the extraction is the same document as (or a revision of), closest
    first; only recognized matches are returned."""
    exclude = set(exclude or ())
    info = extraction.get("document") or {}
    candidates: dict[int, None] = {}
    key = number_key(info.get("doc_number"))
    if key:
        for pk, number in Document.objects.exclude(doc_number="").exclude(
                pk__in=exclude).values_list("pk", "doc_number"):
            if number_key(number) == key:
                candidates[pk] = None
    title = normalize(info.get("title"))
    if title:
        for pk, other in Document.objects.exclude(pk__in=exclude).values_list("pk", "title"):
            if fuzz.ratio(title, normalize(other)) >= TITLE_SIMILAR:
                candidates[pk] = None
    texts = [t.get("content") or "" for t in extraction.get("tasks") or []]
    for pk in candidates_by_text(texts, exclude):
        candidates[pk] = None
    documents = Document.objects.filter(pk__in=list(candidates))
    matches = [compare(extraction, document) for document in documents]
    matches = [m for m in matches if m.recognized]
    return sorted(matches, key=lambda m: (m.same_number, m.same_title_issuer, m.overlap),
                  reverse=True)
