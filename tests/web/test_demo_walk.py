"""Every page of every demo role, in chromium, on a fresh ``duban demo``: each page in a role's
navigation (and a document, a task, a unit, the phone-width task card) has content, and none
shows an English UI word, ``None``, a raw field name, an English date or an empty state that is
not meant. The 403 and 404 pages are Chinese."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from duban.ledger.models import Document, Task
from duban.supervision.models import EscalationNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = {spec["username"]: spec["password"] for spec in yaml.safe_load(
    (settings.DUBAN_DEMO_DIR / "accounts.yaml").read_text(encoding="utf-8"))["accounts"]}
# Words a Chinese page may hold in Latin letters: product and format names; acronyms in upper
# case (DRG, DIP, ICU) come from the documents themselves and are allowed as they are.
# Account names (the demo's usernames, shown as the sender or recipient) and the extensions of
# uploaded file names are data, not interface words.
LATIN_ALLOWED = {"Excel", "CSV", "Word", "Webhook", "SHA", "Token", "API", "Chrome",
                 "office", "leader", "weijian", "yibao", "zhashui", "txt", "docx", "xlsx", "pdf"}
RAW_FIELDS = re.compile(
    r"\b(closed_at|deadline_due|deadline_start|deadline_kind|review_status|reviewed_at|"
    r"state|percent|unit_id|task_id|created|last_updated|lead_units|participating_units)\b"
)
ENGLISH_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)\.? \d")
EMPTY = re.compile(r"^(暂无|没有|尚无|尚未|无记录)")
# Empty states that are the truth on a living demo and meant to say so.
MEANT_EMPTY = {
    "尚无销号申请。",  # a task's own closing history: most tasks have not applied yet
    "没有逾期任务。",  # true on a day when every task is within its deadline
}


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("header.topbar")


def problems_of(page) -> list[str]:
    """What is wrong with the page on screen."""
    text = page.inner_text("main")
    found = []
    if not text.strip():
        found.append("空白页面")
    if re.search(r"\bNone\b", text):
        found.append("显示 None")
    for match in RAW_FIELDS.finditer(text):
        found.append(f"字段名 {match.group(0)}")
    for match in ENGLISH_DATE.finditer(text):
        found.append(f"英文日期 {match.group(0)}")
    for word in set(re.findall(r"\b[A-Za-z][a-z]{2,}\b", text)) - LATIN_ALLOWED:
        found.append(f"英文 {word}")
    empties = page.eval_on_selector_all(
        "main .muted", "els => els.map(e => e.innerText.trim())")
    for empty in empties:
        if EMPTY.match(empty) and empty not in MEANT_EMPTY:
            found.append(f"空状态 {empty}")
    return found


def nav_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("header nav a", "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(hrefs))


def walk(page, paths: list[str]) -> dict[str, list[str]]:
    report = {}
    for path in paths:
        response = page.goto(page.base_url + path)
        status = response.status if response else 0
        found = problems_of(page)
        if status != 200:
            found.insert(0, f"HTTP {status}")
        if found:
            report[path] = found
    return report


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


def demo_reporter() -> str:
    """The demo reporter whose unit received the 督办单 (so its 督办单 page has one)."""
    unit = EscalationNotice.objects.get().unit
    return unit.profiles.filter(role="reporter").first().user.username


def test_the_demo_in_a_browser(page, demo):
    """One demo for the three walks (it takes a while to build)."""
    every_page_of_every_demo_role_has_real_content(page)
    the_phone_width_task_card_prints_chinese_dates(page)
    forbidden_and_missing_pages_are_chinese(page)


def every_page_of_every_demo_role_has_real_content(page):
    document = Document.objects.order_by("pk").first()
    task = Task.objects.filter(reports__isnull=False).order_by("pk").first()
    unit = task.assignments.first().unit
    details = [f"/documents/{document.pk}/", f"/tasks/{task.pk}/", f"/units/{unit.pk}/",
               f"/supervision/tasks/{task.pk}/", f"/supervision/documents/{document.pk}/dispatch/",
               f"/supervision/documents/{document.pk}/cadence/"]
    report = {}
    reporter = demo_reporter()
    for username in ("office", "leader", reporter):
        page.context.clear_cookies()
        sign_in(page, username, ACCOUNTS[username])
        pages = nav_links(page)
        # The supervision pages' own navigation (驾驶舱, 审核销号, 考核排名, 督办单, 消息 …).
        page.goto(page.base_url + "/supervision/")
        pages += [p for p in nav_links(page) if p not in pages]
        assert len(pages) >= 8, (username, pages)
        visited = walk(page, pages + (details if username != reporter else details[:4]))
        report.update({f"{username} {path}": found for path, found in visited.items()})
    assert not report, "\n".join(f"{path}: {'；'.join(found)}" for path, found in report.items())


def the_phone_width_task_card_prints_chinese_dates(page):
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    reporter = demo_reporter()
    sign_in(page, reporter, ACCOUNTS[reporter])
    page.goto(page.base_url + "/my/")
    text = page.inner_text("main")
    assert not ENGLISH_DATE.search(text)
    task = Task.objects.filter(reports__unit__profiles__user__username=reporter).first()
    page.goto(page.base_url + f"/tasks/{task.pk}/")
    text = page.inner_text("main")
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    assert not ENGLISH_DATE.search(text) and not problems_of(page)


def forbidden_and_missing_pages_are_chinese(page):
    page.context.clear_cookies()
    sign_in(page, "weijian", ACCOUNTS["weijian"])
    response = page.goto(page.base_url + "/supervision/review/")
    assert response.status == 403
    assert "无权访问" in page.inner_text("body")
    response = page.goto(page.base_url + "/no-such-page/")
    assert response.status == 404
    body = page.inner_text("body")
    assert "页面不存在" in body and "URLconf" not in body and "Page not found" not in body
