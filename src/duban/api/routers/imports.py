"""Import over the API: upload a file → the preview (what needs deciding) → confirm or cancel.

The same pending-upload store and the same ledger services as the web import pages.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from duban.api.errors import ERRORS
from duban.api.schemas import ImportConfirmIn, ImportPreviewOut, ImportResultOut
from duban.ledger.models import Document
from duban.ledger.permissions import require_office
from duban.ledger.services import build_import_preview, confirm_import
from duban.web.pending import discard_pending, load_pending, save_pending

router = Router(tags=["imports"])


def preview_out(token: str, preview: dict) -> dict:
    return {"token": token, **preview}


def pending_or_404(user, token: str):
    pending = load_pending(user, token)
    if pending is None:
        raise HttpError(404, "没有这个待确认的导入")
    return pending


@router.post("/imports", response={201: ImportPreviewOut, **ERRORS})
def upload(request, file: File[UploadedFile]):
    """Run the extractor on the uploaded file and keep it for confirmation (office only)."""
    require_office(request.user)
    data = file.read()
    try:
        preview = build_import_preview(data=data, filename=file.name or "upload").to_dict()
    except ValueError as exc:
        raise HttpError(422, f"无法读取文件：{getattr(exc, 'reason', exc)}") from None
    token = save_pending(request.user, file.name or "upload", data, preview)
    return Status(201, preview_out(token, preview))


@router.get("/imports/{token}", response={200: ImportPreviewOut, **ERRORS})
def preview(request, token: str):
    require_office(request.user)
    return preview_out(token, pending_or_404(request.user, token).preview)


@router.post("/imports/{token}/confirm", response={201: ImportResultOut, **ERRORS})
def confirm(request, token: str, payload: ImportConfirmIn):
    """Land the document in one transaction; 409 if the same file is already in the ledger."""
    require_office(request.user)
    pending = pending_or_404(request.user, token)
    document = confirm_import(pending.preview, payload.decisions, request.user, pending.data,
                              pending.filename)
    discard_pending(token)
    document = get_object_or_404(Document.objects.select_related("region"), pk=document.pk)
    return Status(201, {"document": document, "summary": getattr(document, "import_summary", {})})


@router.delete("/imports/{token}", response={204: None, **ERRORS})
def cancel(request, token: str):
    require_office(request.user)
    pending_or_404(request.user, token)
    discard_pending(token)
    return Status(204, None)
