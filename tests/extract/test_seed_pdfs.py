"""The seeds as LibreOffice prints them to PDF give the gold's tasks (issue 12, item 5).

tests/office_pdfs.py makes the PDFs in one LibreOffice run: each seed's table from Word (A4
portrait with Word's equal columns and no repeated header, A4 landscape with sized columns and
the header repeated on each page), from Excel (cells wrapped and ruled, the header repeated),
from a web page, and the seed's own text file printed as it is. Word and the web page break
long rows across pages; Excel breaks merged group cells.

The seed 000's text is left out of the printed texts: its table is tab-separated rows (with
the web page's `<p>` tags), and a printed text keeps no tabs, so its columns are gone.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from duban.extract import extract_path
from office_pdfs import VARIANTS, seed_pdfs, seed_stems
from tests_support import SHARED, scorer

UNPRINTABLE = {("000", "txt")}
CASES = [
    (stem, variant)
    for stem in seed_stems()
    for variant in [*VARIANTS, "txt"]
    if (stem, variant) not in UNPRINTABLE
]
MINIMUMS = {
    "task_recall": 1.0,
    "task_precision": 0.98,
    "content": 0.98,
    "lead_units": 0.97,
    "participating_units": 0.95,
    "deadline_due": 0.97,
}


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    return seed_pdfs(tmp_path_factory.mktemp("seed-pdfs"))


@cache
def extraction_of(path) -> object:
    """One extraction per PDF for the tests of this module (pdfplumber takes seconds)."""
    return extract_path(str(path))


def scores(stem: str, extraction) -> dict:
    (gold,) = (SHARED / "gold").glob(f"{stem}*.json")
    score = scorer()
    return score.score(score.load(str(gold)), json.loads(json.dumps(extraction.to_dict())))


@pytest.mark.skipif(not CASES, reason="../shared/gold not present beside the checkout")
@pytest.mark.parametrize(("stem", "variant"), CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_a_printed_seed_gives_the_gold_tasks(pdfs, stem, variant):
    extraction = extraction_of(pdfs[(stem, variant)])
    assert extraction.source["format"] == "pdf"
    result = scores(stem, extraction)
    low = {k: round(result[k], 3) for k, v in MINIMUMS.items() if result.get(k) is not None and result[k] < v}
    assert not low, f"below minimum: {low}; misses: {json.dumps(result['misses'][:6], ensure_ascii=False)}"


@pytest.mark.skipif("001" not in seed_stems(), reason="../shared/gold not present beside the checkout")
@pytest.mark.parametrize("variant", [*VARIANTS, "txt"])
def test_the_seed_001_pdf_gives_the_35_tasks_of_its_text(pdfs, variant):
    (seed,) = (SHARED / "seeds").glob("001*.txt")
    from_text = extract_path(str(seed)).tasks
    from_pdf = extraction_of(pdfs[("001", variant)]).tasks
    assert len(from_text) == 35
    assert [task_key(t) for t in from_pdf] == [task_key(t) for t in from_text]


def task_key(task) -> tuple:
    """What a task is, its text compared as the scorer does (the text path writes `；` where a
    table cell keeps the printed `;`)."""
    words = scorer().norm_text
    units = sorted(task.lead_units), sorted(task.participating_units)
    return task.seq, words(task.content), units, task.deadline.text


@pytest.mark.skipif(not CASES, reason="../shared/gold not present beside the checkout")
@pytest.mark.parametrize(("stem", "variant"), CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_no_piece_of_a_cut_row_or_name_is_left_over(pdfs, stem, variant):
    """The symptoms of a row cut by the page: a task with a deadline of `年` and no lead, and
    pieces of a unit name (`县司`, `法局`, `卫生院`) given as units."""
    for task in extraction_of(pdfs[(stem, variant)]).tasks:
        assert task.lead_units or task.participating_units, task
        assert task.deadline.text != "年", task
        assert "fragment_unit" not in task.doubts, task
        assert "row_may_continue" not in task.doubts, task
