"""Documents and what they assign: tasks, their units, milestones and quantified indicators."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from duban.ledger.choices import (
    AssignmentRole,
    DeadlineKind,
    DocumentStatus,
    IndicatorOp,
    ReportCadence,
    TaskState,
)
from duban.ledger.formats import cn_date
from duban.ledger.models.base import ChangeLoggedModel
from duban.ledger.models.units import Region, Unit, UnitGroup


class DocumentQuerySet(models.QuerySet):
    def files_visible_to(self, user) -> DocumentQuerySet:
        """The documents whose original and ledger export ``user`` may download: all for the
        office and leaders; for a reporter those with a task its unit is on (see
        ``ledger.permissions``)."""
        from duban.ledger.permissions import reads_all

        if reads_all(user):
            return self
        tasks = Task.objects.reports_visible_to(user)
        if tasks.query.is_empty():
            return self.none()
        return self.filter(models.Exists(tasks.filter(document=models.OuterRef("pk"))))


class Document(ChangeLoggedModel):
    """An imported task-allocation document (分工表/分解表/倒排表) with its original file."""

    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发文单位", max_length=200, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    period_start = models.DateField("起始日期", null=True, blank=True)
    period_end = models.DateField("截止日期", null=True, blank=True)
    original = models.FileField("原始文件", upload_to="documents/%Y/", blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    format = models.CharField("格式", max_length=10, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.CONFIRMED
    )
    report_cadence = models.CharField(
        "报送周期", max_length=16, choices=ReportCadence.choices, default=ReportCadence.MONTHLY
    )
    report_day = models.PositiveSmallIntegerField("报送日", default=25)
    # Set only by `duban demo`: the whole years its dates were moved so that the seed's period
    # contains today (the original file and text keep their own dates). None: a real import.
    demo_year_shift = models.SmallIntegerField("演示日期平移（年）", null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "文件"
        verbose_name_plural = "文件"

    def __str__(self) -> str:
        return self.title


def overdue_q(on: dt.date, prefix: str = "") -> models.Q:
    """Tasks past their due date and not done, as ``Task.is_overdue`` decides one task: a task
    with no stated deadline is due at its document's period end. ``prefix`` reaches tasks
    through a relation (``"tasks__"`` from documents)."""

    def q(**lookups) -> models.Q:
        return models.Q(**{prefix + key: value for key, value in lookups.items()})

    # The ended documents as a subquery, not a join: a join would look up the document of
    # every task the scan passes, though only tasks without a due date need it.
    ended = Document.objects.filter(period_end__lt=on).values("pk")
    past_due = q(deadline_due__lt=on) | q(
        deadline_due__isnull=True, deadline_kind=DeadlineKind.NONE, document__in=ended
    )
    return past_due & ~q(state=TaskState.DONE)


def assignment_links(unit_ids, role: str | None = None) -> models.QuerySet:
    links = Assignment.objects.filter(unit_id__in=list(unit_ids))
    return links.filter(role=role) if role else links


def assignment_exists(unit_ids, role: str | None = None) -> models.Exists:
    """The task (``OuterRef("pk")``) has an assignment to one of ``unit_ids``, optionally in
    ``role``. A correlated EXISTS rather than a join: no DISTINCT, and a page read in id order
    stops at its last row instead of first collecting every task of the unit."""
    return models.Exists(assignment_links(unit_ids, role).filter(task=models.OuterRef("pk")))


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> TaskQuerySet:
        """The tasks ``user`` may see: every signed-in user sees every task (issue 3)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self

    def reports_visible_to(self, user) -> TaskQuerySet:
        """The tasks whose reports and evidence ``user`` may read: all for the office and
        leaders, the tasks its unit is on (directly or through its generic units) for a
        reporter, none otherwise (see ``ledger.permissions``)."""
        from duban.ledger.permissions import reads_all, reportable_unit_ids

        if reads_all(user):
            return self
        unit_ids = reportable_unit_ids(user)
        return self.filter(assignment_exists(unit_ids)) if unit_ids else self.none()

    def assigned_to(self, unit_ids, role: str | None = None) -> TaskQuerySet:
        """Tasks with an assignment to any of ``unit_ids`` (optionally in one role)."""
        # A unit's tasks sit together in id order (they come in with its documents), but the
        # planner assumes them spread over the whole table and walks the ids from the first
        # task; starting at the unit's first task makes page 1 as cheap as any other page.
        # MIN of an expression: a plain MIN(task_id) is turned into the same walk, over the
        # assignments' task_id index, instead of reading the unit's own (unit, role, task) rows.
        first = (assignment_links(unit_ids, role).order_by().annotate(one=models.Value(1))
                 .values("one").annotate(first=models.Min(models.F("task_id") + 0))
                 .values("first"))
        return self.filter(assignment_exists(unit_ids, role), pk__gte=models.Subquery(first))

    def overdue(self, on: dt.date) -> TaskQuerySet:
        """Tasks overdue on ``on`` (see ``overdue_q``)."""
        return self.filter(overdue_q(on))


