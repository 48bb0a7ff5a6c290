"""The status engine's set-wise path: the verdicts it stores for a varied ledger equal those the
rule functions give when fed every report one by one, and a recompute writes only what
changed, with a number of queries that does not grow with the ledger."""

from __future__ import annotations

import datetime as dt
import random
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.ledger.choices import ProgressState, ReportCadence, ReviewStatus
from duban.ledger.models import Milestone, ProgressReport, Task
from duban.supervision.models import MilestoneStatus, StatusRun, SupervisionSettings, TaskStatus
from duban.supervision.services import status_store
from duban.supervision.services.status import (
    ensure_current,
    is_current,
    judge_task,
    judge_tasks,
    recompute_all,
    recompute_task,
)
from duban.supervision.services.status_facts import task_facts
from duban.supervision.services.status_store import changed_rows
from ledger.base import import_extraction
from supervision.base import SupervisionTestCase

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def deadline(kind, start=None, due=None):
    return {"text": kind, "kind": kind, "start": start, "due": due}


TASKS = [
    ("持续推进", deadline("ongoing"), []),
    ("限期完成", deadline("date", due="2022-06-30"), []),
    ("时段任务", deadline("range", start="2022-03-01", due="2022-09-30"), []),
    ("倒排节点", deadline("none"), ["2022-03-31", "2022-06-30", "2022-09-30"]),
    ("未注明时限", deadline("none"), []),
    ("将要销号", deadline("none"), ["2022-04-30", "2022-08-31"]),
    ("五月起持续推进", deadline("ongoing", start="2022-05-01"), []),
    ("年度任务", deadline("year", due="2022-12-31"), []),
]


def ledger_extraction(name: str, period: tuple[str | None, str | None]) -> dict:
    return {
        "source": {"path": f"{name}.txt", "format": "txt", "sha256": ""},
        "document": {
            "title": f"{name}任务分工",
            "issuer": "盐城市医改办",
            "doc_number": "",
            "issued_on": "2022-01-05",
            "region": "盐城市",
            "period": {"start": period[0], "end": period[1]},
        },
        "tasks": [
            {
                "seq": str(n + 1),
                "category": "综合",
                "content": content,
                "lead_units": ["市卫生健康委"],
                "participating_units": [],
                "deadline": kind,
                "milestones": [{"due": due, "text": f"节点{due}"} for due in milestones],
                "target": None,
                "indicators": [],
                "source_lines": [n + 1, n + 1],
            }
            for n, (content, kind, milestones) in enumerate(TASKS)
        ],
    }


DOCUMENTS = [
    ("月报", ("2022-01-01", "2022-12-31"), ReportCadence.MONTHLY, 25),
    ("周报", ("2022-02-15", "2022-11-30"), ReportCadence.WEEKLY, 5),
    ("季报", (None, None), ReportCadence.QUARTERLY, 15),
]
# Local times that fall on the previous UTC day, at noon, and just before local midnight.
TIMES = [dt.time(0, 10), dt.time(12, 0), dt.time(23, 50)]
DAYS = [
    D(2022, 1, 10), D(2022, 2, 28), D(2022, 3, 1), D(2022, 3, 20), D(2022, 4, 10),
    D(2022, 5, 31), D(2022, 6, 26), D(2022, 7, 1), D(2022, 9, 30), D(2022, 10, 7),
    D(2022, 12, 31), D(2023, 1, 5),
]


def build_ledger(reporter) -> None:
    """Three documents (monthly, weekly, quarterly) of the tasks above, one task closed in
    April, a milestone with no date, and ~10 reports per task at awkward times, some sent
    back, some done (or 100%) on a milestone."""
    rng = random.Random(5)
    for name, period, cadence, report_day in DOCUMENTS:
        document = import_extraction(ledger_extraction(name, period), name=f"{name}.txt")
        document.report_cadence, document.report_day = cadence, report_day
        document.save()
        for task in document.tasks.order_by("order"):
            if task.content == "倒排节点":
                Milestone.objects.create(task=task, due=None, text="无日期节点", order=9)
            if task.content == "将要销号":
                closed = dt.datetime(2022, 4, 10, 9, tzinfo=SHANGHAI)
                Task.objects.filter(pk=task.pk).update(closed_at=closed)
            file_reports(rng, task, reporter)


