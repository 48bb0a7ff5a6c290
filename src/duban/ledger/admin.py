"""Django admin for the ledger's reference tables and rows (the office's back room).

Changes made here are audited like the services' (ObjectChange, message 管理后台); the audit
log itself is read-only here: no add, change or delete.
"""

from django.contrib import admin

from duban.ledger import models
from duban.ledger.choices import ChangeAction
from duban.ledger.services.audit import record_change
from duban.ledger.services.search import refresh_search_text, unit_task_ids

ADMIN_MESSAGE = "管理后台"


def snapshot_of(obj) -> dict | None:
    return obj.snapshot() if hasattr(obj, "snapshot") else None


class AuditedAdmin(admin.ModelAdmin):
    """Records an ObjectChange for every save and delete of the admin's own model, and
    refreshes the search text of the tasks a change here may reword."""

    def searched_task_ids(self, obj) -> list[int]:
        """The tasks whose search text reads ``obj`` (none for most models)."""
        return []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        task_ids = self.searched_task_ids(form.instance)
        if task_ids:
            refresh_search_text(task_ids)

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk).snapshot() if change else None
        super().save_model(request, obj, form, change)
        action = ChangeAction.UPDATE if change else ChangeAction.CREATE
        record_change(request.user, action, obj, before=before, after=obj.snapshot(),
                      message=ADMIN_MESSAGE)

    def delete_model(self, request, obj):
        record_change(request.user, ChangeAction.DELETE, obj, before=obj.snapshot(),
                      message=ADMIN_MESSAGE)
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Inline rows (aliases, assignments, milestones …) are audited one by one too."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_change(request.user, ChangeAction.DELETE, obj, before=snapshot_of(obj),
                          related=form.instance, message=ADMIN_MESSAGE)
            obj.delete()
        for obj in instances:
            created = obj._state.adding
            before = None if created else snapshot_of(type(obj).objects.get(pk=obj.pk))
            obj.save()
            action = ChangeAction.CREATE if created else ChangeAction.UPDATE
            record_change(request.user, action, obj, before=before, after=snapshot_of(obj),
                          related=form.instance, message=ADMIN_MESSAGE)
        formset.save_m2m()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_change(request.user, ChangeAction.DELETE, obj, before=obj.snapshot(),
                          message=ADMIN_MESSAGE)
        super().delete_queryset(request, queryset)


class AliasInline(admin.TabularInline):
    model = models.UnitAlias
    extra = 1


class FormInline(admin.TabularInline):
    model = models.UnitKindForm
    extra = 1


@admin.register(models.Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(models.UnitKind)
class UnitKindAdmin(AuditedAdmin):
    list_display = ["name", "order"]
    inlines = [FormInline]


@admin.register(models.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "region", "kind", "is_generic"]
    list_filter = ["is_generic", "kind", "region"]
    search_fields = ["name", "aliases__text"]
    inlines = [AliasInline]

    def searched_task_ids(self, obj) -> list[int]:
        return unit_task_ids(obj.pk)


@admin.register(models.Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "display_name"]
    list_filter = ["role"]


class TaskInline(admin.TabularInline):
    model = models.Task
    fields = ["seq", "category", "content", "deadline_text", "state"]
    extra = 0
    show_change_link = True


@admin.register(models.Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["title", "doc_number", "region", "status", "imported_at"]
    list_filter = ["status", "region"]
    search_fields = ["title", "doc_number", "issuer"]
    inlines = [TaskInline]

    def searched_task_ids(self, obj) -> list[int]:
        return list(obj.tasks.values_list("pk", flat=True))


class AssignmentInline(admin.TabularInline):
    model = models.Assignment
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["__str__", "document", "category", "deadline_due", "state"]
    list_filter = ["state", "deadline_kind", "document"]
    search_fields = ["content", "category"]
    inlines = [AssignmentInline, MilestoneInline, IndicatorInline]

    def searched_task_ids(self, obj) -> list[int]:
        return [obj.pk]


class EvidenceInline(admin.TabularInline):
    model = models.EvidenceFile
    extra = 0


@admin.register(models.ProgressReport)
class ProgressReportAdmin(AuditedAdmin):
    list_display = ["task", "unit", "author", "percent", "review_status", "created"]
    list_filter = ["review_status", "state"]
    inlines = [EvidenceInline]


@admin.register(models.ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ["time", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in models.ObjectChange._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