class Task(ChangeLoggedModel):
    """One row of a document's task table: what is to be done, by whom, by when."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tasks")
    seq = models.CharField("序号", max_length=20, blank=True)
    category = models.CharField("类别", max_length=300, blank=True, db_index=True)
    content = models.TextField("任务内容")
    order = models.PositiveIntegerField("原文顺序", default=0)
    deadline_text = models.CharField("完成时限", max_length=200, blank=True)
    deadline_kind = models.CharField(
        "时限类型", max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    deadline_start = models.DateField("开始日期", null=True, blank=True)
    deadline_due = models.DateField("截止日期", null=True, blank=True, db_index=True)
    target = models.TextField("年度目标", blank=True)
    # People named as responsible (责任领导/牵头领导/分管领导), as the document writes them: not
    # units, so kept as a list of names beside the assignments.
    leaders = models.JSONField("责任领导", default=list, blank=True)
    source_line_first = models.PositiveIntegerField("原文起始行", null=True, blank=True)
    source_line_last = models.PositiveIntegerField("原文结束行", null=True, blank=True)
    state = models.CharField(
        "状态",
        max_length=16,
        choices=TaskState.choices,
        default=TaskState.NOT_STARTED,
        db_index=True,
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Optimistic locking: every edit through services.tasks.edit_task adds one; an edit made
    # from a form showing an older version is refused as a conflict instead of overwriting.
    version = models.PositiveIntegerField("版本", default=1)
    units = models.ManyToManyField(Unit, through="Assignment", related_name="tasks")

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = "任务"
        verbose_name_plural = "任务"

    def __str__(self) -> str:
        prefix = f"{self.seq}. " if self.seq else ""
        text = self.content if len(self.content) <= 40 else self.content[:40] + "…"
        return prefix + text

    def clean(self):
        super().clean()
        if self.deadline_start and self.deadline_due and self.deadline_start > self.deadline_due:
            raise ValidationError({"deadline_start": (
                f"开始日期 {cn_date(self.deadline_start)} 晚于截止日期 "
                f"{cn_date(self.deadline_due)}，请检查。")})

    def effective_due(self) -> dt.date | None:
        """The due date, or the document's period end for a task with no stated deadline."""
        if self.deadline_due:
            return self.deadline_due
        if self.deadline_kind == DeadlineKind.NONE:
            return self.document.period_end
        return None

    def due_display(self) -> str:
        """The deadline as a page shows it: the document's words, or for a task that states
        none the date it is judged by (未注明，按文件期限 2022年12月31日)."""
        if self.deadline_kind == DeadlineKind.NONE:
            due = self.effective_due()
            if due is None:
                return "未注明（文件无期限）"
            return f"未注明，按文件期限 {cn_date(due)}"
        if self.deadline_text:
            return self.deadline_text
        if self.deadline_kind == DeadlineKind.ONGOING:
            return DeadlineKind.ONGOING.label
        return cn_date(self.deadline_due, "未注明")

    def is_overdue(self, on: dt.date) -> bool:
        due = self.effective_due()
        return due is not None and on > due and self.state != TaskState.DONE

    def lead_units(self) -> list[Unit]:
        return [a.unit for a in self.assignments.all() if a.role == AssignmentRole.LEAD]

    def participating_units(self) -> list[Unit]:
        return [a.unit for a in self.assignments.all() if a.role == AssignmentRole.PARTICIPATING]


