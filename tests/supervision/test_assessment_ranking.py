"""Assessment ranks a constructed ledger as a reform office would, by hand.

Period 2025 (as of 2025-12-31), quarterly reports due on the 25th (3/25, 6/25, 9/25, 12/25).

| unit | leads | what happened |
|---|---|---|
| A | T1 due 6/30, T2 due 9/30 | both closed before their due date; every owed report on time |
| B | T3 due 6/30, T4 due 3/31 | T3 still open (overdue 184 days), T4 closed 5/10 (40 days late) |
| C | T5 due 12/31 | closed 12/20; its Q2 report filed 6/28, after the report day |
| E | — | takes part in T3 and T5, leads nothing |
| F | T6 due 2026-06-30 | nothing due in 2025; every report on time |
| G | T7 due 2026-03-31 | finished early: closed 2025-11-20; every report on time |

Worked by hand (weights 40/30/20/10; red days cost 0.1 each; no unit has an indicator, so
指标达成 is scored at the rate of the other parts):
- A: 按时完成 40 × 2/2 = 40; 按时报送 30 × 5/5 = 30 (T1 owes Q1–Q2, T2 Q1–Q3); 红灯 20 − 0 = 20;
  rate 90/90 → 指标 10.00; total 100.00.
- C: 40 × 1/1 = 40; 30 × 3/4 = 22.50; 20; rate 82.5/90 → 10 × 0.91666… = 9.17; total 91.67.
- B: 40 × 0/2 = 0 (T3 overdue open, T4 closed late); reports owed T3 4 + T4 2 (Q1, Q2), on time
  2 → 30 × 2/6 = 10.00; red days 184 + 40 = 224 → 20 − 22.4 < 0 → 0; rate 10/90 → 1.11;
  total 11.11.
- G: T7 closed early in the period counts as done on time: 40 × 1/1 = 40; reports Q1–Q4 (Q4
  owed, the task closed inside it) all on time: 30; 20; rate 1 → 10; total 100.00, tied with A.
- E and F: no led task due or closed in 2025 → 不参评 (F would have had a full 100 under
  "nothing due earns full marks").
Ranking: 1 A, 1 G (tied), 3 C, 4 B, then E and F unranked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import TestCase

from duban.ledger.choices import AssignmentRole, DeadlineKind, ReportCadence, ReviewStatus
from duban.ledger.models import Assignment, Document, ProgressReport, Task
from duban.ledger.services import create_unit, get_or_create_region
from duban.supervision.services.assessment import score_assessment

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=SHANGHAI)


class ConstructedLedgerRanking(TestCase):
    @classmethod
    def setUpTestData(cls):
        region = get_or_create_region("测试市")
        cls.units = {key: create_unit(None, f"测试{key}局", region) for key in "ABCEFG"}
        year = cls.document("2025年考核测试", D(2025, 1, 1), D(2025, 12, 31))
        plan = cls.document("2025-2026年考核测试", D(2025, 1, 1), D(2026, 12, 31))
        cls.tasks = {
            "T1": cls.task(year, 1, D(2025, 6, 30), "A", closed=D(2025, 6, 20)),
            "T2": cls.task(year, 2, D(2025, 9, 30), "A", closed=D(2025, 9, 15)),
            "T3": cls.task(year, 3, D(2025, 6, 30), "B", participants="E"),
            "T4": cls.task(year, 4, D(2025, 3, 31), "B", closed=D(2025, 5, 10)),
            "T5": cls.task(year, 5, D(2025, 12, 31), "C", closed=D(2025, 12, 20),
                           participants="E"),
            "T6": cls.task(plan, 1, D(2026, 6, 30), "F"),
            "T7": cls.task(plan, 2, D(2026, 3, 31), "G", closed=D(2025, 11, 20)),
        }
        reports = {
            "T1": [("A", D(2025, 3, 20)), ("A", D(2025, 6, 20))],
            "T2": [("A", D(2025, 3, 21)), ("A", D(2025, 6, 21)), ("A", D(2025, 9, 15))],
            "T3": [("B", D(2025, 3, 20))],
            "T4": [("B", D(2025, 3, 20))],
            "T5": [("C", D(2025, 3, 20)), ("C", D(2025, 6, 28)), ("C", D(2025, 9, 20)),
                   ("C", D(2025, 12, 20))],
            "T6": [("F", D(2025, m, 20)) for m in (3, 6, 9, 12)],
            "T7": [("G", D(2025, m, 20)) for m in (3, 6, 9, 11)],
        }
        for key, filed in reports.items():
            for unit, day in filed:
                cls.report(cls.tasks[key], cls.units[unit], day)
        # A report sent back (退回) never counts: B's second T3 report does not help it.
        cls.report(cls.tasks["T3"], cls.units["B"], D(2025, 6, 20), returned=True)

    @classmethod
    def document(cls, title, start, end):
        return Document.objects.create(
            title=title, sha256=title.encode().hex()[:64], period_start=start, period_end=end,
            report_cadence=ReportCadence.QUARTERLY, report_day=25)

    @classmethod
    def task(cls, document, order, due, lead, closed=None, participants=""):
        task = Task.objects.create(
            document=document, order=order, seq=str(order), content=f"考核测试任务{order}",
            deadline_kind=DeadlineKind.DATE, deadline_due=due,
            closed_at=noon(closed) if closed else None)
        Assignment.objects.create(task=task, unit=cls.units[lead], role=AssignmentRole.LEAD)
        for key in participants:
            Assignment.objects.create(task=task, unit=cls.units[key],
                                      role=AssignmentRole.PARTICIPATING)
        return task

    @classmethod
    def report(cls, task, unit, day, returned=False):
        report = ProgressReport.objects.create(
            task=task, unit=unit, text="进展", review_status=(
                ReviewStatus.RETURNED if returned else ReviewStatus.ACCEPTED))
        ProgressReport.objects.filter(pk=report.pk).update(created=noon(day))

    def setUp(self):
        self.scores = score_assessment(D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 10))
        self.by_unit = {s.unit.name: s for s in self.scores}

    def test_the_ranking_is_the_one_worked_by_hand(self):
        table = [(s.unit.name, s.rank, s.score if s.ranked else None) for s in self.scores]
        self.assertEqual(table, [
            ("测试A局", 1, Decimal("100.00")),
            ("测试G局", 1, Decimal("100.00")),
            ("测试C局", 3, Decimal("91.67")),
            ("测试B局", 4, Decimal("11.11")),
            ("测试E局", None, None),
            ("测试F局", None, None),
        ])

    def test_each_part_is_the_one_worked_by_hand(self):
        parts = {name: [p.points for p in s.parts] for name, s in self.by_unit.items()
                 if s.ranked}
        self.assertEqual(parts["测试A局"], [Decimal(v) for v in ("40", "30", "20", "10")])
        self.assertEqual(parts["测试C局"], [Decimal(v) for v in ("40", "22.50", "20", "9.17")])
        self.assertEqual(parts["测试B局"], [Decimal(v) for v in ("0", "10", "0", "1.11")])

    def test_overdue_tasks_cost_the_completion_points(self):
        completion = self.by_unit["测试B局"].parts[0]
        self.assertEqual(completion.points, Decimal("0.00"))
        self.assertIn("逾期未办结 1 项", completion.explanation)

    def test_a_unit_with_nothing_due_is_not_ranked_above_one_that_delivered(self):
        unit_f = self.by_unit["测试F局"]
        self.assertFalse(unit_f.ranked)
        self.assertIn("不参评", unit_f.reason)
        self.assertGreater(self.scores.index(unit_f), self.scores.index(self.by_unit["测试B局"]))

    def test_a_task_closed_early_counts_as_done_on_time(self):
        unit_g = self.by_unit["测试G局"]
        self.assertEqual(unit_g.parts[0].points, Decimal("40.00"))
        self.assertEqual([line.outcome for line in unit_g.lines], ["按期办结"])

    def test_every_unit_with_tasks_is_listed(self):
        self.assertEqual(set(self.by_unit), {f"测试{k}局" for k in "ABCEFG"})

    def test_each_score_opens_to_its_tasks(self):
        lines = {line.task.content: line for line in self.by_unit["测试B局"].lines}
        self.assertEqual(lines["考核测试任务3"].outcome, "逾期未办结")
        self.assertEqual((lines["考核测试任务3"].owed, lines["考核测试任务3"].on_time), (4, 1))
        self.assertEqual(lines["考核测试任务3"].red_days, 184)
        self.assertEqual(lines["考核测试任务4"].outcome, "逾期办结")
        self.assertEqual(lines["考核测试任务4"].red_days, 40)
        e_lines = self.by_unit["测试E局"].lines
        self.assertEqual({line.role for line in e_lines}, {AssignmentRole.PARTICIPATING})
