"""In headless chromium, the office's week of 催办 and 督办单: a reminder to one unit from a
task, a bulk reminder to every unit with red tasks from the dashboard, a 督办单 issued from a
unit's page and downloaded as .docx, and the unit's reporter answering it."""

from __future__ import annotations

import io

import docx
import pytest

from duban.ledger.choices import Role
from duban.ledger.models import Task, Unit
from duban.ledger.services import save_account
from duban.supervision.choices import Light, ReminderKind
from duban.supervision.models import EscalationNotice, Reminder, TaskStatus
from duban.supervision.services.manual import red_targets
from duban.supervision.services.status import recompute_all
from ledger.base import gold, import_extraction
from supervision.test_browser import sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledger(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    document = import_extraction(gold("000"), name="000.txt")
    unit = Unit.objects.get(region__name="岳阳市", name="市卫健委")
    save_account(None, "office", Role.OFFICE, password="pw-office-123")
    save_account(None, "yy", Role.REPORTER, password="pw-yy-12345", unit=unit)
    from django.utils import timezone

    recompute_all(timezone.localdate())
    return document, unit


def test_the_office_reminds_escalates_and_the_unit_answers(page, ledger, tmp_path):
    document, unit = ledger
    task = Task.objects.filter(document=document, assignments__unit=unit).order_by("order")[0]
    errors = watch_console(page)
    sign_in(page, "office", "pw-office-123")

    # 催办 to one unit, from the task's supervision page.
    page.goto(f"{page.base_url}/supervision/tasks/{task.pk}/")
    page.click("text=催办 / 督办单")
    page.wait_for_selector("h1:has-text('催办与督办')")
    area = page.locator("textarea[name=text]")
    assert task.content[:15] in (area.input_value() or area.get_attribute("placeholder"))
    for box in page.locator("input[name=units]").all():
        if box.get_attribute("value") != str(unit.pk):
            box.uncheck()
    page.click("button[value=remind]")
    page.wait_for_selector("text=已向 1 个单位发送催办")
    assert page.locator("td:has-text('已发送')").count() >= 1
    one = Reminder.objects.get(kind=ReminderKind.MANUAL)
    assert (one.unit, list(one.tasks.all())) == (unit, [task])

    # 批量催办 to every unit with red tasks, from the dashboard's red list.
    expected = {t.unit.pk for t in red_targets(page_today())}
    assert len(expected) > 1
    page.goto(page.base_url + "/supervision/")
    page.click("a:has-text('批量催办')")
    page.wait_for_selector("h1:has-text('催办与督办')")
    assert page.locator("input[name=units]:checked").count() == len(expected)
    page.click("button[value=remind]")
    page.wait_for_selector(f"text=已向 {len(expected)} 个单位发送催办")
    bulk = Reminder.objects.filter(kind=ReminderKind.MANUAL).exclude(pk=one.pk)
    assert {r.unit_id for r in bulk} == expected

    # A 督办单 from the unit's page, with its own deadline, downloaded as .docx.
    page.goto(f"{page.base_url}/units/{unit.pk}/")
    page.click("text=催办 / 督办单")
    page.fill("input[name=deadline]", "2099-01-31")
    page.click("button[value=notice]")
    page.wait_for_selector("h1:has-text('督办单 督办〔')")
    notice = EscalationNotice.objects.get()
    assert notice.number == f"督办〔{page_today().year}〕1号"
    assert str(notice.deadline) == "2099-01-31"
    with page.expect_download() as info:
        page.click("text=下载打印（.docx）")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == f"{notice.number}.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert notice.number in text and "岳阳市卫健委" in text

    # The unit's reporter sees it and answers it, with a file.
    page.context.clear_cookies()
    sign_in(page, "yy", "pw-yy-12345")
    page.goto(page.base_url + "/")
    page.click(f"a:has-text('{notice.number}')")  # 待反馈的督办单 on the reporter's home
    page.fill("textarea[name=text]", "已召开专题会议，正在整改。")
    evidence = tmp_path / "整改情况.txt"
    evidence.write_text("整改情况", encoding="utf-8")
    page.set_input_files("input[name=file]", str(evidence))
    page.click("button:has-text('提交反馈')")
    page.wait_for_selector("text=反馈已提交")
    assert page.locator("text=已召开专题会议，正在整改。").count() == 1
    notice.refresh_from_db()
    assert notice.answered_at is not None and notice.answers.get().file_name == "整改情况.txt"
    assert TaskStatus.objects.filter(light=Light.RED).exists()
    assert errors == []


def page_today():
    from django.utils import timezone

    return timezone.localdate()
