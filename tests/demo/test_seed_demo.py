"""``duban seed-demo``: a small province, the same for the same seed, with the distributions
the benchmarks rely on (most reports on time, some tasks overdue, every task with a lead)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from duban.api.filtersets import TaskFilter, filter_tasks
from duban.ledger.choices import RegionLevel, TaskState
from duban.ledger.models import Document, Profile, ProgressReport, Region, Task, Unit
from duban.ledger.permissions import can_report
from duban.supervision.models import TaskStatus

TODAY = dt.date(2026, 6, 15)
ARGS = ["--regions", "3", "--counties", "6", "--tasks", "300", "--reports", "2000",
        "--seed", "5", "--today", TODAY.isoformat()]

# (what, how it is counted, expected)
COUNTS = [
    ("regions", lambda: Region.objects.count(), 1 + 3 + 6),
    ("cities", lambda: Region.objects.filter(level=RegionLevel.CITY).count(), 3),
    ("tasks", lambda: Task.objects.count(), 300),
    ("reports", lambda: ProgressReport.objects.count(), 2000),
    ("statuses", lambda: TaskStatus.objects.count(), 300),
    ("tasks without a lead", lambda: Task.objects.exclude(assignments__role="lead").count(), 0),
]


def seed(*extra) -> str:
    out = StringIO()
    call_command("seed-demo", *ARGS, *extra, stdout=out)
    return out.getvalue()


def fingerprint() -> list:
    return list(Task.objects.order_by("pk").values_list("content", "deadline_due", "state")[:50])


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "count", "expected"), COUNTS, ids=[c[0] for c in COUNTS])
def test_it_builds_the_requested_province(what, count, expected, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    seed()
    assert count() == expected


def forget_province() -> None:
    """Remove what seed-demo built (documents cascade to tasks and reports)."""
    Document.objects.all().delete()
    Profile.objects.filter(unit__isnull=False).delete()
    Unit.objects.all().delete()
    for level in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
        Region.objects.filter(level=level).delete()


@pytest.mark.django_db
def test_it_is_reproducible_from_the_seed():
    seed()
    first = fingerprint()
    forget_province()
    seed()
    assert fingerprint() == first


@pytest.mark.django_db
def test_its_distributions_look_like_a_real_ledger():
    seed()
    states = dict(Task.objects.values_list("state").annotate(n=Count("pk")))
    assert states.get(TaskState.OVERDUE, 0) > 0
    assert states.get(TaskState.DONE, 0) > 0
    late = ProgressReport.objects.filter(created__date__gt=TODAY).count()
    assert late == 0
    per_task = Task.objects.annotate(n=Count("reports")).values_list("n", flat=True)
    assert sum(1 for n in per_task if n == 0) < 0.3 * len(per_task)


@pytest.mark.django_db
def test_its_reporters_may_report_on_their_units_tasks():
    seed()
    from django.contrib.auth import get_user_model

    task = Task.objects.filter(assignments__role="lead").first()
    lead = task.assignments.get(role="lead").unit
    reporter = get_user_model().objects.get(username=f"u{lead.pk}")
    assert can_report(reporter, task)
    listed = filter_tasks(reporter, TaskFilter(unit=lead.pk, role="lead"))
    assert listed.filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_build_the_province_twice():
    seed()
    with pytest.raises(CommandError):
        seed()
