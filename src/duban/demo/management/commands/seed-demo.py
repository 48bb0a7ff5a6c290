"""``duban seed-demo --regions N --counties C --tasks M --reports K --seed S``: a synthetic
province (see ``duban.demo.generator``) for demos and benchmarks."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.demo.generator import DEMO_PASSWORD, SeedError, SeedOptions, seed_province


class Command(BaseCommand):
    help = "生成一个合成省份（市、县、部门、文件、任务、进展报送），用于演示和性能测试"

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=15, help="地级市数量")
        parser.add_argument("--counties", type=int, default=100, help="县区总数")
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--reports", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="数据的“今天”（YYYY-MM-DD，默认今天）；同一 seed 与日期结果相同")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--seeds-dir", default=str(Path(settings.DUBAN_DEMO_DIR) / "seeds"),
                            help="用作模板的示例文件目录")

    def handle(self, *args, **options):
        if min(options["regions"], options["tasks"], options["reports"]) < 0:
            raise CommandError("counts must not be negative")
        seed_options = SeedOptions(
            cities=options["regions"], counties=options["counties"], tasks=options["tasks"],
            reports=options["reports"], seed=options["seed"],
            today=options["today"] or timezone.localdate(), password=options["password"])
        started = time.perf_counter()
        try:
            summary = seed_province(seed_options, Path(options["seeds_dir"]))
        except SeedError as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{name} {value}" for name, value in vars(summary).items())
        self.stdout.write(f"seed-demo: {counts} in {elapsed:.1f} s")
        self.stdout.write("accounts: demo-office, demo-leader, u<unit id> (reporters); "
                          f"password {seed_options.password}")
