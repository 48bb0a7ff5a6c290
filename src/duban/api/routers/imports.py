"""Import over the API: upload a file or post pasted text → the parse job → the preview (what
needs deciding) → confirm or cancel.

The same pending-upload store, parse job and ledger services as the web import pages. The
upload's size is checked while it streams in (``duban.security.uploads``): an oversized file
is refused with 413 before anything is read into memory.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from duban.api.errors import ERRORS
from duban.api.schemas import ImportConfirmIn, ImportJobOut, ImportPreviewOut, ImportResultOut
from duban.crossdoc.services.preview import undecided_repeat
from duban.ledger.choices import ParseState
from duban.ledger.models import Document
from duban.ledger.permissions import require_office
from duban.ledger.services import confirm_import
from duban.ledger.services.import_jobs import PASTED_FILENAME, pasted_bytes, start_import
from duban.ledger.services.pending import discard_pending, load_pending
from duban.ledger.services.uploads import UploadTooLarge, check_upload_size

router = Router(tags=["imports"])


def preview_out(token: str, preview: dict) -> dict:
    return {"token": token, **preview}


def pending_or_404(user, token: str):
    pending = load_pending(user, token)
    if pending is None:
        raise HttpError(404, "没有这个待确认的导入")
    return pending


def job_answer(pending, done_status: int):
    """The preview when the parse job is done, 422 with the reason when it failed, else 202
    with the job's state (ask again with GET /imports/{token})."""
    if pending.state == ParseState.DONE:
        return Status(done_status, preview_out(pending.token, pending.preview))
    if pending.state == ParseState.FAILED:
        raise HttpError(409 if pending.duplicate_of else 422, pending.reason)
    return Status(202, {"token": pending.token, "filename": pending.filename,
                        "state": pending.state, "state_label": pending.state_label})


@router.post("/imports", response={201: ImportPreviewOut, 202: ImportJobOut, **ERRORS})
def upload(request, file: File[UploadedFile] = None, text: Form[str] = ""):
    """Queue the parse of an uploaded file, or of pasted text (form field ``text``, kept as
    the document's original ``.txt`` in UTF-8) — office only. 201 with the preview when the
    job has already finished, 202 with its state otherwise."""
    require_office(request.user)
    if file is not None and text.strip():
        raise HttpError(422, "请上传文件或粘贴文本，二者选其一")
    if file is None and not text.strip():
        raise HttpError(422, "请上传文件（file）或粘贴文本（text）")
    try:
        if file is not None:
            filename = file.name or "upload"
            check_upload_size(filename, file)  # before a byte of it is read
            data = file.read()
        else:
            filename, data = PASTED_FILENAME, pasted_bytes(text)
            check_upload_size(filename, data)
    except UploadTooLarge as exc:
        raise HttpError(413, exc.reason) from None
    pending = start_import(request.user, filename, data)
    if pending.state == ParseState.FAILED:
        discard_pending(pending.token)
    return job_answer(pending, 201)


@router.get("/imports/{token}", response={200: ImportPreviewOut, 202: ImportJobOut, **ERRORS})
def preview(request, token: str):
    """The preview once the parse job is done; 202 with its state while it runs."""
    require_office(request.user)
    return job_answer(pending_or_404(request.user, token), 200)


@router.post("/imports/{token}/confirm", response={201: ImportResultOut, **ERRORS})
def confirm(request, token: str, payload: ImportConfirmIn):
    """Land the document in one transaction; 409 if the same file is already in the ledger."""
    require_office(request.user)
    pending = pending_or_404(request.user, token)
    if pending.state != ParseState.DONE:
        raise HttpError(409, f"该文件尚未解析完成（{pending.state_label}）")
    repeat = undecided_repeat(pending.preview.get("extraction") or {})
    if repeat:
        raise HttpError(409, repeat)
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
