"""Task detail, progress reports (with evidence), the office's edits and report review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.ledger.choices import AssignmentRole
from duban.ledger.models import ObjectChange, ProgressReport
from duban.ledger.permissions import (
    can_edit_task,
    can_read_reports,
    can_report,
    get_evidence_for_user,
    get_task_for_user,
    is_office,
)
from duban.ledger.services import edit_task, submit_progress_report
from duban.ledger.services.tasks import EditConflict
from duban.lib.downloads import BINARY, download
from duban.supervision.services.closing import review_and_rejudge
from duban.web.forms import ProgressReportForm, ReviewForm, TaskEditForm
from duban.web.views.common import office_required, today


def task_context(request, task) -> dict:
    assignments = list(task.assignments.select_related("unit__region", "via_group__region")
                       .order_by("role", "order"))
    groups = list(task.group_assignments.select_related("group__region")
                  .prefetch_related("group__members").order_by("order"))
    reads_reports = can_read_reports(request.user, task)
    reports = task.reports.select_related("unit__region", "author", "milestone", "reviewed_by")
    reports = reports.prefetch_related("files", "indicator_values__indicator")
    return {
        "task": task,
        "lead": [a for a in assignments if a.role == AssignmentRole.LEAD],
        "participating": [a for a in assignments if a.role == AssignmentRole.PARTICIPATING],
        "lead_groups": [g for g in groups if g.role == AssignmentRole.LEAD],
        "part_groups": [g for g in groups if g.role == AssignmentRole.PARTICIPATING],
        "milestones": task.milestones.all(),
        "indicators": task.indicators.prefetch_related("values"),
        # Another unit's task: its text, units, deadline and light, never its reports.
        "reads_reports": reads_reports,
        "reports": reports if reads_reports else [],
        "changes": ObjectChange.objects.for_object(task).select_related("actor")[:50],
        "can_report": can_report(request.user, task),
        "can_edit": can_edit_task(request.user, task),
        "can_review": is_office(request.user),
        "review_form": ReviewForm(),
        "overdue": task.is_overdue(today()),
    }


@login_required
def task_detail(request, pk: int):
    task = get_task_for_user(request.user, pk)
    return render(request, "web/task_detail.html", task_context(request, task))


@login_required
def task_report(request, pk: int):
    """The progress-report form: reporters of the task's units and the office (else 403)."""
    task = get_task_for_user(request.user, pk, write=True)
    form = ProgressReportForm(request.POST or None, request.FILES or None, task=task)
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("evidence")
        try:
            submit_progress_report(
                request.user, task, form.cleaned_data["text"], form.cleaned_data["percent"],
                form.cleaned_data["state"], form.indicator_values(), files,
                milestone=form.chosen_milestone())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "进展已报送，等待医改办审核。")
            return redirect("task", pk=task.pk)
    return render(request, "web/task_report.html", {"task": task, "form": form})


def edit_initial(task) -> dict:
    initial = {name: getattr(task, name) for name in TaskEditForm.FIELDS}
    initial["version"] = task.version
    assignments = task.assignments.all()
    initial["lead_units"] = [a.unit_id for a in assignments if a.role == AssignmentRole.LEAD]
    initial["participating_units"] = [
        a.unit_id for a in assignments if a.role == AssignmentRole.PARTICIPATING]
    return initial


@office_required
def task_edit(request, pk: int):
    task = get_task_for_user(request.user, pk)
    form = TaskEditForm(request.POST or None, initial=edit_initial(task))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            edit_task(request.user, task, form.changes(),
                      lead_units=list(form.cleaned_data["lead_units"]),
                      participating_units=list(form.cleaned_data["participating_units"]),
                      expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 409 if isinstance(exc, EditConflict) else 200
        else:
            messages.success(request, "任务已修改。")
            return redirect("task", pk=task.pk)
    return render(request, "web/task_edit.html", {"task": task, "form": form}, status=status)


@require_POST
@office_required
def report_review(request, pk: int):
    report = get_object_or_404(ProgressReport.objects.select_related("task"), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review_and_rejudge(request.user, report, form.cleaned_data["review_status"],
                               form.cleaned_data["review_comment"], today())
            messages.success(request, "审核结果已保存。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "请选择审核结果。")
    return redirect("task", pk=report.task_id)


@login_required
def evidence_download(request, pk: int):
    evidence = get_evidence_for_user(request.user, pk)
    # Always a download of opaque bytes: an uploaded .html or .svg is never rendered here.
    response = download(evidence.file.open("rb"), evidence.original_name, BINARY)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
