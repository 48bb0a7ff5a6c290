"""`duban import FILE…`: extract each file and land it in the ledger, creating unknown units.

``--dry-run`` prints what the import preview flags (unknown units, tasks without a lead unit,
unparsed deadlines, an already imported file) and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from duban.ledger.services import (
    ImportPreview,
    build_import_preview,
    confirm_import,
    document_counts,
)

FLAG_LABELS = {
    "no_lead": "无牵头单位",
    "unparsed_deadline": "时限未识别",
    "unknown_units": "含新单位",
    "undefined_group": "待定义的单位组",
}


class Command(BaseCommand):
    help = "导入任务分工文件（提取任务并建立台账）"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="只显示预览和需要确认的问题")
        parser.add_argument("--user", metavar="USERNAME", help="记为该用户导入")

    def handle(self, *args, **options):
        actor = self.actor(options.get("user"))
        failed = 0
        for name in options["files"]:
            try:
                preview = build_import_preview(name)
                if options["dry_run"]:
                    self.print_preview(name, preview)
                else:
                    self.land(name, preview, actor)
            except (ValueError, OSError) as exc:
                # IntakeError, ExtractError and ImportFailed are all ValueErrors.
                self.stderr.write(f"duban import: {name}: {getattr(exc, 'reason', exc)}")
                failed += 1
        if failed:
            raise CommandError(f"{failed} 个文件未能导入")

    def actor(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        return user

    def land(self, name: str, preview: ImportPreview, actor) -> None:
        data = Path(name).read_bytes()
        document = confirm_import(preview, {}, actor, data, Path(name).name)
        counts = document_counts(document)
        new_units = document.import_summary["units_created"]
        self.stdout.write(
            f"{name}: 《{document.title}》 {document.region or ''} "
            f"任务 {counts['tasks']}，分工 {counts['assignments']}，"
            f"节点 {counts['milestones']}，指标 {counts['indicators']}；"
            f"新建单位 {len(new_units)} 个" + (f"：{'、'.join(new_units)}" if new_units else "")
        )

    def print_preview(self, name: str, preview: ImportPreview) -> None:
        info = preview.extraction["document"]
        self.stdout.write(
            f"{name}: 《{info.get('title') or ''}》 {info.get('region') or ''} "
            f"任务 {len(preview.tasks)} 条"
        )
        if preview.duplicate_of:
            self.stdout.write(f"  ! 该文件已导入（文件 #{preview.duplicate_of}）")
        for unit_name in preview.unknown_units:
            candidates = "、".join(c["label"] for c in preview.units[unit_name]["candidates"])
            self.stdout.write(
                f"  ? 新单位 {unit_name}" + (f"（可能是：{candidates}）" if candidates else "")
            )
        for task, flagged in zip(preview.extraction["tasks"], preview.tasks, strict=True):
            flags = [FLAG_LABELS[f] for f in flagged["flags"] if f != "unknown_units"]
            if flags:
                label = task.get("seq") or flagged["index"] + 1
                self.stdout.write(f"  - 第 {label} 项：{'，'.join(flags)}")
