"""Ledger export of a 4,000-task document (issue 13.11): first request (built and cached) and
second request (streamed from the cached file), .xlsx and .csv, on SQLite in a throw-away
DUBAN_HOME; then a report on one task (a new document version) and the rebuild.

    .venv/bin/python benchmarks/export_bench.py [--tasks 4000]

Each export is a request through Django's test client as the office (in process, so the wall
time of a request is the server's time, the body read to the end). Prints the figures and writes
``benchmarks/results/export.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "export.json"
UNITS = ["市卫生健康委", "市医保局", "市财政局", "市人社局", "市市场监管局", "市发展改革委"]


def setup_django(home: str) -> None:
    os.environ["DUBAN_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def extraction(tasks: int) -> dict:
    """A 分工表 of ``tasks`` rows in 40 categories, each with a lead and a participating unit."""
    rows = []
    for n in range(1, tasks + 1):
        rows.append({
            "seq": str(n), "category": f"第{(n - 1) // 100 + 1}类重点改革任务",
            "content": f"推进第{n}项医改重点任务，完善配套政策并按季度报送进展情况。" * 2,
            "lead_units": [UNITS[n % len(UNITS)]],
            "participating_units": [UNITS[(n + 1) % len(UNITS)]],
            "deadline": {"text": "2026年12月底前", "kind": "date", "start": None,
                         "due": "2026-12-31"},
            "milestones": [], "target": None, "indicators": [], "source_lines": [n, n]})
    return {"source": {"path": "bench.txt", "format": "txt", "sha256": ""},
            "document": {"title": f"{tasks}项任务分工表", "issuer": "盐城市医改办",
                         "doc_number": "", "issued_on": "2026-01-10", "region": "盐城市",
                         "period": {"start": "2026-01-01", "end": "2026-12-31"}},
            "tasks": rows}


def timed_get(client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)
    body = response.getvalue()
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start, len(body)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=4000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        setup_django(home)
        from django.test import Client

        from duban.ledger.services import (
            confirm_import,
            preview_from_extraction,
            save_account,
            submit_progress_report,
        )

        start = time.perf_counter()
        preview = preview_from_extraction(extraction(args.tasks), filename="bench.txt",
                                          sha256="b" * 64)
        document = confirm_import(preview, dict.fromkeys(UNITS, "create"), None, b"bench",
                                  "bench.txt")
        print(f"built a {document.tasks.count()}-task document in "
              f"{time.perf_counter() - start:.1f} s")
        office = save_account(None, "bench-office", "office", password="bench-pass-2026")
        client = Client()
        client.force_login(office)
        figures = {"tasks": args.tasks, "machine": platform.machine(), "cores": os.cpu_count()}
        for fmt, url in (("xlsx", f"/documents/{document.pk}/ledger.xlsx"),
                         ("csv", f"/documents/{document.pk}/ledger.csv")):
            first, size = timed_get(client, url)
            second, _ = timed_get(client, url)
            submit_progress_report(office, document.tasks.first(), "新的进展", 50)
            rebuilt, _ = timed_get(client, url)
            figures[fmt] = {"first_s": round(first, 3), "second_s": round(second, 3),
                            "after_a_report_s": round(rebuilt, 3), "bytes": size}
            print(f"{fmt}: first {first:.3f} s (built), second {second:.3f} s (cached), "
                  f"after a report {rebuilt:.3f} s (rebuilt); {size / 1024:.0f} KiB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
