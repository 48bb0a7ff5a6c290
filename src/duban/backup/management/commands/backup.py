"""`duban backup [FILE]`: the database and every stored file into one checked .tar.gz."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from duban.backup.archive import create_backup


class Command(BaseCommand):
    help = "备份数据库与全部文件（原始文件、佐证材料）到一个 .tar.gz（含 sha256 清单）"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="备份文件路径（默认 duban-backup-时间.tar.gz）")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        target = options["file"] or f"duban-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = create_backup(target, using=options["database"])
        files = len(manifest["files"]) - 1
        self.stdout.write(f"已备份到 {target}：数据库 + {files} 个文件")
