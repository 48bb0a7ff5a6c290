"""The office's 催办 and 督办单 pages, and a 督办单's own page where its unit answers it.

One form serves the three places the office starts from: a task (``?task=``: its units), a
unit (``?unit=``: its red and yellow tasks) and the red list (``?red=1``, or no parameter:
every unit with red tasks, 批量催办). Views are thin: the services in ``supervision/services/manual.py`` and
``notices.py`` decide and check everything.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from duban.ledger.models import Unit
from duban.ledger.permissions import get_task_for_user, is_office
from duban.supervision.models import EscalationAnswer, Notification
from duban.supervision.services import manual
from duban.supervision.services.notices import answer_notice, can_answer, visible_notices
from duban.web.supervision import forms
from duban.web.supervision.views import page
from duban.web.views.common import office_required, today


def targets_for(request) -> tuple[str, list[manual.Target]]:
    """(what the page is about, the units and tasks it offers) from ``task``/``unit``/``red``."""
    params = request.GET
    if params.get("task", "").isdigit():
        task = get_task_for_user(request.user, int(params["task"]))
        return f"任务：{task}", manual.task_targets(task)
    if params.get("unit", "").isdigit():
        unit = get_object_or_404(Unit.objects.select_related("region"), pk=int(params["unit"]))
        return f"单位：{unit.full_name}", [manual.unit_target(unit, today())]
    return "红灯任务的全部责任单位（批量催办）", manual.red_targets(today())


def initial_for(targets: list[manual.Target]) -> dict:
    initial = {
        "units": [t.unit.pk for t in targets],
        "tasks": [task.pk for t in targets for task in t.tasks],
        "deadline": manual.default_deadline(today()),
    }
    if len(targets) == 1 and targets[0].tasks:
        initial["text"] = manual.draft_reminder(targets[0].unit, targets[0].tasks, today())
    return initial


def perform(user, data: dict, targets: list[manual.Target], bulk: bool) -> list:
    """Send the 催办 or issue the 督办单 to each chosen unit about its chosen tasks."""
    units, tasks = set(data["units"]), set(data["tasks"])
    chosen = [t for t in targets if t.unit.pk in units]
    channels, text = data["channels"], data["text"]
    if data["action"] == "remind" and bulk and not text:
        return manual.send_bulk_reminders(user, channels, today(), unit_ids=units)
    done = []
    for target in chosen:
        own = [t for t in target.tasks if not tasks or t.pk in tasks]
        if not own:
            continue
        if data["action"] == "notice":
            done.append(manual.issue_notice(user, target.unit, own, channels, today(),
                                            deadline=data["deadline"], text=text))
        else:
            done.append(manual.send_reminder(user, target.unit, own, channels, today(), text))
    if not done:
        raise ValidationError({"tasks": "所选单位没有所选的任务"})
    return done


@office_required
def nudge(request):
    scope, targets = targets_for(request)
    form = forms.NudgeForm(request.POST or None, targets=targets, initial=initial_for(targets))
    if len(targets) > 1 and targets[0].tasks:
        # Several units: each gets its own draft; the first one shows what they will read.
        first = targets[0]
        form.fields["text"].widget.attrs["placeholder"] = manual.draft_reminder(
            first.unit, first.tasks, today())
    if request.method == "POST" and form.is_valid():
        try:
            bulk = not (request.GET.get("task") or request.GET.get("unit"))
            done = perform(request.user, form.cleaned_data, targets, bulk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return after_sending(request, form.cleaned_data["action"], done)
    return page(request, "nudge.html", {"form": form, "scope": scope, "targets": targets})


def after_sending(request, action: str, done: list):
    if action == "notice":
        messages.success(request, "已签发督办单：" + "、".join(n.number for n in done))
        if len(done) == 1:
            return redirect("supervision:escalation", pk=done[0].pk)
        return redirect("supervision:escalations")
    messages.success(request, f"已向 {len(done)} 个单位发送催办。")
    query = urlencode([("reminder", r.pk) for r in done])
    return redirect(f"{reverse('supervision:notifications')}?{query}")


@login_required
def escalation(request, pk: int):
    """A 督办单: its text and tasks, the .docx, the unit's answers (and form), the delivery log."""
    notice = get_object_or_404(visible_notices(request.user), pk=pk)
    form = forms.AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_answer(request.user, notice):
            raise PermissionDenied("只有被督办单位可以反馈督办单")
        if form.is_valid():
            try:
                answer_notice(request.user, notice, form.cleaned_data["text"],
                              form.cleaned_data["file"], today())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "反馈已提交。")
                return redirect("supervision:escalation", pk=pk)
    log = Notification.objects.filter(escalation=notice).select_related("user", "unit__region")
    return page(request, "escalation.html", {
        "notice": notice, "tasks": notice.tasks.select_related("document", "supervision"),
        "answers": notice.answers.select_related("author"), "form": form,
        "can_answer": can_answer(request.user, notice), "late": notice.is_late(today()),
        "log": log if is_office(request.user) else None,
    })


@login_required
def answer_file(request, pk: int):
    answer = get_object_or_404(EscalationAnswer.objects.select_related("notice"), pk=pk)
    get_object_or_404(visible_notices(request.user), pk=answer.notice_id)
    if not answer.file:
        raise Http404("该反馈没有附件")
    response = FileResponse(answer.file.open("rb"), as_attachment=True,
                            filename=answer.file_name or "附件",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
