"""What the status engine reads: per task a small summary of its row, its document, its
milestones, its stored verdicts and its counted reports, read with a handful of set-wise
queries (``.values_list`` and aggregates, never one model object per report).

A report counts when it was not sent back (退回) and was filed on or before ``today``; its day is
the local date of ``created``. The local date never decreases as the instant grows, so "filed on
or before day D" is ``created < local midnight after D`` and "the latest day" is the local date
of ``MAX(created)`` (``TruncDate`` in the current time zone, which Django renders for SQLite's
UTC text and PostgreSQL's timestamptz alike): the conversion runs once per task, not per report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import orjson
from django.db import connection
from django.db.models import Max, Q, QuerySet, TextField
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from duban.ledger.choices import ProgressState, ReviewStatus
from duban.ledger.models import Document, Milestone, ProgressReport, Task
from duban.supervision.services.cadence import period_of
from duban.supervision.services.notices import late_notices


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """The document fields the rules and ``cadence.period_of`` read."""

    period_start: dt.date | None
    period_end: dt.date | None
    report_cadence: str
    report_day: int


@dataclass(slots=True)
class ReportFacts:
    """A task's counted reports as the rules ask about them: the latest day, the latest day
    before its document's current period (``boundary``), and the milestones reported done."""

    today: dt.date
    boundary: dt.date
    latest: dt.date | None = None
    latest_before_boundary: dt.date | None = None
    done_milestones: set[int] = field(default_factory=set)

    def any(self) -> bool:
        return self.latest is not None

    def since(self, start: dt.date) -> bool:
        """Whether a counted report was filed on or after ``start``."""
        return self.latest is not None and self.latest >= start

    def within(self, start: dt.date, end: dt.date) -> bool:
        """Whether a counted report was filed in [start, end]; ``end`` is either today or later,
        or the day before the boundary (the previous period's last day)."""
        if end >= self.today:
            return self.since(start)
        if end + dt.timedelta(days=1) != self.boundary:
            raise ValueError(f"no summary of the reports before {end + dt.timedelta(days=1)}")
        return self.latest_before_boundary is not None and self.latest_before_boundary >= start


@dataclass(slots=True)
class MilestoneFacts:
    """A milestone row with its ledger state and its stored status (None when never stored)."""

    id: int
    due: dt.date | None
    order: int
    done_at: dt.datetime | None
    state: str
    stored: tuple | None = None  # (state, light, reason, computed_on) of its MilestoneStatus


