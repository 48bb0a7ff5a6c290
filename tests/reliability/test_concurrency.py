"""Concurrent writers on PostgreSQL: 20 threads × 50 rounds of report submissions while the
office edits the same task store exactly 1000 reports, lose no edit and raise nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from duban.ledger.models import ObjectChange, ProgressReport, Task
from duban.ledger.services import edit_task, submit_progress_report
from duban.ledger.services.tasks import EditConflict

THREADS, ROUNDS, EDITS = 20, 50, 10
pytestmark = [pytest.mark.usefixtures("postgresql_only"),
              pytest.mark.django_db(transaction=True)]


def run_threads(workers) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(workers))

    def wrap(work):
        try:
            start.wait()
            work()
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def reporter_work(user, task_id: int, index: int):
    def work():
        for round_ in range(ROUNDS):
            task = Task.objects.get(pk=task_id)
            submit_progress_report(user, task, f"线程{index}第{round_}轮", percent=round_ % 101,
                                   files=[(f"t{index}-{round_}.txt", b"evidence")])
    return work


def office_work(office, task_id: int, index: int, applied: list):
    """Edits from a fresh read each time; a conflict is retried from the new version."""
    def work():
        done = 0
        while done < EDITS:
            task = Task.objects.get(pk=task_id)
            try:
                edit_task(office, task, {"target": f"编辑者{index}-{done}"},
                          expected_version=task.version)
            except EditConflict:
                continue
            done += 1
            applied.append((index, done))
    return work


def test_concurrent_reports_and_edits_lose_nothing(ledger_world):
    task, office = ledger_world["task"], ledger_world["office"]
    reporters = ledger_world["reporters"]
    applied: list = []
    workers = [reporter_work(reporters[i % 2], task.pk, i) for i in range(THREADS)]
    workers += [office_work(office, task.pk, i, applied) for i in range(2)]
    errors = run_threads(workers)
    assert errors == []
    assert ProgressReport.objects.filter(task=task).count() == THREADS * ROUNDS
    texts = set(ProgressReport.objects.filter(task=task).values_list("text", flat=True))
    assert len(texts) == THREADS * ROUNDS
    assert len(applied) == 2 * EDITS
    task.refresh_from_db()
    assert task.version == 1 + 2 * EDITS
    edits = ObjectChange.objects.for_object(task).filter(action="update",
                                                         object_id=task.pk).count()
    assert edits == 2 * EDITS
