"""Parsing an upload off the request path: the upload is stored and a job is queued; a worker
(``duban db_worker``) reads and extracts it within the document's budgets and stores the
preview, or the reason it failed, for the import page (and the API) to show.
"""

from __future__ import annotations

import logging
import time

from duban.ledger.choices import ParseState
from duban.ledger.services.imports import build_import_preview
from duban.ledger.services.pending import (
    PendingImport,
    pending_of,
    save_upload,
    update_pending,
)
from duban.ledger.services.uploads import check_upload_size

logger = logging.getLogger(__name__)

PASTED_FILENAME = "粘贴文本.txt"


def pasted_bytes(text: str) -> bytes:
    """Pasted text as the document's original: UTF-8, line ends as \\n, a final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return (text + "\n").encode("utf-8")


def start_import(user, filename: str, data: bytes) -> PendingImport:
    """Store the upload and queue its parse job; returns the upload (already parsed when the
    task backend runs jobs at once, as the tests' does)."""
    from duban.ledger.tasks import parse_upload

    check_upload_size(filename, data)
    token = save_upload(user, filename, data)
    parse_upload.enqueue(token)
    return pending_of(token)


def parse_pending(token: str) -> str:
    """The job: extract the stored upload and keep its preview, or why it cannot be read."""
    pending = pending_of(token)
    if pending is None:
        return "gone"  # cancelled before the worker came to it
    update_pending(token, state=ParseState.PARSING, started_at=time.time())
    try:
        preview = build_import_preview(data=pending.data, filename=pending.filename)
    except ValueError as exc:
        update_pending(token, state=ParseState.FAILED,
                       reason=f"无法读取该文件：{getattr(exc, 'reason', exc)}")
        return ParseState.FAILED
    except Exception:
        logger.exception("parse job %s failed", token)
        update_pending(token, state=ParseState.FAILED, reason="解析时发生内部错误，已记录日志")
        raise
    if preview.duplicate_of:
        update_pending(token, state=ParseState.FAILED, duplicate_of=preview.duplicate_of,
                       reason="该文件已导入过（相同 SHA-256），不能重复导入")
        return ParseState.FAILED
    update_pending(token, state=ParseState.DONE, preview=preview.to_dict())
    return ParseState.DONE
