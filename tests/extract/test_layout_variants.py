"""The seeds re-laid in other plain-text layouts still give the gold answers.

Variants made from the seed text itself: cells without their leading tab (one cell per
paragraph), tab rows printed as markdown `|` rows or apart by spaces (a PDF's text laid out by
position), GB18030 bytes with CRLF line ends.
"""

from __future__ import annotations

import json

import pytest

from duban.extract import extract_path
from tests_support import SHARED, scorer

SEEDS = {p.stem[:3]: p for p in sorted((SHARED / "seeds").glob("*.txt"))} if SHARED.exists() else {}


def without_tabs(text: str) -> str:
    return "\n".join(line[1:] if line.startswith("\t") else line for line in text.split("\n"))


def as_markdown(text: str) -> str:
    return "\n".join(
        "| " + " | ".join(line.split("\t")) + " |" if line.count("\t") >= 2 else line for line in text.split("\n")
    )


def as_spaced_rows(text: str) -> str:
    return "\n".join(line.replace("\t", "   ") if line.count("\t") >= 2 else line for line in text.split("\n"))


VARIANTS = [
    ("001", without_tabs, "utf-8", "one cell per paragraph, seq in the content"),
    ("003", without_tabs, "utf-8", "one cell per paragraph, separate seq column"),
    ("000", as_markdown, "utf-8", "markdown rows"),
    ("000", as_spaced_rows, "utf-8", "space-aligned rows, milestone columns"),
    ("004", as_spaced_rows, "utf-8", "space-aligned rows, rows broken over lines"),
    ("004", lambda t: t.replace("\n", "\r\n"), "gb18030", "GB18030 with CRLF"),
]


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds not present beside the checkout")
@pytest.mark.parametrize(("seed", "relayout", "encoding", "note"), VARIANTS, ids=[v[3] for v in VARIANTS])
def test_it_reads_the_seed_in_another_layout(seed, relayout, encoding, note, tmp_path):
    source = SEEDS[seed]
    path = tmp_path / source.name
    path.write_bytes(relayout(source.read_text(encoding="utf-8")).encode(encoding))
    score = scorer()
    result = score.score(score.load(str(SHARED / "gold" / f"{source.stem}.json")),
                         json.loads(json.dumps(extract_path(str(path)).to_dict())))
    for key in ("task_recall", "content", "category", "lead_units", "participating_units", "deadline_due"):
        if result[key] is not None:
            assert result[key] >= 0.95, (note, key, result["misses"][:5])
