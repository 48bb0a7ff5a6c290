"""Uploads waiting for the office's confirmation, kept between the preview and confirm pages.

The uploaded bytes and the preview dict go to ``MEDIA_ROOT/pending-imports/<token>/``; the token
is random and bound to the user who uploaded, so one office user cannot confirm another's upload.
Nothing here touches the ledger: a preview that is never confirmed leaves only these files.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STALE_AFTER_SECONDS = 24 * 3600


@dataclass
class PendingImport:
    token: str
    filename: str
    data: bytes
    preview: dict


def pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending-imports"


def pending_dir(token: str) -> Path | None:
    if not TOKEN_RE.match(token or ""):
        return None
    return pending_root() / token


def save_pending(user, filename: str, data: bytes, preview: dict) -> str:
    """Keep an upload and its preview; returns the token of the preview page."""
    discard_stale()
    token = secrets.token_urlsafe(24)
    folder = pending_root() / token
    folder.mkdir(parents=True)
    (folder / "upload.bin").write_bytes(data)
    meta = {"owner": user.pk, "filename": filename, "preview": preview}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def load_pending(user, token: str) -> PendingImport | None:
    """The upload behind ``token`` if ``user`` made it, else None."""
    folder = pending_dir(token)
    if folder is None or not (folder / "meta.json").exists():
        return None
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta["owner"] != user.pk:
        return None
    return PendingImport(token, meta["filename"], (folder / "upload.bin").read_bytes(),
                         meta["preview"])


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
