"""Assessment: scores add up from their breakdown, follow the YAML weights, and are ranked."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from duban.ledger.models import Task
from duban.supervision.reports.assessment import assessment_xlsx
from duban.supervision.services.assessment import UnitScore, rank, scoring_rules, share
from duban.supervision.services.assessment import score_assessment as assess
from ledger.base import import_extraction
from supervision.base import SupervisionTestCase

D = dt.date

# (weight, good, total, points, note)
SHARE_CASES = [
    (Decimal(40), 3, 5, Decimal("24.00"), "three of five"),
    (Decimal(30), 1, 3, Decimal("10.00"), "rounded to cents"),
    (Decimal(30), 2, 3, Decimal("20.00"), "rounded half up"),
    (Decimal(10), 0, 0, Decimal("10.00"), "nothing to judge: full weight"),
]


@pytest.mark.parametrize("weight,good,total,expected,note", SHARE_CASES)
def test_a_share_of_the_weight(weight, good, total, expected, note):
    assert share(weight, good, total, "项")[0] == expected


def test_the_weights_add_up_to_the_full_score():
    rules = scoring_rules()
    assert sum(part["weight"] for part in rules["parts"].values()) == rules["full_score"]


class AssessmentTests(SupervisionTestCase):
    def setUp(self):
        first = self.plan_tasks[0]
        for month in range(6, 12):
            self.report(
                first, D(2020, month, 20), milestone=self.milestone(first, month), done=True
            )
        Task.objects.filter(pk=first.pk).update(
            closed_at=dt.datetime(2020, 12, 20, 4, tzinfo=dt.UTC)
        )
        self.scores = assess(D(2020, 1, 1), D(2020, 12, 31), D(2021, 1, 10), self.plan)

    def test_every_score_is_the_sum_of_its_parts(self):
        rules = scoring_rules()
        for score in self.scores:
            self.assertEqual(score.score, sum(p.points for p in score.parts))
            self.assertLessEqual(score.score, rules["full_score"])
            self.assertTrue(all(p.explanation for p in score.parts))
            self.assertEqual(
                [p.weight for p in score.parts],
                [Decimal(str(p["weight"])) for p in rules["parts"].values()],
            )

    def test_units_are_ranked_by_score(self):
        values = [s.score for s in self.scores]
        self.assertEqual(values, sorted(values, reverse=True))
        self.assertEqual(self.scores[0].rank, 1)
        health = next(s for s in self.scores if s.unit == self.yy_health)
        completion = health.parts[0]
        self.assertIn("达成 1 项", completion.explanation)

    def test_equal_scores_share_a_rank(self):
        parts = [[Decimal(5)], [Decimal(7)], [Decimal(5)], [Decimal(1)]]
        scores = [
            UnitScore(unit, []) for unit in (self.health, self.finance, self.yy_health, self.health)
        ]
        from duban.supervision.services.assessment import Part

        for score, values in zip(scores, parts, strict=True):
            score.parts = [Part("x", "x", Decimal(10), v, "") for v in values]
        self.assertEqual([s.rank for s in rank(scores)], [1, 2, 2, 4])

    def test_the_xlsx_ranks_and_explains(self):
        workbook = load_workbook(io.BytesIO(assessment_xlsx(self.scores, "2020年度考核")))
        ranking = list(workbook["排名"].iter_rows(min_row=3, values_only=True))
        self.assertEqual(len(ranking), len(self.scores))
        for row in ranking:
            self.assertAlmostEqual(sum(row[2:-1]), row[-1], places=2)
        detail = list(workbook["得分明细"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(detail), 4 * len(self.scores))


# (report days, as of, red days, note) for an ongoing task, monthly on the 25th from 2022-01-01
RED_DAY_CASES = [
    ([], D(2022, 1, 31), 6, "January missed: 26th-31st"),
    ([D(2022, 1, 20)], D(2022, 1, 31), 0, "January reported in time"),
    ([D(2022, 1, 28)], D(2022, 1, 31), 2, "late report ends the red days: 26th-27th"),
    ([D(2022, 1, 20)], D(2022, 3, 1), 4, "February missed: 26th-28th, March not yet due"),
]


class OngoingRedDayTests(SupervisionTestCase):
    def test_red_days_of_an_ongoing_task_follow_its_cadence(self):
        from duban.supervision.services.assessment import red_days_of
        from supervision.test_status import ongoing_extraction

        for n, (reports, as_of, expected, note) in enumerate(RED_DAY_CASES):
            with self.subTest(note=note):
                document = import_extraction(ongoing_extraction(f"red {n}"), name=f"red-{n}.txt")
                task = document.tasks.get()
                for day in reports:
                    self.report(task, day, user=self.office)
                task = Task.objects.prefetch_related("reports", "milestones").get(pk=task.pk)
                self.assertEqual(red_days_of(task, D(2022, 1, 1), as_of), expected)
