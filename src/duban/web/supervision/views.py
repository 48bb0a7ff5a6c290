"""Supervision pages, thin: fetch with permission → service → render or redirect.

Reading pages (dashboard, timeline, dispatch, assessment) are for every signed-in user except
where a unit's data would leak (escalation notices: the office, leaders and the unit itself);
every write is the office's, except a lead unit's application to close its task.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.ledger.choices import ReviewStatus, Role
from duban.ledger.formats import cn_date
from duban.ledger.models import Document, ProgressReport, Unit
from duban.ledger.permissions import (
    can_read_reports,
    get_task_for_user,
    is_office,
    role_of,
)
from duban.lib.downloads import DOCX, XLSX, download
from duban.supervision.choices import Channel, ClosingStatus
from duban.supervision.models import (
    ClosingRequest,
    MilestoneStatus,
    Notification,
    SupervisionSettings,
    TaskStatus,
)
from duban.supervision.reports.assessment import assessment_xlsx
from duban.supervision.reports.dispatch import dispatch_docx, dispatch_xlsx
from duban.supervision.reports.escalation import escalation_docx
from duban.supervision.services.assessment import score_assessment, scoring_rules
from duban.supervision.services.cadence import missing_reports, period_of
from duban.supervision.services.channels import mark_read, unread_count
from duban.supervision.services.closing import (
    apply_for_closing,
    decide_closing,
    lead_unit_of,
    reopen_task,
    review_and_rejudge,
)
from duban.supervision.services.dashboard import dashboard_data, timeline_data
from duban.supervision.services.dispatch import build_dispatch, risks_by_unit
from duban.supervision.services.notices import visible_notices
from duban.supervision.services.rules import save_contact, set_cadence, update_rules
from duban.supervision.services.status import is_current, recompute_task
from duban.web.supervision import forms
from duban.web.views.common import office_required, today


def page(request, template: str, context: dict) -> HttpResponse:
    context["unread"] = unread_count(request.user)
    context["is_office"] = is_office(request.user)
    return render(request, f"supervision/{template}", context)


def require_reader(user) -> None:
    """The office and leaders read the unit-wide reports (通报, 考核 exports)."""
    if role_of(user) not in (Role.OFFICE, Role.LEADER):
        raise PermissionDenied("仅医改办和领导可以查看")


def fail(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


@login_required
def dashboard(request):
    data = dashboard_data(today())
    charts = {
        "states": data["states"],
        "by_document": data["by_document"],
        "by_category": data["by_category"],
        "indicators": data["indicators"],
    }
    return page(request, "dashboard.html", data | {"charts": charts})


@login_required
def timeline(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    return page(
        request, "timeline.html", {"document": document, "chart": timeline_data(document, today())}
    )


@office_required
def rules(request):
    form = forms.RulesForm(request.POST or None, instance=SupervisionSettings.current())
    if request.method == "POST" and form.is_valid():
        update_rules(request.user, {k: form.cleaned_data[k] for k in form.changed_data}, today())
        messages.success(request, "预警与催办规则已保存，全部任务已重新研判。")
        return redirect("supervision:rules")
    return page(request, "rules.html", {"form": form})


@login_required
def cadence(request, pk: int):
    """A document's reporting cadence (the office edits it) and the units missing a report."""
    document = get_object_or_404(Document, pk=pk)
    form = forms.CadenceForm(
        request.POST or None,
        initial={"report_cadence": document.report_cadence, "report_day": document.report_day},
    )
    if request.method == "POST":
        if not is_office(request.user):
            raise PermissionDenied("仅医改办可以修改报送周期")
        if form.is_valid():
            try:
                set_cadence(
                    request.user,
                    document,
                    form.cleaned_data["report_cadence"],
                    form.cleaned_data["report_day"],
                    today(),
                )
            except ValidationError as exc:
                fail(request, exc)
            else:
                messages.success(request, "报送周期已保存。")
            return redirect("supervision:cadence", pk=pk)
    period = period_of(document, forms.DayForm(request.GET).day_or(today()))
    missing = missing_reports(document, period, until=today())
    return page(
        request,
        "cadence.html",
        {
            "document": document,
            "form": form,
            "period": period,
            "missing": sorted(missing.items(), key=lambda i: i[0].full_name),
            "day_form": forms.DayForm(request.GET),
        },
    )


@office_required
def contact(request, pk: int):
    """Who receives a unit's reminders (a mailbox) and its 督办单 (the head)."""
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=pk)
    instance = getattr(unit, "contact", None)
    form = forms.ContactForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save_contact(request.user, unit, form.cleaned_data)
        messages.success(request, "督办联系人已保存。")
        return redirect("supervision:contact", pk=pk)
    return page(request, "contact.html", {"unit": unit, "form": form})


@login_required
def inbox(request):
    if request.method == "POST":
        mark_read(request.user, request.POST.getlist("ids") or None)
        return redirect("supervision:inbox")
    rows = Notification.objects.filter(user=request.user, channel=Channel.INBOX)
    return page(request, "inbox.html", {"rows": rows[:200]})


@office_required
def notifications(request):
    rows = Notification.objects.select_related("unit__region", "user")
    channel = request.GET.get("channel")
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    reminders = [int(pk) for pk in request.GET.getlist("reminder") if pk.isdigit()]
    if reminders:
        rows = rows.filter(reminder__in=reminders)
    return page(
        request,
        "notifications.html",
        {"rows": rows[:300], "channels": Channel.choices, "channel": channel,
         "filtered": bool(reminders)},
    )


@login_required
def escalations(request):
    rows = visible_notices(request.user).prefetch_related("tasks")
    return page(request, "escalations.html", {"rows": rows, "today": today()})