def file_reports(rng: random.Random, task: Task, reporter) -> None:
    milestones = [None, *task.milestones.all()]
    unit = task.assignments.first().unit
    for _ in range(10):
        day = D(2022, 1, 1) + dt.timedelta(days=rng.randrange(365))
        report = ProgressReport.objects.create(
            task=task,
            unit=unit,
            author=reporter,
            text="进展",
            milestone=rng.choice(milestones),
            state=rng.choice([ProgressState.IN_PROGRESS, ProgressState.DONE]),
            percent=rng.choice([None, 50, 100]),
            review_status=rng.choice(list(ReviewStatus)),
        )
        moment = dt.datetime.combine(day, rng.choice(TIMES), tzinfo=SHANGHAI)
        ProgressReport.objects.filter(pk=report.pk).update(created=moment)
    # The first minutes of March (the last day of February in UTC) and the last of February.
    for moment in [dt.datetime(2022, 3, 1, 0, 10), dt.datetime(2022, 2, 28, 23, 50)]:
        report = ProgressReport.objects.create(task=task, unit=unit, text="跨日", author=reporter)
        created = moment.replace(tzinfo=SHANGHAI)
        ProgressReport.objects.filter(pk=report.pk).update(created=created)


class EveryReport:
    """The reference: a task's counted reports one by one, as the engine first read them."""

    def __init__(self, task_id: int, today: dt.date):
        filed = [
            (timezone.localtime(r.created).date(), r.milestone_id,
             r.state == ProgressState.DONE or r.percent == 100)
            for r in ProgressReport.objects.filter(task_id=task_id)
            if r.review_status != ReviewStatus.RETURNED
        ]
        filed = [f for f in filed if f[0] <= today]
        self.days = [day for day, _, _ in filed]
        self.done_milestones = {m for _, m, done in filed if done and m}

    def any(self) -> bool:
        return bool(self.days)

    def since(self, start: dt.date) -> bool:
        return any(day >= start for day in self.days)

    def within(self, start: dt.date, end: dt.date) -> bool:
        return any(start <= day <= end for day in self.days)


def reasons_text(verdict) -> str:
    return "；".join(verdict.reasons)[:200]


