"""Issue 13.9 in headless chromium: a download is saved under its Chinese name (the
Content-Disposition header per RFC 6266/5987), and /api/v1/docs runs the vendored Swagger UI
under the site's own Content-Security-Policy, loading nothing from another host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from duban.ledger.choices import Role
from duban.ledger.services import build_import_preview, confirm_import, save_account
from web.docs import task_table_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("header.topbar")


def test_the_ledger_export_is_saved_under_its_chinese_name(page):
    data = task_table_docx()
    document = confirm_import(build_import_preview(data=data, filename="分工表.docx"), {}, None,
                              data, "分工表.docx")
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    page.goto(f"{page.base_url}/documents/{document.pk}/")
    for link, suffix in (("导出 Excel", "xlsx"), ("导出 CSV", "csv"), ("原始文件", "docx")):
        with page.expect_download() as download_info:
            page.click(f"text={link}")
        expected = "分工表.docx" if suffix == "docx" else f"{document.title[:60]}-台账.{suffix}"
        assert download_info.value.suggested_filename == expected
    page.goto(f"{page.base_url}/supervision/documents/{document.pk}/dispatch/")
    for link, suffix in (("下载 Word", "docx"), ("下载 Excel", "xlsx")):
        with page.expect_download() as download_info:
            page.click(f"text={link}")
        name = download_info.value.suggested_filename
        assert name.startswith("调度通报-") and name.endswith(f".{suffix}"), name


def test_the_api_docs_run_under_the_csp_without_a_cdn(page):
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    violations, hosts = [], set()
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    response = page.goto(page.base_url + "/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Duban API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag-section")
    assert violations == []
    assert hosts == {urlparse(page.base_url).netloc}
