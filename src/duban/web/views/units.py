"""The unit directory (aliases, merging), a unit's responsibility list (责任清单) and the unit
groups (单位组) with their members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.ledger.models import Unit, UnitAlias, UnitGroup
from duban.ledger.permissions import is_office, reporter_unit, require_office
from duban.ledger.services import (
    add_unit_alias,
    delete_unit_alias,
    merge_units,
    units_responsibility_list,
)
from duban.ledger.services.groups import create_group, set_group_members, sync_groups
from duban.web.forms import AliasForm, GroupForm, MembersForm, MergeForm, TaskFilterForm
from duban.web.tables import ListSpec
from duban.web.views.common import office_required, with_progress

UNIT_LIST = ListSpec(
    columns={"name": "name", "region": "region__name", "tasks": "n_tasks", "lead": "n_lead"},
    default=("region__name", "name"), page_size=50)
RESPONSIBILITY_COLUMNS = {"document": "document__title", "seq": "order", "due": "deadline_due",
                          "state": "state", "category": "category"}
LEAD_LIST = ListSpec(RESPONSIBILITY_COLUMNS, ("document", "order", "pk"), 25, prefix="lead_")
PART_LIST = ListSpec(RESPONSIBILITY_COLUMNS, ("document", "order", "pk"), 25, prefix="part_")


@login_required
def unit_list(request):
    units = Unit.objects.select_related("region", "kind").prefetch_related("aliases").annotate(
        n_tasks=Count("assignments", distinct=True),
        n_lead=Count("assignments", filter=Q(assignments__role="lead"), distinct=True))
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(aliases__text__icontains=q)).distinct()
    listing = UNIT_LIST.apply(units, request)
    office = is_office(request.user)
    return render(request, "web/unit_list.html", {
        "listing": listing, "q": q, "can_manage": office,
        "merge_form": MergeForm() if office else None})


@login_required
def unit_detail(request, pk: int):
    """The 责任清单 of a unit: the tasks it leads and those it takes part in, filtered."""
    unit = get_object_or_404(Unit.objects.select_related("region", "kind"), pk=pk)
    form = TaskFilterForm(request.GET or None)
    lists = units_responsibility_list(unit, form.filters())
    office = is_office(request.user)
    return render(request, "web/unit_detail.html", {
        "unit": unit, "form": form,
        "lead": LEAD_LIST.apply(with_progress(lists.lead, request.user), request),
        "participating": PART_LIST.apply(with_progress(lists.participating, request.user), request),
        "aliases": unit.aliases.all(), "can_manage": office,
        "alias_form": AliasForm() if office else None,
        "is_own": reporter_unit(request.user) == unit})


@login_required
def my_list(request):
    """A reporter's own 责任清单; other roles go to the unit directory."""
    unit = reporter_unit(request.user)
    if unit is None:
        return redirect("units")
    return redirect("unit", pk=unit.pk)


@require_POST
@office_required
def alias_add(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写别名。")
        return redirect("unit", pk=unit.pk)
    try:
        add_unit_alias(request.user, unit, form.cleaned_data["text"])
        messages.success(request, f"已添加别名“{form.cleaned_data['text']}”。")
    except ValidationError:
        messages.error(request, f"别名“{form.cleaned_data['text']}”在本地区已被使用。")
    return redirect("unit", pk=unit.pk)


@require_POST
@office_required
def alias_delete(request, pk: int, alias_pk: int):
    alias = get_object_or_404(UnitAlias, pk=alias_pk, unit_id=pk)
    delete_unit_alias(request.user, alias)
    messages.success(request, f"已删除别名“{alias.text}”。")
    return redirect("unit", pk=pk)


@require_POST
@office_required
def unit_merge(request):
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "合并失败：" + "；".join(
            e for errors in form.errors.values() for e in errors))
        return redirect("units")
    keep, drop = form.cleaned_data["keep"], form.cleaned_data["drop"]
    dropped = drop.full_name
    try:
        merge_units(keep, drop, request.user)
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, f"合并失败：{exc}")
        return redirect("units")
    messages.success(request, f"已将“{dropped}”并入“{keep.full_name}”，其任务已转入。")
    return redirect("unit", pk=keep.pk)


@login_required
def group_list(request):
    """The unit groups (单位组): each with its members and tasks; the office adds groups."""
    form = GroupForm(request.POST or None) if is_office(request.user) else None
    if request.method == "POST":
        require_office(request.user)
        if form.is_valid():
            try:
                group = create_group(request.user, form.cleaned_data["name"],
                                     form.cleaned_data["region"], form.cleaned_data["members"])
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                sync_groups([group.pk])
                messages.success(request, f"已新建单位组“{group.full_name}”。")
                return redirect("unit-group", pk=group.pk)
    groups = UnitGroup.objects.select_related("region").annotate(
        n_members=Count("members", distinct=True), n_tasks=Count("assignments", distinct=True))
    return render(request, "web/group_list.html", {"groups": groups, "form": form,
                                                   "can_manage": form is not None})


@login_required
def group_detail(request, pk: int):
    """A unit group: its tasks, and its member units (the office edits them)."""
    group = get_object_or_404(UnitGroup.objects.select_related("region"), pk=pk)
    office = is_office(request.user)
    form = MembersForm(request.POST or None, initial={"members": group.members.all()})
    if request.method == "POST":
        require_office(request.user)
        if form.is_valid():
            set_group_members(request.user, group, form.cleaned_data["members"])
            messages.success(request, "成员单位已保存，该组的任务已分给各成员单位。")
            return redirect("unit-group", pk=pk)
    links = group.assignments.select_related("task__document").order_by("task__document", "task__order")
    return render(request, "web/group_detail.html", {
        "group": group, "members": group.members.select_related("region"),
        "links": links[:500], "form": form if office else None})
