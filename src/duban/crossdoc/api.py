"""Crossdoc over the REST API (``/api/v1/crossdoc/…``): matches of a pending import and the
decision on them, document diffs (.json and .xlsx), recurring tasks, a unit's load, the
vertical cascade (suggestions, links, gap report, roll-up). Same services as the pages."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from duban.api.errors import ERRORS
from duban.api.types import Id, PathId, Text
from duban.crossdoc.models import ClosingCheck, RepeatChoice
from duban.crossdoc.services.cascade import (
    cascade_report,
    confirm_link,
    suggest_links,
    suggestions,
    upper_progress,
)
from duban.crossdoc.services.closing import closing_checklist
from duban.crossdoc.services.diff import diff_documents
from duban.crossdoc.services.export import diff_xlsx
from duban.crossdoc.services.load import unit_load
from duban.crossdoc.services.matching import compare
from duban.crossdoc.services.preview import preview_panel
from duban.crossdoc.services.quality import prose_items, quality_check
from duban.crossdoc.services.recurring import recurring_tasks
from duban.crossdoc.services.revision import apply_revision, record_decision
from duban.ledger.models import Document, Task, Unit
from duban.ledger.permissions import require_office
from duban.ledger.services import confirm_import
from duban.ledger.services.pending import discard_pending, load_pending
from duban.lib.downloads import XLSX, download

router = Router(tags=["crossdoc"])


def signed_in(user) -> None:
    if Task.objects.visible_to(user).query.is_empty():
        raise HttpError(403, "无权查看")


def pending_or_404(user, token: str):
    pending = load_pending(user, token)
    if pending is None:
        raise HttpError(404, "没有这个待确认的导入")
    return pending


class MatchesOut(Schema):
    matches: list[dict]


class DecisionIn(Schema):
    choice: Literal["skip", "revision", "separate"]
    document_id: Id | None = None  # the matched document; default: the closest match
    reason: Text(2000) = ""
    decisions: dict[str, str] = {}


class DecisionOut(Schema):
    choice: str
    matched_id: int
    result_id: int | None = None
    summary: dict = {}


class DiffQuery(Schema):
    old: Id
    new: Id


class DiffOut(Schema):
    old_id: int
    new_id: int
    counts: dict[str, int]
    fields: dict[str, int]
    items: list[dict]


class RecurringOut(Schema):
    task_ids: list[int]
    years: list[int]
    content: str


@router.get("/crossdoc/imports/{token}/matches", response={200: MatchesOut, **ERRORS})
def import_matches(request, token: str):
    """Documents already imported that the pending upload is (or revises), closest first."""
    require_office(request.user)
    return preview_panel(pending_or_404(request.user, token).preview)


@router.post("/crossdoc/imports/{token}/decide", response={200: DecisionOut, **ERRORS})
def import_decide(request, token: str, payload: DecisionIn):
    """不导入 (skip) / 作为修订版导入 (revision) / 作为独立文件导入 (separate, reason required)."""
    require_office(request.user)
    pending = pending_or_404(request.user, token)
    if payload.document_id is None:
        matches = preview_panel(pending.preview)["matches"]
        if not matches:
            raise HttpError(422, "该文件与已导入的文件不匹配，请按一般导入确认")
        matched = get_object_or_404(Document, pk=matches[0]["document_id"])
    else:
        matched = get_object_or_404(Document, pk=payload.document_id)
    similarity = compare(pending.preview["extraction"], matched).to_dict()
    common = {"matched": matched, "filename": pending.filename,
              "sha256": pending.preview.get("sha256", ""), "reason": payload.reason,
              "similarity": similarity}
    result, summary = None, {}
    with transaction.atomic():
        if payload.choice == RepeatChoice.REVISION:
            summary = apply_revision(request.user, matched, pending.preview["extraction"],
                                     payload.decisions)
            result = matched
        elif payload.choice == RepeatChoice.SEPARATE:
            if not payload.reason.strip():
                raise ValidationError("作为独立文件导入时请填写理由")
            result = confirm_import(pending.preview, payload.decisions, request.user,
                                    pending.data, pending.filename)
        record_decision(request.user, payload.choice, result=result, summary=summary, **common)
    discard_pending(token)
    return {"choice": payload.choice, "matched_id": matched.pk,
            "result_id": result.pk if result else None, "summary": summary}


def documents_of(request, query: DiffQuery) -> tuple[Document, Document]:
    signed_in(request.user)
    return (get_object_or_404(Document, pk=query.old), get_object_or_404(Document, pk=query.new))


@router.get("/crossdoc/diff", response={200: DiffOut, **ERRORS})
def diff(request, query: Query[DiffQuery]):
    """Task-by-task diff of two documents: new, carried over (changed fields), dropped."""
    old, new = documents_of(request, query)
    return {"old_id": old.pk, "new_id": new.pk, **diff_documents(old, new).to_dict()}


@router.get("/crossdoc/diff.xlsx", response=ERRORS, openapi_extra={"responses": {200: {
    "description": "文件", "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def diff_export(request, query: Query[DiffQuery]):
    old, new = documents_of(request, query)
    return download(diff_xlsx(diff_documents(old, new), old.title, new.title),
                    f"diff-{old.pk}-{new.pk}.xlsx", XLSX)


@router.get("/crossdoc/recurring", response={200: list[RecurringOut], **ERRORS})
def recurring(request):
    """Work in the plans of two or more years that was never closed."""
    signed_in(request.user)
    return [{"task_ids": [t.pk for t in g.tasks], "years": g.years, "content": g.latest.content}
            for g in recurring_tasks()]




class SameWorkOut(Schema):
    task_ids: list[int]
    percent: int
    conflicting: bool


class UnitLoadOut(Schema):
    unit_id: int
    lead_task_ids: list[int]
    participating_task_ids: list[int]
    months: list[dict]
    ongoing: int
    same_work: list[SameWorkOut]


class LoadQuery(Schema):
    all_documents: bool = False


@router.get("/crossdoc/units/{unit_id}/load", response={200: UnitLoadOut, **ERRORS})
def load(request, unit_id: PathId, query: Query[LoadQuery]):
    """A unit's tasks across the documents in force, deadlines per month, the same work
    given by two documents and its conflicting deadlines."""
    signed_in(request.user)
    unit = get_object_or_404(Unit, pk=unit_id)
    result = unit_load(unit, None if query.all_documents else timezone.localdate())
    return {"unit_id": unit.pk, "lead_task_ids": [t.pk for t in result.lead],
            "participating_task_ids": [t.pk for t in result.participating],
            "months": [{"month": m, "deadlines": n, "lead": lead}
                       for m, n, lead in result.months],
            "ongoing": result.ongoing,
            "same_work": [{"task_ids": [p.first.pk, p.second.pk], "percent": p.percent,
                           "conflicting": p.conflicting} for p in result.same_work]}


class CascadeQuery(Schema):
    lower: Id
    upper: Id


class SuggestQuery(Schema):
    # Optional in the schema so that a caller who is not the office gets 403, not 422.
    lower: Id | None = None
    upper: Id | None = None


class SuggestionOut(Schema):
    lower_id: int
    candidates: list[dict]
    link_upper_id: int | None = None
    link_status: str | None = None


class CascadeOut(Schema):
    lower_id: int
    upper_id: int
    suggestions: list[SuggestionOut]
    unlinked_upper_ids: list[int]
    unlinked_lower_ids: list[int]
    later_deadlines: list[dict]
    lower_targets: list[dict]
    rollups: list[dict]


class LinkIn(Schema):
    upper_id: Id | None = None


class LinkOut(Schema):
    lower_id: int
    upper_id: int | None = None
    status: str


class RollupOut(Schema):
    upper_id: int
    lower_ids: list[int]
    done: int
    percent: int | None = None


def cascade_documents(request, query: CascadeQuery) -> tuple[Document, Document]:
    signed_in(request.user)
    lower = get_object_or_404(Document, pk=query.lower)
    upper = get_object_or_404(Document, pk=query.upper)
    if lower == upper:
        raise HttpError(422, "上级文件与下级文件不能相同")
    return lower, upper


def rollup_out(rollup) -> dict:
    return {"upper_id": rollup.upper.pk, "lower_ids": [t.pk for t in rollup.lower],
            "done": rollup.done, "percent": rollup.percent}


@router.get("/crossdoc/cascade", response={200: CascadeOut, **ERRORS})
def cascade(request, query: Query[CascadeQuery]):
    """Suggested and confirmed links of a lower document's tasks to the upper document's, and
    the gap report: upper tasks without a local counterpart, later local deadlines, lower
    local targets, progress rolled up."""
    lower, upper = cascade_documents(request, query)
    report = cascade_report(lower, upper)
    return {
        "lower_id": lower.pk, "upper_id": upper.pk,
        "suggestions": [{"lower_id": s.lower.pk,
                         "candidates": [{"upper_id": t.pk, "score": round(score, 3)}
                                        for t, score in s.candidates],
                         "link_upper_id": s.link.upper_id if s.link else None,
                         "link_status": s.link.status if s.link else None}
                        for s in suggestions(lower, upper)],
        "unlinked_upper_ids": [t.pk for t in report.unlinked_upper],
        "unlinked_lower_ids": [t.pk for t in report.unlinked_lower],
        "later_deadlines": [{"lower_id": a.pk, "upper_id": b.pk,
                             "lower_due": a.effective_due(), "upper_due": b.effective_due()}
                            for a, b in report.later_deadlines],
        "lower_targets": [{"lower_id": a.pk, "upper_id": b.pk, "lower_indicator": li.text,
                           "upper_indicator": ui.text}
                          for a, b, li, ui in report.lower_targets],
        "rollups": [rollup_out(r) for r in report.rollups],
    }


@router.post("/crossdoc/cascade/suggest", response={200: dict, **ERRORS})
def cascade_suggest(request, query: Query[SuggestQuery]):
    """Store the best suggestion for every lower task not yet decided by a person."""
    require_office(request.user)
    if query.lower is None or query.upper is None:
        raise HttpError(422, "请指定下级文件 lower 和上级文件 upper")
    lower, upper = cascade_documents(request, CascadeQuery(lower=query.lower, upper=query.upper))
    return {"written": suggest_links(request.user, lower, upper)}


@router.post("/crossdoc/links/{task_id}", response={200: LinkOut, **ERRORS})
def link(request, task_id: PathId, payload: LinkIn):
    """Confirm the upper task a lower task implements (``upper_id``), or none (null)."""
    require_office(request.user)
    lower = get_object_or_404(Task, pk=task_id)
    upper = get_object_or_404(Task, pk=payload.upper_id) if payload.upper_id else None
    result = confirm_link(request.user, lower, upper)
    return {"lower_id": lower.pk, "upper_id": upper.pk if upper else None,
            "status": result.status if result else "none"}


@router.get("/crossdoc/tasks/{task_id}/rollup", response={200: RollupOut, **ERRORS})
def rollup(request, task_id: PathId):
    """An upper task's progress from the lower tasks linked to it."""
    signed_in(request.user)
    return rollup_out(upper_progress(get_object_or_404(Task, pk=task_id)))


