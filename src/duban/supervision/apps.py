"""Django app configuration of supervision; connects the incremental status recompute."""

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    verbose_name = "督查督办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.supervision import signals  # noqa: F401  (connects the receivers)
