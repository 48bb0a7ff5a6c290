"""Print how the extractor reads every gold document re-laid in every catalogued shape.

    .venv/bin/python benchmarks/relayout_report.py [--shape NAME ...] [--docs] [--json]

One line per shape: micro task recall and precision over all its renderings, field scores
weighted by aligned tasks, refusals, and whether the shape meets the acceptance thresholds of
tests/extract/test_relayout.py. `--docs` adds the per-document lines under each shape.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "extract")]

from relayout import (  # noqa: E402
    FIELDS,
    SHAPES,
    failures,
    gold_documents,
    render,
    score_rendering,
    summarize,
    table_text,
)

from duban.extract import extract_path  # noqa: E402
from tests_support import scorer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", action="append", help="only this shape (repeatable)")
    ap.add_argument("--docs", action="store_true", help="print the per-document lines too")
    ap.add_argument("--json", action="store_true", help="print the summaries as JSON")
    args = ap.parse_args()
    docs = gold_documents()
    shapes = args.shape or list(SHAPES)
    score = scorer()
    summaries = {}
    started = time.perf_counter()
    fmt = lambda v: "  -  " if v is None else f"{v:5.2f}"  # noqa: E731
    if not args.json:
        print(f"{len(docs)} gold documents; thresholds in tests/extract/relayout.py")
        print(f"{'shape':22} {'recall':>6} {'prec':>6} " + " ".join(f"{f[:8]:>8}" for f in FIELDS) + "  refused  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            folder = Path(tmp) / shape
            folder.mkdir()
            scores = [score_rendering(render(shape, d), folder / f"{d.name}.txt", extract_path, score) for d in docs]
            summary = summarize(scores)
            summaries[shape] = summary
            if args.json:
                continue
            bad = failures(summary)
            print(f"{shape:22} {fmt(summary['task_recall']):>6} {fmt(summary['task_precision']):>6} "
                  + " ".join(f"{fmt(summary[f]):>8}" for f in FIELDS)
                  + f"  {summary['refused']:7}  {'pass' if not bad else 'FAIL'}")
            if args.docs:
                print(table_text(shape, scores))
    if args.json:
        print(json.dumps(summaries, ensure_ascii=False, indent=1))
    else:
        print(f"{len(shapes) * len(docs)} renderings in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
