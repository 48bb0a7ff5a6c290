"""Crossdoc web pages: the decision on a re-imported document, document diffs (page and .xlsx),
recurring tasks. Thin: the rules are in ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.crossdoc.models import ImportDecision, RepeatChoice
from duban.crossdoc.services.cascade import (
    cascade_report,
    confirm_link,
    suggest_links,
    suggestions,
)
from duban.crossdoc.services.diff import diff_documents, diff_records
from duban.crossdoc.services.export import diff_xlsx
from duban.crossdoc.services.load import unit_load
from duban.crossdoc.services.matching import compare
from duban.crossdoc.services.quality import checklist_docx, prose_items, quality_check
from duban.crossdoc.services.quality import summary as quality_summary
from duban.crossdoc.services.records import from_document, from_extraction
from duban.crossdoc.services.recurring import recurring_tasks
from duban.crossdoc.services.revision import apply_revision, record_decision
from duban.ledger.models import Document, Task, Unit
from duban.ledger.services import DuplicateDocument, ImportFailed, confirm_import
from duban.ledger.services.pending import discard_pending, load_pending
from duban.lib.downloads import DOCX, XLSX, download
from duban.web.views.common import office_required


def pending_or_404(request, token: str):
    pending = load_pending(request.user, token)
    if pending is None:
        raise Http404("导入预览不存在或已过期")
    return pending


def unit_decisions(request, preview: dict) -> tuple[dict, dict]:
    """The preview with the office's fixes and the unit decisions made on the preview form."""
    from duban.web.views.imports import apply_task_edits, decisions_from

    preview, picked = apply_task_edits(preview, request.POST)
    return preview, decisions_from(request.POST, preview) | picked


@require_POST
@office_required
def import_decide(request, token: str):
    """不导入 / 作为该文件的修订版导入 / 作为独立文件导入, for the matched document."""
    pending = pending_or_404(request, token)
    choice = request.POST.get("choice", "")
    reason = request.POST.get("crossdoc-reason", "").strip()
    matched = Document.objects.filter(pk=request.POST.get("crossdoc-document") or 0).first()
    if matched is None or choice not in RepeatChoice.values:
        messages.error(request, "请选择匹配的文件和处理方式")
        return redirect("import-preview", token=token)
    similarity = compare(pending.preview["extraction"], matched).to_dict()
    try:
        with transaction.atomic():
            if choice == RepeatChoice.SKIP:
                record_decision(request.user, choice, matched=matched, filename=pending.filename,
                                sha256=pending.preview.get("sha256", ""), reason=reason,
                                similarity=similarity)
                text = f"未导入《{pending.filename}》：与已导入的《{matched.title}》相同。"
                target = matched
            elif choice == RepeatChoice.REVISION:
                preview, decisions = unit_decisions(request, pending.preview)
                summary = apply_revision(request.user, matched, preview["extraction"], decisions)
                record_decision(request.user, choice, matched=matched, filename=pending.filename,
                                sha256=pending.preview.get("sha256", ""), reason=reason,
                                similarity=similarity, result=matched, summary=summary)
                text = (f"已按修订版更新《{matched.title}》：变更 {len(summary['updated'])} 条，"
                        f"新增 {len(summary['created'])} 条，删除 {len(summary['deleted'])} 条，"
                        f"未变 {summary['unchanged']} 条"
                        + (f"，{len(summary['dropped_kept'])} 条已删除任务因有报送记录而保留"
                           if summary["dropped_kept"] else "") + "。")
                target = matched
            else:
                if not reason:
                    raise ValidationError("作为独立文件导入时请填写理由")
                preview, decisions = unit_decisions(request, pending.preview)
                target = confirm_import(preview, decisions, request.user, pending.data,
                                        pending.filename)
                record_decision(request.user, choice, matched=matched, filename=pending.filename,
                                sha256=pending.preview.get("sha256", ""), reason=reason,
                                similarity=similarity, result=target)
                text = f"已作为独立文件导入《{target.title}》（理由：{reason}）。"
    except DuplicateDocument as exc:
        discard_pending(token)
        messages.error(request, str(exc))
        return redirect("import")
    except (ImportFailed, ValidationError, ValueError) as exc:
        messages.error(request, "未做任何更改：" + "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("import-preview", token=token)
    discard_pending(token)
    messages.success(request, text)
    return redirect("document", pk=target.pk)


def diff_context(diff, old_label: str, new_label: str) -> dict:
    return {"diff": diff, "counts": diff.counts,
            "old_label": old_label, "new_label": new_label}


@office_required
def import_diff(request, token: str, pk: int):
    """What importing the upload as a revision of document ``pk`` would change."""
    pending = pending_or_404(request, token)
    document = get_object_or_404(Document, pk=pk)
    diff = diff_records(from_document(document), from_extraction(pending.preview["extraction"]))
    context = diff_context(diff, f"已导入：{document.title}", f"上传：{pending.filename}")
    return render(request, "crossdoc/diff.html", context | {"token": token})


def chosen_documents(request) -> tuple[Document | None, Document | None]:
    def pick(name):
        value = request.GET.get(name, "")
        return Document.objects.filter(pk=value).first() if value.isdigit() else None

    return pick("old"), pick("new")


@login_required
def document_diff(request):
    """Two documents side by side: a revision, or next year's plan against this year's."""
    old, new = chosen_documents(request)
    context = {"documents": Document.objects.order_by("-imported_at", "-pk"), "old": old,
               "new": new}
    if old and new:
        diff = diff_documents(old, new)
        context |= diff_context(diff, old.title, new.title)
    return render(request, "crossdoc/diff.html", context)


@login_required
def document_diff_xlsx(request):
    old, new = chosen_documents(request)
    if not (old and new):
        raise Http404("请选择两份文件")
    diff = diff_documents(old, new)
    return download(diff_xlsx(diff, old.title, new.title), f"diff-{old.pk}-{new.pk}.xlsx", XLSX)


@login_required
def recurring(request):
    """Work that recurs in every year's plan and is never closed."""
    return render(request, "crossdoc/recurring.html", {"groups": recurring_tasks()})


@login_required
def unit_load_page(request, pk: int):
    """One unit's whole load across the documents in force (or every document with ?all=1)."""
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=pk)
    on = timezone.localdate()
    all_documents = request.GET.get("all") == "1"
    load = unit_load(unit, None if all_documents else on)
    return render(request, "crossdoc/unit_load.html",
                  {"load": load, "on": on, "all_documents": all_documents})


