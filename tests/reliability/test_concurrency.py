"""Concurrent writers on PostgreSQL, through the web pages: 20 reporter threads × 50 rounds of
report submissions (with an evidence file) while two office users edit the same task store
exactly 1000 reports, lose no edit and never get a 5xx.

Each thread has its own test client (the whole middleware and view stack, in process) and its
own database connection. The office edits from the version it last saw; a 409 conflict is
reloaded and retried, so every edit lands exactly once.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from duban.ledger.models import ObjectChange, ProgressReport, Task

THREADS, ROUNDS, EDITS = 20, 50, 10
pytestmark = [pytest.mark.usefixtures("postgresql_only"), pytest.mark.django_db(transaction=True)]


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


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reporter_work(user, task_id: int, index: int, statuses: Counter):
    def work():
        client = signed_in(user)
        for round_ in range(ROUNDS):
            response = client.post(f"/tasks/{task_id}/report/", {
                "text": f"线程{index}第{round_}轮", "percent": round_ % 101, "state": "in_progress",
                "evidence": SimpleUploadedFile(f"t{index}-{round_}.txt", b"evidence")})
            statuses[response.status_code] += 1
    return work


def edit_form(task: Task, target: str) -> dict:
    units = {a.role: a.unit_id for a in task.assignments.all()}
    return {"seq": task.seq, "category": task.category, "content": task.content,
            "deadline_text": task.deadline_text, "deadline_kind": task.deadline_kind,
            "deadline_due": task.deadline_due or "", "target": target,
            "lead_units": [units["lead"]], "participating_units": [units["participating"]],
            "version": task.version}


def office_work(office, task_id: int, index: int, statuses: Counter):
    def work():
        client = signed_in(office)
        done = 0
        while done < EDITS:
            task = Task.objects.get(pk=task_id)
            response = client.post(f"/tasks/{task_id}/edit/",
                                   edit_form(task, f"编辑者{index}-{done}"))
            statuses[response.status_code] += 1
            if response.status_code == 302:
                done += 1
            elif response.status_code != 409:
                raise AssertionError(f"edit answered {response.status_code}")
    return work


def test_concurrent_reports_and_edits_lose_nothing(ledger_world):
    task, office = ledger_world["task"], ledger_world["office"]
    reporters = ledger_world["reporters"]
    report_statuses, edit_statuses = Counter(), Counter()
    workers = [reporter_work(reporters[i % 2], task.pk, i, report_statuses)
               for i in range(THREADS)]
    workers += [office_work(office, task.pk, i, edit_statuses) for i in range(2)]
    assert run_threads(workers) == []
    assert report_statuses == {302: THREADS * ROUNDS}
    assert set(edit_statuses) <= {302, 409} and edit_statuses[302] == 2 * EDITS
    reports = ProgressReport.objects.filter(task=task)
    assert reports.count() == THREADS * ROUNDS
    assert reports.values("text").distinct().count() == THREADS * ROUNDS
    assert reports.filter(files__isnull=False).distinct().count() == THREADS * ROUNDS
    task.refresh_from_db()
    assert task.version == 1 + 2 * EDITS
    edits = ObjectChange.objects.filter(object_id=task.pk, action="update",
                                        object_type__model="task").count()
    assert edits == 2 * EDITS
