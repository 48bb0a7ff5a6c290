"""Guard for zip-based formats (.docx, .xlsx): refuse broken archives and zip bombs before a
library unpacks them.
"""

from __future__ import annotations

import io
import zipfile

from duban.intake import limits
from duban.intake.model import IntakeError, megabytes, technical_note

INFLATE_CHUNK = 1024 * 1024
PROGRAMS = {"docx": "Word 或 WPS", "xlsx": "Excel 或 WPS"}
TRIM = "请删除图片等与任务无关的内容后重试"
ENCRYPTED = "文件已加密（有密码保护）：请另存为无密码的文件后上传"


def check_zip(path: str, data: bytes, kind: str) -> None:
    """Raise IntakeError unless ``data`` is a readable zip of a sane uncompressed size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise corrupt(path, kind, exc) from exc
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise IntakeError(path, f"文件过大：.{kind} 文件内含 {len(members):,} 个部件"
                                f"（上限 {limits.MAX_ZIP_MEMBERS:,} 个），{TRIM}")
    total = sum(member.file_size for member in members)
    if total > limits.MAX_UNZIPPED_BYTES:
        raise too_large(path, kind, total)
    inflate_bounded(path, data, kind)


def too_large(path: str, kind: str, size: int) -> IntakeError:
    return IntakeError(
        path,
        f"文件过大：解压后 {megabytes(size)}（上限 {megabytes(limits.MAX_UNZIPPED_BYTES)}），{TRIM}",
    )


def corrupt(path: str, kind: str, exc: BaseException) -> IntakeError:
    return IntakeError(
        path,
        f"文件已损坏，不是完整的 .{kind} 文件（可能下载或拷贝不完整）：请重新获取原文件，"
        f"或用 {PROGRAMS.get(kind, 'Word、WPS 或 Excel')} 打开后另存，再上传" + technical_note(exc),
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
        raise corrupt(path, kind, exc) from exc
    except RuntimeError as exc:  # an encrypted member
        raise IntakeError(path, ENCRYPTED) from exc
