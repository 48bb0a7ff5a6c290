"""Django app configuration of the ledger."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "duban.ledger"
    verbose_name = "台账"
    default_auto_field = "django.db.models.BigAutoField"
