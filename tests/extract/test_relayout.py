"""Metamorphic test: every gold document re-laid in every catalogued shape reads back the same.

The gold documents are the four seeds (../shared/seeds with ../shared/gold) and the project's
own documents (tests/extract/data/*.txt with *.expected.json); the shapes are the table and
item shapes of docs/layouts.md that a re-layout can make (tests/extract/relayout.py). Each
rendering is extracted with `extract_path` and scored with the shared scorer; over all the
renderings of a shape the acceptance thresholds of issue 12 must hold and no rendering may be
refused. A failure prints the shape's per-document table.

Shapes the extractor cannot read yet are listed in KNOWN_FAILING and expected to fail
(strict): once the extractor reads one, its test passes unexpectedly and fails the run, and the
shape must then leave the set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from relayout import (
    SHAPES,
    compact,
    failures,
    gold_documents,
    render,
    score_rendering,
    summarize,
    table_text,
)

from duban.extract import extract_path
from tests_support import scorer

DOCS = gold_documents()
CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "layouts.md"

# Measured on main before the issue-12 extractor work (benchmarks/relayout_report.py).
KNOWN_FAILING: set[str] = set()  # every catalogued shape reads back now


def shape_params():
    for shape in SHAPES:
        marks = [pytest.mark.xfail(strict=True, reason="the extractor does not read this shape yet")] \
            if shape in KNOWN_FAILING else []
        yield pytest.param(shape, marks=marks, id=shape)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(shape_params()))
def test_every_gold_document_reads_back_in_the_shape(shape, tmp_path):
    score = scorer()
    scores = [score_rendering(render(shape, doc), tmp_path / f"{doc.name}.txt", extract_path, score) for doc in DOCS]
    bad = failures(summarize(scores))
    assert not bad, f"{shape}: {', '.join(bad)}\n{table_text(shape, scores)}"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_rendering_carries_every_task(shape):
    """The renderer itself drops nothing: each answer's content and units are in its text."""
    for doc in DOCS:
        rendering = render(shape, doc)
        text = compact(rendering.text)
        assert len(rendering.gold["tasks"]) == len(doc.gold["tasks"])
        for task in rendering.gold["tasks"]:
            assert compact(task["content"]) in text, (shape, doc.name, task["content"])
            for unit in task["lead_units"] + task["participating_units"]:
                assert compact(unit) in text, (shape, doc.name, unit)


def test_the_test_covers_seeds_and_own_documents():
    names = {doc.name for doc in DOCS}
    assert len(DOCS) >= 20
    if (Path(__file__).resolve().parents[3] / "shared" / "seeds").exists():
        assert {"000", "001", "003", "004"} <= names


def test_every_shape_is_in_the_catalogue():
    catalogue = CATALOGUE.read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", catalogue))
    assert set(SHAPES) <= named, sorted(set(SHAPES) - named)
    assert KNOWN_FAILING <= set(SHAPES)
    for name, renderer in SHAPES.items():
        assert (renderer.__doc__ or "").startswith(f"`{name}`"), name
