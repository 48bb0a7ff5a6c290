"""The living demo: the seed documents placed in the present with a year of supervision behind
them, so that a fresh ``duban demo`` shows every status and every page with real content.

``shift_document`` moves a seed document's dates by whole years so that its period contains
today (the shift is kept on ``Document.demo_year_shift`` and shown on its page; the original
file and the task texts keep their own dates). ``seed_history`` then writes what a reform
office's year leaves: monthly reports (most on time, some late or missing), the office's
reviews (most accepted, a few 退回 and filed again), indicator values, closed tasks (销号, most on
time), reminders in the units' inboxes, one 督办单, a pending closing application and a reopened
task. Everything is drawn from a random generator seeded by the document and the task's
position, relative to ``today``: the same day gives the same ledger.

Only ``duban demo`` calls this; a document imported by a user keeps its own dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from duban.ledger.choices import (
    AssignmentRole,
    ChangeAction,
    DeadlineKind,
    IndicatorOp,
    ProgressState,
    ReviewStatus,
    TaskState,
)
from duban.ledger.models import (
    Document,
    IndicatorValue,
    Milestone,
    ObjectChange,
    ProgressReport,
    Task,
)
from duban.ledger.services.audit import build_change, record_change
from duban.ledger.services.tasks import attach_evidence
from duban.supervision.choices import (
    Channel,
    ClosingStatus,
    DeliveryStatus,
    Light,
    ReminderKind,
)
from duban.supervision.models import (
    ClosingRequest,
    EscalationNotice,
    Notification,
    Reminder,
    SupervisionSettings,
)
from duban.supervision.services.cadence import periods_between
from duban.supervision.services.closing import CLOSE_MESSAGE, reopen_task
from duban.supervision.services.notices import create_notice
from duban.supervision.services.reminders import unit_users

# How far back the reports go.
HISTORY_DAYS = 400
# Reports of the last days are still waiting for the office's review.
PENDING_DAYS = 12
# The demo's warning window: with month-end deadlines, one month ahead always holds some.
DEMO_YELLOW_DAYS = 30
RETURN_COMMENTS = [
    "进展描述过于笼统，请补充具体完成事项和数据。",
    "未附佐证材料，请补充会议纪要或文件后重新报送。",
    "完成比例与所述进展不符，请核实后重新报送。",
]
PROGRESS_TEXTS = [
    "已召开专题推进会，明确责任分工和时间节点，相关方案正在征求意见。",
    "牵头制定实施方案，已完成调研摸底，形成初稿报分管领导审定。",
    "按计划推进，已完成阶段性目标，下一步将加强督导、扩大覆盖面。",
    "已印发工作方案并组织培训，各责任科室按节点推进，未发现明显困难。",
    "配合单位已报送相关数据，汇总分析工作正在进行，预计按期完成。",
    "已完成试点评估，正在总结经验、完善制度，准备全面推开。",
]


def same_day_in(day: dt.date, year: int) -> dt.date:
    """``day`` in ``year``: a month's last day stays its last day (2月28日 → 2月29日 in a
    leap year), 2月29日 becomes 2月28日 in another year."""
    last = calendar.monthrange(day.year, day.month)[1]
    target_last = calendar.monthrange(year, day.month)[1]
    if day.day == last:
        return dt.date(year, day.month, target_last)
    return dt.date(year, day.month, min(day.day, target_last))


def shifted(day: dt.date | None, years: int) -> dt.date | None:
    if day is None or not years:
        return day
    return same_day_in(day, day.year + years)


def year_shift(document: Document, today: dt.date) -> int:
    """The whole years to add so that the document's period contains ``today`` (the fewest, so
    a multi-year plan is in its last year); 0 for one that already contains or lies after
    today. A document that states no period is placed by its tasks' latest deadline."""
    start, end = document.period_start, document.period_end
    if start is None or end is None:
        dues = [d for d in document.tasks.values_list("deadline_due", flat=True) if d]
        if not dues:
            return 0
        end = max(dues)
    if end >= today:
        return 0
    years = today.year - end.year
    while same_day_in(end, end.year + years) < today:
        years += 1
    return years


