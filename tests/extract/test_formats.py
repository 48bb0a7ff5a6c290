"""The seeds rebuilt as real .docx/.html/.pdf/.xlsx files give the same tasks as the text.

The builder (tests/builders.py) writes each gold document in the seed's own table layout:
Word tables with vertically merged category cells, HTML with rowspan, a ruled PDF table in
the STSong-Light CID font, an Excel sheet with merged cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import build_docx, build_html, build_pdf, build_xlsx
from duban.extract import extract_path
from tests_support import SHARED, scorer

GOLDS = sorted((SHARED / "gold").glob("*.json")) if SHARED.exists() else []
BUILDERS = {"docx": build_docx, "html": build_html, "pdf": build_pdf, "xlsx": build_xlsx}


@pytest.mark.skipif(not GOLDS, reason="../shared/gold not present beside the checkout")
@pytest.mark.parametrize("fmt", sorted(BUILDERS))
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem[:3])
def test_it_reads_the_same_tasks_from_every_format(gold_path: Path, fmt: str, tmp_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = BUILDERS[fmt](gold, tmp_path / f"{gold_path.stem}.{fmt}")
    extraction = extract_path(str(path))
    assert extraction.source["format"] == fmt
    score = scorer()
    result = score.score(score.load(str(gold_path)), json.loads(json.dumps(extraction.to_dict())))
    assert result["task_recall"] == 1.0, result["misses"][:5]
    assert result["lead_units"] >= 0.95, result["misses"][:5]
    if result["participating_units"] is not None:
        assert result["participating_units"] >= 0.95, result["misses"][:5]
