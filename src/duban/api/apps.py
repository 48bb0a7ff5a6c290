"""Django app of the REST API (its one model: per-user API tokens)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "duban.api"
    label = "duban_api"
    verbose_name = "接口"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from duban.api.dashboard import forget_counts
        from duban.ledger.models import ProgressReport, Task
        from duban.supervision.models import TaskStatus
        from duban.supervision.signals import statuses_changed

        for model in (Task, ProgressReport, TaskStatus):
            uid = f"duban-api-dashboard-{model.__name__}"
            post_save.connect(forget_counts, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(forget_counts, sender=model, dispatch_uid=uid + "-delete")
        statuses_changed.connect(forget_counts, dispatch_uid="duban-api-dashboard-statuses")