@transaction.atomic
def shift_document(document: Document, years: int) -> None:
    """Move every date of ``document`` by ``years`` (document, tasks, milestones) and keep the
    shift on the document. The texts (``deadline_text``, the title) are left as written."""
    Document.objects.filter(pk=document.pk).update(
        period_start=shifted(document.period_start, years),
        period_end=shifted(document.period_end, years),
        issued_on=shifted(document.issued_on, years),
        demo_year_shift=years,
    )
    tasks = list(document.tasks.all())
    for task in tasks:
        task.deadline_start = shifted(task.deadline_start, years)
        task.deadline_due = shifted(task.deadline_due, years)
    Task.objects.bulk_update(tasks, ["deadline_start", "deadline_due"])
    milestones = list(Milestone.objects.filter(task__document=document))
    for milestone in milestones:
        milestone.due = shifted(milestone.due, years)
    Milestone.objects.bulk_update(milestones, ["due"])
    document.refresh_from_db()


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours instant of ``day`` in the local time zone."""
    hour, minute = rng.randint(9, 17), rng.randint(0, 59)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass
class History:
    """What ``seed_history`` wrote, for the summary line and the tests."""

    reports: int = 0
    returned: int = 0
    closed: int = 0
    reminders: int = 0
    escalations: int = 0
    reopened: int = 0
    evidence: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """One task's story: which periods it reports in and how it ends."""

    task: Task
    units: list
    profile: str
    closed_on: dt.date | None = None
    missed_milestone: int | None = None
    participants: list = field(default_factory=list)


def reporting_units(task: Task) -> tuple[list, list]:
    """(lead units, participating units) that report on the task: every lead unit reports each
    period; participants report their part most periods."""
    assignments = list(task.assignments.select_related("unit").all())
    lead = [a.unit for a in assignments if a.role == AssignmentRole.LEAD]
    part = [a.unit for a in assignments if a.role == AssignmentRole.PARTICIPATING]
    if not lead:
        return part[:1], part[1:4]
    return lead[:2], part[:3]


def plan_task(task: Task, today: dt.date, rng: random.Random) -> Plan:
    lead, part = reporting_units(task)
    plan = plan_story(task, lead, today, rng)
    plan.participants = part
    return plan


def plan_story(task: Task, units: list, today: dt.date, rng: random.Random) -> Plan:
    """How the task's year went. A task due long ago was closed (most on time); one due in the
    last year may still be open (逾期); a running one is reported on, now and then late or
    missed, and a few are finished and closed early."""
    due = task.effective_due()
    start = task.deadline_start or task.document.period_start
    draw = rng.random()
    if start is not None and start > today:
        return Plan(task, units, "not_started")
    if task.deadline_kind == DeadlineKind.ONGOING or due is None:
        return Plan(task, units, "ongoing_late" if draw < 0.3 else "ongoing")
    if due < today:
        recent = (today - due).days <= 365
        on_time, late = (0.45, 0.6) if recent else (0.85, 1.0)
        if draw < on_time:
            earliest = max(start or due, due - dt.timedelta(days=25))
            span = max(0, (due - earliest).days)
            return Plan(task, units, "closed", due - dt.timedelta(days=rng.randint(0, span)))
        if draw < late:
            late_day = min(today - dt.timedelta(days=1),
                           due + dt.timedelta(days=rng.randint(5, 40)))
            return Plan(task, units, "closed_late", late_day)
        return Plan(task, units, "overdue")
    milestones = [m for m in task.milestones.all() if m.due and m.due < today]
    if milestones:
        # A 倒排表 row: each month's milestone reported done, or one of them missed.
        if draw < 0.25:
            return Plan(task, units, "behind", missed_milestone=rng.randrange(len(milestones)))
        return Plan(task, units, "diligent")
    if draw < 0.12:
        return Plan(task, units, "silent")
    if draw < 0.35:
        return Plan(task, units, "missed_last")
    if draw < 0.47 and start is not None and (today - start).days > 120:
        # Finished ahead of its deadline and closed (按时完成 counts it in the period).
        early = today - dt.timedelta(days=rng.randint(10, min(120, (today - start).days - 30)))
        return Plan(task, units, "closed_early", early)
    return Plan(task, units, "diligent")


