"""Crossdoc over the REST API (``/api/v1/crossdoc/…``): matches of a pending import and the
decision on them, document diffs (.json and .xlsx), recurring tasks. Same services as the pages."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from duban.api.errors import ERRORS
from duban.api.types import Id, PathId, Text
from duban.crossdoc.models import RepeatChoice
from duban.crossdoc.services.diff import diff_documents
from duban.crossdoc.services.export import diff_xlsx
from duban.crossdoc.services.load import unit_load
from duban.crossdoc.services.matching import compare
from duban.crossdoc.services.preview import preview_panel
from duban.crossdoc.services.recurring import recurring_tasks
from duban.crossdoc.services.revision import apply_revision, record_decision
from duban.ledger.models import Document, Task, Unit
from duban.ledger.permissions import require_office
from duban.ledger.services import confirm_import
from duban.web.pending import discard_pending, load_pending

router = Router(tags=["crossdoc"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    document_id: Id
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
    response = HttpResponse(diff_xlsx(diff_documents(old, new), old.title, new.title),
                            content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''diff-{old.pk}-{new.pk}.xlsx"
    return response


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
