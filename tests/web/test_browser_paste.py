"""In headless chromium: a notice pasted into the import page becomes a preview and then two
tasks in the ledger; the progress of a queued parse is polled (htmx) until the preview shows."""

from __future__ import annotations

import hashlib
import signal

import pytest
from django.core.management import call_command

from duban.ledger.choices import Role
from duban.ledger.models import Document
from duban.ledger.services import save_account
from web.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIPE_TABLE = """序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |
1 | 推进分级诊疗制度建设 | 市卫健委 | 市医保局 | 2024年12月底前 |
2 | 完善医保支付方式改革 | 市医保局 | 市卫健委、市财政局 | 2024年6月底前 |
"""
TAB_TABLE = "\n".join(line.rstrip(" |").replace(" | ", "\t")
                      for line in PIPE_TABLE.splitlines()) + "\n"
TASKS = ["推进分级诊疗制度建设", "完善医保支付方式改革"]


def paste_and_confirm(page, text: str) -> Document:
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    page.click("text=导入文档")
    page.fill("#id_text", text)
    page.click("text=上传并预览")
    page.wait_for_selector("text=导入预览")
    for content in TASKS:
        assert page.is_visible(f"td:has-text('{content}')"), content
    page.click("text=确认导入")
    page.wait_for_selector("text=已导入《")
    document = Document.objects.get()
    assert sorted(document.tasks.values_list("content", flat=True)) == sorted(TASKS)
    assert document.filename == "粘贴文本.txt"
    assert document.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    return document


def test_a_pasted_tab_separated_table_lands_two_tasks(page):
    paste_and_confirm(page, TAB_TABLE)


def test_the_pasted_three_line_table_of_issue_12_lands_two_tasks(page):
    paste_and_confirm(page, PIPE_TABLE)


def test_the_page_polls_a_queued_parse_until_the_preview_shows(page, settings):
    """The real database backend: the page says 排队中 until a worker has run the job, then
    htmx takes it to the preview without a reload by hand."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    page.click("text=导入文档")
    page.fill("#id_text", TAB_TABLE)
    page.click("text=上传并预览")
    page.wait_for_selector("#import-status[data-state=queued]")
    assert page.is_visible("text=排队中")
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM,
                                                        signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    page.wait_for_selector("text=导入预览", timeout=10000)
    assert page.is_visible(f"td:has-text('{TASKS[0]}')")
