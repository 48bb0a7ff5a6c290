"""Text search over the ledger: every word of a query is a substring of some field of a task
(ignoring case) or its seq; every word is required.

A run of Chinese with no spaces (药品集采) is cut into words with ``jieba`` and each word is
required on its own, in any order: the text 集采药品 matches (see ``query_words``). Words with other characters
(3.1, （一）, ICU) are matched whole, as typed.

A task's searchable fields (content, category, target, document title, milestone texts, unit
names and names as written) live lower-cased in one ``TaskSearch.text``, one field per line, so
a word (which never holds whitespace) cannot straddle two fields; ``TaskSearch.seq`` is matched
whole. ``refresh_search_text`` recomputes the rows, set-wise, wherever those fields change.

On PostgreSQL a GIN index over ``duban_search_keys(text, seq)`` (every character and every pair
of adjacent characters of the seq and the text; migration 0005) yields the candidates of a word:
the tasks holding the bigrams that cover it (its character if it has only one). The substring /
equality check then runs on those candidates only. Elsewhere (SQLite) it runs on every task.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.apps import apps as global_apps
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Exact

BATCH = 2000
GRAM_BREAK = "\x01"  # the index function's own separator: grams holding it are not indexed


class HasSearchKeys(Func):
    """``duban_search_keys(text, seq) @> keys``: the task's index keys include every one given
    (the expression of the GIN index, so PostgreSQL answers it from the index)."""

    output_field = BooleanField()

    def __init__(self, keys: list[str], prefix: str = "search__"):
        super().__init__(F(prefix + "text"), F(prefix + "seq"))
        self.keys = keys

    def as_sql(self, compiler, connection, **extra):
        text, seq = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"duban_search_keys({text[0]}, {seq[0]}) @> %s::text[]"
        return sql, (*text[1], *seq[1], self.keys)


def word_grams(word: str) -> list[str]:
    """Index keys a text containing ``word`` must have: its one character, or bigrams that
    cover it without overlap (the last one overlaps when the length is odd). Overlapping pairs
    would add little to the candidates and much to the planner's underestimate of their number
    (it multiplies the keys' frequencies as if they were independent)."""
    if len(word) == 1:
        return [word]
    starts = sorted({*range(0, len(word) - 1, 2), len(word) - 2})
    return [word[i : i + 2] for i in starts if GRAM_BREAK not in word[i : i + 2]]


def uses_search_index() -> bool:
    return connection.vendor == "postgresql"


def word_q(word: str, prefix: str = "search__") -> Q:
    """A task mentions ``word``: a substring of one of its fields, or its whole seq (both
    ignoring case). ``prefix`` reaches the search row (none on ``TaskSearch`` itself)."""
    folded = word.lower()
    # strpos <> 0 rather than LIKE: the same test, but PostgreSQL does not take it for rare,
    # so the estimate of the whole stays that of the index keys it is correlated with.
    found = (~Q(Exact(StrIndex(prefix + "text", Value(folded)), 0))
             | Q(**{prefix + "seq": folded}))
    if uses_search_index():
        # The keys cover the seq as well, so one index condition serves both alternatives.
        found = Q(HasSearchKeys(word_grams(folded), prefix)) & found
    return found


CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")


def query_words(q: str) -> list[str]:
    """The words of ``q``: split at whitespace, and each run of three or more Chinese
    characters cut by jieba into words of two or more characters (its pieces are substrings of
    it, so a text holding the run whole still matches). A run with a one-character piece stays
    whole: 市医保局 is not 市 and 医保局, which would find every county's 医保局 in a 市 text."""
    words = []
    for word in q.split():
        pieces = [word]
        if CHINESE_RUN.fullmatch(word):
            import jieba  # loads its dictionary (about a second) on the first search only

            cut = [piece for piece in jieba.cut(word) if piece.strip()]
            if len(cut) > 1 and all(len(piece) > 1 for piece in cut):
                pieces = cut
        words.extend(pieces)
    return list(dict.fromkeys(words))


def matching(tasks: QuerySet, q: str) -> QuerySet:
    """The tasks of ``tasks`` that mention every word of ``q`` (``query_words``)."""
    for word in query_words(q):
        tasks = tasks.filter(word_q(word))
    return tasks


def search_line(*fields: str) -> str:
    return "\n".join(field.lower() for field in fields if field)


def search_rows(task_ids: list[int], apps=global_apps) -> list:
    """Unsaved TaskSearch rows for ``task_ids`` (three queries whatever their number)."""
    Task = apps.get_model("ledger", "Task")
    Milestone = apps.get_model("ledger", "Milestone")
    Assignment = apps.get_model("ledger", "Assignment")
    TaskSearch = apps.get_model("ledger", "TaskSearch")
    extra: dict[int, list[str]] = {pk: [] for pk in task_ids}
    milestones = (Milestone.objects.filter(task_id__in=task_ids)
                  .order_by("task_id", "order", "pk").values_list("task_id", "text"))
    for task_id, text in milestones:
        extra[task_id].append(text)
    assignments = (Assignment.objects.filter(task_id__in=task_ids)
                   .order_by("task_id", "role", "order", "pk")
                   .values_list("task_id", "unit__name", "name_as_written"))
    for task_id, unit_name, written in assignments:
        extra[task_id] += [unit_name, written]
    tasks = Task.objects.filter(pk__in=task_ids).values_list(
        "pk", "seq", "content", "category", "target", "document__title")
    return [
        TaskSearch(task_id=pk, seq=" ".join(seq.lower().split()),
                   text=search_line(content, category, target, title, *extra[pk]))
        for pk, seq, content, category, target, title in tasks
    ]


def id_batches(task_ids: Iterable[int] | None, apps) -> Iterator[list[int]]:
    if task_ids is not None:
        ids = sorted(set(task_ids))
        for start in range(0, len(ids), BATCH):
            yield ids[start : start + BATCH]
        return
    Task = apps.get_model("ledger", "Task")
    last = 0
    while ids := list(Task.objects.filter(pk__gt=last).order_by("pk")
                      .values_list("pk", flat=True)[:BATCH]):
        yield ids
        last = ids[-1]


def refresh_search_text(task_ids: Iterable[int] | None = None, *, apps=global_apps) -> int:
    """Recompute the search rows of ``task_ids`` (every task when None); returns how many.

    ``apps`` lets a migration pass its historical models.
    """
    TaskSearch = apps.get_model("ledger", "TaskSearch")
    done = 0
    for ids in id_batches(task_ids, apps):
        rows = search_rows(ids, apps)
        TaskSearch.objects.bulk_create(rows, update_conflicts=True, unique_fields=["task"],
                                       update_fields=["seq", "text"])
        done += len(rows)
    return done


def unit_task_ids(unit_id: int) -> list[int]:
    """The tasks whose search text names the unit (the tasks it is assigned to)."""
    Assignment = global_apps.get_model("ledger", "Assignment")
    return list(Assignment.objects.filter(unit_id=unit_id).values_list("task_id", flat=True))


def refresh_unit_tasks(unit_id: int) -> int:
    """Recompute the search rows of the tasks a unit is assigned to (after a rename)."""
    return refresh_search_text(unit_task_ids(unit_id))
