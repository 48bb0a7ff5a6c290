"""Guard for zip-based formats (.docx, .xlsx): refuse broken archives and zip bombs before a
library unpacks them.
"""

from __future__ import annotations

import io
import zipfile

from duban.intake import limits
from duban.intake.model import IntakeError

INFLATE_CHUNK = 1024 * 1024


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
        raise too_large(path, kind, total)
    inflate_bounded(path, data, kind)


def too_large(path: str, kind: str, size: int) -> IntakeError:
    return IntakeError(
        path,
        f".{kind} file too large: {size // 2**20} MB uncompressed "
        f"(limit {limits.MAX_UNZIPPED_BYTES // 2**20} MB)",
    )


def inflate_bounded(path: str, data: bytes, kind: str) -> None:
    """Inflate every member in small chunks, checking sizes and CRCs.

    The headers' sizes can lie: zipfile's one-shot ``read`` inflates a member whole before it
    notices, so a 250 KB member claiming 1 KB would still take 250 MB of memory inside the
    library that reads it next. Chunked reads stop at the declared size and check the CRC.
    """
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                with archive.open(member) as stream:
                    while chunk := stream.read(INFLATE_CHUNK):
                        total += len(chunk)
                        if total > limits.MAX_UNZIPPED_BYTES:
                            raise too_large(path, kind, total)
    except IntakeError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise IntakeError(path, f"corrupt .{kind} file ({exc})") from exc
    except RuntimeError as exc:  # an encrypted member
        raise IntakeError(path, f"encrypted .{kind} file ({exc})") from exc
