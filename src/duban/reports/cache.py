"""Ledger exports cached on disk by document version, served as streamed files.

A 4,000-task document's .xlsx takes seconds to build, so each export is built once per
*version* of its document and kept as a file in ``settings.EXPORT_CACHE_DIR``; the next request
for the same version streams that file. The version is a digest of everything the export
shows: the document row, each task's id, edit version, state and change time (the status
engine writes states in bulk, without touching the change time), each named unit's name, and
for assignments, milestones and reports their count, id sum and latest change. Any import,
edit, report, review or status run gives a new version; older files of the document are
removed when a new one is written.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Sum

from duban.ledger.models import Assignment, Document, Milestone, ProgressReport, Task, Unit
from duban.ledger.permissions import reads_all, reporter_unit
from duban.reports.ledger import ledger_csv, ledger_xlsx

BUILDERS: dict[str, Callable[[Document, set[int] | None], bytes]] = {
    "xlsx": ledger_xlsx,
    # The BOM lets Excel open the UTF-8 file with its Chinese intact.
    "csv": lambda document, reads: ("\ufeff" + ledger_csv(document, reads)).encode("utf-8"),
}


def ledger_version(document: Document) -> str:
    """A digest that changes whenever anything the document's ledger export shows changes."""
    digest = hashlib.sha256()
    document = Document.objects.get(pk=document.pk)
    for value in (document.pk, document.sha256, document.title, document.last_updated):
        digest.update(f"{value}\x1f".encode())
    tasks = document.tasks.order_by("pk").values_list("pk", "version", "state", "last_updated")
    for row in tasks.iterator(chunk_size=2000):
        digest.update(repr(row).encode())
    for related, extra in ((Assignment.objects.filter(task__document=document), "unit_id"),
                           (Milestone.objects.filter(task__document=document), "task_id"),
                           (ProgressReport.objects.filter(task__document=document), "unit_id")):
        digest.update(repr(summary(related, extra)).encode())
    units = Unit.objects.filter(assignments__task__document=document).distinct().order_by("pk")
    digest.update(repr(list(units.values_list("pk", "name", "last_updated"))).encode())
    return digest.hexdigest()[:32]


def summary(rows, extra: str) -> tuple:
    """Count, id sum, latest change and the sum of one more field (a unit moved by a merge is
    changed by a bulk update) of a queryset: moves when a row is added, removed or saved."""
    found = rows.order_by().aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("last_updated"),
                                      extra=Sum(extra))
    return found["n"], found["ids"], found["last"], found["extra"]


def export_name(document: Document, suffix: str) -> str:
    """The file name a download of the ledger is saved under: the document's title."""
    return f"{document.title[:60] or '台账'}-台账.{suffix}"


def audience(document: Document, user) -> tuple[str, set[int] | None]:
    """Whose view of the export ``user`` gets: everything (office, leader) or its unit's (the
    progress of only the tasks whose reports it may read), as a file-name part and the task
    ids."""
    if reads_all(user):
        return "all", None
    tasks = Task.objects.reports_visible_to(user).filter(document=document)
    unit = reporter_unit(user)
    return f"unit{unit.pk if unit else 0}", set(tasks.values_list("pk", flat=True))


def ledger_file(document: Document, fmt: str, user) -> Path:
    """The cached export file (``xlsx`` or ``csv``) of the document's current version as
    ``user`` may see it, built when it is missing. Written to a temporary name and renamed, so a
    reader never sees half a file; files of older versions are removed."""
    folder = Path(settings.EXPORT_CACHE_DIR)
    version = ledger_version(document)
    view, reads = audience(document, user)
    path = folder / f"ledger-{document.pk}-{version}-{view}.{fmt}"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = BUILDERS[fmt](document, reads)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".building-", suffix=f".{fmt}")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    for stale in folder.glob(f"ledger-{document.pk}-*"):
        if not stale.name.startswith(f"ledger-{document.pk}-{version}-"):
            stale.unlink(missing_ok=True)
    return path
