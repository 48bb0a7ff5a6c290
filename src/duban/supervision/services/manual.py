"""The office's own 催办 and 督办单: to the units of one task, to one unit, or to every unit with
red tasks at once (批量催办), on the channels the office picks, with a drafted text it may edit.

One entry point per act, called alike by the web pages, the API and ``duban nudge``:
``send_reminder`` / ``send_bulk_reminders`` and ``issue_notice``. Each is the office's only
(``require_office``), audited, and delivers its messages at once; the delivery log is the
``Notification`` rows of the reminder or notice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from duban.ledger.choices import ChangeAction, TaskState
from duban.ledger.models import Task, Unit
from duban.ledger.permissions import require_office
from duban.ledger.services import record_change
from duban.supervision.choices import Channel, Light, ReminderKind
from duban.supervision.models import EscalationNotice, Reminder, SupervisionSettings, TaskStatus
from duban.supervision.services.channels import deliver_rows, render_message
from duban.supervision.services.notices import create_notice
from duban.supervision.services.reminders import (
    announce_notice,
    queue_notifications,
    responsible_units,
    site_link,
)
from duban.supervision.services.status import ensure_current

MAX_TEXT = 5000
NOTICE_DAYS = 7  # the deadline the office is offered for a 督办单: a week


@dataclass
class Target:
    """A unit and the tasks a message to it is about."""

    unit: Unit
    tasks: list[Task] = field(default_factory=list)


def open_tasks(unit: Unit) -> list[Task]:
    """The unit's tasks not yet closed, red first, then yellow, in document order."""
    tasks = Task.objects.filter(assignments__unit=unit).exclude(state=TaskState.DONE)
    tasks = tasks.select_related("document", "supervision").distinct()
    order = {Light.RED: 0, Light.YELLOW: 1}
    return sorted(tasks, key=lambda t: (order.get(light_of(t), 2), t.document_id, t.order, t.pk))


def light_of(task: Task) -> str:
    status = getattr(task, "supervision", None)
    return status.light if status is not None else Light.GREEN


def unit_target(unit: Unit, today: dt.date) -> Target:
    """A unit and its red and yellow tasks (all its open tasks when none is)."""
    ensure_current(today)
    tasks = open_tasks(unit)
    flagged = [t for t in tasks if light_of(t) != Light.GREEN]
    return Target(unit, flagged or tasks)


def task_targets(task: Task) -> list[Target]:
    """Each unit of a task (lead units first) with that task."""
    assignments = task.assignments.select_related("unit__region").order_by("role", "order")
    return [Target(a.unit, [task]) for a in assignments]


def red_targets(today: dt.date) -> list[Target]:
    """Every unit answering for a red task (its lead units, or all its units when none leads),
    with its red tasks: the recipients of a 批量催办."""
    ensure_current(today)
    statuses = TaskStatus.objects.filter(light=Light.RED).select_related("task__document")
    by_unit: dict[int, Target] = {}
    tasks = [s.task for s in statuses.order_by("task__document", "task__order", "task__pk")]
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]).prefetch_related(
        "assignments__unit__region"
    ).select_related("document").order_by("document", "order", "pk"):
        for unit in responsible_units(task):
            by_unit.setdefault(unit.pk, Target(unit)).tasks.append(task)
    return sorted(by_unit.values(), key=lambda t: t.unit.full_name)


def draft_items(tasks: list[Task]) -> list[dict]:
    """Per task what a message says of it: its source line, deadline and what is missing."""
    items = []
    for task in tasks:
        status = TaskStatus.objects.filter(task=task).first()
        due = task.effective_due()
        reasons = [r for r in (status.reasons if status else []) if r]
        items.append({
            "task": task,
            "line": task.source_line_first,
            "due": f"{due:%Y-%m-%d}" if due else (task.deadline_text or "未注明"),
            "missing": "；".join(reasons) or "本期进展报送",
        })
    return items


def draft_reminder(unit: Unit, tasks: list[Task], today: dt.date) -> str:
    """The text the office is offered for a 催办 (it may edit it before sending)."""
    context = {"unit": unit, "items": draft_items(tasks), "today": today}
    return render_to_string("messages/manual-draft.txt", context).strip()


