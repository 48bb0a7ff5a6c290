"""Crossdoc test helpers: the seeds imported as text, and re-built in other formats."""

from __future__ import annotations

import tempfile
from pathlib import Path

from builders import SHARED, build_docx, build_html, build_pdf, build_xlsx, load_case
from duban.ledger.services import build_import_preview, confirm_import

SEEDS = ("000", "001", "003", "004")
BUILDERS = {"docx": build_docx, "xlsx": build_xlsx, "pdf": build_pdf, "html": build_html}
DATA = Path(__file__).parent / "data"


def seed_path(stem: str) -> Path:
    return sorted((SHARED / "seeds").glob(f"{stem}*.txt"))[0]


def import_seed(stem: str, actor=None):
    """Import a seed's text as the demo does."""
    path = seed_path(stem)
    data = path.read_bytes()
    preview = build_import_preview(data=data, filename=path.name)
    return confirm_import(preview, {}, actor, data, path.name)


def seed_in_format(stem: str, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a seed's gold table rebuilt as .docx/.xlsx/.pdf/.html."""
    with tempfile.TemporaryDirectory() as tmp:
        path = BUILDERS[fmt](load_case(stem), Path(tmp) / f"{stem}-again.{fmt}")
        return path.name, path.read_bytes()


def import_file(path: Path, actor=None):
    data = path.read_bytes()
    preview = build_import_preview(data=data, filename=path.name)
    return confirm_import(preview, {}, actor, data, path.name)
