"""Parsing off the request path: the upload is stored and queued, the import page shows the
job's state (排队中 / 解析中 / 已完成 / 失败 with the reason) by htmx polling and then the
preview; a file over the work limits fails with its reason; the database backend runs the
whole way with its own worker (``duban db_worker``)."""

from __future__ import annotations

import io
import signal
import time
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from duban.intake import limits
from duban.ledger.choices import ParseState, Role
from duban.ledger.models import Document
from duban.ledger.services import save_account
from duban.ledger.services.import_jobs import parse_pending
from duban.ledger.services.pending import update_pending
from web.base import WebTestCase
from web.docs import task_table_docx

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
TAB_TABLE = ("序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
             "1\t推进分级诊疗制度建设\t市卫健委\t市医保局\t2024年12月底前\n"
             "2\t完善医保支付方式改革\t市医保局\t市卫健委、市财政局\t2024年6月底前\n")


def crowded_workbook(rows: int) -> bytes:
    """A task sheet with ``rows`` rows under its header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "重点任务", "牵头单位", "完成时限"])
    for i in range(rows):
        sheet.append([i + 1, f"推进第{i + 1}项改革任务", "市卫生健康委", "2024年12月底前"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@override_settings(TASKS=DUMMY)
class QueuedImportTests(WebTestCase):
    """With jobs left in the queue (the dummy backend), each state of the page in turn."""

    def setUp(self):
        self.sign_in("office")

    def queue(self, data: bytes, name: str = "分工表.docx") -> str:
        response = self.client.post(reverse("import"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, response.content.decode()[:500]
        return response["Location"].rstrip("/").rsplit("/", 1)[1]

    def test_the_page_polls_the_job_then_shows_the_preview(self):
        token = self.queue(task_table_docx())
        page = self.client.get(reverse("import-preview", args=[token])).content.decode()
        status_url = reverse("import-status", args=[token])
        assert "排队中" in page and f'hx-get="{status_url}"' in page
        assert 'hx-trigger="every 1s"' in page and "确认导入" not in page
        update_pending(token, state=ParseState.PARSING, started_at=time.time())
        assert "解析中" in self.client.get(status_url).content.decode()
        # Confirming before the preview exists is refused.
        self.client.post(reverse("import-confirm", args=[token]))
        assert Document.objects.count() == 1
        assert parse_pending(token) == ParseState.DONE
        status = self.client.get(status_url)
        assert status.status_code == 204
        assert status["HX-Redirect"] == reverse("import-preview", args=[token])
        page = self.client.get(reverse("import-preview", args=[token])).content.decode()
        assert "全面推进DRG付费改革" in page and "确认导入" in page

    def test_a_file_over_the_work_limits_fails_with_its_reason(self):
        token = self.queue(crowded_workbook(60), "大表.xlsx")
        with mock.patch.object(limits, "MAX_ROWS_READ", 50):
            assert parse_pending(token) == ParseState.FAILED
        page = self.client.get(reverse("import-status", args=[token])).content.decode()
        assert "失败" in page and "内容过多" in page and "上限为 50 行" in page
        assert "hx-get" not in page  # a finished job is not polled any more

    def test_a_lost_worker_shows_as_failed(self):
        token = self.queue(task_table_docx())
        update_pending(token, state=ParseState.PARSING, started_at=1.0)
        page = self.client.get(reverse("import-preview", args=[token])).content.decode()
        assert "解析中断" in page


class ImmediateRefusalTests(WebTestCase):
    """Jobs run at once (the tests' backend): a refusal is shown on the upload form."""

    def test_the_time_budget_refuses_in_chinese(self):
        self.sign_in("office")
        with mock.patch.object(limits, "DOCUMENT_SECONDS", 0.0):
            response = self.client.post(reverse("import"), {
                "file": SimpleUploadedFile("表.xlsx", crowded_workbook(300))})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "文件解析超过时限")
        self.assertFalse(Document.objects.exclude(pk=self.document.pk).exists())


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_end_to_end(client, settings, tmp_path):
    """Upload → a READY row in the job table → one run of ``duban db_worker`` → the preview
    → confirm: the real backend and worker, on SQLite and PostgreSQL."""
    from django_tasks_db.models import DBTaskResult

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    office = save_account(None, "office", Role.OFFICE, password="pw-office-123")
    client.force_login(office)
    response = client.post(reverse("import"), {"text": TAB_TABLE})
    assert response.status_code == 302
    url = response["Location"]
    assert "排队中" in client.get(url).content.decode()
    job = DBTaskResult.objects.get()
    assert (job.status, job.task_path) == ("READY", "duban.ledger.tasks.parse_upload")
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM,
                                                        signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL" and job.return_value == "done"
    page = client.get(url).content.decode()
    assert "推进分级诊疗制度建设" in page and "完善医保支付方式改革" in page
    client.post(url + "confirm/")
    document = Document.objects.get()
    assert document.tasks.count() == 2 and document.filename == "粘贴文本.txt"
