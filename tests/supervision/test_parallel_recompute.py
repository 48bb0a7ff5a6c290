"""``duban status --recompute --jobs N``: id slices judged in separate processes store exactly
what one process stores, and a slice reads only its own tasks' rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from duban.ledger.models import Task
from duban.supervision.models import MilestoneStatus, TaskStatus
from duban.supervision.services.status import id_slices, judge_tasks, recompute_all
from duban.supervision.services.status_facts import id_span
from ledger.base import gold, import_extraction

DAYS = [dt.date(2020, 4, 15), dt.date(2020, 8, 1), dt.date(2021, 1, 10)]


def stored() -> tuple[list, list]:
    return (list(TaskStatus.objects.order_by("task_id")
                 .values_list("task_id", "state", "light", "reasons", "due", "computed_on")),
            list(MilestoneStatus.objects.order_by("milestone_id")
                 .values_list("milestone_id", "state", "light", "reason", "computed_on")))


def forget() -> None:
    MilestoneStatus.objects.all().delete()
    TaskStatus.objects.all().delete()


@pytest.mark.django_db
def test_a_range_of_ids_is_judged_as_within_all_tasks():
    import_extraction(gold("000"), name="000.txt")
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    span = (ids[3], ids[-4])
    part = Task.objects.filter(pk__range=span)
    assert id_span(part) == span
    assert id_span(Task.objects.filter(pk__gte=ids[3])) is None
    assert id_span(Task.objects.all()) is None
    for day in DAYS:
        whole = {f.id: (v.state, v.light, v.reasons, [(m.id, mv.state) for m, mv in ms])
                 for f, v, ms in judge_tasks(Task.objects.all(), day)}
        sliced = {f.id: (v.state, v.light, v.reasons, [(m.id, mv.state) for m, mv in ms])
                  for f, v, ms in judge_tasks(part, day)}
        assert sliced == {pk: whole[pk] for pk in ids if span[0] <= pk <= span[1]}


@pytest.mark.django_db
def test_slices_cover_every_task_once():
    import_extraction(gold("000"), name="000.txt")
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    for count in (1, 2, 3, 7, len(ids) + 5):
        slices = id_slices(count)
        covered = [pk for first, last in slices for pk in ids if first <= pk <= last]
        assert covered == ids
        assert len(slices) <= count


@pytest.mark.usefixtures("postgresql_only")
@pytest.mark.django_db(transaction=True)
def test_processes_store_what_one_process_stores():
    import_extraction(gold("000"), name="000.txt")
    import_extraction(gold("001"), name="001.txt")
    for day in DAYS:
        forget()
        assert recompute_all(day, jobs=1) == Task.objects.count()
        alone = stored()
        forget()
        assert recompute_all(day, jobs=3) == Task.objects.count()
        assert stored() == alone
        assert len(alone[0]) == Task.objects.count() and alone[1]
    call_command("status", "--recompute", "--date", "2021-01-10", "--jobs", "2")
    assert stored() == alone
