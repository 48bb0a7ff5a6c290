"""Supervision: dashboard counts, the caller's inbox, assessment scores, and the office's 催办
and 督办单 (send a reminder, send reminders to every unit with red tasks, issue a notice) with
the unit's answer to a notice; the same services as the web pages."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from duban.api.dashboard import dashboard_counts
from duban.api.errors import ERRORS
from duban.api.pagination import PageParams, keyset_page
from duban.api.schemas import (
    CountOut,
    DashboardOut,
    MarkReadIn,
    NotificationOut,
    UnitScoreOut,
    page_of,
)
from duban.api.types import Id, PathId, Text
from duban.ledger.models import Document, Task, Unit
from duban.ledger.permissions import require_office
from duban.supervision.choices import Channel
from duban.supervision.models import Notification
from duban.supervision.services import manual
from duban.supervision.services.assessment import assessment_period, score_assessment
from duban.supervision.services.channels import mark_read, unread_count
from duban.supervision.services.notices import answer_notice, visible_notices

router = Router(tags=["supervision"])
NotificationPage = page_of(NotificationOut, "NotificationPage")
MAX_SCORE_SPAN = dt.timedelta(days=3 * 366)


class ScoreParams(Schema):
    start: dt.date | None = Field(None, description="默认今年 1 月 1 日")
    end: dt.date | None = Field(None, description="默认今年 12 月 31 日")
    document: Id | None = None


class NudgeIn(Schema):
    # Optional in the schema so that a caller who is not the office is refused (403) before
    # the request is checked; the service names a missing field.
    unit: Id | None = None
    tasks: list[Id] = Field([], max_length=500)
    channels: list[Channel] = Field([Channel.INBOX], min_length=1)
    text: Text(5000) = Field("", description="留空则自动起草")


class NoticeIn(NudgeIn):
    deadline: dt.date | None = Field(None, description="反馈期限，默认签发后 7 天")


class BulkIn(Schema):
    channels: list[Channel] = Field([Channel.INBOX], min_length=1)
    units: list[Id] | None = Field(None, description="只催办这些单位（默认：全部有红灯任务的单位）")


class DeliveryOut(Schema):
    channel: str
    recipient: str
    status: str
    error: str


class ReminderOut(Schema):
    id: int
    unit: str
    tasks: list[int]
    text: str
    deliveries: list[DeliveryOut]


class NoticeOut(Schema):
    id: int
    number: str
    unit: str
    issued_on: dt.date
    deadline: dt.date | None
    text: str
    tasks: list[int]
    answered_at: dt.datetime | None
    deliveries: list[DeliveryOut]


class AnswerIn(Schema):
    text: Text(5000, 1)


def deliveries(rows) -> list[dict]:
    return [{"channel": n.channel, "recipient": n.user.get_username() if n.user else n.address,
             "status": n.status, "error": n.error} for n in rows.select_related("user")]


def reminder_out(reminder) -> dict:
    return {"id": reminder.pk, "unit": reminder.unit.full_name, "text": reminder.items[0],
            "tasks": sorted(reminder.tasks.values_list("pk", flat=True)),
            "deliveries": deliveries(reminder.notifications.all())}


def notice_out(notice) -> dict:
    return {"id": notice.pk, "number": notice.number, "unit": notice.unit.full_name,
            "issued_on": notice.issued_on, "deadline": notice.deadline, "text": notice.text,
            "tasks": sorted(notice.tasks.values_list("pk", flat=True)),
            "answered_at": notice.answered_at,
            "deliveries": deliveries(notice.notifications.all())}


def unit_and_tasks(request, payload: NudgeIn):
    require_office(request.user)
    if payload.unit is None:
        raise HttpError(400, "请指定单位（unit）")
    unit = get_object_or_404(Unit, pk=payload.unit)
    tasks = list(Task.objects.visible_to(request.user).filter(pk__in=payload.tasks))
    if len(tasks) != len(set(payload.tasks)):
        raise HttpError(404, "任务不存在")
    return unit, tasks


@router.post("/reminders", response={201: ReminderOut, **ERRORS})
def send_reminder(request, payload: NudgeIn):
    """催办: a reminder to one unit about some tasks, on the chosen channels (office only)."""
    unit, tasks = unit_and_tasks(request, payload)
    reminder = manual.send_reminder(request.user, unit, tasks, payload.channels,
                                    timezone.localdate(), payload.text)
    return Status(201, reminder_out(reminder))


@router.post("/reminders/red", response={201: list[ReminderOut], **ERRORS})
def send_red_reminders(request, payload: BulkIn):
    """批量催办: a drafted reminder to every unit with red tasks (office only)."""
    require_office(request.user)
    reminders = manual.send_bulk_reminders(request.user, payload.channels,
                                           timezone.localdate(), payload.units)
    return Status(201, [reminder_out(r) for r in reminders])


@router.post("/escalations", response={201: NoticeOut, **ERRORS})
def issue_notice(request, payload: NoticeIn):
    """签发督办单: a numbered notice to one unit with its own deadline (office only)."""
    unit, tasks = unit_and_tasks(request, payload)
    notice = manual.issue_notice(request.user, unit, tasks, payload.channels,
                                 timezone.localdate(), deadline=payload.deadline,
                                 text=payload.text)
    return Status(201, notice_out(notice))


@router.get("/escalations/{notice_id}", response={200: NoticeOut, **ERRORS})
def notice_detail(request, notice_id: PathId):
    """A 督办单 (a reporter sees only those addressed to its unit)."""
    return notice_out(get_object_or_404(visible_notices(request.user), pk=notice_id))


@router.post("/escalations/{notice_id}/answer", response={201: NoticeOut, **ERRORS})
def answer(request, notice_id: PathId, payload: AnswerIn):
    """反馈: the unit's answer to its 督办单 (its reporters only)."""
    notice = get_object_or_404(visible_notices(request.user), pk=notice_id)
    answer_notice(request.user, notice, payload.text, today=timezone.localdate())
    notice.refresh_from_db()
    return Status(201, notice_out(notice))