def report_days(plan: Plan, today: dt.date, rng: random.Random) -> list[tuple[dt.date, bool]]:
    """(day, final) of each report the plan files: one per reporting period, on time but for a
    few, up to the task's close (the last one final) or today."""
    task, document = plan.task, plan.task.document
    start = task.deadline_start or document.period_start or today - dt.timedelta(days=180)
    # A multi-year plan's earlier years are summed up by its closings; a year of reports is
    # what the pages and the year's assessment read.
    start = max(start, today - dt.timedelta(days=HISTORY_DAYS))
    end = min(plan.closed_on or today, today)
    if plan.profile in ("silent", "not_started") or start > end:
        return []
    periods = periods_between(document, start, end)
    due_periods = [p for p in periods if p.due <= today]
    last_due = due_periods[-1] if due_periods else None
    days = []
    for period in periods:
        lo = max(period.start, start)
        if period.due > today or period.due < lo:
            # The current period, whose report day is still ahead: some have reported already.
            quiet = plan.profile in ("missed_last", "ongoing_late")
            if today > lo and not quiet and rng.random() < 0.5:
                days.append(lo + dt.timedelta(days=rng.randint(0, (today - lo).days - 1)))
            continue
        skip = rng.random() < 0.08 and not task.milestones.all()
        if period is last_due and plan.profile in ("missed_last", "ongoing_late", "overdue"):
            skip = True
        if skip:
            continue
        if rng.random() < 0.1 and period.end > period.due and period.end < today:
            day = period.due + dt.timedelta(days=rng.randint(1, (period.end - period.due).days))
        else:
            day = period.due - dt.timedelta(days=rng.randint(0, min(10, (period.due - lo).days)))
        days.append(day)
    days = sorted(d for d in set(days) if d <= end)
    if plan.closed_on is not None and (not days or days[-1] != plan.closed_on):
        days.append(plan.closed_on)
    return [(day, plan.closed_on is not None and n == len(days) - 1) for n, day in
            enumerate(days)]


def indicator_value(indicator, fraction: float, rng: random.Random) -> Decimal:
    target = float(indicator.value)
    reach = 0.55 + 0.5 * fraction + rng.uniform(-0.05, 0.08)
    if indicator.op in (IndicatorOp.LE, IndicatorOp.LT):
        value = target * (1.6 - 0.65 * min(1.0, reach))
    else:
        value = target * reach
    return Decimal(f"{value:.2f}")