class TaskSearch(models.Model):
    """What text search reads of a task, kept by ``services.search.refresh_search_text``.

    ``text`` is the lower-cased content, category, target, document title, milestone texts,
    unit names and names as written, one per line (a word never spans two fields); ``seq``
    is matched whole. On PostgreSQL a GIN index over the unigrams and bigrams of ``text`` (and
    the seq) finds the candidates of a word (migration 0005).
    """

    task = models.OneToOneField(
        Task, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    seq = models.CharField("序号", max_length=20, blank=True)
    text = models.TextField("检索文本", blank=True)

    class Meta:
        verbose_name = "任务检索文本"
        verbose_name_plural = "任务检索文本"

    def __str__(self) -> str:
        return self.text[:40]


class Assignment(ChangeLoggedModel):
    """A unit's responsibility for a task, as lead (牵头) or participating (参与/配合)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=16, choices=AssignmentRole.choices)
    name_as_written = models.CharField("原文写法", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    via_group = models.ForeignKey(
        UnitGroup,
        verbose_name="所属单位组",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="member_assignments",
    )

    class Meta:
        ordering = ["task", "role", "order", "pk"]
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_task_unit"),
        ]
        # A unit's responsibility list reads (unit, role) -> task ids without touching the table.
        indexes = [models.Index(fields=["unit", "role", "task"], name="assignment_unit_role_task")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


class GroupAssignment(ChangeLoggedModel):
    """A task assigned to a unit group as written (各成员单位 牵头/配合); its members' own lines
    are ``Assignment`` rows with ``via_group`` set, kept by ``services.groups``."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="group_assignments")
    group = models.ForeignKey(UnitGroup, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=16, choices=AssignmentRole.choices)
    name_as_written = models.CharField("原文写法", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "role", "order", "pk"]
        verbose_name = "单位组分工"
        verbose_name_plural = "单位组分工"
        constraints = [
            models.UniqueConstraint(fields=["task", "group"], name="group_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_role_display()}"


class Milestone(ChangeLoggedModel):
    """A dated checkpoint of a task (a month cell of a 倒排表), with its own state."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField("节点时间", null=True, blank=True)
    text = models.TextField("节点任务")
    order = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        "状态", max_length=16, choices=TaskState.choices, default=TaskState.NOT_STARTED
    )
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["task", "order", "due", "pk"]
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"

    def __str__(self) -> str:
        return f"{self.due or ''} {self.text[:30]}".strip()


class Indicator(ChangeLoggedModel):
    """A quantified target of a task (达到75%): the level to reach, its unit and comparison."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField("指标原文")
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("计量单位", max_length=30, blank=True)
    op = models.CharField("比较", max_length=2, choices=IndicatorOp.choices, default=IndicatorOp.GE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "order", "pk"]
        verbose_name = "量化指标"
        verbose_name_plural = "量化指标"

    def __str__(self) -> str:
        return f"{self.op}{self.value.normalize():f}{self.unit}"

    def latest_value(self) -> IndicatorValue | None:
        return self.values.order_by("-reported_on", "-pk").first()

    def is_met(self, actual) -> bool:
        """Whether an actual value reaches the target under the indicator's comparison."""
        checks = {
            ">=": actual >= self.value,
            "<=": actual <= self.value,
            "=": actual == self.value,
            ">": actual > self.value,
            "<": actual < self.value,
        }
        return checks[self.op]


class IndicatorValue(ChangeLoggedModel):
    """An actual value of an indicator as a unit reported it on a day."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField("实际值", max_digits=20, decimal_places=4)
    reported_on = models.DateField("报送日期")
    report = models.ForeignKey(
        "ledger.ProgressReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
    )

    class Meta:
        ordering = ["indicator", "reported_on", "pk"]
        verbose_name = "指标实际值"
        verbose_name_plural = "指标实际值"

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.value.normalize():f}"
