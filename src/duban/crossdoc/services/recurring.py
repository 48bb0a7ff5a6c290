"""Tasks that come back year after year without ever being closed: the same work (by task text)
in documents of two or more different years, none of its tasks done."""

from __future__ import annotations

from dataclasses import dataclass

from duban.crossdoc.services.similarity import top_k
from duban.ledger.choices import TaskState
from duban.ledger.models import Document, Task

SAME_WORK = 0.6


def document_year(document: Document) -> int | None:
    """The year a document plans for: its period's start, else the year it was issued."""
    if document.period_start:
        return document.period_start.year
    if document.issued_on:
        return document.issued_on.year
    return None


@dataclass
class RecurringTask:
    tasks: list[Task]
    years: list[int]

    @property
    def latest(self) -> Task:
        return self.tasks[-1]


def recurring_tasks(documents=None, threshold: float = SAME_WORK) -> list[RecurringTask]:
    """Groups of the same work across years, none of it closed, latest year first."""
    documents = list(documents if documents is not None else Document.objects.all())
    years = {d.pk: document_year(d) for d in documents}
    years = {pk: year for pk, year in years.items() if year is not None}
    if len(set(years.values())) < 2:
        return []
    tasks = list(Task.objects.filter(document_id__in=list(years)).select_related("document")
                 .order_by("document_id", "order", "pk"))
    parent = list(range(len(tasks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    texts = [t.content for t in tasks]
    for i, candidates in enumerate(top_k(texts, texts, k=6)):
        for candidate in candidates:
            j = candidate.index
            if candidate.score < threshold:
                break
            if years[tasks[j].document_id] != years[tasks[i].document_id]:
                parent[find(i)] = find(j)
    groups: dict[int, list[Task]] = {}
    for i, task in enumerate(tasks):
        groups.setdefault(find(i), []).append(task)
    found = []
    for members in groups.values():
        member_years = sorted({years[t.document_id] for t in members})
        if len(member_years) < 2:
            continue
        if any(t.state == TaskState.DONE or t.closed_at for t in members):
            continue
        members.sort(key=lambda t: (years[t.document_id], t.pk))
        found.append(RecurringTask(members, member_years))
    return sorted(found, key=lambda r: (-len(r.years), -r.years[-1], r.latest.pk))
