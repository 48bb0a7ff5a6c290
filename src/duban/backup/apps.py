"""Django app configuration of backup (it only brings the `backup` and `restore` commands)."""

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "duban.backup"
    verbose_name = "备份与恢复"

    def ready(self) -> None:
        from django.core import serializers

        from duban.backup.serializer import FORMAT_NAME

        serializers.register_serializer(FORMAT_NAME, "duban.backup.serializer")
