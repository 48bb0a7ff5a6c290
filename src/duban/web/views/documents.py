"""Document list, document view (tasks grouped by category in source order), exports."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from duban.ledger.choices import TaskState
from duban.ledger.models import Document, Task
from duban.ledger.permissions import is_office
from duban.reports import ledger_csv, ledger_xlsx
from duban.web.tables import ListSpec
from duban.web.views.common import today, with_progress

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
    tasks = with_progress(document.tasks.order_by("order", "pk")).prefetch_related(
        "milestones", "indicators")
    tasks = list(tasks)
    on = today()
    counts = {"total": len(tasks),
              "done": sum(t.state == TaskState.DONE for t in tasks),
              "overdue": sum(bool(t.is_late) for t in tasks)}
    return render(request, "web/document_detail.html", {
        "document": document, "groups": category_groups(tasks), "counts": counts,
        "has_milestones": any(t.milestones.all() for t in tasks),
        "has_categories": any(t.category for t in tasks), "today": on})


def export_name(document: Document, suffix: str) -> str:
    return f"{document.title[:60] or '台账'}-台账.{suffix}"


@login_required
def document_xlsx(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    response = HttpResponse(ledger_xlsx(document), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, export_name(document, "xlsx"))
    return response


@login_required
def document_csv(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    # The BOM lets Excel open the UTF-8 file with its Chinese intact.
    body = "\ufeff" + ledger_csv(document)
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, export_name(document, "csv"))
    return response


@login_required
def document_original(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if not document.original:
        raise Http404("原始文件未保存")
    name = document.filename or Path(document.original.name).name
    response = FileResponse(document.original.open("rb"), as_attachment=True, filename=name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
