"""The upload size limit enforced while the request body streams in, for every form and the API.

``LimitedUploadHandler`` comes first among Django's upload handlers. It counts each file's
bytes as they arrive; once a file passes DUBAN_MAX_UPLOAD_MB it stops handing chunks on (the
memory or temporary-file handler behind it has kept at most the limit) and reads the rest of
that file only to count it. The view then receives an ``OversizeUpload``: a file with the
size that arrived and no content, which every size check (``check_upload_size``) refuses with
the usual message. So a 1 GB body costs the server a constant amount of memory and at most
the limit on disk, and the refusal still names the file and its size.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from duban.ledger.services.uploads import max_upload_bytes


class OversizeUpload(UploadedFile):
    """A file refused for its size while it arrived: its name and size, none of its bytes."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs) -> bytes:
        raise ValueError(f"{self.name}: the upload was over the size limit and was not kept")


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, charset=None,
                 content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset,
                         content_type_extra)
        self.received = 0
        self.limit = max_upload_bytes()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # counted, not kept: the handlers behind see no more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizeUpload(self.file_name, self.received, self.content_type)
        return None  # within the limit: the next handler's file
