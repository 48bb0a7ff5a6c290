"""End-to-end: the four seed documents scored against the hand-checked gold answers.

The thresholds are the acceptance criteria of the extraction issue; the scorer is the
shared, standard-library `score_extraction.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests_support import SHARED, scorer

SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.exists() else []
MINIMUMS = {
    "task_recall": 1.0,
    "task_precision": 0.98,
    "content": 0.97,
    "category": 0.95,
    "lead_units": 0.97,
    "participating_units": 0.95,
    "deadline_kind": 0.97,
    "deadline_due": 0.97,
    "milestones": 0.90,
    "indicators": 0.85,
    "document": 0.8,
}


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds not present beside the checkout")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_it_meets_the_gold_scores(seed, tmp_path):
    out = tmp_path / "pred.json"
    subprocess.run([sys.executable, "-m", "duban.cli", "extract", str(seed), "--out", str(out)], check=True)
    score = scorer()
    gold = score.load(str(SHARED / "gold" / f"{seed.stem}.json"))
    result = score.score(gold, score.load(str(out)))
    low = {k: round(result[k], 3) for k, v in MINIMUMS.items() if result.get(k) is not None and result[k] < v}
    assert not low, f"below minimum: {low}; misses: {json.dumps(result['misses'][:8], ensure_ascii=False)}"
