"""Document list, document view (tasks grouped by category in source order), exports."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from duban.ledger.choices import TaskState
from duban.ledger.models import Document, Task
from duban.ledger.permissions import get_document_files_for_user, is_office
from duban.lib.downloads import BINARY, CSV, XLSX, download
from duban.reports.cache import export_name, ledger_file
from duban.web.tables import ListSpec
from duban.web.views.common import today, with_progress

DOCUMENT_LIST = ListSpec(
    columns={"title": "title", "issuer": "issuer", "issued": "issued_on",
             "imported": "imported_at", "tasks": "n_tasks", "done": "n_done"},
    default=("-imported_at", "-pk"), page_size=25)


@login_required
def document_list(request):
    documents = Document.objects.select_related("region").annotate(
        n_tasks=Count("tasks"), n_done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)))
    q = request.GET.get("q", "").strip()
    if q:
        documents = documents.filter(Q(title__icontains=q) | Q(doc_number__icontains=q)
                                     | Q(issuer__icontains=q))
    listing = DOCUMENT_LIST.apply(documents, request)
    return render(request, "web/document_list.html", {"listing": listing, "q": q,
                                                      "can_import": is_office(request.user)})


def category_groups(tasks) -> list[tuple[str, list[Task]]]:
    """Consecutive runs of tasks of one category, in source order."""
    return [(category, list(run)) for category, run in groupby(tasks, key=lambda t: t.category)]


@login_required
def document_detail(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("region", "imported_by"), pk=pk)
    tasks = with_progress(document.tasks.order_by("order", "pk"), request.user).prefetch_related(
        "milestones", "indicators")
    tasks = list(tasks)
    on = today()
    counts = {"total": len(tasks),
              "done": sum(t.state == TaskState.DONE for t in tasks),
              "overdue": sum(bool(t.is_late) for t in tasks)}
    return render(request, "web/document_detail.html", {
        "document": document, "groups": category_groups(tasks), "counts": counts,
        "has_milestones": any(t.milestones.all() for t in tasks),
        "has_categories": any(t.category for t in tasks), "today": on,
        "can_download": Document.objects.files_visible_to(request.user).filter(
            pk=document.pk).exists()})


@login_required
def document_xlsx(request, pk: int):
    document = get_document_files_for_user(request.user, pk)
    return download(ledger_file(document, "xlsx", request.user), export_name(document, "xlsx"), XLSX)


@login_required
def document_csv(request, pk: int):
    document = get_document_files_for_user(request.user, pk)
    return download(ledger_file(document, "csv", request.user), export_name(document, "csv"), CSV)


@login_required
def document_original(request, pk: int):
    document = get_document_files_for_user(request.user, pk)
    if not document.original:
        raise Http404("原始文件未保存")
    name = document.filename or Path(document.original.name).name
    return download(document.original.open("rb"), name, BINARY)
