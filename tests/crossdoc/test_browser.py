"""In headless chromium: every seed re-uploaded as .docx, .xlsx, .pdf and .html after the text
import is recognized as the same document at preview, every time; the office skips it or
imports it as a separate document with a reason; the diff page compares two documents."""

from __future__ import annotations

import pytest

from crossdoc.base import BUILDERS, SEEDS, import_seed, seed_in_format
from duban.crossdoc.models import ImportDecision
from duban.ledger.choices import Role
from duban.ledger.models import Document
from duban.ledger.services import save_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("header.topbar")


def upload(page, name: str, data: bytes) -> None:
    page.goto(page.base_url + "/import/")
    page.set_input_files("#id_file", {"name": name, "buffer": data,
                                      "mimeType": "application/octet-stream"})
    page.click("text=上传并预览")
    page.wait_for_selector("h1:has-text('导入预览')")


def test_every_seed_in_every_format_is_recognized_at_preview(page):
    seeds = {stem: import_seed(stem) for stem in SEEDS}
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    seen = 0
    for stem, document in seeds.items():
        for fmt in BUILDERS:
            name, data = seed_in_format(stem, fmt)
            upload(page, name, data)
            panel = page.locator("#crossdoc-repeat")
            assert panel.is_visible(), f"{name} not recognized"
            first = panel.locator("tbody tr").first
            assert f"《{document.title}》" in first.inner_text()
            assert int(first.locator(".crossdoc-percent").inner_text().rstrip("%")) >= 90
            page.click("#crossdoc-repeat button:has-text('不导入')")
            page.wait_for_selector("text=未导入《")
            seen += 1
    assert seen == 16
    assert Document.objects.count() == 4
    assert ImportDecision.objects.filter(choice="skip").count() == 16
    # A separate import needs a reason, which lands in the audit log.
    name, data = seed_in_format("003", "docx")
    upload(page, name, data)
    page.click("#crossdoc-repeat button:has-text('作为独立文件导入')")
    page.wait_for_selector("text=请填写理由")
    page.fill("#crossdoc-reason", "县里转发同名文件，单独督办")
    page.click("#crossdoc-repeat button:has-text('作为独立文件导入')")
    page.wait_for_selector("text=已作为独立文件导入")
    assert Document.objects.count() == 5
    # The diff page: the two copies are the same tasks.
    old, new = seeds["003"].pk, Document.objects.order_by("-pk").first().pk
    page.goto(page.base_url + f"/crossdoc/diff/?old={old}&new={new}")
    assert page.inner_text("#count-carried") == "34"
    assert page.inner_text("#count-changed") == "0"
