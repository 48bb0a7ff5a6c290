"""The API's busiest reads as fixed SQL: a unit's page of tasks, the overdue page and a task's
detail.

Building these statements with the ORM (the EXISTS and bound subqueries of ``assigned_to``,
the overdue condition, the joined light, the detail's related rows) costs the server several
times the CPU the database spends answering them, and on a two-core machine serving 200
requests/s that CPU is what the other requests queue behind. Values still go through each
field's own converters (dates and JSON on SQLite, decimals), as the ORM would. The SQL here
states two ledger rules a second time: ``tasks_in_role`` (a unit's tasks in a role, a led task
not listed again among the participating ones) and ``overdue_q``. ``tests/api/test_pages.py``
holds each read equal to its ORM original on the same data, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db import connection
from django.db.models import Model

from duban.ledger.choices import AssignmentRole, DeadlineKind, TaskState
from duban.ledger.models import (
    Assignment,
    Document,
    Indicator,
    IndicatorValue,
    Milestone,
    Task,
    TaskSearch,
)
from duban.ledger.services.search import word_q
from duban.supervision.models import TaskStatus

# (table alias, model, field, key in the row): what a row reads and where from
Column = tuple[str, type[Model], str, str]



def columns_of(alias: str, model: type[Model], *names: str) -> list[Column]:
    """Columns of ``model``'s fields, keyed by field name (a foreign key by its ``_id``)."""
    return [(alias, model, name, model._meta.get_field(name).attname) for name in names]


TASK_ROW: list[Column] = [
    *columns_of("t", Task, "id", "document", "seq", "category", "content", "deadline_text",
                "deadline_kind", "deadline_due", "state"),
    ("s", TaskStatus, "light", "light"),
]
TASK_DETAIL: list[Column] = [
    *TASK_ROW,
    *columns_of("t", Task, "target", "deadline_start", "source_line_first", "source_line_last",
                "closed_at", "version"),
    ("d", Document, "title", "document_title"),
    ("s", TaskStatus, "reasons", "reasons"),
]
MILESTONE_ROW = columns_of("m", Milestone, "id", "task", "due", "text", "order", "state")
INDICATOR_ROW: list[Column] = [
    *columns_of("i", Indicator, "id", "task", "text", "value", "unit", "op"),
    ("v", IndicatorValue, "value", "latest_value"),
]


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


def column(alias: str, model: type[Model], name: str) -> str:
    return f"{alias}.{quote(model._meta.get_field(name).column)}"


def marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


@cache
def converters(vendor: str, model: type[Model], name: str) -> tuple:
    """What the ORM applies to a value of this field read from this database: (the column
    expression the converters are called with, the converters)."""
    field = model._meta.get_field(name)
    expression = field.get_col(model._meta.db_table)
    found = (*connection.ops.get_db_converters(expression), *field.get_db_converters(connection))
    return (expression, found) if found else None


def fetch(sql: str, params: list, columns: list[Column]) -> list[dict]:
    """Rows of ``sql`` (selecting ``columns`` in order) as dicts, values converted per field."""
    keys = [key for *_, key in columns]
    converting = [(i, converters(connection.vendor, model, name))
                  for i, (_, model, name, _) in enumerate(columns)]
    converting = [(i, found) for i, found in converting if found]
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            if converting:
                row = list(row)
                for i, (expression, found) in converting:
                    for convert in found:
                        row[i] = convert(row[i], expression, connection)
            rows.append(dict(zip(keys, row, strict=True)))
    return rows


def select(columns: list[Column]) -> str:
    return ", ".join(column(alias, model, name) for alias, model, name, _ in columns)


def task_from() -> str:
    """The task ``t`` with its stored status ``s`` (if any)."""
    return (f"FROM {table(Task)} t LEFT JOIN {table(TaskStatus)} s "
            f"ON {column('s', TaskStatus, 'task')} = {column('t', Task, 'id')}")


def page_rows(where: list[str], params: list, after: int | None, limit: int) -> list[dict]:
    """Task list rows (``TASK_ROW``) meeting every condition of ``where`` on ``t`` (the
    task), in id order after ``after``, at most ``limit``."""
    if after is not None:
        where, params = [*where, f"{column('t', Task, 'id')} > %s"], [*params, after]
    # The light as a subquery, not a join: looked up for the rows of the page only, where a
    # merge join would walk the statuses of every task the scan passes over.
    light = (f"(SELECT {column('s', TaskStatus, 'light')} FROM {table(TaskStatus)} s "
             f"WHERE {column('s', TaskStatus, 'task')} = {column('t', Task, 'id')})")
    sql = (f"SELECT {select(TASK_ROW[:-1])}, {light} FROM {table(Task)} t "
           f"WHERE {' AND '.join(where)} ORDER BY {column('t', Task, 'id')} LIMIT %s")
    return fetch(sql, [*params, limit], TASK_ROW)


