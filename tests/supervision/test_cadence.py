"""Reporting periods and their report days per cadence, and the units missing a report."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.ledger.choices import ReportCadence
from duban.ledger.models import Document
from duban.supervision.services.cadence import missing_reports, period_of, periods_between
from supervision.base import SupervisionTestCase

D = dt.date
W, M, Q = ReportCadence.WEEKLY, ReportCadence.MONTHLY, ReportCadence.QUARTERLY

# (cadence, report day, a day, (start, end, due, label), note)
PERIOD_CASES = [
    (M, 25, D(2020, 7, 15), (D(2020, 7, 1), D(2020, 7, 31), D(2020, 7, 25), "2020年7月"), "month"),
    (M, 31, D(2021, 2, 3), (D(2021, 2, 1), D(2021, 2, 28), D(2021, 2, 28), "2021年2月"), "clamped"),
    (
        M,
        0,
        D(2021, 2, 3),
        (D(2021, 2, 1), D(2021, 2, 28), D(2021, 2, 1), "2021年2月"),
        "day 0 -> 1",
    ),
    (
        W,
        5,
        D(2022, 3, 9),
        (D(2022, 3, 7), D(2022, 3, 13), D(2022, 3, 11), "2022年第10周"),
        "Friday",
    ),
    (W, 9, D(2022, 3, 9), (D(2022, 3, 7), D(2022, 3, 13), D(2022, 3, 13), "2022年第10周"), "max 7"),
    (Q, 15, D(2020, 8, 1), (D(2020, 7, 1), D(2020, 9, 30), D(2020, 9, 15), "2020年第3季度"), "Q3"),
    (
        Q,
        31,
        D(2020, 12, 31),
        (D(2020, 10, 1), D(2020, 12, 31), D(2020, 12, 31), "2020年第4季度"),
        "Q4",
    ),
]


@pytest.mark.parametrize("cadence,day,on,expected,note", PERIOD_CASES)
def test_the_period_of_a_day(cadence, day, on, expected, note):
    period = period_of(Document(report_cadence=cadence, report_day=day), on)
    assert (period.start, period.end, period.due, period.label) == expected


def test_periods_between_cover_the_range_once():
    document = Document(report_cadence=M, report_day=25)
    periods = periods_between(document, D(2020, 1, 15), D(2020, 12, 1))
    assert [p.start.month for p in periods] == list(range(1, 13))


class MissingReportTests(SupervisionTestCase):
    def test_it_lists_each_unit_with_the_tasks_it_did_not_report(self):
        first, second = self.plan_tasks[:2]
        self.report(first, D(2020, 7, 3))
        self.report(second, D(2020, 6, 30))  # June: does not count for July
        period = period_of(self.plan, D(2020, 7, 15))
        missing = missing_reports(self.plan, period)
        own = [a.task for a in self.yy_health.assignments.filter(task__document=self.plan)]
        self.assertEqual([t.pk for t in missing[self.yy_health]], [t.pk for t in own if t != first])
        self.assertEqual(
            len(missing_reports(self.plan, period, until=D(2020, 7, 2))[self.yy_health]), len(own)
        )
