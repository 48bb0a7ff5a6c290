"""Vertical cascade: each task of a lower document (a county's re-issue) linked to the upper
document's task (city, province) it implements. Links are suggested by character n-gram
TF-IDF similarity and confirmed or corrected by a person; the gap report lists upper tasks
with no local counterpart, local deadlines later than the upper one, local targets below the
upper target, and rolls progress up from the linked lower tasks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from rapidfuzz import fuzz

from duban.crossdoc.models import LinkStatus, TaskLink
from duban.crossdoc.services.similarity import normalize, top_k
from duban.ledger.choices import ChangeAction, DeadlineKind, IndicatorOp, TaskState
from duban.ledger.models import Document, Indicator, ProgressReport, Task
from duban.ledger.permissions import require_office
from duban.ledger.services.audit import record_change

# Below this cosine no upper task is suggested: the lower task is the county's own work.
MIN_SUGGESTION = 0.2
MORE_IS_BETTER = {IndicatorOp.GE, IndicatorOp.GT, IndicatorOp.EQ}


def ordered_tasks(document: Document) -> list[Task]:
    return list(document.tasks.order_by("order", "pk"))


@dataclass
class Suggestion:
    lower: Task
    candidates: list[tuple[Task, float]]
    link: TaskLink | None = None

    @property
    def best(self) -> Task | None:
        return self.candidates[0][0] if self.candidates else None


def suggestions(lower_document: Document, upper_document: Document, k: int = 3
                ) -> list[Suggestion]:
    """For each lower task, the ``k`` most similar upper tasks (best first) and its current
    link to a task of the upper document, if any."""
    lower, upper = ordered_tasks(lower_document), ordered_tasks(upper_document)
    found = top_k([t.content for t in lower], [t.content for t in upper], k)
    links = {link.lower_id: link for link in TaskLink.objects.filter(
        lower__document=lower_document, upper__document=upper_document).select_related("upper")}
    return [Suggestion(task, [(upper[c.index], c.score) for c in candidates
                              if c.score >= MIN_SUGGESTION], links.get(task.pk))
            for task, candidates in zip(lower, found, strict=True)]


@transaction.atomic
def suggest_links(actor, lower_document: Document, upper_document: Document) -> int:
    """Store the best suggestion of every lower task that has no confirmed or rejected link
    to the upper document yet; returns how many links were written."""
    require_office(actor)
    written = 0
    for suggestion in suggestions(lower_document, upper_document, k=1):
        if suggestion.link is not None and suggestion.link.status != LinkStatus.SUGGESTED:
            continue
        if not suggestion.candidates:
            continue
        upper, score = suggestion.candidates[0]
        TaskLink.objects.filter(lower=suggestion.lower, status=LinkStatus.SUGGESTED,
                                upper__document=upper_document).exclude(upper=upper).delete()
        TaskLink.objects.update_or_create(lower=suggestion.lower, upper=upper,
                                          defaults={"score": score})
        written += 1
    record_change(actor, ChangeAction.UPDATE, lower_document, related=upper_document,
                  message=f"建议上下级任务对应 {written} 条（上级：《{upper_document.title}》）"[:300])
    return written


@transaction.atomic
def confirm_link(actor, lower: Task, upper: Task | None) -> TaskLink | None:
    """A person's decision for a lower task: it implements ``upper`` (confirmed), or, with
    None, no task of the upper documents it was suggested from (the county's own work)."""
    require_office(actor)
    if upper is not None and upper.document_id == lower.document_id:
        raise ValidationError("上级任务不能与下级任务属于同一文件")
    now = timezone.now()
    current = list(TaskLink.objects.filter(lower=lower).exclude(status=LinkStatus.REJECTED))
    before = [link.upper_id for link in current]
    for link in current:
        if upper is None or link.upper_id != upper.pk:
            link.status, link.decided_by, link.decided_at = LinkStatus.REJECTED, actor, now
            link.save()
    result = None
    if upper is not None:
        result, _ = TaskLink.objects.update_or_create(
            lower=lower, upper=upper,
            defaults={"status": LinkStatus.CONFIRMED, "decided_by": actor, "decided_at": now})
    message = f"确认对应上级任务 #{upper.pk}" if upper else "确认无对应上级任务"
    record_change(actor, ChangeAction.UPDATE, lower, related=lower.document, message=message,
                  before={"upper": before}, after={"upper": [upper.pk] if upper else []})
    return result


def active_links(lower_document: Document, upper_document: Document):
    return (TaskLink.objects.filter(lower__document=lower_document,
                                    upper__document=upper_document)
            .exclude(status=LinkStatus.REJECTED).select_related("lower__document",
                                                                 "upper__document"))


def comparable_due(task: Task):
    if task.deadline_kind == DeadlineKind.ONGOING:
        return None
    return task.effective_due()


def indicator_pairs(lower: list[Indicator], upper: list[Indicator]
                    ) -> list[tuple[Indicator, Indicator]]:
    """Lower and upper indicators of one linked pair, matched by unit and wording."""
    from scipy.optimize import linear_sum_assignment  # here, not at start: see similarity.py

    if not lower or not upper:
        return []
    scores = [[fuzz.ratio(a.text, b.text) if a.unit == b.unit else -1 for b in upper]
              for a in lower]
    rows, cols = linear_sum_assignment([[-s for s in row] for row in scores])
    return [(lower[i], upper[j]) for i, j in zip(rows, cols, strict=True) if scores[i][j] >= 0]


def below_target(lower: Indicator, upper: Indicator) -> bool:
    """Whether the local target asks for less than the upper one (the same words are the same
    target, however a reader took their number)."""
    if normalize(lower.text) == normalize(upper.text):
        return False
    if upper.op in MORE_IS_BETTER and lower.op in MORE_IS_BETTER:
        return lower.value < upper.value
    if upper.op in (IndicatorOp.LE, IndicatorOp.LT) and lower.op in (IndicatorOp.LE,
                                                                    IndicatorOp.LT):
        return lower.value > upper.value
    return False


@dataclass
class Rollup:
    upper: Task
    lower: list[Task]
    percents: list[int | None] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(t.state == TaskState.DONE for t in self.lower)

    @property
    def percent(self) -> int | None:
        """Mean of the linked lower tasks' latest percent (a done task counts 100)."""
        if not self.lower:
            return None
        values = [100 if t.state == TaskState.DONE else (p or 0)
                  for t, p in zip(self.lower, self.percents, strict=True)]
        return round(sum(values) / len(values))


@dataclass
class CascadeReport:
    lower_document: Document
    upper_document: Document
    unlinked_upper: list[Task]
    unlinked_lower: list[Task]
    later_deadlines: list[tuple[Task, Task]]
    lower_targets: list[tuple[Task, Task, Indicator, Indicator]]
    rollups: list[Rollup]

    @property
    def problems(self) -> int:
        return len(self.unlinked_upper) + len(self.later_deadlines) + len(self.lower_targets)


def cascade_report(lower_document: Document, upper_document: Document) -> CascadeReport:
    """The gaps between a lower document and the upper one it implements, over the current
    (suggested or confirmed) links."""
    links = list(active_links(lower_document, upper_document))
    latest = ProgressReport.objects.filter(task=OuterRef("pk"), percent__isnull=False).order_by(
        "-created", "-pk").values("percent")[:1]
    lower_tasks = {t.pk: t for t in lower_document.tasks.annotate(
        latest_percent=Subquery(latest)).select_related("document")}
    upper_tasks = ordered_tasks(upper_document)
    by_upper: dict[int, list[Task]] = {}
    linked_lower = set()
    for link in links:
        by_upper.setdefault(link.upper_id, []).append(lower_tasks[link.lower_id])
        linked_lower.add(link.lower_id)
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(task_id__in=list(lower_tasks) + [
            t.pk for t in upper_tasks]).order_by("order", "pk"):
        indicators.setdefault(indicator.task_id, []).append(indicator)
    later, lower_targets, rollups = [], [], []
    for upper in upper_tasks:
        lowers = sorted(by_upper.get(upper.pk, []), key=lambda t: (t.order, t.pk))
        for lower in lowers:
            upper_due, lower_due = comparable_due(upper), comparable_due(lower)
            if upper_due and lower_due and lower_due > upper_due:
                later.append((lower, upper))
            for low, up in indicator_pairs(indicators.get(lower.pk, []),
                                           indicators.get(upper.pk, [])):
                if below_target(low, up):
                    lower_targets.append((lower, upper, low, up))
        if lowers:
            rollups.append(Rollup(upper, lowers, [t.latest_percent for t in lowers]))
    return CascadeReport(
        lower_document, upper_document,
        unlinked_upper=[t for t in upper_tasks if t.pk not in by_upper],
        unlinked_lower=sorted((t for pk, t in lower_tasks.items() if pk not in linked_lower),
                              key=lambda t: (t.order, t.pk)),
        later_deadlines=sorted(later, key=lambda p: (p[0].order, p[0].pk)),
        lower_targets=sorted(lower_targets, key=lambda p: (p[0].order, p[0].pk)),
        rollups=rollups,
    )


def upper_progress(upper: Task) -> Rollup:
    """Progress of one upper task rolled up from every lower task linked to it."""
    latest = ProgressReport.objects.filter(task=OuterRef("pk"), percent__isnull=False).order_by(
        "-created", "-pk").values("percent")[:1]
    lower_ids = TaskLink.objects.filter(upper=upper).exclude(
        status=LinkStatus.REJECTED).values("lower_id")
    lowers = list(Task.objects.filter(pk__in=lower_ids).annotate(latest_percent=Subquery(latest))
                  .order_by("document_id", "order", "pk"))
    return Rollup(upper, lowers, [t.latest_percent for t in lowers])


__all__ = ["cascade_report", "confirm_link", "suggest_links", "suggestions",
           "upper_progress"]
