"""Guard for zip-based formats (.docx, .xlsx): refuse broken archives and zip bombs before a
library unpacks them.
"""

from __future__ import annotations

import io
import zipfile

from duban.intake import limits
from duban.intake.model import IntakeError


def check_zip(path: str, data: bytes, kind: str) -> None:
    """Raise IntakeError unless ``data`` is a readable zip of a sane uncompressed size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise IntakeError(
            path, f"corrupt .{kind} file (not a readable zip archive: {exc})"
        ) from exc
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise IntakeError(path, f".{kind} file too large: {len(members)} archive members")
    total = sum(member.file_size for member in members)
    if total > limits.MAX_UNZIPPED_BYTES:
        raise IntakeError(
            path,
            f".{kind} file too large: {total // 2**20} MB uncompressed "
            f"(limit {limits.MAX_UNZIPPED_BYTES // 2**20} MB)",
        )
