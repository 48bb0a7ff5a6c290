"""Django admin registrations of supervision's models (the office's back door for fixes)."""

from django.contrib import admin

from duban.supervision.models import (
    ClosingRequest,
    EscalationNotice,
    Notification,
    Reminder,
    StatusRun,
    SupervisionSettings,
    TaskStatus,
    UnitContact,
)


@admin.register(SupervisionSettings)
class SupervisionSettingsAdmin(admin.ModelAdmin):
    list_display = ["yellow_days", "remind_before_days", "escalate_after", "webhook_enabled"]


@admin.register(UnitContact)
class UnitContactAdmin(admin.ModelAdmin):
    list_display = ["unit", "head_name", "head_title", "email", "head_email"]
    search_fields = ["unit__name", "head_name"]
    autocomplete_fields = ["unit"]


@admin.register(TaskStatus)
class TaskStatusAdmin(admin.ModelAdmin):
    list_display = ["task", "state", "light", "due", "computed_on"]
    list_filter = ["light", "state"]


@admin.register(StatusRun)
class StatusRunAdmin(admin.ModelAdmin):
    list_display = ["day", "tasks", "finished_at"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "unit", "document", "period", "sent_on", "escalation"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "channel", "address", "user", "subject", "status", "attempts"]
    list_filter = ["channel", "status"]


@admin.register(EscalationNotice)
class EscalationNoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "unit", "document", "issued_on"]


@admin.register(ClosingRequest)
class ClosingRequestAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "status", "created", "decided_at"]
    list_filter = ["status"]
