"""`duban restore FILE`: restore a `duban backup` archive into an empty database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from duban.backup.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 duban backup 生成的备份恢复数据库与文件（目标数据库须为空）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.tar.gz）")
        parser.add_argument("--database", default="default")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时先清空")
        parser.add_argument("--allow-other-site", action="store_true",
                            help="接受另一站点（SECRET_KEY 不同）生成的备份；其签名无法核对")

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["file"], using=options["database"],
                                    replace=options["replace"],
                                    allow_other_site=options["allow_other_site"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复：{result.objects} 条记录，{result.files} 个文件")
