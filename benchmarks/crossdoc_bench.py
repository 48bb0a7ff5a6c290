"""Similarity match of a lower document against an upper set: 1,000 lower tasks, each the
top-3 upper tasks among 5,000, by character n-gram TF-IDF (what the cascade suggestions use).

The task texts are made from the four seeds' gold tasks: every upper task is a seed task with a
distinguishing place and year phrase, every lower task a reworded copy of one upper task; the
script prints the time and how often the right upper task is first (and in the top 3).

    .venv/bin/python benchmarks/crossdoc_bench.py [--lower 1000] [--upper 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

from duban.crossdoc.services.similarity import top_k

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "gold"
if not GOLD.is_dir():
    GOLD = Path("/work/shared/gold")
PLACES = ["东台", "大丰", "建湖", "射阳", "阜宁", "滨海", "响水", "亭湖", "盐都", "岳阳", "荆门",
          "柞水", "华容", "湘阴", "平江", "汨罗", "临湘", "京山", "沙洋", "钟祥"]
SWAPS = [("推进", "推动"), ("加强", "强化"), ("建立", "建立健全"), ("完善", "健全"),
         ("市", "县"), ("全面", "全力"), ("落实", "抓好落实")]


def seed_texts() -> list[str]:
    texts = []
    for path in sorted(GOLD.glob("*.json")):
        texts += [t["content"] for t in json.loads(path.read_text(encoding="utf-8"))["tasks"]]
    return texts


def reword(text: str, rng: random.Random) -> str:
    for old, new in rng.sample(SWAPS, 3):
        text = text.replace(old, new)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lower", type=int, default=1000)
    parser.add_argument("--upper", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(15)
    base = seed_texts()
    upper = [f"{PLACES[i % len(PLACES)]}{2018 + i % 7}年第{i // len(base) + 1}批："
             f"{base[i % len(base)]}" for i in range(args.upper)]
    picks = rng.sample(range(args.upper), args.lower)
    lower = [reword(upper[i], rng) for i in picks]
    start, cpu = time.perf_counter(), time.process_time()
    found = top_k(lower, upper, k=3)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    top1 = sum(c[0].index == i for c, i in zip(found, picks, strict=True)) / len(picks)
    top3 = sum(i in {x.index for x in c} for c, i in zip(found, picks, strict=True)) / len(picks)
    load = os.getloadavg()[0]
    figures = {"lower": args.lower, "upper": args.upper, "wall_s": round(seconds, 3),
               "cpu_s": round(cpu, 3), "load_average": round(load, 2),
               "cores": os.cpu_count(), "top1": round(top1, 4), "top3": round(top3, 4)}
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "crossdoc.json").write_text(json.dumps(figures, indent=1))
    print(f"crossdoc similarity match: {args.lower} lower × {args.upper} upper tasks in "
          f"{seconds:.2f} s wall, {cpu:.2f} s CPU (load average {load:.1f} on "
          f"{os.cpu_count()} cores); top-1 {top1:.1%}, top-3 {top3:.1%}; limit 2 s: "
          f"{'ok' if seconds < 2 else 'over (wall)'}")


if __name__ == "__main__":
    main()
