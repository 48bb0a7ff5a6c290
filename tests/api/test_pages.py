"""The API's SQL pages (``api.pages``) list exactly what the ledger's ORM rules list."""

from __future__ import annotations

import datetime as dt
import itertools

from api.base import ApiTestCase
from api.test_queries import add_tasks
from duban.api.filtersets import with_latest_value
from duban.api.pages import overdue_rows, search_rows, task_detail_rows, unit_task_rows
from duban.ledger.choices import AssignmentRole, DeadlineKind, TaskState
from duban.ledger.models import Assignment, Document, Indicator, Milestone, Task, Unit
from duban.ledger.services import tasks_in_role
from duban.ledger.services.search import matching
from duban.supervision.models import TaskStatus

ROLES = [AssignmentRole.LEAD, AssignmentRole.PARTICIPATING, None]
DAYS = [dt.date(2021, 12, 1), dt.date(2022, 1, 15), dt.date(2022, 9, 1), dt.date(2023, 2, 1)]


def ids_of(rows: list[dict]) -> list[int]:
    return [row["id"] for row in rows]


class PagesTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_tasks(cls.document, cls.health, cls.finance, cls.lead_reporter)
        # A unit leading some tasks and taking part in others of the same list; tasks with no
        # deadline in a document whose period ends; some tasks done.
        tasks = list(Task.objects.order_by("pk"))
        for task in tasks[::4]:
            Assignment.objects.get_or_create(task=task, unit=cls.finance,
                                             defaults={"role": AssignmentRole.LEAD})
        Task.objects.filter(pk__in=[t.pk for t in tasks[1::5]]).update(state=TaskState.DONE)
        Task.objects.filter(pk__in=[t.pk for t in tasks[2::6]]).update(
            deadline_due=None, deadline_kind=DeadlineKind.NONE)
        Document.objects.filter(pk=cls.document.pk).update(period_end=dt.date(2022, 12, 31))
        TaskStatus.objects.all().delete()
        TaskStatus.objects.bulk_create(
            TaskStatus(task=t, state=t.state, light=light, computed_on=dt.date(2022, 1, 1))
            for t, light in zip(tasks[::2], itertools.cycle(["red", "green"])))

    def unit_sets(self) -> list[list[int]]:
        units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
        return [[u] for u in units] + [[self.health.pk, self.finance.pk], units]

    def test_unit_pages_list_what_tasks_in_role_lists(self):
        for unit_ids, role in itertools.product(self.unit_sets(), ROLES):
            with self.subTest(units=unit_ids, role=role):
                expected = list(tasks_in_role(Task.objects.all(), unit_ids, role)
                                .order_by("pk").values_list("pk", flat=True))
                self.assertEqual(ids_of(unit_task_rows(unit_ids, role, limit=1000)), expected)
                if len(expected) > 3:
                    after = expected[2]
                    rows = unit_task_rows(unit_ids, role, after=after, limit=2)
                    self.assertEqual(ids_of(rows), expected[3:5])

    def test_a_unit_page_keeps_to_one_document(self):
        other = Document.objects.create(title="另一份文件")
        moved = Task.objects.filter(assignments__unit=self.health).order_by("pk")[:3]
        Task.objects.filter(pk__in=[t.pk for t in moved]).update(document=other)
        rows = unit_task_rows([self.health.pk], None, document=other.pk, limit=100)
        self.assertEqual(ids_of(rows), [t.pk for t in moved])

    def test_overdue_page_lists_what_overdue_q_lists(self):
        for day in DAYS:
            with self.subTest(day=day):
                expected = list(Task.objects.overdue(day).order_by("pk")
                                .values_list("pk", flat=True))
                self.assertTrue(expected or day == DAYS[0])
                self.assertEqual(ids_of(overdue_rows(day, limit=1000)), expected)

    def test_search_pages_list_what_matching_lists(self):
        queries = ["批量", "批量任务1", "批量 任务", "DRG", "drg 财政", "市卫生健康委", "1", "12",
                   "没有这个词", "<script>"]
        for q in queries:
            with self.subTest(q=q):
                expected = list(matching(Task.objects.all(), q).order_by("pk")
                                .values_list("pk", flat=True))
                self.assertEqual(ids_of(search_rows(q.split(), limit=1000)), expected)
                if len(expected) > 3:
                    rows = search_rows(q.split(), after=expected[2], limit=2)
                    self.assertEqual(ids_of(rows), expected[3:5])
        self.assertTrue(search_rows(["批量"], limit=1000))

    def test_rows_carry_the_list_fields_and_the_light(self):
        rows = {row["id"]: row for row in unit_task_rows([self.health.pk], None, limit=1000)}
        expected = Task.objects.filter(pk__in=rows).values(
            "id", "document_id", "seq", "category", "content", "deadline_text", "deadline_kind",
            "deadline_due", "state", "supervision__light")
        for task in expected:
            light = task.pop("supervision__light")
            self.assertEqual(rows[task["id"]], {**task, "light": light})

    def test_a_detail_reads_what_the_models_hold(self):
        Task.objects.filter(pk=self.own_task.pk).update(closed_at=dt.datetime(2022, 5, 1, 8, 30,
                                                                              tzinfo=dt.UTC))
        TaskStatus.objects.update_or_create(
            task=self.own_task, defaults={"state": "overdue", "light": "red",
                                          "reasons": ["已逾期"], "computed_on": DAYS[1]})
        for task in Task.objects.select_related("document").order_by("pk"):
            with self.subTest(task=task.pk):
                row, milestones, indicators = task_detail_rows(task.pk)
                status = TaskStatus.objects.filter(task=task).first()
                self.assertEqual(row["document_title"], task.document.title)
                self.assertEqual(row["closed_at"], task.closed_at)
                self.assertEqual(row["version"], task.version)
                self.assertEqual(row["reasons"], status.reasons if status else None)
                self.assertEqual(milestones, list(
                    Milestone.objects.filter(task=task).order_by("order", "due", "pk")
                    .values("id", "task_id", "due", "text", "order", "state")))
                self.assertEqual(indicators, list(
                    with_latest_value(Indicator.objects.filter(task=task).order_by("order", "pk"),
                                      self.office)
                    .values("id", "task_id", "text", "value", "unit", "op", "latest_value")))
        self.assertIsNone(task_detail_rows(10**9))

    def test_every_signed_in_user_sees_every_task(self):
        # The pages skip ``visible_to`` beyond "signed in": if that rule ever narrows, they
        # must learn it too.
        for persona in ("office", "lead_reporter", "other_reporter", "leader"):
            user = getattr(self, persona)
            self.assertEqual(Task.objects.visible_to(user).count(), Task.objects.count())
