"""Django app configuration of security: registers the system checks and sign-in receivers."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "duban.security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.security import checks, signals  # noqa: F401  (registers checks and receivers)
