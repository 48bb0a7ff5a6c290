"""Reminders (催办) and escalation (督办单): what is due, who is told, once.

``send_due_reminders(today)`` is the one entry point for ``duban remind``, its ``--loop`` and any
scheduler. Each reminder is keyed by (kind, document, unit, period or due date); inserting that
key is the claim, so running twice sends once. A unit that leaves ``escalate_after`` reminders
of a document unanswered (no report on their tasks since) gets a 督办单 addressed to its head.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from duban.ledger.choices import AssignmentRole, DocumentStatus, ReviewStatus, Role, TaskState
from duban.ledger.formats import cn_date
from duban.ledger.models import Document, Profile, ProgressReport, Unit
from duban.supervision.choices import Channel, ReminderKind
from duban.supervision.models import (
    EscalationNotice,
    MilestoneStatus,
    Notification,
    Reminder,
    SupervisionSettings,
    TaskStatus,
)
from duban.supervision.services.cadence import last_due_period, missing_reports, period_of
from duban.supervision.services.channels import deliver_pending, render_message
from duban.supervision.services.notices import create_notice
from duban.supervision.services.status import recompute_all

AUTO_NOTICE_DAYS = 7  # an automatic 督办单 is to be answered within a week


@dataclass
class Due:
    """A reminder to be sent: its kind, unit, document, the tasks and the lines to list."""

    kind: str
    unit: Unit
    document: Document
    period: str
    due: dt.date | None
    tasks: list = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.document.pk}:{self.unit.pk}:{self.period}"


def report_dues(document: Document, today: dt.date, rules) -> list[Due]:
    """Units yet to report for the current period (close to its day) or the last one (missed)."""
    dues = []
    current = period_of(document, today)
    if 0 <= (current.due - today).days <= rules.remind_before_days:
        for unit, tasks in missing_reports(document, current, until=today).items():
            dues.append(
                Due(
                    ReminderKind.REPORT_DUE,
                    unit,
                    document,
                    current.key,
                    current.due,
                    tasks,
                    [str(t) for t in tasks],
                )
            )
    last = last_due_period(document, today)
    if last is not None and today > last.due and not past_document(document, last.start):
        for unit, tasks in missing_reports(document, last, until=today).items():
            dues.append(
                Due(
                    ReminderKind.REPORT_OVERDUE,
                    unit,
                    document,
                    last.key,
                    last.due,
                    tasks,
                    [str(t) for t in tasks],
                )
            )
    return dues


def past_document(document: Document, day: dt.date) -> bool:
    return document.period_end is not None and day > document.period_end


def responsible_units(task) -> list[Unit]:
    """The lead units of a task, or every assigned unit when none leads."""
    assignments = list(task.assignments.all())
    lead = [a.unit for a in assignments if a.role == AssignmentRole.LEAD]
    return lead or [a.unit for a in assignments]


def add_due(dues: dict, kind, unit, document, period, due, task, line) -> None:
    entry = dues.setdefault((kind, unit.pk, period), Due(kind, unit, document, period, due))
    if task not in entry.tasks:
        entry.tasks.append(task)
    entry.items.append(line)


def checkpoints(document: Document):
    """(task, state, due date, line) of every open milestone and of every open task without
    milestones, for the reminder texts."""
    milestones = (
        MilestoneStatus.objects.filter(milestone__task__document=document)
        .exclude(state=TaskState.DONE)
        .select_related("milestone__task")
        .order_by("milestone__due")
    )
    for status in milestones:
        milestone, task = status.milestone, status.milestone.task
        when = f"{cn_date(milestone.due)} " if milestone.due else ""
        yield task, status.state, milestone.due, f"{task}：{when}节点「{milestone.text[:40]}」"
    plain = TaskStatus.objects.filter(task__document=document, task__milestones__isnull=True)
    for status in plain.exclude(state=TaskState.DONE).select_related("task"):
        due = status.task.effective_due()
        if due is not None:
            yield status.task, status.state, due, f"{status.task}：完成时限 {cn_date(due)}"


def deadline_dues(document: Document, today: dt.date, rules) -> list[Due]:
    """Checkpoints coming due (one reminder per due date) or overdue (one per period)."""
    dues: dict = {}
    horizon = today + dt.timedelta(days=rules.remind_before_days)
    period = period_of(document, today).key
    for task, state, due, line in checkpoints(document):
        for unit in responsible_units(task):
            if state == TaskState.OVERDUE:
                kind, key, when = ReminderKind.DEADLINE_OVERDUE, period, None
            elif due is not None and today <= due <= horizon:
                kind, key, when = ReminderKind.DEADLINE_DUE, due.isoformat(), due
            else:
                continue
            add_due(dues, kind, unit, document, key, when, task, line)
    return list(dues.values())


def collect_dues(today: dt.date, rules) -> list[Due]:
    """Every reminder due on ``today`` across confirmed documents (statuses recomputed first)."""
    dues = []
    for document in Document.objects.filter(status=DocumentStatus.CONFIRMED):
        if document.period_start and today < document.period_start:
            continue
        recompute_all(today, document)
        dues += report_dues(document, today, rules) + deadline_dues(document, today, rules)
    return dues


def unit_users(unit: Unit) -> list:
    profiles = Profile.objects.filter(unit=unit, role=Role.REPORTER, user__is_active=True)
    return [p.user for p in profiles.select_related("user")]


def mailbox(address: str) -> str:
    """One spelling per mailbox: a reporter's address and the unit's contact address that differ
    only in case or spaces are one inbox and get one message, not two."""
    return address.strip().lower()


def recipients(unit: Unit, rules, head: bool = False, channels=None) -> list[tuple]:
    """(channel, user, address) triples for a unit: its reporters' inboxes and mailboxes, the
    unit's contact (or its head, for a 督办单), and the office's webhook; on the rules' enabled
    channels, or on ``channels`` (the office's choice for a message sent by hand)."""
    users = unit_users(unit)
    contact = getattr(unit, "contact", None)
    emails = {mailbox(u.email) for u in users if u.email.strip()}
    if contact is not None and (contact.head_email if head else contact.email):
        emails.add(mailbox(contact.head_email if head else contact.email))
    triples = [(Channel.INBOX, u, "") for u in users]
    triples += [(Channel.EMAIL, None, address) for address in sorted(emails)]
    if rules.webhook_url:
        triples += [(Channel.WEBHOOK, None, rules.webhook_url)]
    enabled = set(rules.channels() if channels is None else channels)
    return [t for t in triples if t[0] in enabled]


def site_link(path: str) -> str:
    return getattr(settings, "DUBAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def queue_notifications(
    key: str, unit: Unit, rules, subject: str, body: str, link: str, *, head: bool = False,
    channels=None, **owner
) -> int:
    """One pending Notification per recipient of ``unit`` (unique per key and recipient)."""
    rows = []
    for channel, user, address in recipients(unit, rules, head=head, channels=channels):
        rows.append(
            Notification(
                key=f"{key}:{channel}:{user.pk if user else address}"[:300],
                channel=channel,
                user=user,
                unit=unit,
                address=address,
                subject=subject,
                body=body,
                link=link,
                **owner,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def claim_reminder(due: Due, today: dt.date, rules) -> Reminder | None:
    """Insert the reminder's row (the claim) and queue its messages; None if already sent."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                key=due.key[:200],
                kind=due.kind,
                unit=due.unit,
                document=due.document,
                period=due.period,
                due=due.due,
                sent_on=today,
                items=due.items,
            )
    except IntegrityError:
        return None
    reminder.tasks.set(due.tasks)
    context = {
        "reminder": reminder,
        "unit": due.unit,
        "document": due.document,
        "items": due.items,
        "today": today,
        "link": site_link("/supervision/inbox/"),
    }
    subject, body = render_message(due.kind, context)
    queue_notifications(
        reminder.key, due.unit, rules, subject, body, context["link"], reminder=reminder
    )
    return reminder


def is_answered(reminder: Reminder) -> bool:
    """Whether the unit filed a counted report on one of the reminder's tasks since its day."""
    reports = ProgressReport.objects.filter(
        unit=reminder.unit, task__in=reminder.tasks.all(), created__date__gte=reminder.sent_on
    )
    return reports.exclude(review_status=ReviewStatus.RETURNED).exists()


def escalate(unit: Unit, document: Document, today: dt.date, rules) -> EscalationNotice | None:
    """A 督办单 for ``unit`` once ``escalate_after`` reminders of ``document`` go unanswered."""
    pending = Reminder.objects.filter(unit=unit, document=document, escalation__isnull=True)
    open_ = [r for r in pending.prefetch_related("tasks") if not is_answered(r)]
    # Reminders count by the day they went out: one run's several reminders are one nudge.
    days = {r.sent_on for r in open_}
    if rules.escalate_after == 0 or len(days) < rules.escalate_after:
        return None
    key = f"escalation:{document.pk}:{unit.pk}:{period_of(document, today).key}"
    reminders = Reminder.objects.filter(pk__in=[r.pk for r in open_])
    tasks = {t for r in reminders.prefetch_related("tasks") for t in r.tasks.all()}
    notice = create_notice(
        key=key, unit=unit, document=document, issued_on=today, tasks=tasks,
        deadline=today + dt.timedelta(days=AUTO_NOTICE_DAYS),
        text=f"经 {len(days)} 次催办仍未报送或未按期完成",
    )
    if notice is None:
        return None
    reminders.update(escalation=notice)
    announce_notice(notice, rules)
    return notice


def announce_notice(notice: EscalationNotice, rules, channels=None) -> int:
    """Queue the messages of a 督办单 to its unit's head, reporters and channels."""
    context = {
        "notice": notice,
        "unit": notice.unit,
        "document": notice.document,
        "tasks": notice.tasks.all(),
        "contact": getattr(notice.unit, "contact", None),
        "rules": rules,
        "link": site_link(f"/supervision/escalations/{notice.pk}/"),
    }
    subject, body = render_message("escalation", context)
    return queue_notifications(
        notice.key, notice.unit, rules, subject, body, context["link"], head=True,
        channels=channels, escalation=notice,
    )


@dataclass
class RemindResult:
    reminders: int = 0
    escalations: int = 0
    sent: int = 0
    failed: int = 0


def send_due_reminders(today: dt.date) -> RemindResult:
    """Send every reminder due on ``today`` once, escalate, then deliver the queue."""
    rules = SupervisionSettings.current()
    result = RemindResult()
    touched = set()
    for due in collect_dues(today, rules):
        if claim_reminder(due, today, rules) is not None:
            result.reminders += 1
        touched.add((due.unit, due.document))
    for unit, document in touched:
        if escalate(unit, document, today, rules) is not None:
            result.escalations += 1
    counts = deliver_pending()
    result.sent, result.failed = counts["sent"], counts["failed"]
    return result
