"""Every enumerated value of supervision, as TextChoices (never bare strings in code)."""

from django.db import models


class Light(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class ReminderKind(models.TextChoices):
    REPORT_DUE = "report_due", "报送临期提醒"
    REPORT_OVERDUE = "report_overdue", "报送逾期催办"
    DEADLINE_DUE = "deadline_due", "节点临期提醒"
    DEADLINE_OVERDUE = "deadline_overdue", "逾期催办"
    ESCALATION = "escalation", "督办单"
    MANUAL = "manual", "人工催办"
    RETURNED = "returned", "报送退回"


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    INBOX = "inbox", "站内消息"
    WEBHOOK = "webhook", "Webhook 机器人"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class ClosingStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已销号"
    REJECTED = "rejected", "未通过"
