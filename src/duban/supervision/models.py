"""Supervision's models: the office's rules, computed lights, reminders and their deliveries,
督办单 (escalation notices), closing requests (销号) and unit contacts.

The computed state itself lives on the ledger (``Task.state``, ``Milestone.state``); the light,
the reasons and the day it was computed for live in ``TaskStatus`` / ``MilestoneStatus``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.ledger.choices import TaskState
from duban.ledger.models import ChangeLoggedModel, Document, Milestone, Task, Unit
from duban.supervision.choices import Channel, ClosingStatus, DeliveryStatus, Light, ReminderKind


class SupervisionSettings(ChangeLoggedModel):
    """The office's editable rules (one row): when a light turns yellow, when to remind and
    escalate, and which channels carry the messages."""

    yellow_days = models.PositiveSmallIntegerField(
        "临期预警天数", default=7, help_text="截止日期或时间节点前 N 天内仍无报送即亮黄灯"
    )
    missing_report_yellow = models.BooleanField(
        "报送缺失亮黄灯", default=True, help_text="上一报送日已过而本期未报送时亮黄灯"
    )
    remind_before_days = models.PositiveSmallIntegerField("提前提醒天数", default=3)
    escalate_after = models.PositiveSmallIntegerField("催办几次未回应后发督办单", default=3)
    email_enabled = models.BooleanField("发送邮件", default=True)
    inbox_enabled = models.BooleanField("站内消息", default=True)
    webhook_enabled = models.BooleanField("Webhook 机器人", default=False)
    webhook_url = models.URLField("Webhook 地址", max_length=500, blank=True)
    escalation_issuer = models.CharField("督办单落款", max_length=100, default="医改办")

    class Meta:
        verbose_name = "督办规则"
        verbose_name_plural = "督办规则"

    def __str__(self) -> str:
        return "督办规则"

    @classmethod
    def current(cls) -> SupervisionSettings:
        """The one settings row, created on first use (webhook from ``DUBAN_WEBHOOK_URL``)."""
        row = cls.objects.order_by("pk").first()
        if row is not None:
            return row
        url = getattr(settings, "DUBAN_WEBHOOK_URL", "")
        return cls.objects.create(webhook_url=url, webhook_enabled=bool(url))

    def channels(self) -> list[str]:
        enabled = [
            (Channel.EMAIL, self.email_enabled),
            (Channel.INBOX, self.inbox_enabled),
            (Channel.WEBHOOK, self.webhook_enabled and bool(self.webhook_url)),
        ]
        return [channel for channel, on in enabled if on]


class UnitContact(ChangeLoggedModel):
    """Who receives a unit's reminders and its 督办单: the unit's head and a mailbox."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="contact")
    head_name = models.CharField("主要负责人", max_length=50, blank=True)
    head_title = models.CharField("职务", max_length=50, blank=True)
    email = models.EmailField("联系邮箱", blank=True)
    head_email = models.EmailField("负责人邮箱", blank=True)

    class Meta:
        verbose_name = "单位联系人"
        verbose_name_plural = "单位联系人"

    def __str__(self) -> str:
        return f"{self.unit} · {self.head_name}"


