"""What crossdoc keeps: the office's decision on a re-imported document, and the links from a
lower document's task to the upper document's task it implements."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.ledger.models import Document, Task


class RepeatChoice(models.TextChoices):
    SKIP = "skip", "不导入"
    REVISION = "revision", "作为该文件的修订版导入"
    SEPARATE = "separate", "作为独立文件导入"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "系统建议"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已否定"


class ImportDecision(models.Model):
    """The office's answer when an upload was recognized as a document already imported."""

    matched = models.ForeignKey(Document, verbose_name="匹配的文件", on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="repeat_decisions")
    result = models.ForeignKey(Document, verbose_name="导入结果", on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    choice = models.CharField("处理方式", max_length=16, choices=RepeatChoice.choices)
    reason = models.TextField("理由", blank=True)
    filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    similarity = models.JSONField("相似情况", default=dict, blank=True)
    summary = models.JSONField("修订结果", default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人",
                              on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    time = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = "重复文件处理"
        verbose_name_plural = "重复文件处理"

    def __str__(self) -> str:
        return f"{self.filename} · {self.get_choice_display()}"


class TaskLink(models.Model):
    """A lower document's task (county) implements an upper document's task (city/province)."""

    lower = models.ForeignKey(Task, verbose_name="下级任务", on_delete=models.CASCADE,
                              related_name="upper_links")
    upper = models.ForeignKey(Task, verbose_name="上级任务", on_delete=models.CASCADE,
                              related_name="lower_links")
    score = models.FloatField("相似度", default=0)
    status = models.CharField("状态", max_length=16, choices=LinkStatus.choices,
                              default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人",
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["lower", "-score", "pk"]
        verbose_name = "上下级任务对应"
        verbose_name_plural = "上下级任务对应"
        constraints = [
            models.UniqueConstraint(fields=["lower", "upper"], name="tasklink_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.lower_id} → {self.upper_id}"


class ClosingCheck(models.Model):
    """The closing checklist as checked when a unit applied to close a task."""

    request = models.OneToOneField("supervision.ClosingRequest", on_delete=models.CASCADE,
                                   related_name="crossdoc_check")
    items = models.JSONField("核对结果", default=list)
    complete = models.BooleanField("材料齐全", default=False)
    checked_at = models.DateTimeField("核对时间", auto_now_add=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = "销号材料核对"
        verbose_name_plural = "销号材料核对"

    def __str__(self) -> str:
        return f"{self.request_id} · {'齐全' if self.complete else '不全'}"
