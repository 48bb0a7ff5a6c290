"""The import flow: upload or paste → the parse job's progress → preview with the decisions to
make → confirm (one transaction)."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from duban.crossdoc.services.preview import preview_panel, undecided_repeat
from duban.extract.unit_names import is_fragment
from duban.ledger.choices import Doubt, ParseState
from duban.ledger.models import Document, Unit
from duban.ledger.services import DuplicateDocument, ImportFailed, confirm_import
from duban.ledger.services.import_jobs import start_import
from duban.ledger.services.pending import discard_pending, load_pending
from duban.web.forms import ImportUploadForm
from duban.web.views.common import office_required

FLAG_LABELS = {"unknown_units": "含未知单位", "no_lead": "无牵头单位",
               "unparsed_deadline": "时限未识别", "undefined_group": "待定义的单位组"}
CREATE = "create"


def duplicate_message(document_id: int):
    document = Document.objects.get(pk=document_id)
    return format_html('该文件已导入过（相同 SHA-256）：<a href="{}">《{}》</a>，不能重复导入。',
                       reverse("document", args=[document.pk]), document.title)


@office_required
def import_upload(request):
    """Store the upload (or the pasted text) and queue its parse; a job that has already
    ended (jobs run at once) with a refusal shows the reason on this form."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.original()
        pending = start_import(request.user, filename, data)
        if pending.state != ParseState.FAILED:
            return redirect("import-preview", token=pending.token)
        discard_pending(pending.token)
        field = "file" if form.cleaned_data.get("file") else "text"
        form.add_error(field, duplicate_message(pending.duplicate_of) if pending.duplicate_of
                       else pending.reason)
    return render(request, "web/import_upload.html", {"form": form})


def pending_or_404(request, token: str):
    pending = load_pending(request.user, token)
    if pending is None:
        raise Http404("导入预览不存在或已过期")
    return pending


def preview_rows(preview: dict) -> list[dict]:
    """Each extracted task with its flags and the extractor's doubts in plain words, for the
    preview table: the rows the office should look at (doubts or flags) first, each group in
    the document's order."""
    rows = []
    for task, info in zip(preview["extraction"]["tasks"], preview["tasks"], strict=True):
        doubts = task.get("doubts", [])
        rows.append({"task": task, "index": info["index"],
                     "flags": [FLAG_LABELS.get(f, f) for f in info["flags"]],
                     "doubts": [Doubt.label_of(code) for code in doubts],
                     "no_lead": "no_lead" in info["flags"],
                     "unparsed": "unparsed_deadline" in info["flags"],
                     "unknown": set(info["unknown_units"])})
    return sorted(rows, key=lambda row: (not (row["doubts"] or row["flags"]), row["index"]))


def units_by_label() -> dict[str, Unit]:
    """Existing units by full name (盐城市卫生健康委) and by a name no other unit shares."""
    units = list(Unit.objects.select_related("region"))
    names = Counter(unit.name for unit in units)
    labels = {unit.name: unit for unit in units if names[unit.name] == 1}
    return labels | {unit.full_name: unit for unit in units}


def apply_task_edits(preview: dict, post) -> tuple[dict, dict[str, str]]:
    """The preview with the office's fixes of flagged tasks (a lead unit where there was none,
    a due date for an unparsed deadline), and unit decisions for the units named that way."""
    preview = copy.deepcopy(preview)
    tasks = preview["extraction"]["tasks"]
    labels, decisions = None, {}
    for info in preview["tasks"]:
        task = tasks[info["index"]]
        lead = post.get(f"lead-{info['index']}", "").strip()
        if lead and not task.get("lead_units"):
            labels = labels if labels is not None else units_by_label()
            unit = labels.get(lead)
            task["lead_units"] = [unit.name if unit else lead]
            if unit is not None:
                decisions[unit.name] = str(unit.pk)
        due = post.get(f"due-{info['index']}", "").strip()
        if due and "unparsed_deadline" in info["flags"]:
            try:
                dt.date.fromisoformat(due)
            except ValueError as exc:
                raise ValidationError(f"日期格式不正确：{due}") from exc
            task["deadline"] = {**(task.get("deadline") or {}), "kind": "date", "due": due}
    return preview, decisions