class StatusRun(models.Model):
    """A recompute of every task on a day. The statuses it found unchanged keep the day they
    last changed in ``computed_on`` (not rewriting a row per task every day) and count as
    judged on the run's day."""

    day = models.DateField("研判日期", db_index=True)
    tasks = models.PositiveIntegerField("任务数")
    finished_at = models.DateTimeField("完成时间", auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = "全量研判"
        verbose_name_plural = "全量研判"

    def __str__(self) -> str:
        return f"{self.day}: {self.tasks}"


class TaskStatus(models.Model):
    """The computed light of a task on a day, with the reasons a person can read."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="supervision")
    state = models.CharField("状态", max_length=16, choices=TaskState.choices)
    # No index: three values, none selective, and every status write would have to keep it.
    light = models.CharField("预警", max_length=8, choices=Light.choices)
    reasons = models.JSONField("原因", default=list)
    due = models.DateField("当前截止", null=True, blank=True)
    computed_on = models.DateField("计算日期")

    class Meta:
        verbose_name = "任务预警"
        verbose_name_plural = "任务预警"

    def __str__(self) -> str:
        return f"{self.task_id}: {self.state}/{self.light}"


class MilestoneStatus(models.Model):
    """The computed light of a milestone on a day."""

    milestone = models.OneToOneField(
        Milestone, on_delete=models.CASCADE, related_name="supervision"
    )
    state = models.CharField("状态", max_length=16, choices=TaskState.choices)
    light = models.CharField("预警", max_length=8, choices=Light.choices)
    reason = models.CharField("原因", max_length=200, blank=True)
    computed_on = models.DateField("计算日期")

    class Meta:
        verbose_name = "节点预警"
        verbose_name_plural = "节点预警"

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.state}/{self.light}"


class EscalationNotice(models.Model):
    """A 督办单: a formal notice to a unit's head, issued by the office or after repeated
    unanswered reminders, numbered 督办〔year〕N号 (N unique per year: a database constraint),
    answered by the unit (反馈) before its own deadline; unanswered past it, its tasks turn red.
    """

    key = models.CharField(max_length=200, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="escalations")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("年度序号", null=True, blank=True)
    number = models.CharField("编号", max_length=50)
    issued_on = models.DateField("签发日期")
    deadline = models.DateField("反馈期限", null=True, blank=True)
    tasks = models.ManyToManyField(Task, related_name="escalations")
    text = models.TextField("督办事项")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="escalation_unique_number"),
        ]

    def __str__(self) -> str:
        return f"督办单 {self.number} · {self.unit}"

    def is_late(self, today) -> bool:
        """Unanswered past its deadline (the rule that turns its tasks red)."""
        return self.answered_at is None and self.deadline is not None and today > self.deadline


class EscalationAnswer(models.Model):
    """A unit's answer (反馈) to a 督办单: what it did, with an optional file."""

    notice = models.ForeignKey(
        EscalationNotice, on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("反馈内容")
    file = models.FileField("附件", upload_to="escalations/%Y/", blank=True)
    file_name = models.CharField("附件文件名", max_length=255, blank=True)
    created = models.DateTimeField("反馈时间", auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = "督办单反馈"
        verbose_name_plural = "督办单反馈"

    def __str__(self) -> str:
        return f"{self.notice.number} 反馈"


class Reminder(models.Model):
    """One reminder (催办) of a kind to a unit about a target for a period, claimed by its key.

    The unique ``key`` (kind:unit:target:period) makes ``duban remind`` idempotent: a second run
    finds the row and sends nothing. A reminder the office sends by hand (``manual``, with its
    ``sender``) may span documents and keeps its own text in ``items``.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField("类型", max_length=24, choices=ReminderKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    tasks = models.ManyToManyField(Task, related_name="reminders")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发送人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    items = models.JSONField("事项", default=list)
    period = models.CharField("期次", max_length=40)
    due = models.DateField("截止日期", null=True, blank=True)
    sent_on = models.DateField("催办日期")
    created = models.DateTimeField(auto_now_add=True)
    escalation = models.ForeignKey(
        EscalationNotice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.period}"


class Notification(models.Model):
    """One message on one channel to one recipient, with its delivery result.

    Rows are created ``pending`` and claimed by a conditional UPDATE to ``sending`` before
    delivery, so two concurrent senders never deliver the same row twice.
    """

    key = models.CharField(max_length=300, unique=True)
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    escalation = models.ForeignKey(
        EscalationNotice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duban_notifications",
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    address = models.CharField("地址", max_length=500, blank=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=200, blank=True)
    status = models.CharField(
        "发送结果",
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    created = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "通知"
        verbose_name_plural = "通知"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address or self.user_id}: {self.subject}"


class ClosingRequest(ChangeLoggedModel):
    """A lead unit's application to close (销号) a finished task, decided by the office."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="closing_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("办结情况")
    evidence = models.FileField("佐证材料", upload_to="closing/%Y/", blank=True)
    evidence_name = models.CharField("材料文件名", max_length=255, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ClosingStatus.choices, default=ClosingStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"

    def __str__(self) -> str:
        return f"销号申请 · {self.task}"
