"""Supervision read-outs: dashboard counts, the caller's inbox, and assessment scores."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema
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
from duban.api.types import Id
from duban.ledger.models import Document, Task
from duban.supervision.choices import Channel
from duban.supervision.models import Notification
from duban.supervision.services.assessment import assessment_period, score_assessment
from duban.supervision.services.channels import mark_read, unread_count

router = Router(tags=["supervision"])
NotificationPage = page_of(NotificationOut, "NotificationPage")
MAX_SCORE_SPAN = dt.timedelta(days=3 * 366)


class ScoreParams(Schema):
    start: dt.date | None = Field(None, description="默认今年 1 月 1 日")
    end: dt.date | None = Field(None, description="默认今年 12 月 31 日")
    document: Id | None = None


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
