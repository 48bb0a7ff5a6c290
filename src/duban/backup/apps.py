"""Django app configuration of backup (it only brings the `backup` and `restore` commands)."""

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "duban.backup"
    verbose_name = "备份与恢复"
