"""In headless chromium: the dashboard and a document's timeline draw their ECharts charts
(a canvas in every chart box) with no console errors."""

from __future__ import annotations

import pytest

from duban.ledger.choices import Role
from duban.ledger.services import save_account, submit_progress_report
from ledger.base import gold, import_extraction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("header.topbar")


def watch_console(page) -> list[str]:
    """Console errors and uncaught exceptions (the browser's own favicon probe aside)."""
    errors: list[str] = []

    def on_console(msg):
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def ledger_with_reports():
    document = import_extraction(gold("004"), name="004.txt")
    office = save_account(None, "office", Role.OFFICE, password="pw-office-123")
    # Tasks with a unit of their own (a task given only to an undefined unit group has none).
    tasks = document.tasks.filter(indicators__isnull=False, assignments__isnull=False)
    for task in tasks.distinct()[:5]:
        indicator = task.indicators.first()
        submit_progress_report(
            office, task, "按计划推进", 50, "in_progress", {indicator.pk: indicator.value}
        )
    save_account(None, "leader", Role.LEADER, password="pw-leader-123")
    return document


def test_the_dashboard_draws_its_charts(page, ledger_with_reports):
    errors = watch_console(page)
    sign_in(page, "leader", "pw-leader-123")
    page.goto(page.base_url + "/supervision/")
    page.wait_for_selector("h1:has-text('领导驾驶舱')")
    boxes = page.locator("[data-chart]")
    assert boxes.count() == 4
    for index in range(boxes.count()):
        boxes.nth(index).locator("canvas").first.wait_for()
    assert errors == []


def test_the_timeline_draws_the_milestones(page):
    document = import_extraction(gold("000"), name="000.txt")
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    errors = watch_console(page)
    sign_in(page, "office", "pw-office-123")
    page.goto(f"{page.base_url}/supervision/documents/{document.pk}/timeline/")
    page.locator("[data-chart=timeline] canvas").first.wait_for()
    assert errors == []
