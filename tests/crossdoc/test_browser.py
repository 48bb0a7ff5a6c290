"""In headless chromium: every seed re-uploaded as .docx, .xlsx, .pdf and .html after the text
import is recognized as the same document at preview, every time; the office skips it or
imports it as a separate document with a reason; the diff page compares two documents."""

from __future__ import annotations

import io

import pytest

from crossdoc.base import BUILDERS, SEEDS, import_seed, seed_in_format
from duban.crossdoc.models import ImportDecision
from duban.ledger.choices import Role
from duban.ledger.models import Document, Unit
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


def test_the_crossdoc_pages_in_the_browser(page, tmp_path):
    from openpyxl import load_workbook

    from crossdoc.base import DATA
    from crossdoc.test_diff import import_built
    from duban.crossdoc.models import LinkStatus, TaskLink

    city = import_seed("004")
    county = import_built("county_004")
    plan = import_seed("003")
    adjusted = import_built("revised_003")
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    sign_in(page, "office", "pw-office-123")
    page.click("text=跨文件比对")
    page.wait_for_selector("h1:has-text('跨文件比对')")
    # The diff of 荆门's plan and its adjustment, and its Excel.
    page.click("text=文件逐项比对")
    page.select_option("select[name=old]", str(plan.pk))
    page.select_option("select[name=new]", str(adjusted.pk))
    page.click("button:has-text('比对')")
    page.wait_for_selector("#count-changed")
    assert page.inner_text("#count-changed") == "10"
    assert (page.inner_text("#count-new"), page.inner_text("#count-dropped")) == ("1", "1")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes()))["逐项比对"]
    assert sheet["A2"].value == "类型"
    # The cascade: suggestions, a person's correction, the gap counters.
    page.goto(page.base_url + f"/crossdoc/cascade/?lower={county.pk}&upper={city.pk}")
    page.click("text=按相似度生成对应建议")
    page.wait_for_selector("text=已生成 93 条上下级任务对应建议")
    assert page.inner_text("#gap-unlinked") == "10"
    assert page.inner_text("#gap-later") == "5"
    assert page.inner_text("#gap-targets") == "5"
    row = page.locator("tr", has=page.locator("select[aria-label='任务 1 的上级任务']"))
    row.locator("select").select_option("")
    row.locator("button:has-text('确认')").click()
    page.wait_for_selector("#gap-own")
    assert page.inner_text("#gap-own") == "1"
    assert page.inner_text("#gap-unlinked") == "11"
    lower = county.tasks.get(seq="1")
    assert not TaskLink.objects.filter(lower=lower).exclude(status=LinkStatus.REJECTED).exists()
    # One unit's load from the index page.
    page.click("text=跨文件比对")
    unit = Unit.objects.get(name="市卫健委", region__name="荆门市")
    page.select_option("select[name=unit]", str(unit.pk))
    page.click("form:has(select[name=unit]) button")
    page.wait_for_selector("h1:has-text('全部任务负担')")
    page.click("text=包括已过期的文件")
    page.wait_for_selector("#load-conflicts")
    assert page.inner_text("#load-conflicts") == "1"
    # The intake checklist of a notice with an annex, printable and as Word.
    upload(page, "notice.txt", (DATA / "notice_with_annex.txt").read_bytes())
    assert page.is_visible("text=核对清单：5 处需发文单位明确")
    page.click("text=打开可打印的核对清单")
    page.wait_for_selector("#checklist")
    assert page.locator("#checklist tbody tr").count() == 6
    with page.expect_download() as download:
        page.click("text=下载 Word")
    assert download.value.path().read_bytes()[:2] == b"PK"