@dataclass(slots=True)
class TaskFacts:
    """A task row with what the rules need, its ledger state and its stored status."""

    id: int
    document: DocumentFacts
    deadline_kind: str
    deadline_start: dt.date | None
    deadline_due: dt.date | None
    closed_on: dt.date | None
    state: str
    reports: ReportFacts
    milestones: list[MilestoneFacts] = field(default_factory=list)
    stored: tuple | None = None  # (state, light, reasons, due, computed_on) of its TaskStatus
    late_notices: list[str] = field(default_factory=list)  # 督办单 unanswered past deadline

    def closed_by(self, today: dt.date) -> bool:
        """Whether the task was closed (销号) on or before ``today``."""
        return self.closed_on is not None and self.closed_on <= today

    def effective_due(self) -> dt.date | None:
        # The ledger's own rule, applied to this summary (it reads the same attribute names).
        return Task.effective_due(self)


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def rows_of(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query. On PostgreSQL straight from the driver: the columns
    read here (numbers, text, dates, ``::date`` and ``::text`` casts) need none of Django's
    per-row converters, which would cost about as much as the query."""
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def id_span(tasks: QuerySet) -> tuple[int, int] | None:
    """(first, last) when ``tasks`` is exactly ``Task.objects.filter(pk__range=...)`` (a slice
    of a parallel recompute), else None."""
    where = tasks.query.where
    if len(where.children) != 1 or where.negated or tasks.query.is_sliced:
        return None
    lookup = where.children[0]
    if getattr(lookup, "lookup_name", None) != "range":
        return None
    if getattr(lookup.lhs, "target", None) != Task._meta.pk:
        return None
    return tuple(lookup.rhs)


def of_tasks(rows: QuerySet, tasks: QuerySet, path: str = "task") -> QuerySet:
    """``rows`` of ``tasks``, reached through ``path``: all rows when ``tasks`` is every task
    (no semi-join needed), an id range read straight off the rows' own task ids when it is a
    range (each slice reads only its part of a million reports)."""
    rows = rows.order_by()
    if not tasks.query.has_filters() and not tasks.query.is_sliced:
        return rows
    span = id_span(tasks)
    if span is not None:
        return rows.filter(**{f"{path}__gte": span[0], f"{path}__lte": span[1]})
    return rows.filter(**{f"{path}__in": tasks.values("pk")})


def documents_of(tasks: QuerySet) -> dict[int, DocumentFacts]:
    rows = Document.objects.filter(pk__in=tasks.values("document_id")).values_list(
        "pk", "period_start", "period_end", "report_cadence", "report_day"
    )
    return {pk: DocumentFacts(*rest) for pk, *rest in rows.order_by()}


def counted_reports(tasks: QuerySet, today: dt.date) -> QuerySet:
    filed = of_tasks(ProgressReport.objects.all(), tasks).filter(
        created__lt=local_midnight(today + dt.timedelta(days=1))
    )
    return filed.exclude(review_status=ReviewStatus.RETURNED)


def report_facts(tasks: QuerySet, today: dt.date, boundaries: set[dt.date]) -> dict:
    """task id -> (latest report day, {boundary: latest report day before it})."""
    ordered = sorted(boundaries)
    before = {
        f"before_{n}": TruncDate(Max("created", filter=Q(created__lt=local_midnight(day))))
        for n, day in enumerate(ordered)
    }
    rows = rows_of(
        counted_reports(tasks, today)
        .values("task_id")
        .annotate(latest=TruncDate(Max("created")), **before)
        .values_list("task_id", "latest", *before)
    )
    return {
        task_id: (latest, dict(zip(ordered, rest, strict=True)))
        for task_id, latest, *rest in rows
    }


def done_milestones(tasks: QuerySet, today: dt.date) -> set[tuple[int, int]]:
    """(task id, milestone id) of every milestone a counted report says is done (or 100%)."""
    done = Q(state=ProgressState.DONE) | Q(percent=100)
    reports = counted_reports(tasks, today).filter(done, milestone__isnull=False)
    return set(reports.values_list("task_id", "milestone_id").distinct())


def milestones_of(tasks: QuerySet) -> dict[int, list[MilestoneFacts]]:
    rows = rows_of(of_tasks(Milestone.objects.all(), tasks).values_list(
        "task_id", "pk", "due", "order", "done_at", "state",
        "supervision__state", "supervision__light", "supervision__reason",
        "supervision__computed_on",
    ))
    by_task: dict[int, list[MilestoneFacts]] = {}
    for task_id, pk, due, order, done_at, state, *stored in rows:
        stored = None if stored[0] is None else tuple(stored)
        by_task.setdefault(task_id, []).append(
            MilestoneFacts(pk, due, order, done_at, state, stored)
        )
    return by_task


def task_facts(tasks: QuerySet, today: dt.date) -> list[TaskFacts]:
    """The summaries of ``tasks`` on ``today`` (stored status: state, light, reasons, due,
    computed_on)."""
    documents = documents_of(tasks)
    boundary_of = {pk: period_of(doc, today).start for pk, doc in documents.items()}
    reports = report_facts(tasks, today, set(boundary_of.values()))
    done = done_milestones(tasks, today)
    milestones = milestones_of(tasks)
    late = late_notices(tasks.values("pk"), today)
    # Closing day in SQL, the stored reasons as text for orjson: no per-row Python converters.
    rows = rows_of(tasks.order_by().values_list(
        "pk", "document_id", "deadline_kind", "deadline_start", "deadline_due",
        TruncDate("closed_at"), "state", "supervision__state", "supervision__light",
        Cast("supervision__reasons", TextField()), "supervision__due", "supervision__computed_on",
    ))
    facts = []
    for pk, document_id, kind, start, due, closed_on, state, *stored in rows:
        boundary = boundary_of[document_id]
        latest, before = reports.get(pk, (None, {}))
        summary = ReportFacts(today, boundary, latest, before.get(boundary))
        own = milestones.get(pk, [])
        summary.done_milestones = {m.id for m in own if (pk, m.id) in done}
        facts.append(TaskFacts(
            pk, documents[document_id], kind, start, due, closed_on, state, summary, own,
            None if stored[0] is None else (*stored[:2], orjson.loads(stored[2]), *stored[3:]),
            late.get(pk, []),
        ))
    return facts
