"""The API's busiest reads as fixed SQL: a unit's page of tasks and the overdue page.

Building these statements with the ORM (the EXISTS and bound subqueries of ``assigned_to``,
the overdue condition, the joined light) costs the server several times the CPU the database
spends answering them, and on a two-core machine serving 200 requests/s that CPU is what the
other requests queue behind. The SQL here states two ledger rules a second time:
``tasks_in_role`` (a unit's tasks in a role, a led task not listed again among the
participating ones) and ``overdue_q``. ``tests/api/test_pages.py`` holds each page equal to
its ORM original on the same data, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Model

from duban.api.filtersets import TASK_ROW_FIELDS
from duban.ledger.choices import AssignmentRole, DeadlineKind, TaskState
from duban.ledger.models import Assignment, Document, Task
from duban.supervision.models import TaskStatus


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


def marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def page_rows(where: list[str], params: list, after: int | None, limit: int) -> list[dict]:
    """Task list rows (the fields of ``TASK_ROW_FIELDS`` and the light) meeting every condition
    of ``where`` on ``t`` (the task), in id order after ``after``, at most ``limit``."""
    if after is not None:
        where, params = [*where, f"t.{quote('id')} > %s"], [*params, after]
    columns = ", ".join(f"t.{quote(name)}" for name in TASK_ROW_FIELDS)
    sql = (f"SELECT {columns}, s.{quote('light')} FROM {table(Task)} t "
           f"LEFT JOIN {table(TaskStatus)} s ON s.{quote('task_id')} = t.{quote('id')} "
           f"WHERE {' AND '.join(where)} ORDER BY t.{quote('id')} LIMIT %s")
    names = [*TASK_ROW_FIELDS, "light"]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def links_of(unit_ids: list[int], role: str | None, outer: str | None = None) -> tuple[str, list]:
    """The condition on assignments ``a`` of these units (in ``role``), tied to task ``outer``."""
    conditions = [f"a.{quote('unit_id')} IN ({marks(unit_ids)})"]
    params = list(unit_ids)
    if role:
        conditions.append(f"a.{quote('role')} = %s")
        params.append(role)
    if outer:
        conditions.append(f"a.{quote('task_id')} = {outer}")
    return f"FROM {table(Assignment)} a WHERE {' AND '.join(conditions)}", params


def unit_task_rows(unit_ids: list[int], role: str | None, *, document: int | None = None,
                   after: int | None = None, limit: int) -> list[dict]:
    """The rows of the tasks the units take in ``role`` (any role when None), as
    ``tasks_in_role``: with the same bound as ``assigned_to`` (a page starts at the units'
    first task instead of walking every id before it)."""
    task_id = f"t.{quote('id')}"
    linked, linked_params = links_of(unit_ids, role, task_id)
    first, first_params = links_of(unit_ids, role)
    where = [f"EXISTS (SELECT 1 {linked})",
             f"{task_id} >= (SELECT MIN(a.{quote('task_id')} + 0) {first})"]
    params = [*linked_params, *first_params]
    if role == AssignmentRole.PARTICIPATING:
        leading, leading_params = links_of(unit_ids, AssignmentRole.LEAD, task_id)
        where.append(f"NOT EXISTS (SELECT 1 {leading})")
        params += leading_params
    if document is not None:
        where.append(f"t.{quote('document_id')} = %s")
        params.append(document)
    return page_rows(where, params, after, limit)


def overdue_rows(on: dt.date, *, after: int | None = None, limit: int) -> list[dict]:
    """The rows of the tasks overdue on ``on``, as ``overdue_q``: past their due date, or with
    no deadline in a document whose period has ended, and not done."""
    day = connection.ops.adapt_datefield_value(on)
    t = {name: f"t.{quote(name)}" for name in ("deadline_due", "deadline_kind", "document_id",
                                               "state")}
    ended = (f"SELECT d.{quote('id')} FROM {table(Document)} d "
             f"WHERE d.{quote('period_end')} < %s")
    where = [f"NOT ({t['state']} = %s)",
             f"({t['deadline_due']} < %s OR ({t['deadline_due']} IS NULL AND "
             f"{t['deadline_kind']} = %s AND {t['document_id']} IN ({ended})))"]
    params = [TaskState.DONE.value, day, DeadlineKind.NONE.value, day]
    return page_rows(where, params, after, limit)