class FindingOut(Schema):
    code: str
    label: str
    index: int
    seq: str
    content: str
    detail: str


@router.get("/crossdoc/imports/{token}/checklist", response={200: list[FindingOut], **ERRORS})
def import_checklist(request, token: str):
    """The intake quality findings of a pending upload, the prose-versus-annex check included."""
    require_office(request.user)
    pending = pending_or_404(request.user, token)
    extraction = pending.preview["extraction"]
    period = (extraction.get("document") or {}).get("period") or {}
    year = int(period["start"][:4]) if period.get("start") else None
    prose = prose_items(pending.data, pending.filename, year)
    return [f.to_dict() for f in quality_check(extraction, prose)]


class ChecklistItemOut(Schema):
    key: str
    label: str
    requirement: str
    satisfied: bool
    detail: str


class ClosingChecklistOut(Schema):
    task_id: int
    items: list[ChecklistItemOut]
    applications: list[dict]


@router.get("/crossdoc/tasks/{task_id}/closing-checklist",
            response={200: ClosingChecklistOut, **ERRORS})
def closing_checklist_of(request, task_id: PathId):
    """What closing the task needs (from its verb), checked against what is on file, and the
    check made of each closing application when it was filed."""
    signed_in(request.user)
    task = get_object_or_404(Task, pk=task_id)
    checks = ClosingCheck.objects.filter(request__task=task)
    return {"task_id": task.pk, "items": [i.to_dict() for i in closing_checklist(task)],
            "applications": [{"request_id": c.request_id, "complete": c.complete,
                              "items": c.items, "checked_at": c.checked_at} for c in checks]}
