"""Office review, closing (销号) and reopening.

- reviewing a report is the ledger's ``review_report`` (accept / send back with a comment); this
  module only re-judges the task afterwards;
- a lead unit (or the office) applies to close a task with evidence;
- the office approves (the task is closed) or rejects the application; it may also reopen a
  closed task with a reason. Closing and reopening are each one ObjectChange on the task.
A unit reporter can never close or reopen: ``require_office`` raises PermissionDenied.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duban.ledger.choices import AssignmentRole, ChangeAction, ReviewStatus, TaskState
from duban.ledger.models import ProgressReport, Task
from duban.ledger.permissions import is_office, reportable_unit_ids, require_office
from duban.ledger.services import record_change, review_report
from duban.ledger.services.uploads import check_upload_size
from duban.supervision.choices import Channel, ClosingStatus
from duban.supervision.models import ClosingRequest, Notification, SupervisionSettings
from duban.supervision.services.channels import deliver_rows, render_message
from duban.supervision.services.reminders import queue_notifications, site_link
from duban.supervision.services.status import recompute_task

CLOSE_MESSAGE = "销号"
REOPEN_MESSAGE = "重新打开"


def review_and_rejudge(
    actor, report: ProgressReport, status: str, comment: str, today: dt.date
) -> ProgressReport:
    """Accept or send back a report (ledger service), then re-judge its task on ``today``; a
    report sent back (退回) is announced to its unit with the comment."""
    report = review_report(actor, report, status, comment)
    recompute_task(report.task, today)
    if report.review_status == ReviewStatus.RETURNED:
        announce_return(report)
    return report


def announce_return(report: ProgressReport) -> int:
    """Tell the unit (its reporters' inboxes, the author's too, and the unit's channels) that
    its report was sent back, with the office's comment; delivered at once, once per return."""
    rules = SupervisionSettings.current()
    link = site_link(f"/tasks/{report.task_id}/report/")
    context = {"report": report, "task": report.task, "unit": report.unit, "link": link}
    subject, body = render_message("report_returned", context)
    key = f"returned:{report.pk}:{report.reviewed_at:%Y%m%d%H%M%S%f}"
    queued = queue_notifications(key, report.unit, rules, subject, body, link)
    author = report.author
    if author is not None and Channel.INBOX in rules.channels():
        Notification.objects.get_or_create(
            key=f"{key}:{Channel.INBOX}:{author.pk}"[:300],
            defaults={"channel": Channel.INBOX, "user": author, "unit": report.unit,
                      "subject": subject, "body": body, "link": link},
        )
    deliver_rows(Notification.objects.filter(key__startswith=f"{key}:"))
    return queued


def lead_unit_of(user, task: Task):
    """The lead unit of ``task`` the user may apply for, or None."""
    lead = task.assignments.filter(role=AssignmentRole.LEAD).select_related("unit")
    if is_office(user):
        first = lead.first()
        return first.unit if first else None
    allowed = set(reportable_unit_ids(user))
    return next((a.unit for a in lead if a.unit_id in allowed), None)


@transaction.atomic
def apply_for_closing(user, task: Task, text: str, evidence=None) -> ClosingRequest:
    """A lead unit's application to close ``task`` with evidence (an upload or (name, bytes))."""
    unit = lead_unit_of(user, task)
    if unit is None:
        raise PermissionDenied("只有牵头单位可以申请销号")
    if task.closed_at is not None:
        raise ValidationError("该任务已销号")
    if not text.strip():
        raise ValidationError({"text": "请填写办结情况"})
    if evidence is None:
        raise ValidationError({"evidence": "申请销号须附佐证材料"})
    if task.closing_requests.filter(status=ClosingStatus.PENDING).exists():
        raise ValidationError("已有待审批的销号申请")
    request = ClosingRequest(task=task, unit=unit, applicant=user, text=text)
    check_upload_size(evidence[0] if isinstance(evidence, tuple) else evidence.name, evidence)
    name, data = evidence if isinstance(evidence, tuple) else (evidence.name, evidence.read())
    request.evidence_name = name[:255]
    request.evidence.save(name, ContentFile(data), save=False)
    request.save()
    record_change(
        user,
        ChangeAction.CREATE,
        request,
        after=request.snapshot(),
        related=task,
        message="申请销号",
    )
    return request


def moment_on(today: dt.date) -> dt.datetime:
    """``today`` at the current time of day: the closing time stays on the judged day."""
    now = timezone.localtime()
    return (
        now
        if now.date() == today
        else now.replace(year=today.year, month=today.month, day=today.day)
    )


@transaction.atomic
def close_task(actor, task: Task, comment: str, today: dt.date) -> Task:
    """Close a task (office only): one audited event on the task."""
    require_office(actor)
    if task.closed_at is not None:
        raise ValidationError("该任务已销号")
    before = task.snapshot()
    Task.objects.filter(pk=task.pk).update(state=TaskState.DONE, closed_at=moment_on(today))
    task.refresh_from_db()
    record_change(
        actor,
        ChangeAction.UPDATE,
        task,
        before=before,
        after=task.snapshot(),
        related=task.document,
        message=f"{CLOSE_MESSAGE}：{comment}".rstrip("："),
    )
    recompute_task(task, today)
    return task


@transaction.atomic
def decide_closing(
    actor, request: ClosingRequest, approve: bool, comment: str, today: dt.date
) -> ClosingRequest:
    """The office approves (the task is closed) or rejects a closing application."""
    require_office(actor)
    if request.status != ClosingStatus.PENDING:
        raise ValidationError("该申请已审批")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "不同意销号时请填写意见"})
    request.status = ClosingStatus.APPROVED if approve else ClosingStatus.REJECTED
    request.decided_by, request.decided_at, request.comment = actor, timezone.now(), comment
    request.save()
    if approve:
        close_task(actor, request.task, comment or "同意销号", today)
    return request


@transaction.atomic
def reopen_task(actor, task: Task, reason: str, today: dt.date) -> Task:
    """Reopen a closed task (office only) with a reason: one audited event on the task."""
    require_office(actor)
    if task.closed_at is None:
        raise ValidationError("该任务未销号")
    if not reason.strip():
        raise ValidationError({"reason": "请填写重新打开的原因"})
    before = task.snapshot()
    Task.objects.filter(pk=task.pk).update(closed_at=None)
    task.refresh_from_db()
    recompute_task(task, today)
    record_change(
        actor,
        ChangeAction.UPDATE,
        task,
        before=before,
        after=task.snapshot(),
        related=task.document,
        message=f"{REOPEN_MESSAGE}：{reason}",
    )
    return task