def unit_decisions(preview: dict) -> list[dict]:
    """One row per unknown unit name: the suggested units first. A name that looks cut from
    its neighbour (`县司`, `卫生院` alone) is not offered as a new unit by default."""
    rows = []
    for index, name in enumerate(preview["unknown_units"]):
        rows.append({"index": index, "name": name, "fragment": is_fragment(name),
                     "candidates": preview["units"][name]["candidates"]})
    return rows


def progress_context(pending) -> dict:
    return {"pending": pending, "token": pending.token, "filename": pending.filename,
            "duplicate": Document.objects.filter(pk=pending.duplicate_of).first()
            if pending.duplicate_of else None}


@office_required
def import_preview(request, token: str):
    """The preview once the parse job is done; until then its progress (polled by htmx)."""
    pending = pending_or_404(request, token)
    if pending.state != ParseState.DONE:
        return render(request, "web/import_progress.html", progress_context(pending))
    preview = pending.preview
    rows = preview_rows(preview)
    return render(request, "web/import_preview.html", {
        "token": token, "filename": pending.filename, "preview": preview,
        "info": preview["extraction"]["document"], "rows": rows,
        "flagged": sum(bool(r["flags"] or r["doubts"]) for r in rows),
        "decisions": unit_decisions(preview),
        "crossdoc": preview_panel(preview),
        "groups": sorted((name, info["members"]) for name, info in preview["units"].items()
                         if info.get("group")),
        "all_units": Unit.objects.select_related("region").order_by("region__name", "name")})


@office_required
def import_status(request, token: str):
    """The progress fragment the import page polls; once the preview is ready, htmx is sent
    on to it."""
    pending = pending_or_404(request, token)
    if pending.state == ParseState.DONE:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("import-preview", args=[token])
        return response
    return render(request, "web/partials/import_status.html", progress_context(pending))


def decisions_from(post, preview: dict) -> dict[str, str]:
    """Unknown name -> existing unit id or "create", from the preview form."""
    decisions = {}
    for index, name in enumerate(preview["unknown_units"]):
        value = post.get(f"unit-{index}", CREATE)
        if not value:
            raise ValidationError(f"“{name}”疑为被截断的单位名称片段：请选择对应的已有单位（或明确选择新建）")
        if value != CREATE and not value.isdigit():
            raise ValidationError(f"单位“{name}”的处理方式无效")
        decisions[name] = value
    return decisions


@require_POST
@office_required
def import_confirm(request, token: str):
    pending = pending_or_404(request, token)
    if pending.state != ParseState.DONE:
        messages.error(request, f"该文件尚未解析完成（{pending.state_label}），暂不能确认导入。")
        return redirect("import-preview", token=token)
    repeat = undecided_repeat(pending.preview.get("extraction") or {})
    if repeat:
        messages.error(request, repeat)
        return redirect("import-preview", token=token)
    try:
        preview, picked = apply_task_edits(pending.preview, request.POST)
        decisions = decisions_from(request.POST, preview) | picked
        document = confirm_import(preview, decisions, request.user, pending.data,
                                  pending.filename)
    except DuplicateDocument as exc:
        discard_pending(token)
        messages.error(request, duplicate_message(exc.document.pk))
        return redirect("import")
    except (ImportFailed, ValidationError, ValueError) as exc:
        messages.error(request, f"导入失败，未做任何更改：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
        return redirect("import-preview", token=token)
    discard_pending(token)
    summary = document.import_summary
    created = "、".join(summary["units_created"])
    messages.success(request, f"已导入《{document.title}》：任务 {summary['tasks']} 条"
                     + (f"，新建单位：{created}" if created else ""))
    return redirect("document", pk=document.pk)


@require_POST
@office_required
def import_cancel(request, token: str):
    pending_or_404(request, token)
    discard_pending(token)
    messages.info(request, "已取消导入，台账未做任何更改。")
    return redirect("import")
