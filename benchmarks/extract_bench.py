"""Extraction speed and memory, printed as figures.

- throughput after start-up: MB/s of text and tasks/s over the seed documents, repeated,
  with the per-cell memo cleared before every document;
- start-up: wall time of `duban extract --help` in a fresh process (median of 5);
- peak memory: tracemalloc peak of one extraction of the largest seed, and the process's max RSS.

Targets (extraction issue): >= 1 MB/s of text per core, start-up < 0.3 s.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) or sorted((ROOT / "demo" / "seeds").glob("*.txt"))
DUBAN = ROOT / ".venv" / "bin" / "duban"


def throughput(rounds: int = 30) -> dict[str, float]:
    from duban.extract import extract_document
    from duban.extract.units import clear_caches
    from duban.intake import read_document

    docs = [read_document(str(p)) for p in SEEDS]
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    extract_document(docs[0])  # warm caches: vocabulary loading is start-up, not throughput
    tasks = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            clear_caches()  # each document cold: only repetition inside a document helps
            tasks += len(extract_document(doc).tasks)
    elapsed = time.perf_counter() - start
    return {"mb_per_s": size * rounds / elapsed / 1e6, "tasks_per_s": tasks / elapsed, "bytes_per_round": size}


def startup(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(DUBAN), "extract", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory() -> dict[str, float]:
    from duban.extract import extract_document
    from duban.intake import read_document

    largest = max(SEEDS, key=lambda p: p.stat().st_size)
    tracemalloc.start()
    extract_document(read_document(str(largest)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"tracemalloc_peak_mb": peak / 1e6, "max_rss_mb": rss_kb / 1024}


def main() -> int:
    if not SEEDS:
        print("no seed documents found", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    figures = {"cores": os.cpu_count(), **throughput(), "startup_s": startup(), **peak_memory()}
    for key, value in figures.items():
        print(f"{key:22s} {value:.3f}" if isinstance(value, float) else f"{key:22s} {value}")
    verdict = figures["mb_per_s"] >= 1.0 and figures["startup_s"] < 0.3
    print("targets met" if verdict else "TARGETS MISSED: need >= 1 MB/s and start-up < 0.3 s")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "extract.json").write_text(json.dumps(figures, indent=1))
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
