"""Documents: list, detail, confirm, delete, and the ledger export (.xlsx / .csv)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from duban.api.errors import ERRORS
from duban.api.pagination import PageParams, keyset_page
from duban.api.schemas import DocumentOut, page_of
from duban.api.types import PathId
from duban.ledger.models import Document, Task
from duban.ledger.permissions import get_document_files_for_user, require_office
from duban.ledger.services import confirm_document, delete_document
from duban.lib.downloads import CSV, XLSX, download
from duban.reports.cache import export_name, ledger_file

router = Router(tags=["documents"])
DocumentPage = page_of(DocumentOut, "DocumentPage")


def visible_documents(user):
    """The documents of the tasks ``user`` may see (every document for a signed-in user)."""
    if not Task.objects.visible_to(user).query.is_empty():
        return Document.objects.select_related("region")
    return Document.objects.none()


def get_document(user, pk: int) -> Document:
    return get_object_or_404(visible_documents(user), pk=pk)


def binary_response(content_type: str) -> dict:
    schema = {"type": "string", "format": "binary"}
    return {"responses": {200: {"description": "文件", "content": {content_type: {"schema": schema}}}}}


@router.get("/documents", response={200: DocumentPage, **ERRORS})
def list_documents(request, page: Query[PageParams]):
    return keyset_page(visible_documents(request.user), page, newest_first=True)


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def document_detail(request, document_id: PathId):
    return get_document(request.user, document_id)


@router.post("/documents/{document_id}/confirm", response={200: DocumentOut, **ERRORS})
def confirm(request, document_id: PathId):
    return confirm_document(request.user, get_document(request.user, document_id))


@router.delete("/documents/{document_id}", response={204: None, **ERRORS})
def delete(request, document_id: PathId):
    require_office(request.user)
    delete_document(request.user, get_document(request.user, document_id))
    return Status(204, None)


@router.get("/documents/{document_id}/export.xlsx", response=ERRORS,
            openapi_extra=binary_response(XLSX))
def export_xlsx(request, document_id: PathId):
    document = get_document_files_for_user(request.user, document_id)
    return download(ledger_file(document, "xlsx", request.user), export_name(document, "xlsx"), XLSX)


@router.get("/documents/{document_id}/export.csv", response=ERRORS,
            openapi_extra=binary_response("text/csv"))
def export_csv(request, document_id: PathId):
    document = get_document_files_for_user(request.user, document_id)
    return download(ledger_file(document, "csv", request.user), export_name(document, "csv"), CSV)
