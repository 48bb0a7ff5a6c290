"""`duban check_files [--delete-orphans]`: files in media/ without a row, rows without a file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from duban.backup.files import check_media, delete_orphans


class Command(BaseCommand):
    help = "核对 media 目录与数据库：列出没有记录的文件（孤儿文件）和文件缺失的记录"

    def add_arguments(self, parser):
        parser.add_argument("--delete-orphans", action="store_true",
                            help="删除没有任何记录引用的文件")

    def handle(self, *args, **options):
        report = check_media()
        for name in report.orphans:
            self.stdout.write(f"孤儿文件（无记录）：{name}")
        for label, pk, name in report.missing:
            self.stdout.write(f"文件缺失：{label} #{pk} → {name}")
        if report.orphans and options["delete_orphans"]:
            self.stdout.write(f"已删除 {delete_orphans(report.orphans)} 个孤儿文件")
            report.orphans = []
        if not report.clean:
            raise CommandError(f"media 与数据库不一致：孤儿文件 {len(report.orphans)} 个，"
                               f"缺失文件 {len(report.missing)} 个")
        self.stdout.write("media 与数据库一致")
