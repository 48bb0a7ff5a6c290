"""The status engine on a fixed day: seed 000's milestones for a set of reports, and an
ongoing task judged by its reporting cadence."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.ledger.choices import ReportCadence, TaskState
from duban.ledger.models import Task
from duban.supervision.choices import Light
from duban.supervision.models import MilestoneStatus, TaskStatus
from duban.supervision.services.status import recompute_all
from ledger.base import import_extraction
from supervision.base import SupervisionTestCase

D = dt.date
NS, OK, SOON, LATE, DONE = (
    TaskState.NOT_STARTED,
    TaskState.ON_TRACK,
    TaskState.DUE_SOON,
    TaskState.OVERDUE,
    TaskState.DONE,
)
# A task is 逾期 only past its own due date: a missed milestone before it is 节点滞后, and an
# ongoing task that missed a report day is 未按期报送.
BEHIND, REPORT_LATE = TaskState.BEHIND, TaskState.REPORT_LATE

# (day, task index, milestone states June..December, task state, light, note)
SEED_000_CASES = [
    (D(2020, 7, 15), 0, [DONE, OK, NS, NS, NS, NS, NS], OK, Light.GREEN, "June done, July open"),
    (D(2020, 7, 15), 1, [LATE, OK, NS, NS, NS, NS, NS], BEHIND, Light.RED, "June missed"),
    (D(2020, 7, 15), 2, [DONE, OK, NS, NS, NS, NS, NS], OK, Light.GREEN, "later report ignored"),
    (D(2020, 7, 27), 1, [LATE, SOON, NS, NS, NS, NS, NS], BEHIND, Light.RED, "July due in 4 days"),
    (D(2020, 7, 27), 2, [DONE, OK, NS, NS, NS, NS, NS], OK, Light.GREEN, "reported on 7-20"),
    (D(2020, 12, 31), 0, [DONE] * 6 + [OK], OK, Light.GREEN, "every month done, Dec reported"),
    (D(2020, 12, 31), 1, [LATE] * 6 + [SOON], BEHIND, Light.RED, "nothing ever reported"),
    (D(2020, 12, 31), 2, [DONE] + [LATE] * 5 + [SOON], BEHIND, Light.RED, "stopped after July"),
    (D(2020, 12, 31), 3, [DONE] * 7, DONE, Light.GREEN, "closed in November"),
]


class SeedMilestoneTests(SupervisionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

    def setUp(self):
        first, _, third, closed = self.plan_tasks[:4]
        for month in range(6, 12):
            self.report(
                first, D(2020, month, 28), milestone=self.milestone(first, month), done=True
            )
        self.report(first, D(2020, 12, 20), milestone=self.milestone(first, 12))
        self.report(third, D(2020, 6, 20), milestone=self.milestone(third, 6), done=True)
        self.report(third, D(2020, 7, 20), milestone=self.milestone(third, 7))
        self.report(closed, D(2020, 10, 20))
        Task.objects.filter(pk=closed.pk).update(
            closed_at=dt.datetime(2020, 11, 30, 8, tzinfo=dt.UTC)
        )

    def test_it_computes_the_seed_000_milestones(self):
        for day, index, milestones, state, light, note in SEED_000_CASES:
            with self.subTest(day=day, task=index, note=note):
                recompute_all(day, self.plan)
                task = Task.objects.get(pk=self.plan_tasks[index].pk)
                statuses = MilestoneStatus.objects.filter(milestone__task=task).order_by(
                    "milestone__due"
                )
                self.assertEqual([s.state for s in statuses], milestones)
                self.assertEqual(task.state, state)
                self.assertEqual(TaskStatus.objects.get(task=task).light, light)

    def test_it_stores_the_state_on_the_ledger_rows(self):
        recompute_all(D(2020, 7, 15), self.plan)
        june = self.milestone(self.plan_tasks[1], 6)
        june.refresh_from_db()
        self.assertEqual(june.state, LATE)

    def test_a_report_recomputes_its_task_at_once(self):
        task = self.plan_tasks[4]
        self.report(task, D(2020, 6, 10))
        self.assertEqual(TaskStatus.objects.get(task=task).computed_on, D(2020, 6, 10))


def ongoing_extraction(cadence_note: str) -> dict:
    return {
        "source": {"path": "ongoing.txt", "format": "txt", "sha256": ""},
        "document": {
            "title": f"持续推进任务分工（{cadence_note}）",
            "issuer": "盐城市医改办",
            "doc_number": "",
            "issued_on": "2022-01-05",
            "region": "盐城市",
            "period": {"start": "2022-01-01", "end": "2022-12-31"},
        },
        "tasks": [
            {
                "seq": "1",
                "category": "综合",
                "content": "持续推进医联体建设",
                "lead_units": ["市卫生健康委"],
                "participating_units": [],
                "deadline": {"text": "持续推进", "kind": "ongoing", "start": None, "due": None},
                "milestones": [],
                "target": None,
                "indicators": [],
                "source_lines": [1, 1],
            }
        ],
    }


# (cadence, report day, report days, today, state, note)
ONGOING_CASES = [
    (ReportCadence.MONTHLY, 25, [], D(2022, 1, 10), OK, "first period, report day far"),
    (ReportCadence.MONTHLY, 25, [], D(2022, 1, 20), SOON, "5 days before the first report day"),
    (ReportCadence.MONTHLY, 25, [], D(2022, 1, 26), REPORT_LATE, "report day passed"),
    (ReportCadence.MONTHLY, 25, [D(2022, 2, 20)], D(2022, 3, 10), OK, "February reported"),
    (ReportCadence.MONTHLY, 25, [D(2022, 2, 20)], D(2022, 3, 20), SOON, "March due in 5 days"),
    (ReportCadence.MONTHLY, 25, [D(2022, 2, 20)], D(2022, 3, 26), REPORT_LATE, "March missed"),
    (ReportCadence.MONTHLY, 25, [D(2022, 1, 20)], D(2022, 3, 5), REPORT_LATE, "February missed"),
    (ReportCadence.MONTHLY, 25, [D(2022, 3, 2)], D(2022, 3, 5), OK, "reported this month"),
    (ReportCadence.QUARTERLY, 15, [D(2022, 3, 1)], D(2022, 5, 1), OK, "Q1 reported"),
    (ReportCadence.QUARTERLY, 15, [], D(2022, 6, 10), REPORT_LATE, "Q1 missed"),
    (ReportCadence.WEEKLY, 5, [D(2022, 3, 4)], D(2022, 3, 9), SOON, "Friday report due"),
    (ReportCadence.WEEKLY, 5, [D(2022, 3, 2)], D(2022, 3, 12), REPORT_LATE, "Friday passed"),
]


class OngoingCadenceTests(SupervisionTestCase):
    def test_an_ongoing_task_is_judged_by_its_cadence(self):
        for n, (cadence, day, reports, today, state, note) in enumerate(ONGOING_CASES):
            with self.subTest(note=note):
                extraction = ongoing_extraction(f"{n}")
                document = import_extraction(extraction, name=f"ongoing-{n}.txt")
                document.report_cadence, document.report_day = cadence, day
                document.save()
                task = document.tasks.get()
                for report_day in reports:
                    self.report(task, report_day, user=self.office)
                recompute_all(today, document)
                task.refresh_from_db()
                self.assertEqual(task.state, state)


@pytest.mark.parametrize(
    "state,light", [(LATE, Light.RED), (SOON, Light.YELLOW), (OK, Light.GREEN), (DONE, Light.GREEN)]
)
def test_each_state_has_its_light(state, light):
    from duban.supervision.services.status import Verdict

    assert Verdict(state).light == light