class HistoryWriter:
    """Writes the history of one document (see the module's docstring)."""

    def __init__(self, document: Document, today: dt.date, office, seed: int):
        self.document, self.today, self.office, self.seed = document, today, office, seed
        self.result = History()
        self.pending: list[tuple] = []
        self.clerks: dict[int, object] = {}

    def rng(self, *key) -> random.Random:
        return random.Random(f"{self.seed}:{self.document.sha256}:{':'.join(map(str, key))}")

    def write(self) -> History:
        tasks = self.document.tasks.prefetch_related("milestones", "indicators", "assignments")
        plans = [plan_task(t, self.today, self.rng(t.order, "plan")) for t in tasks.order_by(
            "order", "pk")]
        for plan in plans:
            if plan.units:
                self.plan_reports(plan)
        self.save_reports()
        for plan in plans:
            if plan.closed_on is not None and plan.units:
                self.close(plan)
        self.write_reminders(plans)
        return self.result

    def plan_reports(self, plan: Plan) -> None:
        """The plan's reports, unsaved, with their filing and review times (written in bulk by
        ``save_reports``: a report saved one by one would recompute its task each time)."""
        rng = self.rng(plan.task.order, "reports")
        days = report_days(plan, self.today, rng)
        milestones = sorted((m for m in plan.task.milestones.all() if m.due),
                            key=lambda m: m.due)
        missed = None
        if plan.missed_milestone is not None:
            missed = [m for m in milestones if m.due < self.today][plan.missed_milestone]
        reporters = [(unit, 1.0) for unit in plan.units] + [(u, 0.6) for u in plan.participants[:2]]
        for n, (day, final) in enumerate(days):
            fraction = (n + 1) / (len(days) + (0 if plan.closed_on else 2))
            percent = 100 if final else min(95, int(fraction * 100) // 5 * 5 + 5)
            milestone = next((m for m in milestones if m.due >= day), None)
            done_milestone = (milestone is not None and milestone != missed
                              and milestone.due <= self.today)
            for index, (unit, share) in enumerate(reporters):
                if (final and index) or rng.random() >= share:
                    continue
                lead = index < len(plan.units)
                state = (ProgressState.DONE if final or (lead and done_milestone)
                         else ProgressState.IN_PROGRESS)
                report = ProgressReport(
                    task=plan.task, unit=unit,
                    milestone=milestone if lead and done_milestone else None,
                    author=self.clerk(unit), text=rng.choice(PROGRESS_TEXTS),
                    percent=percent if lead else None, state=state,
                )
                filed, reviewed = self.review(report, day, rng)
                values = [IndicatorValue(indicator=indicator, reported_on=day,
                                         value=indicator_value(indicator, fraction, rng))
                          for indicator in plan.task.indicators.all()] if lead else []
                evidence = lead and ((self.today - day).days <= PENDING_DAYS
                                     or rng.random() < 0.15)
                self.pending.append((report, filed, reviewed, values, evidence, day))

    def clerk(self, unit):
        if unit.pk not in self.clerks:
            users = unit_users(unit)
            self.clerks[unit.pk] = users[0] if users else None
        return self.clerks[unit.pk]

    def review(self, report: ProgressReport, day: dt.date, rng: random.Random):
        """(filed, reviewed) instants; the office's decision set on ``report``."""
        filed = moment(day, rng)
        if (self.today - day).days <= PENDING_DAYS:
            return filed, None
        reviewed = moment(min(self.today, day + dt.timedelta(days=rng.randint(1, 4))), rng)
        reviewed = max(reviewed, filed + dt.timedelta(minutes=30))
        if rng.random() < 0.08 and report.state != ProgressState.DONE:
            report.review_status = ReviewStatus.RETURNED
            report.review_comment = rng.choice(RETURN_COMMENTS)
            self.result.returned += 1
        else:
            report.review_status = ReviewStatus.ACCEPTED
            report.review_comment = "情况属实，予以采纳。" if rng.random() < 0.3 else ""
        report.reviewed_by, report.reviewed_at = self.office, reviewed
        return filed, reviewed

    def save_reports(self) -> None:
        """Insert the planned reports, then give them their own filing times (``created`` is
        set on insert), their indicator values, evidence and review audit rows."""
        reports = [row[0] for row in self.pending]
        ProgressReport.objects.bulk_create(reports, batch_size=500)
        for report, filed, *_ in self.pending:
            report.created = filed
        ProgressReport.objects.bulk_update(reports, ["created"], batch_size=500)
        values, changes, times = [], [], []
        for report, _filed, reviewed, report_values, evidence, day in self.pending:
            for value in report_values:
                value.report = report
                values.append(value)
            if evidence:
                name = f"{report.unit.name}-{day:%Y%m}-工作进展佐证材料.txt"
                body = f"{report.unit.full_name}\n{day:%Y年%m月%d日}\n{report.text}\n"
                attach_evidence(report, (name, body.encode()))
                self.result.evidence += 1
            if reviewed is not None:
                changes.append(build_change(
                    self.office, ChangeAction.REVIEW, report, related=report.task,
                    message=f"审核：{report.get_review_status_display()}"))
                times.append(reviewed)
        IndicatorValue.objects.bulk_create(values, batch_size=500)
        ObjectChange.objects.bulk_create(changes, batch_size=500)
        for change, at in zip(changes, times, strict=True):
            change.time = at
        ObjectChange.objects.bulk_update(changes, ["time"], batch_size=500)
        self.result.reports += len(reports)

    def close(self, plan: Plan) -> None:
        rng = self.rng(plan.task.order, "close")
        applied = moment(plan.closed_on - dt.timedelta(days=rng.randint(1, 3)), rng)
        decided = moment(plan.closed_on, rng)
        request = ClosingRequest.objects.create(
            task=plan.task, unit=plan.units[0], applicant=self.clerk(plan.units[0]),
            text="任务已按要求完成，相关文件已印发实施，申请销号。",
            status=ClosingStatus.APPROVED, decided_by=self.office, decided_at=decided,
            comment="经核查，同意销号。")
        ClosingRequest.objects.filter(pk=request.pk).update(created=applied)
        task = plan.task
        before = task.snapshot()
        Task.objects.filter(pk=task.pk).update(state=TaskState.DONE, closed_at=decided)
        task.refresh_from_db()
        change = record_change(self.office, ChangeAction.UPDATE, task, before=before,
                               after=task.snapshot(), related=task.document,
                               message=f"{CLOSE_MESSAGE}：经核查，同意销号")
        ObjectChange.objects.filter(pk=change.pk).update(time=decided)
        self.result.closed += 1

    def write_reminders(self, plans: list[Plan]) -> None:
        """A 报送逾期催办 to each unit that missed the last report day, in its inbox."""
        by_unit: dict = {}
        for plan in plans:
            if plan.profile in ("missed_last", "ongoing_late", "overdue", "silent"):
                for unit in plan.units[:1]:
                    by_unit.setdefault(unit, []).append(plan.task)
        periods = periods_between(self.document, self.today - dt.timedelta(days=40), self.today)
        passed = [p for p in periods if p.due < self.today]
        if not passed:
            return
        period = passed[-1]
        sent_on = period.due + dt.timedelta(days=1)
        for unit, tasks in sorted(by_unit.items(), key=lambda item: item[0].pk):
            items = [f"{t}" for t in tasks[:10]]
            reminder = Reminder.objects.create(
                key=f"demo:{ReminderKind.REPORT_OVERDUE}:{unit.pk}:{self.document.pk}:"
                    f"{period.key}"[:200],
                kind=ReminderKind.REPORT_OVERDUE, unit=unit, document=self.document,
                period=period.label, due=period.due, sent_on=sent_on, items=items)
            reminder.tasks.set(tasks)
            self.result.reminders += 1
            body = (f"{unit.full_name}：《{self.document.title}》{period.label}的进展应于"
                    f"{period.due.month}月{period.due.day}日前报送，以下任务尚未报送：\n"
                    + "\n".join(f"· {item}" for item in items))
            for user in unit_users(unit):
                Notification.objects.create(
                    key=f"{reminder.key}:{Channel.INBOX}:{user.pk}"[:300], reminder=reminder,
                    channel=Channel.INBOX, user=user, unit=unit,
                    subject=f"【催办】{period.label}进展尚未报送", body=body,
                    link="/supervision/inbox/", status=DeliveryStatus.SENT,
                    sent_at=moment(sent_on, self.rng(unit.pk, "sent")), attempts=1)


def led_tasks_by_unit(tasks) -> dict:
    by_unit: dict = {}
    for task in tasks.prefetch_related("assignments__unit"):
        for a in task.assignments.all():
            if a.role == AssignmentRole.LEAD:
                by_unit.setdefault(a.unit, []).append(task)
    return by_unit


def issue_escalation(today: dt.date, preferred=()) -> EscalationNotice | None:
    """One 督办单 to the first of ``preferred`` units (the demo's reporters) that leads a red
    task (逾期, 节点滞后, 未按期报送), else one that leads a yellow one (report missing), else to
    the unit with the most red tasks."""
    red = led_tasks_by_unit(Task.objects.filter(supervision__light=Light.RED))
    yellow = led_tasks_by_unit(Task.objects.filter(supervision__light=Light.YELLOW))
    candidates, chosen = red, None
    for pool in (red, yellow):
        chosen = next((u for u in preferred if u in pool), None)
        if chosen is not None:
            candidates = pool
            break
    if chosen is None:
        if not red:
            return None
        chosen = max(red, key=lambda u: (len(red[u]), -u.pk))
    tasks = sorted(candidates[chosen], key=lambda t: (t.document_id, t.order))[:5]
    document = tasks[0].document
    issued = today - dt.timedelta(days=3)
    notice = create_notice(
        key=f"demo:escalation:{chosen.pk}", unit=chosen, document=document, tasks=tasks,
        issued_on=issued, deadline=issued + dt.timedelta(days=7),
        text=f"经多次催办，以下 {len(tasks)} 项任务仍未按期报送进展或已亮红灯，"
             "请于收到本督办单后5个工作日内书面反馈整改措施和完成时间。")
    if notice is None:
        return None
    for user in unit_users(chosen):
        Notification.objects.create(
            key=f"{notice.key}:{Channel.INBOX}:{user.pk}", escalation=notice,
            channel=Channel.INBOX, user=user, unit=chosen,
            subject=f"【督办单】{notice.number}", body=notice.text,
            link=f"/supervision/escalations/{notice.pk}/notice.docx",
            status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=1)
    return notice


def brief_readers(users, today: dt.date, counts) -> None:
    """The month's summary in the office's and the leaders' inboxes (what a 通报 tells them)."""
    period = f"{today.year}年{today.month}月"
    body = (f"截至{today.month}月{today.day}日，台账任务 {counts.total} 项："
            + "，".join(f"{label} {n} 项" for _, label, n in counts.state_rows() if n)
            + f"。红灯 {counts.lights[Light.RED]} 项，请关注驾驶舱中的红灯任务。")
    for user in users:
        Notification.objects.get_or_create(
            key=f"demo:brief:{period}:{user.pk}",
            defaults={"channel": Channel.INBOX, "user": user,
                      "subject": f"【调度】{period}督办工作简报", "body": body,
                      "link": "/supervision/", "status": DeliveryStatus.SENT,
                      "sent_at": timezone.now(), "attempts": 1})


def reopen_one(office, today: dt.date) -> Task | None:
    """Reopen the most recently closed task with indicators or milestones (a finding on review)."""
    closed = Task.objects.filter(closed_at__isnull=False).order_by("-closed_at", "pk")
    task = closed.first()
    if task is None:
        return None
    reopen_task(office, task, "复核发现佐证材料不全，重新打开，请补充后再申请销号。", today)
    return task


def apply_pending_closing(today: dt.date) -> ClosingRequest | None:
    """A lead unit's closing application waiting for the office (the review queue's second
    list): the open task with the highest reported percent."""
    open_tasks = Task.objects.filter(closed_at__isnull=True).exclude(
        state=TaskState.NOT_STARTED)
    best = ProgressReport.objects.filter(task__in=open_tasks, percent__gte=90).exclude(
        review_status=ReviewStatus.RETURNED).select_related("task", "unit").order_by(
        "-percent", "-created", "pk").first()
    if best is None:
        return None
    request = ClosingRequest.objects.create(
        task=best.task, unit=best.unit, applicant=best.author,
        text="各项工作已完成，相关制度文件已印发，申请销号。")
    record_change(best.author, ChangeAction.CREATE, request, after=request.snapshot(),
                  related=best.task, message="申请销号")
    return request


def demo_rules() -> None:
    """The demo office warns a month ahead (临期预警 30 天), set only on a fresh settings row."""
    if not SupervisionSettings.objects.exists():
        rules = SupervisionSettings.current()
        rules.yellow_days = DEMO_YELLOW_DAYS
        rules.email_enabled = False
        rules.save(update_fields=["yellow_days", "email_enabled"])


def seed_history(document: Document, today: dt.date, office, seed: int = 2026) -> History:
    """Write a year of supervision of ``document`` up to ``today`` (see the module)."""
    with transaction.atomic():
        return HistoryWriter(document, today, office, seed).write()
