"""Uploads waiting for the office's confirmation: the bytes, the parse job's state, the preview.

An upload goes to ``MEDIA_ROOT/pending-imports/<token>/`` (``upload.bin`` and ``meta.json``);
the token is random and bound to the user who uploaded, so one office user cannot see or
confirm another's upload. The parse job (``duban.ledger.tasks.parse_upload``, run by
``duban db_worker``) moves the state from queued to parsing to done (the preview is stored)
or failed (with the reason). Nothing here touches the ledger: a preview that is never
confirmed leaves only these files, and they expire after a day.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from duban.ledger.choices import ParseState

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STALE_AFTER_SECONDS = 24 * 3600


# A job still "parsing" this long after it started lost its worker (killed, out of memory).
# The document's budget is CPU time (8 s), not wall time: a worker at low priority on a busy
# server (docs/production.md) can take ten times as long to spend it (benchmarks/hostile_p95.py
# saw 90 s), and must not be declared lost meanwhile.
LOST_AFTER_SECONDS = 600


@dataclass
class PendingImport:
    token: str
    folder: Path
    owner: int
    filename: str
    state: str
    preview: dict | None = None
    reason: str = ""
    duplicate_of: int | None = None
    queued_at: float = 0.0
    started_at: float | None = None

    @property
    def data(self) -> bytes:
        return (self.folder / "upload.bin").read_bytes()

    @property
    def state_label(self) -> str:
        return ParseState(self.state).label

    @property
    def finished(self) -> bool:
        return self.state in (ParseState.DONE, ParseState.FAILED)


def pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending-imports"


def pending_dir(token: str) -> Path | None:
    if not TOKEN_RE.match(token or ""):
        return None
    return pending_root() / token


def write_meta(folder: Path, meta: dict) -> None:
    """Replace meta.json in one step: a reader never sees half a file."""
    partial = folder / "meta.json.partial"
    partial.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, folder / "meta.json")


def read_meta(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_upload(user, filename: str, data: bytes) -> str:
    """Keep an upload for its parse job; returns the token of its import page."""
    discard_stale()
    token = secrets.token_urlsafe(24)
    folder = pending_root() / token
    folder.mkdir(parents=True)
    (folder / "upload.bin").write_bytes(data)
    write_meta(folder, {"owner": user.pk, "filename": filename, "state": ParseState.QUEUED,
                        "queued_at": time.time()})
    return token


def update_pending(token: str, **changes) -> dict | None:
    """Change fields of an upload's meta (the parse job's state); None if it is gone."""
    folder = pending_dir(token)
    meta = read_meta(folder) if folder is not None else None
    if meta is None:
        return None
    meta.update(changes)
    write_meta(folder, meta)
    return meta


def save_pending(user, filename: str, data: bytes, preview: dict) -> str:
    """Keep an upload whose preview is already made; returns its token."""
    token = save_upload(user, filename, data)
    update_pending(token, state=ParseState.DONE, preview=preview)
    return token


def pending_of(token: str) -> PendingImport | None:
    """The upload behind ``token``, whoever made it (for the parse job)."""
    folder = pending_dir(token)
    meta = read_meta(folder) if folder is not None else None
    if meta is None:
        return None
    state = meta.get("state", ParseState.DONE)
    started = meta.get("started_at")
    if state == ParseState.PARSING and started and time.time() - started > LOST_AFTER_SECONDS:
        state = ParseState.FAILED
        meta["reason"] = "解析中断（后台任务进程意外退出），请重新上传"
    return PendingImport(token, folder, meta["owner"], meta["filename"], state,
                         meta.get("preview"), meta.get("reason", ""), meta.get("duplicate_of"),
                         meta.get("queued_at", 0.0), started)


def load_pending(user, token: str) -> PendingImport | None:
    """The upload behind ``token`` if ``user`` made it, else None."""
    pending = pending_of(token)
    if pending is None or pending.owner != user.pk:
        return None
    return pending


def discard_pending(token: str) -> None:
    folder = pending_dir(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def discard_stale(now: float | None = None) -> None:
    """Forget previews nobody confirmed or cancelled within a day."""
    root = pending_root()
    if not root.is_dir():
        return
    limit = (now if now is not None else time.time()) - STALE_AFTER_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
