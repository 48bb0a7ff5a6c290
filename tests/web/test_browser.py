"""End-to-end in headless chromium: sign-in, import through the upload form, a unit's report
with evidence, the responsibility list, and the Excel download."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from duban.ledger.choices import Role
from duban.ledger.models import Document, EvidenceFile, Unit
from duban.ledger.services import build_import_preview, confirm_import, save_account
from web.docs import task_table_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/duban-doc.png"


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("header.topbar")


def test_office_imports_a_docx_and_downloads_the_ledger(page, tmp_path):
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    assert page.is_visible("text=医改办工作台")
    page.click("text=导入文档")
    page.set_input_files("#id_file", {"name": "分工表.docx", "buffer": task_table_docx(),
                                      "mimeType": "application/octet-stream"})
    page.click("text=上传并预览")
    page.wait_for_selector("text=导入预览")
    assert page.is_visible("text=全面推进DRG付费改革，DRG付费占医疗机构病种数达到75%")
    assert page.is_visible("h2:has-text('未知单位')")
    page.click("text=确认导入")
    page.wait_for_selector("text=已导入《")
    document = Document.objects.get()
    assert document.tasks.count() == 3
    page.screenshot(path=SCREENSHOT, full_page=True)
    with page.expect_download() as download_info:
        page.click("text=导出 Excel")
    data = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]][:3] == ["序号", "任务内容", "牵头单位"]
    assert sheet["B3"].value.startswith("全面推进DRG付费改革")
    # Live search (htmx): typing narrows the list without a page load.
    page.click("text=任务检索")
    page.fill("#id_q", "医共体")
    page.wait_for_selector("text=找到 1 项任务")
    assert page.is_visible("#results >> text=推进紧密型县域医共体建设")
    assert not page.is_visible("#results >> text=全面推进DRG付费改革")


def test_a_reporter_reports_with_evidence_from_its_responsibility_list(page):
    data = task_table_docx()
    confirm_import(build_import_preview(data=data, filename="分工表.docx"), {}, None, data,
                   "分工表.docx")
    unit = Unit.objects.get(name="市卫生健康委")
    save_account(None, "weijian", Role.REPORTER, password="pw-lead-123", unit=unit)
    sign_in(page, "weijian", "pw-lead-123")
    page.click("text=我的责任清单")
    page.wait_for_selector("h1:has-text('责任清单')")
    assert page.is_visible("h2:has-text('牵头任务（2）')")
    assert page.is_visible("h2:has-text('参与任务（1）')")
    page.click("text=推进紧密型县域医共体建设")
    page.click("text=报送进展")
    page.fill("#id_text", "已召开推进会，完成3个医共体组建")
    page.fill("#id_percent", "30")
    page.fill("input[name^=indicator_]", "3")
    page.set_input_files("#id_evidence", {"name": "会议纪要.txt", "buffer": "会议纪要".encode(),
                                          "mimeType": "text/plain"})
    page.click("text=提交报送")
    page.wait_for_selector("text=进展已报送")
    assert page.is_visible("text=已召开推进会，完成3个医共体组建")
    assert page.is_visible("a:has-text('会议纪要.txt')")
    assert EvidenceFile.objects.get().original_name == "会议纪要.txt"
    page.click("text=退出")
    page.wait_for_selector("text=督办台账 · 登录")
