"""The upload size limit shared by document imports and evidence files (DUBAN_MAX_UPLOAD_MB).

Checked from the size the upload declares before its bytes are read, so an over-large file is
refused without being loaded into memory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError


class UploadTooLarge(ValidationError, ValueError):
    """A file over the limit: a ValidationError for forms, a ValueError for the import flow."""

    def __init__(self, name: str, size: int, limit: int):
        self.reason = (
            f"文件“{name}”过大（{size / 2**20:.1f} MB），上限为 {limit // 2**20} MB"
            "（管理员可通过 DUBAN_MAX_UPLOAD_MB 调整）"
        )
        super().__init__(self.reason, code="too_large")
        self.name, self.size, self.limit = name, size, limit


def max_upload_bytes() -> int:
    return int(settings.DUBAN_MAX_UPLOAD_MB) * 2**20


def upload_size(upload) -> int:
    """The size of an uploaded file, of a ``(name, bytes)`` pair, of raw bytes, or a size."""
    if isinstance(upload, int):
        return upload
    if isinstance(upload, tuple):
        return len(upload[1])
    if isinstance(upload, (bytes, bytearray)):
        return len(upload)
    return int(upload.size)


def check_upload_size(name: str, upload) -> None:
    """Raise UploadTooLarge when ``upload`` is over DUBAN_MAX_UPLOAD_MB."""
    size, limit = upload_size(upload), max_upload_bytes()
    if size > limit:
        raise UploadTooLarge(name, size, limit)