def pick_document(value) -> Document | None:
    value = str(value or "")
    return Document.objects.filter(pk=value).first() if value.isdigit() else None


@login_required
def cascade(request):
    """A lower document against the upper one it implements: links and the gap report."""
    lower, upper = pick_document(request.GET.get("lower")), pick_document(request.GET.get("upper"))
    context = {"documents": Document.objects.order_by("-imported_at", "-pk"), "lower": lower,
               "upper": upper}
    if lower and upper and lower != upper:
        context |= {"rows": suggestions(lower, upper, k=3),
                    "report": cascade_report(lower, upper)}
    return render(request, "crossdoc/cascade.html", context)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    return target if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}) and target.startswith("/") else fallback


@require_POST
@office_required
def cascade_suggest(request):
    lower, upper = pick_document(request.POST.get("lower")), pick_document(request.POST.get("upper"))
    if not (lower and upper) or lower == upper:
        messages.error(request, "请选择两份不同的文件：下级文件和上级文件")
        return redirect("crossdoc:cascade")
    count = suggest_links(request.user, lower, upper)
    messages.success(request, f"已生成 {count} 条上下级任务对应建议，请逐条确认或更正。")
    return redirect(f"{reverse('crossdoc:cascade')}?lower={lower.pk}&upper={upper.pk}")


@require_POST
@office_required
def link(request, pk: int):
    """Confirm the lower task's upper task, pick another, or say it has none."""
    lower = get_object_or_404(Task, pk=pk)
    value = request.POST.get("upper", "")
    upper = get_object_or_404(Task, pk=value) if value.isdigit() else None
    try:
        confirm_link(request.user, lower, upper)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(safe_next(request, reverse("task", args=[lower.pk])))


def checklist_findings(pending) -> tuple[dict, list]:
    extraction = pending.preview["extraction"]
    info = extraction.get("document") or {}
    year = int(info["period"]["start"][:4]) if (info.get("period") or {}).get("start") else None
    prose = prose_items(pending.data, pending.filename, year)
    return info, quality_check(extraction, prose)


@office_required
def import_checklist(request, token: str):
    """The printable intake checklist of a pending upload, to send back to the issuer."""
    pending = pending_or_404(request, token)
    info, findings = checklist_findings(pending)
    return render(request, "crossdoc/checklist.html", {
        "token": token, "filename": pending.filename, "info": info, "findings": findings,
        "summary": quality_summary(findings)})


@office_required
def import_checklist_docx(request, token: str):
    pending = pending_or_404(request, token)
    info, findings = checklist_findings(pending)
    return download(checklist_docx(info, pending.filename, findings), "checklist.docx", DOCX)


@login_required
def index(request):
    """The crossdoc pages, and the decisions taken on re-imported documents."""
    return render(request, "crossdoc/index.html", {
        "units": Unit.objects.select_related("region").order_by("region__name", "name"),
        "decisions": ImportDecision.objects.select_related("matched")[:50]})


@login_required
def unit_load_pick(request):
    value = request.GET.get("unit", "")
    if not value.isdigit():
        raise Http404("请选择单位")
    return redirect("crossdoc:unit-load", pk=int(value))
