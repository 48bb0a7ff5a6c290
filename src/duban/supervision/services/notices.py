"""督办单 (escalation notices): numbering, issuing and the unit's answer (反馈).

- A notice's number is 督办〔year〕N号, N counting the notices of its year from 1. The pair
  (year, N) is unique in the database; two notices issued at the same moment read the same
  last N, one insert fails on the constraint and takes the next number.
- A notice carries its own deadline to answer; unanswered past it, its tasks turn red (the
  status engine reads ``late_notices``).
- Only the notice's unit answers it (its reporters), with a text and an optional file; the
  answer is audited and the notice's tasks are re-judged.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from duban.ledger.choices import ChangeAction
from duban.ledger.models import Task
from duban.ledger.permissions import reporter_unit
from duban.ledger.services import record_change
from duban.supervision.models import EscalationAnswer, EscalationNotice

NUMBER_ATTEMPTS = 50  # each round at least one of the racing writers wins
MAX_ANSWER = 5000


def notice_number(year: int, seq: int) -> str:
    return f"督办〔{year}〕{seq}号"


def next_seq(year: int) -> int:
    last = EscalationNotice.objects.filter(year=year).aggregate(last=Max("seq"))["last"]
    return (last or 0) + 1


def create_notice(*, key: str, unit, issued_on: dt.date, text: str, tasks, document=None,
                  deadline: dt.date | None = None, issued_by=None) -> EscalationNotice | None:
    """Insert a numbered notice; None when one with ``key`` exists (already issued)."""
    year = issued_on.year
    for _ in range(NUMBER_ATTEMPTS):
        seq = next_seq(year)
        try:
            with transaction.atomic():
                notice = EscalationNotice.objects.create(
                    key=key[:200], unit=unit, document=document, year=year, seq=seq,
                    number=notice_number(year, seq), issued_on=issued_on, deadline=deadline,
                    text=text, issued_by=issued_by,
                )
        except IntegrityError:
            if EscalationNotice.objects.filter(key=key[:200]).exists():
                return None
            continue  # another notice took this number: read the last one again
        notice.tasks.set(sorted(tasks, key=lambda t: (t.document_id, t.order, t.pk)))
        return notice
    raise RuntimeError(f"could not number a notice of {year} in {NUMBER_ATTEMPTS} attempts")


def visible_notices(user) -> QuerySet:
    """The notices ``user`` may read: a reporter only its own unit's, others all."""
    notices = EscalationNotice.objects.select_related("unit__region", "document")
    unit = reporter_unit(user)
    return notices.filter(unit=unit) if unit is not None else notices


def can_answer(user, notice: EscalationNotice) -> bool:
    unit = reporter_unit(user)
    return unit is not None and unit.pk == notice.unit_id


@transaction.atomic
def answer_notice(user, notice: EscalationNotice, text: str, upload=None,
                  today: dt.date | None = None) -> EscalationAnswer:
    """The unit's answer to its notice (its reporters only): text and an optional file (an
    upload or (name, bytes)); the first answer marks the notice answered."""
    from duban.supervision.services.status import recompute_tasks

    if not can_answer(user, notice):
        raise PermissionDenied("只有被督办单位可以反馈督办单")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写反馈内容"})
    if len(text) > MAX_ANSWER:
        raise ValidationError({"text": f"反馈内容过长（{len(text)} 字，最多 {MAX_ANSWER} 字）"})
    answer = EscalationAnswer(notice=notice, author=user, text=text)
    if upload is not None:
        name, data = upload if isinstance(upload, tuple) else (upload.name, upload.read())
        answer.file_name = name[:255]
        answer.file.save(name, ContentFile(data), save=False)
    answer.save()
    if notice.answered_at is None:
        EscalationNotice.objects.filter(pk=notice.pk).update(answered_at=answer.created)
        notice.answered_at = answer.created
    record_change(user, ChangeAction.CREATE, answer, after={"notice": notice.number,
                  "answer": text[:200]}, related=notice.unit, message=f"反馈督办单 {notice.number}")
    recompute_tasks(Task.objects.filter(escalations=notice),
                    today or timezone.localdate())
    return answer


def late_notices(task_ids: QuerySet, today: dt.date) -> dict[int, list[str]]:
    """task id -> the reasons of its notices issued by ``today``, unanswered on ``today`` and
    past their deadline (the rule that turns a task red)."""
    midnight = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    unanswered = Q(escalationnotice__answered_at__isnull=True) | Q(
        escalationnotice__answered_at__gte=midnight)
    rows = EscalationNotice.tasks.through.objects.filter(
        unanswered, task_id__in=task_ids, escalationnotice__deadline__lt=today,
        escalationnotice__issued_on__lte=today,
    ).values_list("task_id", "escalationnotice__number", "escalationnotice__deadline")
    late: dict[int, list[str]] = {}
    for task_id, number, deadline in rows.order_by("escalationnotice__seq"):
        late.setdefault(task_id, []).append(
            f"督办单 {number} 已过反馈期限 {deadline.isoformat()} 未反馈")
    return late
