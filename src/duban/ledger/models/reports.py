"""Progress reports a unit submits on a task, and the evidence files attached to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.ledger.choices import ProgressState, ReviewStatus
from duban.ledger.formats import cn_date
from duban.ledger.models.base import ChangeLoggedModel
from duban.ledger.models.documents import Milestone, Task, assignment_links
from duban.ledger.models.units import Unit


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgressReportQuerySet:
        """The reports ``user`` may read: those on ``Task.objects.reports_visible_to(user)``."""
        from duban.ledger.permissions import reads_all, reportable_unit_ids

        if reads_all(user):
            return self
        unit_ids = reportable_unit_ids(user)
        if not unit_ids:
            return self.none()
        return self.filter(models.Exists(
            assignment_links(unit_ids).filter(task=models.OuterRef("task_id"))))


class ProgressReport(ChangeLoggedModel):
    """A unit's report on a task (or one of its milestones), reviewed by the office."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        Milestone,
        verbose_name="时间节点",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="progress_reports",
    )
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成比例", null=True, blank=True)
    state = models.CharField(
        "进展状态",
        max_length=16,
        choices=ProgressState.choices,
        default=ProgressState.IN_PROGRESS,
    )
    review_status = models.CharField(
        "审核状态",
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
    )
    review_comment = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        # A task's reports newest first, and the latest report per task for the status engine.
        indexes = [models.Index(fields=["task", "created"], name="report_task_created")]
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"

    def __str__(self) -> str:
        return f"{self.unit} · {cn_date(self.created)}" if self.created else str(self.unit)


class EvidenceFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> EvidenceFileQuerySet:
        """The evidence files of the reports ``user`` may read."""
        return self.filter(report__in=ProgressReport.objects.visible_to(user).values("pk"))


class EvidenceFile(ChangeLoggedModel):
    """A file of evidence (材料) attached to a progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.original_name