def draft_notice(unit: Unit, tasks: list[Task], deadline: dt.date) -> str:
    """The body text the office is offered for a 督办单 (its tasks are printed as a table)."""
    context = {"unit": unit, "items": draft_items(tasks), "deadline": deadline}
    return render_to_string("messages/notice-draft.txt", context).strip()


def default_deadline(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=NOTICE_DAYS)


def clean_request(tasks, channels, text: str) -> tuple[list[Task], list[str], str]:
    """The tasks, channels and text of a request, or ValidationError naming the field."""
    tasks = list(tasks)
    if not tasks:
        raise ValidationError({"tasks": "请至少选择一项任务"})
    channels = list(dict.fromkeys(channels or []))
    if not channels:
        raise ValidationError({"channels": "请至少选择一种发送渠道"})
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValidationError({"channels": f"未知发送渠道：{'、'.join(sorted(unknown))}"})
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"正文过长（{len(text)} 字，最多 {MAX_TEXT} 字）"})
    return tasks, channels, text


def common_document(tasks: list[Task]):
    documents = {t.document_id for t in tasks}
    return tasks[0].document if len(documents) == 1 else None


def send_reminder(actor, unit: Unit, tasks, channels, today: dt.date, text: str = "") -> Reminder:
    """A 催办 to ``unit`` about ``tasks`` on ``channels`` (office only); an empty text is
    replaced by the draft. Delivered at once; returns the reminder (its log: notifications)."""
    require_office(actor)
    tasks, channels, text = clean_request(tasks, channels, text)
    text = text or draft_reminder(unit, tasks, today)
    rules = SupervisionSettings.current()
    with transaction.atomic():
        reminder = Reminder.objects.create(
            key=f"manual:{uuid.uuid4().hex}", kind=ReminderKind.MANUAL, unit=unit,
            document=common_document(tasks), items=[text], period=today.isoformat(),
            sent_on=today, sender=actor if getattr(actor, "pk", None) else None,
        )
        reminder.tasks.set(tasks)
        link = site_link("/my/")
        context = {"unit": unit, "tasks": tasks, "text": text, "today": today, "rules": rules,
                   "link": link}
        subject, body = render_message("manual", context)
        queue_notifications(reminder.key, unit, rules, subject, body, link, channels=channels,
                            reminder=reminder)
        record_change(actor, ChangeAction.CREATE, reminder, related=unit,
                      after={"tasks": [t.pk for t in tasks], "channels": channels},
                      message=f"催办 {unit.full_name}（{len(tasks)} 项任务）")
    deliver_rows(reminder.notifications.all())
    return reminder


def send_bulk_reminders(actor, channels, today: dt.date, unit_ids=None) -> list[Reminder]:
    """A 催办 with its drafted text to every unit with red tasks (or those of ``unit_ids``)."""
    require_office(actor)
    targets = red_targets(today)
    if unit_ids is not None:
        wanted = {int(pk) for pk in unit_ids}
        targets = [t for t in targets if t.unit.pk in wanted]
    if not targets:
        raise ValidationError("没有需要催办的红灯任务单位")
    return [send_reminder(actor, t.unit, t.tasks, channels, today) for t in targets]


def issue_notice(actor, unit: Unit, tasks, channels, today: dt.date, *,
                 deadline: dt.date | None = None, text: str = "") -> EscalationNotice:
    """A 督办单 to ``unit`` about ``tasks`` (office only), numbered, with its own deadline to
    answer (a week by default) and text (the draft when empty); announced at once."""
    require_office(actor)
    tasks, channels, text = clean_request(tasks, channels, text)
    deadline = deadline or default_deadline(today)
    if deadline <= today:
        raise ValidationError({"deadline": "反馈期限须晚于签发日期"})
    text = text or draft_notice(unit, tasks, deadline)
    rules = SupervisionSettings.current()
    with transaction.atomic():
        notice = create_notice(
            key=f"manual:{uuid.uuid4().hex}", unit=unit, document=common_document(tasks),
            issued_on=today, deadline=deadline, text=text, tasks=tasks,
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        announce_notice(notice, rules, channels=channels)
        record_change(actor, ChangeAction.CREATE, notice, related=unit,
                      after={"number": notice.number, "deadline": deadline,
                             "tasks": [t.pk for t in tasks]},
                      message=f"签发督办单 {notice.number}")
    deliver_rows(notice.notifications.all())
    return notice
