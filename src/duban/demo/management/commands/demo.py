"""`duban demo`: migrate, import the seed documents, create one account per role, and bring the
seeds to life (``duban.demo.living``): their calendar moved into the present by whole years and
a year of reports, reviews, reminders, one 督办单, closed and reopened tasks behind them.

Idempotent: a seed already in the ledger (same sha256) is skipped, a seed already brought to
life is left as it is, and accounts are reset to the passwords of ``demo/accounts.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.ledger.choices import Role
from duban.ledger.models import Document, Profile, Region
from duban.ledger.services import (
    build_import_preview,
    confirm_import,
    create_unit,
    get_or_create_region,
    resolve_unit,
    save_account,
)
from duban.ledger.services.imports import sha256_of
from duban.supervision.models import EscalationNotice
from duban.supervision.services.counts import status_counts
from duban.supervision.services.status import recompute_all


class Command(BaseCommand):
    help = "建立演示环境：迁移数据库、导入示例文件、创建演示账号、生成一年的督办记录"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.DUBAN_DEMO_DIR),
            help="演示数据目录（含 seeds/ 与 accounts.yaml）",
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="打印给用户的登录地址（与实际服务的地址和端口一致，make run 会传入）",
        )
        parser.add_argument("--seed", type=int, default=2026, help="演示记录的随机种子")

    def handle(self, *args, **options):
        from duban.demo import living

        demo_dir = Path(options["dir"])
        if not (demo_dir / "accounts.yaml").exists():
            raise CommandError(f"找不到演示数据：{demo_dir / 'accounts.yaml'}")
        call_command("migrate", interactive=False, verbosity=0)
        living.demo_rules()
        paths = sorted((demo_dir / "seeds").glob("*"))
        for path in paths:
            self.import_seed(path)
        accounts = yaml.safe_load((demo_dir / "accounts.yaml").read_text(encoding="utf-8"))
        users = [self.save_demo_account(spec) for spec in accounts["accounts"]]
        self.bring_to_life(paths, users, options["seed"])
        self.stdout.write(f"\n演示账号（登录 {options['url']}）：")
        for spec, user in zip(accounts["accounts"], users, strict=True):
            unit = user.profile.unit
            self.stdout.write(
                f"  {spec['username']:<10} {spec['password']:<22} "
                f"{user.profile.get_role_display()}" + (f"（{unit.full_name}）" if unit else "")
            )

    def bring_to_life(self, paths: list[Path], users: list, seed: int) -> None:
        from duban.demo import living

        office = next(u for u in users if u.profile.role == Role.OFFICE)
        today = timezone.localdate()
        hashes = [sha256_of(path.read_bytes()) for path in paths]
        fresh = Document.objects.filter(sha256__in=hashes, demo_year_shift__isnull=True)
        seeded = 0
        for document in fresh.order_by("pk"):
            years = living.year_shift(document, today)
            living.shift_document(document, years)
            history = living.seed_history(document, today, office, seed)
            seeded += 1
            self.stdout.write(
                f"演示数据：《{document.title}》日期整体平移 {years} 年；"
                f"报送 {history.reports} 条（退回 {history.returned}），"
                f"销号 {history.closed} 项，催办 {history.reminders} 次"
            )
        if not seeded:
            return
        recompute_all(today)
        if not EscalationNotice.objects.exists():
            living.issue_escalation(today, [u.profile.unit for u in users if u.profile.unit])
        living.apply_pending_closing(today)
        living.reopen_one(office, today)
        recompute_all(today)
        counts = status_counts(today)
        readers = [u for u in users if u.profile.role in (Role.OFFICE, Role.LEADER)]
        living.brief_readers(readers, today, counts)
        states = "，".join(f"{label} {n}" for _, label, n in counts.state_rows() if n)
        lights = counts.lights
        self.stdout.write(
            f"研判 {today:%Y-%m-%d}：{states}；红灯 {lights['red']}，黄灯 {lights['yellow']}，"
            f"绿灯 {lights['green']}"
        )

    def import_seed(self, path: Path) -> None:
        data = path.read_bytes()
        existing = Document.objects.filter(sha256=sha256_of(data)).first()
        if existing is not None:
            self.stdout.write(f"已导入，跳过：{path.name}（《{existing.title}》）")
            return
        try:
            preview = build_import_preview(data=data, filename=path.name)
            document = confirm_import(preview, {}, None, data, path.name)
        except ValueError as exc:
            self.stderr.write(f"duban demo: {path.name}: {getattr(exc, 'reason', exc)}")
            return
        summary = document.import_summary
        self.stdout.write(f"导入 {path.name}：《{document.title}》 任务 {summary['tasks']} 条")

    def save_demo_account(self, spec: dict):
        unit = None
        if spec["role"] == Role.REPORTER:
            region = Region.objects.filter(name=spec["region"]).first()
            unit = resolve_unit(spec["unit"], region)
            if unit is None:
                unit = create_unit(None, spec["unit"], get_or_create_region(spec["region"]))
        user = save_account(
            None,
            spec["username"],
            spec["role"],
            password=spec["password"],
            unit=unit,
            display_name=spec.get("name", ""),
        )
        if spec.get("staff"):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        # Marked in the database, so that a rename does not hide it from the production check.
        Profile.objects.filter(user=user).update(demo_account=spec["username"])
        user.profile.refresh_from_db()
        return user