@login_required
def escalation_download(request, pk: int):
    notice = get_object_or_404(visible_notices(request.user), pk=pk)
    return download(escalation_docx(notice), f"{notice.number}.docx", DOCX)


@office_required
def review_queue(request):
    reports = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING)
    closing = ClosingRequest.objects.filter(status=ClosingStatus.PENDING)
    return page(
        request,
        "review.html",
        {
            "reports": reports.select_related("task__document", "unit__region", "author",
                                              "milestone").prefetch_related("files")[:100],
            "closing": closing.select_related("task__document", "unit__region", "applicant"),
            "review_form": forms.ReviewForm(),
            "decide_form": forms.DecideClosingForm(),
        },
    )


def safe_next(request, fallback: str) -> str:
    """The posted ``next`` when it points back into this site, else ``fallback`` (no open
    redirect to another host)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


@office_required
@require_POST
def review(request, pk: int):
    report = get_object_or_404(ProgressReport, pk=pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            review_and_rejudge(
                request.user,
                report,
                form.cleaned_data["status"],
                form.cleaned_data["comment"],
                today(),
            )
        except ValidationError as exc:
            fail(request, exc)
        else:
            messages.success(request, "审核意见已保存。")
    return redirect(safe_next(request, "supervision:review"))


@login_required
def task_panel(request, pk: int):
    """A task's supervision: its light and reasons, milestone lights, closing and reopening."""
    task = get_task_for_user(request.user, pk)
    status = TaskStatus.objects.filter(task=task).first()
    if not is_current(status, today()):
        recompute_task(task, today())
        status = TaskStatus.objects.get(task=task)
    return page(
        request,
        "task.html",
        {
            "task": task,
            "status": status,
            "judged_on": today(),
            "milestones": MilestoneStatus.objects.filter(milestone__task=task)
            .select_related("milestone")
            .order_by("milestone__due", "milestone__order"),
            # Closing applications are reports: another unit's task shows none of them.
            "requests": task.closing_requests.select_related("unit__region", "applicant")
            if can_read_reports(request.user, task) else [],
            "can_apply": task.closed_at is None and lead_unit_of(request.user, task) is not None,
            "apply_form": forms.ApplyClosingForm(),
            "decide_form": forms.DecideClosingForm(),
            "reopen_form": forms.ReopenForm(),
            "reminders": task.reminders.select_related("unit__region", "sender")
            .prefetch_related("notifications")[:20],
            "notices": visible_notices(request.user).filter(tasks=task),
        },
    )


@login_required
@require_POST
def closing_apply(request, pk: int):
    task = get_task_for_user(request.user, pk)
    form = forms.ApplyClosingForm(request.POST, request.FILES)
    if lead_unit_of(request.user, task) is None:
        raise PermissionDenied("只有牵头单位可以申请销号")
    if form.is_valid():
        try:
            apply_for_closing(
                request.user, task, form.cleaned_data["text"], form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            fail(request, exc)
        else:
            messages.success(request, "销号申请已提交，待医改办审批。")
    return redirect("supervision:task", pk=pk)


@office_required
@require_POST
def closing_decide(request, pk: int):
    closing = get_object_or_404(ClosingRequest, pk=pk)
    form = forms.DecideClosingForm(request.POST)
    if form.is_valid():
        try:
            decide_closing(
                request.user,
                closing,
                form.cleaned_data["approve"],
                form.cleaned_data["comment"],
                today(),
            )
        except ValidationError as exc:
            fail(request, exc)
        else:
            messages.success(request, "已审批销号申请。")
    return redirect("supervision:task", pk=closing.task_id)


@office_required
@require_POST
def task_reopen(request, pk: int):
    task = get_task_for_user(request.user, pk)
    form = forms.ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopen_task(request.user, task, form.cleaned_data["reason"], today())
        except ValidationError as exc:
            fail(request, exc)
        else:
            messages.success(request, "任务已重新打开。")
    else:
        messages.error(request, "请填写重新打开的原因。")
    return redirect("supervision:task", pk=pk)


def dispatch_for(request, pk: int):
    require_reader(request.user)
    document = get_object_or_404(Document, pk=pk)
    day = forms.DayForm(request.GET).day_or(today())
    return build_dispatch(document, day, today())


@login_required
def dispatch(request, pk: int):
    report = dispatch_for(request, pk)
    return page(
        request,
        "dispatch.html",
        {
            "report": report,
            "groups": risks_by_unit(report),
            "day_form": forms.DayForm(request.GET),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def dispatch_download(request, pk: int, fmt: str):
    report = dispatch_for(request, pk)
    name = f"调度通报-{report.period.label}"
    if fmt == "docx":
        return download(dispatch_docx(report), f"{name}.docx", DOCX)
    return download(dispatch_xlsx(report), f"{name}.xlsx", XLSX)


@login_required
def assessment(request):
    form = forms.AssessmentForm(request.GET or None)
    start, end, document = form.period(today())
    scores = score_assessment(start, end, today(), document)
    if request.GET.get("format") == "xlsx":
        require_reader(request.user)
        title = f"考核排名（{cn_date(start)} 至 {cn_date(end)}）"
        return download(assessment_xlsx(scores, title), "考核排名.xlsx", XLSX)
    return page(
        request,
        "assessment.html",
        {
            "form": form,
            "scores": scores,
            "start": start,
            "end": end,
            "as_of": min(end, today()),
            "rules": scoring_rules(),
            "query": request.GET.urlencode(),
            "can_export": role_of(request.user) != Role.REPORTER,
            "generated": timezone.localtime(),
        },
    )
