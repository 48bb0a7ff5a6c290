"""Django app configuration of the ledger."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "duban.ledger"
    verbose_name = "台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from duban.ledger.models import Region, Unit, UnitKind
        from duban.ledger.services.directory import forget_directory

        for model in (Unit, Region, UnitKind):
            uid = f"duban-unit-directory-{model.__name__}"
            post_save.connect(forget_directory, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(forget_directory, sender=model, dispatch_uid=uid + "-delete")