def require_reader(user) -> None:
    if Task.objects.visible_to(user).query.is_empty():
        raise HttpError(403, "无权查看")


@router.get("/dashboard", response={200: DashboardOut, **ERRORS})
def dashboard(request):
    require_reader(request.user)
    return dashboard_counts(timezone.localdate())


@router.get("/notifications", response={200: NotificationPage, **ERRORS})
def list_notifications(request, page: Query[PageParams]):
    inbox = Notification.objects.filter(user=request.user, channel=Channel.INBOX)
    return keyset_page(inbox, page, newest_first=True)


@router.get("/notifications/unread-count", response={200: CountOut, **ERRORS})
def notifications_unread(request):
    return {"count": unread_count(request.user)}


@router.post("/notifications/read", response={200: CountOut, **ERRORS})
def notifications_read(request, payload: MarkReadIn):
    return {"count": mark_read(request.user, payload.ids)}


@router.get("/assessment/scores", response={200: list[UnitScoreOut], **ERRORS})
def assessment_scores(request, params: Query[ScoreParams]):
    require_reader(request.user)
    today = timezone.localdate()
    default_start, default_end = assessment_period(today)
    start = params.start or default_start
    end = params.end or default_end
    if end < start or end - start > MAX_SCORE_SPAN:
        raise HttpError(400, "考核期无效（起止颠倒或超过三年）")
    document = None
    if params.document is not None:
        document = Document.objects.filter(pk=params.document).first()
        if document is None:
            raise HttpError(404, "文件不存在")
    scores = score_assessment(start, end, today, document)
    return [
        {"unit": s.unit, "score": s.score, "rank": s.rank, "ranked": s.ranked,
         "reason": s.reason, "parts": s.parts}
        for s in scores
    ]
