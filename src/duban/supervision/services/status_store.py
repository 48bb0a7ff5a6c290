"""What the status engine writes: only the verdicts that changed, set-wise, in the caller's
transaction.

A row is rewritten when its state, light, reasons or due differ from the stored ones (a ledger
row when its state differs); the unchanged stored statuses of the judged tasks only get
``computed_on`` moved to today, in one statement, unless every task was judged (a
``StatusRun`` records that instead). On PostgreSQL many changed rows are loaded
with COPY into a temporary table and applied with one ``INSERT ... ON CONFLICT`` or
``UPDATE ... FROM`` per table; a few rows (one task after a report), and every write elsewhere,
go through Django's bulk operations.
"""

from __future__ import annotations

import datetime as dt

import orjson
from django.db import connection, transaction
from django.db.models import Model, QuerySet

from duban.ledger.models import Milestone, Task
from duban.supervision.models import MilestoneStatus, TaskStatus
from duban.supervision.services.status_facts import of_tasks
from duban.supervision.signals import statuses_changed

BATCH = 1000
# From this many rows of one kind on, PostgreSQL gets them through a COPY-loaded staging table
# (a few statements per table); fewer go through Django's bulk operations (one each).
STAGE_FROM = 1000


def changed_rows(judged: list, today: dt.date) -> dict[str, list[tuple]]:
    """The rows to write, per kind, from [(task, verdict, [(milestone, verdict)])]."""
    rows = {"tasks": [], "statuses": [], "milestones": [], "milestone_statuses": []}
    for task, verdict, milestones in judged:
        if task.state != verdict.state:
            rows["tasks"].append((task.id, verdict.state))
        status = (verdict.state, verdict.light, verdict.reasons, verdict.due)
        if task.stored is None or task.stored[:4] != status:
            rows["statuses"].append((task.id, *status, today))
        for milestone, mv in milestones:
            if milestone.state != mv.state:
                rows["milestones"].append((milestone.id, mv.state))
            status = (mv.state, mv.light, "；".join(mv.reasons)[:200])
            if milestone.stored is None or milestone.stored[:3] != status:
                rows["milestone_statuses"].append((milestone.id, *status, today))
    return rows


def store_verdicts(judged: list, tasks: QuerySet, today: dt.date,
                   mark_unchanged: bool = True) -> None:
    """Write what changed in ``judged`` and, with ``mark_unchanged``, mark the other statuses
    of ``tasks`` computed ``today`` (a recompute of every task leaves them: its ``StatusRun``
    says they were judged)."""
    rows = changed_rows(judged, today)
    many = max(len(kind) for kind in rows.values()) >= STAGE_FROM
    write = write_postgresql if many and connection.vendor == "postgresql" else write_with_orm
    write(rows)
    if any(rows.values()):
        transaction.on_commit(lambda: statuses_changed.send(sender=TaskStatus))
    if not mark_unchanged:
        return
    for stored, path in [(TaskStatus, "task"), (MilestoneStatus, "milestone__task")]:
        statuses = of_tasks(stored.objects.all(), tasks, path)
        statuses.exclude(computed_on=today).update(computed_on=today)


TASK_STATUS_FIELDS = ["task", "state", "light", "reasons", "due", "computed_on"]
MILESTONE_STATUS_FIELDS = ["milestone", "state", "light", "reason", "computed_on"]


def write_with_orm(rows: dict[str, list[tuple]]) -> None:
    Task.objects.bulk_update(
        [Task(pk=pk, state=state) for pk, state in rows["tasks"]], ["state"], batch_size=BATCH
    )
    Milestone.objects.bulk_update(
        [Milestone(pk=pk, state=state) for pk, state in rows["milestones"]],
        ["state"],
        batch_size=BATCH,
    )
    for model, fields, key in [
        (TaskStatus, TASK_STATUS_FIELDS, "statuses"),
        (MilestoneStatus, MILESTONE_STATUS_FIELDS, "milestone_statuses"),
    ]:
        attnames = [model._meta.get_field(name).attname for name in fields]
        model.objects.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows[key]],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=fields[:1],
            update_fields=fields[1:],
        )


def write_postgresql(rows: dict[str, list[tuple]]) -> None:
    update_column(Task, "state", rows["tasks"])
    update_column(Milestone, "state", rows["milestones"])
    upsert(TaskStatus, TASK_STATUS_FIELDS, rows["statuses"])
    upsert(MilestoneStatus, MILESTONE_STATUS_FIELDS, rows["milestone_statuses"])


def staged(model: type[Model], names: list[str], rows: list[tuple]):
    """A temporary table with the fields' columns holding ``rows``, loaded with COPY (the
    cheapest way in for the server: no JSON or array parsing), and the column names."""
    table, cols = model._meta.db_table, [model._meta.get_field(name).column for name in names]
    stage, quoted = f"incoming_{table}", ", ".join(f'"{column}"' for column in cols)
    json_at = [i for i, name in enumerate(names) if model._meta.get_field(name).get_internal_type()
               == "JSONField"]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{stage}"')
        cursor.execute(f'CREATE TEMP TABLE "{stage}" AS SELECT {quoted} FROM "{table}" WITH NO DATA')
        with cursor.copy(f'COPY "{stage}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = orjson.dumps(row[i]).decode()
                copy.write_row(row)
    return stage, cols


def update_column(model: type[Model], name: str, rows: list[tuple]) -> None:
    """UPDATE model SET name = new value FROM the (pk, value) pairs, in one statement."""
    if not rows:
        return
    table = model._meta.db_table
    stage, (pk, column) = staged(model, [model._meta.pk.name, name], rows)
    sql = (
        f'UPDATE "{table}" SET "{column}" = v."{column}" FROM "{stage}" AS v '
        f'WHERE "{table}"."{pk}" = v."{pk}"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute(f'DROP TABLE "{stage}"')


def upsert(model: type[Model], names: list[str], rows: list[tuple]) -> None:
    """INSERT the rows, or UPDATE the row with the same first field, in one statement."""
    if not rows:
        return
    table = model._meta.db_table
    stage, cols = staged(model, names, rows)
    quoted = [f'"{column}"' for column in cols]
    updates = ", ".join(f"{q} = EXCLUDED.{q}" for q in quoted[1:])
    sql = (
        f'INSERT INTO "{table}" ({", ".join(quoted)}) SELECT {", ".join(quoted)} FROM "{stage}" '
        f"ON CONFLICT ({quoted[0]}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute(f'DROP TABLE "{stage}"')
