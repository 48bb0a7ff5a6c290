"""The crossdoc Django app."""

from django.apps import AppConfig


class CrossdocConfig(AppConfig):
    name = "duban.crossdoc"
    label = "crossdoc"
    verbose_name = "跨文件比对"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from duban.crossdoc import signals  # noqa: F401 (connects the receivers)