class EquivalenceTests(SupervisionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_ledger(cls.yy_reporter)

    @mock.patch.object(status_store, "STAGE_FROM", 1)  # PostgreSQL's staged writes, too
    def test_stored_verdicts_equal_the_rules_fed_every_report(self):
        rules = SupervisionSettings.current()
        seen_states = set()
        for today in DAYS:
            recompute_all(today)
            for facts in task_facts(Task.objects.all(), today):
                reference = EveryReport(facts.id, today)
                self.assertEqual(facts.reports.latest, max(reference.days, default=None))
                self.assertEqual(facts.reports.done_milestones, reference.done_milestones)
                facts.reports = reference
                verdict, milestones = judge_task(facts, today, rules)
                seen_states.add(verdict.state)
                with self.subTest(today=today, task=facts.id):
                    stored = TaskStatus.objects.get(task_id=facts.id)
                    self.assertEqual(Task.objects.get(pk=facts.id).state, verdict.state)
                    self.assertEqual(
                        (stored.state, stored.light, stored.reasons, stored.due),
                        (verdict.state, verdict.light, verdict.reasons, verdict.due),
                    )
                    self.assertTrue(is_current(stored, today))
                    for milestone, mv in milestones:
                        row = MilestoneStatus.objects.get(milestone_id=milestone.id)
                        self.assertEqual(Milestone.objects.get(pk=milestone.id).state, mv.state)
                        self.assertEqual(
                            (row.state, row.light, row.reason), (mv.state, mv.light, reasons_text(mv))
                        )
        self.assertGreaterEqual(len(seen_states), 4, "the ledger should reach most states")

    def test_a_report_just_after_local_midnight_counts_for_the_new_day(self):
        task = Task.objects.get(document__title="月报任务分工", content="持续推进")
        (february,) = task_facts(Task.objects.filter(pk=task.pk), D(2022, 2, 28))
        (march,) = task_facts(Task.objects.filter(pk=task.pk), D(2022, 3, 1))
        self.assertEqual(february.reports.latest, D(2022, 2, 28))
        self.assertEqual(march.reports.latest, D(2022, 3, 1))
        self.assertTrue(march.reports.within(D(2022, 2, 1), D(2022, 2, 28)))
        self.assertTrue(march.reports.since(D(2022, 3, 1)))


def writes(queries) -> list[str]:
    """The statements that change rows."""
    return [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


class WriteOnlyChangesTests(SupervisionTestCase):
    def test_a_second_run_the_same_day_writes_no_row(self):
        recompute_all(D(2020, 7, 15))
        with CaptureQueriesContext(connection) as queries:
            recompute_all(D(2020, 7, 15))
        statements = writes(queries.captured_queries)
        self.assertEqual(len(statements), 1, statements)
        self.assertIn("supervision_statusrun", statements[0])

    def test_only_the_changed_rows_are_written(self):
        today = D(2020, 7, 15)
        recompute_all(today)
        task = self.plan_tasks[1]
        june = self.milestone(task, 6)
        TaskStatus.objects.filter(task=task).update(light="stale")
        Milestone.objects.filter(pk=june.pk).update(state="on_track")
        rows = changed_rows(judge_tasks(Task.objects.all(), today), today)
        self.assertEqual([row[0] for row in rows["statuses"]], [task.pk])
        self.assertEqual(rows["milestones"], [(june.pk, "overdue")])
        self.assertEqual((rows["tasks"], rows["milestone_statuses"]), ([], []))
        recompute_all(today)
        self.assertEqual(TaskStatus.objects.get(task=task).light, "red")
        june.refresh_from_db()
        self.assertEqual(june.state, "overdue")

    def test_a_new_day_rewrites_only_changed_statuses_and_records_the_run(self):
        recompute_all(D(2020, 7, 15))
        recompute_all(D(2020, 7, 16))
        days = set(TaskStatus.objects.values_list("computed_on", flat=True))
        self.assertIn(D(2020, 7, 15), days, "unchanged statuses are not rewritten")
        self.assertTrue(StatusRun.objects.filter(day=D(2020, 7, 16)).exists())
        for status in TaskStatus.objects.all():
            self.assertTrue(is_current(status, D(2020, 7, 16)))
            self.assertFalse(is_current(status, D(2020, 7, 17)))
        self.assertEqual(ensure_current(D(2020, 7, 16)), 0)

    def test_a_partial_recompute_marks_its_statuses_computed_that_day(self):
        recompute_all(D(2020, 7, 15))
        recompute_all(D(2020, 7, 16), self.plan)
        self.assertEqual(set(TaskStatus.objects.filter(task__document=self.plan)
                             .values_list("computed_on", flat=True)), {D(2020, 7, 16)})
        self.assertEqual(set(MilestoneStatus.objects.filter(milestone__task__document=self.plan)
                             .values_list("computed_on", flat=True)), {D(2020, 7, 16)})
        self.assertFalse(StatusRun.objects.filter(day=D(2020, 7, 16)).exists())
        self.assertEqual(ensure_current(D(2020, 7, 17)), Task.objects.count())

    def test_the_number_of_queries_does_not_grow_with_the_reports(self):
        task = self.plan_tasks[4]
        self.report(task, D(2020, 6, 10))
        with CaptureQueriesContext(connection) as one:
            recompute_task(task, D(2020, 7, 15))
        for day in range(1, 25):
            self.report(task, D(2020, 6, day))
        with CaptureQueriesContext(connection) as many:
            recompute_task(task, D(2020, 7, 15))
        self.assertLessEqual(len(many), len(one) + 1)
        self.assertLessEqual(len(many), 16)
