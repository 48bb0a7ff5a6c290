"""`duban demo`: migrate, import the seed documents and create one account per role.

Idempotent: a seed already in the ledger (same sha256) is skipped and accounts are reset to the
passwords of ``demo/accounts.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

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


class Command(BaseCommand):
    help = "建立演示环境：迁移数据库、导入示例文件、创建演示账号"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.DUBAN_DEMO_DIR),
            help="演示数据目录（含 seeds/ 与 accounts.yaml）",
        )

    def handle(self, *args, **options):
        demo_dir = Path(options["dir"])
        if not (demo_dir / "accounts.yaml").exists():
            raise CommandError(f"找不到演示数据：{demo_dir / 'accounts.yaml'}")
        call_command("migrate", interactive=False, verbosity=0)
        for path in sorted((demo_dir / "seeds").glob("*")):
            self.import_seed(path)
        accounts = yaml.safe_load((demo_dir / "accounts.yaml").read_text(encoding="utf-8"))
        self.stdout.write("\n演示账号（登录 http://127.0.0.1:8000/）：")
        for spec in accounts["accounts"]:
            user = self.save_demo_account(spec)
            unit = user.profile.unit
            self.stdout.write(
                f"  {spec['username']:<10} {spec['password']:<22} "
                f"{user.profile.get_role_display()}" + (f"（{unit.full_name}）" if unit else "")
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