def links_of(unit_ids: list[int], role: str | None, outer: str | None = None) -> tuple[str, list]:
    """The condition on assignments ``a`` of these units (in ``role``), tied to task ``outer``."""
    conditions = [f"{column('a', Assignment, 'unit')} IN ({marks(unit_ids)})"]
    params = list(unit_ids)
    if role:
        conditions.append(f"{column('a', Assignment, 'role')} = %s")
        params.append(role)
    if outer:
        conditions.append(f"{column('a', Assignment, 'task')} = {outer}")
    return f"FROM {table(Assignment)} a WHERE {' AND '.join(conditions)}", params


def unit_task_rows(unit_ids: list[int], role: str | None, *, document: int | None = None,
                   after: int | None = None, limit: int) -> list[dict]:
    """The rows of the tasks the units take in ``role`` (any role when None), as
    ``tasks_in_role``: with the same bound as ``assigned_to`` (a page starts at the units'
    first task instead of walking every id before it)."""
    task_id = column("t", Task, "id")
    linked, linked_params = links_of(unit_ids, role, task_id)
    first, first_params = links_of(unit_ids, role)
    where = [f"EXISTS (SELECT 1 {linked})",
             f"{task_id} >= (SELECT MIN({column('a', Assignment, 'task')} + 0) {first})"]
    params = [*linked_params, *first_params]
    if role == AssignmentRole.PARTICIPATING:
        leading, leading_params = links_of(unit_ids, AssignmentRole.LEAD, task_id)
        where.append(f"NOT EXISTS (SELECT 1 {leading})")
        params += leading_params
    if document is not None:
        where.append(f"{column('t', Task, 'document')} = %s")
        params.append(document)
    return page_rows(where, params, after, limit)


def overdue_rows(on: dt.date, *, after: int | None = None, limit: int) -> list[dict]:
    """The rows of the tasks overdue on ``on``, as ``overdue_q``: past their due date, or with
    no deadline in a document whose period has ended, and not done."""
    day = connection.ops.adapt_datefield_value(on)
    t = {name: column("t", Task, name) for name in ("deadline_due", "deadline_kind", "document",
                                                    "state")}
    ended = (f"SELECT {column('d', Document, 'id')} FROM {table(Document)} d "
             f"WHERE {column('d', Document, 'period_end')} < %s")
    where = [f"NOT ({t['state']} = %s)",
             f"({t['deadline_due']} < %s OR ({t['deadline_due']} IS NULL AND "
             f"{t['deadline_kind']} = %s AND {t['document']} IN ({ended})))"]
    params = [TaskState.DONE.value, day, DeadlineKind.NONE.value, day]
    return page_rows(where, params, after, limit)


def task_detail_rows(task_id: int) -> tuple[dict, list[dict], list[dict]] | None:
    """The task's detail row (``TASK_DETAIL``), its milestones in order and its indicators with
    the value last reported (by date, then entry), or None for no such task."""
    task_key = column("t", Task, "id")
    sql = (f"SELECT {select(TASK_DETAIL)} {task_from()} JOIN {table(Document)} d "
           f"ON {column('d', Document, 'id')} = {column('t', Task, 'document')} "
           f"WHERE {task_key} = %s")
    found = fetch(sql, [task_id], TASK_DETAIL)
    if not found:
        return None
    order = [column("m", Milestone, name) for name in ("order", "due", "id")]
    milestones = fetch(f"SELECT {select(MILESTONE_ROW)} FROM {table(Milestone)} m "
                       f"WHERE {column('m', Milestone, 'task')} = %s "
                       f"ORDER BY {', '.join(order)}", [task_id], MILESTONE_ROW)
    latest = (f"SELECT {column('v', IndicatorValue, 'value')} FROM {table(IndicatorValue)} v "
              f"WHERE {column('v', IndicatorValue, 'indicator')} = {column('i', Indicator, 'id')} "
              f"ORDER BY {column('v', IndicatorValue, 'reported_on')} DESC, "
              f"{column('v', IndicatorValue, 'id')} DESC LIMIT 1")
    indicator_columns = select(INDICATOR_ROW[:-1])
    indicators = fetch(f"SELECT {indicator_columns}, ({latest}) FROM {table(Indicator)} i "
                       f"WHERE {column('i', Indicator, 'task')} = %s "
                       f"ORDER BY {column('i', Indicator, 'order')}, "
                       f"{column('i', Indicator, 'id')}", [task_id], INDICATOR_ROW)
    return found[0], milestones, indicators


def search_rows(words: list[str], *, after: int | None = None, limit: int) -> list[dict]:
    """The rows of the tasks mentioning every word (``search.word_q``): the page of task ids
    is taken from the search rows alone, and only those tasks are read. A common word's
    matches are then sorted as bare ids (or found walking the ids) instead of being joined to
    their tasks and statuses first."""
    matches = TaskSearch.objects.all()
    for word in words:
        matches = matches.filter(word_q(word, prefix=""))
    if after is not None:
        matches = matches.filter(task_id__gt=after)
    ids_sql, ids_params = (matches.order_by("task_id").values_list("task_id")[:limit]
                           .query.sql_with_params())
    return page_rows([f"{column('t', Task, 'id')} IN ({ids_sql})"], list(ids_params), None,
                     limit)
