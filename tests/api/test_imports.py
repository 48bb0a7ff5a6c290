"""POST /api/v1/imports: a file or pasted text, parsed by the job; the size checked while the
body streams in, so an oversized upload is refused (413) without being read into memory."""

from __future__ import annotations

import io
import tracemalloc

from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings

from api.base import API, ApiTestCase
from duban.ledger.models import Document

BOUNDARY = "duban-test-boundary"
TAB_TABLE = ("序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
             "1\t推进分级诊疗制度建设\t市卫健委\t市医保局\t2024年12月底前\n"
             "2\t完善医保支付方式改革\t市医保局\t市卫健委、市财政局\t2024年6月底前\n")


class StreamedBody:
    """A multipart body of one file of ``size`` bytes, produced chunk by chunk as it is read
    (a 1 GB upload that never exists in memory on the sending side either)."""

    CHUNK = 64 * 1024

    def __init__(self, size: int):
        self.head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
                     f"filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        out = bytearray()
        while len(out) < size and self.position < self.length:
            out += self.piece(min(size - len(out), self.CHUNK))
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:
        line = bytearray()
        while self.position < self.length and (size < 0 or len(line) < size):
            char = self.piece(1)
            line += char
            if char == b"\n":
                break
        return bytes(line)

    def piece(self, size: int) -> bytes:
        start = self.position
        body_end = len(self.head) + self.size
        if start < len(self.head):
            data = self.head[start:start + size]
        elif start < body_end:
            data = b"x" * min(size, body_end - start)
        else:
            data = self.tail[start - body_end:start - body_end + size]
        self.position += len(data)
        return data


class ImportUploadTests(ApiTestCase):
    def post(self, data: dict, persona: str = "office"):
        return self.client.post(f"{API}/imports", data,
                                HTTP_AUTHORIZATION=f"Bearer {self.tokens[persona]}")

    def test_pasted_text_is_kept_as_a_utf8_txt_original(self):
        response = self.post({"text": TAB_TABLE})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["filename"], "粘贴文本.txt")
        self.assertEqual([t["content"] for t in body["extraction"]["tasks"]],
                         ["推进分级诊疗制度建设", "完善医保支付方式改革"])
        import hashlib

        self.assertEqual(body["sha256"], hashlib.sha256(TAB_TABLE.encode("utf-8")).hexdigest())
        with self.captureOnCommitCallbacks(execute=True):
            confirmed = self.client.post(f"{API}/imports/{body['token']}/confirm", "{}",
                                         content_type="application/json",
                                         HTTP_AUTHORIZATION=f"Bearer {self.tokens['office']}")
        self.assertEqual(confirmed.status_code, 201, confirmed.content)
        document = Document.objects.get(pk=confirmed.json()["document"]["id"])
        self.assertEqual(document.original.read().decode("utf-8"), TAB_TABLE)

    def test_a_file_and_text_together_or_neither_is_refused(self):
        both = self.post({"text": TAB_TABLE, "file": SimpleUploadedFile("a.txt", b"x")})
        self.assertEqual(both.status_code, 422)
        self.assertEqual(self.post({}).status_code, 422)

    def test_an_unreadable_file_is_a_422_with_the_reason(self):
        response = self.post({"file": SimpleUploadedFile("空.txt", "普通通知，没有任务。".encode())})
        self.assertEqual(response.status_code, 422)
        self.assertIn("无法读取该文件：未找到任务表格或任务清单", response.json()["detail"])

    @override_settings(DUBAN_MAX_UPLOAD_MB=1)
    def test_an_upload_over_the_limit_is_413_with_the_limit_named(self):
        response = self.post({"file": SimpleUploadedFile("大.txt", b"x" * (3 * 2**20))})
        self.assertEqual(response.status_code, 413, response.content)
        self.assertIn("上限为 1 MB", response.json()["detail"])
        self.assertIn("大.txt", response.json()["detail"])

    @override_settings(DUBAN_MAX_UPLOAD_MB=1)
    def test_a_huge_body_is_refused_without_being_held_in_memory(self):
        """64 MB streamed at a 1 MB limit: the server's Python memory peak stays a few MB."""
        body = StreamedBody(64 * 2**20)
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": f"{API}/imports", "SCRIPT_NAME": "",
            "QUERY_STRING": "", "SERVER_NAME": "testserver", "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": body, "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(body.length),
            "HTTP_AUTHORIZATION": f"Bearer {self.tokens['office']}",
        }
        statuses = []
        # As Django's test client does: the start and end of this request must not close the
        # test's database connection (its transaction holds the fixtures).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        tracemalloc.start()
        try:
            chunks = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
            content = b"".join(chunks)
            chunks.close()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        self.assertEqual(statuses[0][:3], "413", content)
        self.assertEqual(body.position, body.length)  # the whole body was read, and dropped
        self.assertLess(peak, 8 * 2**20, f"peak {peak / 2**20:.1f} MB")
        self.assertIn("上限为 1 MB", content.decode())
