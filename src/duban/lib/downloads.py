"""File downloads: one response shape for every export and stored file.

``Content-Disposition`` is built by Django (``content_disposition_header``, as
``FileResponse(as_attachment=True, filename=...)`` does): a plain ``filename="..."`` for an
ASCII name, otherwise the RFC 6266 / RFC 5987 form ``filename*=utf-8''%E5%8F%B0...``, to which
``disposition`` adds an ASCII ``filename="..."`` fallback for old clients; browsers save a
Chinese name as such instead of ``download.xlsx``. The bytes are never sniffed (``nosniff``).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.http import FileResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"
BINARY = "application/octet-stream"


def download(body: bytes | Path | io.IOBase, filename: str, content_type: str) -> FileResponse:
    """A streamed attachment of ``body`` (bytes, a file path or an open binary file)."""
    if isinstance(body, bytes):
        body = io.BytesIO(body)
    elif isinstance(body, Path):
        body = body.open("rb")
    response = FileResponse(body, as_attachment=True, filename=filename,
                            content_type=content_type)
    # Django's header has either the plain name or filename*; add the ASCII fallback to the latter.
    response["Content-Disposition"] = disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def disposition(filename: str) -> str:
    """The ``attachment`` header value of ``filename`` with an ASCII fallback and the UTF-8
    percent-encoded name."""
    header = content_disposition_header(True, filename)
    if "filename*=" in header:
        fallback = ascii_fallback(filename)
        header = f'attachment; filename="{fallback}"; ' + header.removeprefix("attachment; ")
    return header


def ascii_fallback(filename: str) -> str:
    """An ASCII stand-in for old clients: non-ASCII letters dropped, the suffix kept."""
    path = Path(filename)
    stem = "".join(c for c in path.stem if c.isascii() and (c.isalnum() or c in "-_.")).strip(".")
    suffix = "".join(c for c in path.suffix if c.isascii() and (c.isalnum() or c == "."))
    return f"{stem or 'download'}{suffix}"
