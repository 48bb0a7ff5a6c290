"""PDFs of the seeds made the way an office makes them: LibreOffice printing a Word table, an
Excel sheet, a web page or a text file to A4.

The .docx/.xlsx/.html come from the gold files through tests/builders.py, given the print set-up
an office gives them: A4 pages, long cells wrapped inside their column, the header row repeated
on every page or not, columns sized to their contents or all equal. The seeds' .txt files are
printed as they are. Every file goes through one ``soffice --convert-to pdf`` call (LibreOffice
takes seconds to start), so a test session converts them all at once.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from builders import (
    SHARED,
    build_docx,
    build_html,
    build_xlsx,
    column_roles,
    column_widths,
    load_case,
)

A4_MM = (210, 297)
SOFFICE = ("soffice", "libreoffice")
CONVERT_TIMEOUT = 600


def soffice() -> str:
    """The LibreOffice command, or a skip (a failure under CI=true, where `make system-deps`
    installs it)."""
    found = next((shutil.which(name) for name in SOFFICE if shutil.which(name)), None)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is missing: `make system-deps` installs it")
    pytest.skip("LibreOffice (soffice) is not installed: the seed PDFs cannot be made")


def seed_stems() -> list[str]:
    return sorted(path.stem[:3] for path in (SHARED / "gold").glob("*.json")) if SHARED.exists() else []


# --- print set-up of the office files -------------------------------------------------------


def a4_docx(stem: str, path: Path, *, landscape: bool, repeat_header: bool, sized: bool) -> Path:
    """The seed's table in Word on A4; ``sized`` gives the columns widths by what they hold
    (else Word's equal columns); ``repeat_header`` marks the header row to repeat on each page."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    build_docx(load_case(stem), path)
    document = docx.Document(str(path))
    section = document.sections[0]
    width, height = A4_MM[::-1] if landscape else A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(20)
    usable = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if repeat_header:
            header_row = table.rows[0]._tr.get_or_add_trPr()
            header_row.append(OxmlElement("w:tblHeader"))
        if sized:
            table.autofit = False
            widths = column_widths(column_roles(header), usable)
            for column, width_emu in zip(table.columns, widths, strict=True):
                column.width = int(width_emu)
            for row in table.rows:
                for cell, width_emu in zip(row.cells, widths, strict=True):
                    cell.width = int(width_emu)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(_allow_break(qn))
    document.save(str(path))
    return path


def _allow_break(qn):
    """An explicit `cantSplit` off: a long row may break across pages (Word's default)."""
    from docx.oxml import OxmlElement

    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "0")
    return element


def a4_xlsx(stem: str, path: Path) -> Path:
    """The seed's table in Excel, printed: A4 landscape fitted to the page width, every cell
    wrapped and ruled, the header row repeated on each page."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    build_xlsx(load_case(stem), path)
    book = openpyxl.load_workbook(str(path))
    sheet = book.active
    header_row = next(
        row[0].row for row in sheet.iter_rows() if sum(bool(cell.value) for cell in row) >= 3
    )
    header = [cell.value or "" for cell in sheet[header_row]]
    for column, width in enumerate(column_widths(column_roles(header), 150), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        sheet.row_dimensions[row[0].row].height = wrapped_height(sheet, row)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    book.save(str(path))
    return path


XLSX_LINE_POINTS = 15
XLSX_HAN_WIDTH = 2.2  # a Chinese character is about two of Excel's width units


def wrapped_height(sheet, row) -> float:
    """The height a row needs for its wrapped cells (LibreOffice keeps an .xlsx row's stored
    height, so the print set-up gives it, as Excel's 'AutoFit row height' would)."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for cell in row:
        if not cell.value:
            continue
        width = sheet.column_dimensions[get_column_letter(cell.column)].width
        lines = max(lines, math.ceil(len(str(cell.value)) * XLSX_HAN_WIDTH / width))
    return lines * XLSX_LINE_POINTS + 3


# --- the set of PDFs --------------------------------------------------------------------------

VARIANTS = {
    # Word's equal columns on portrait A4: narrow cells, rows broken by nearly every page end
    "docx-portrait": lambda stem, path: a4_docx(stem, path, landscape=False, repeat_header=False, sized=False),
    # columns sized to their contents on landscape A4, the header repeated on every page
    "docx-landscape": lambda stem, path: a4_docx(stem, path, landscape=True, repeat_header=True, sized=True),
    "xlsx": a4_xlsx,
    "html": lambda stem, path: build_html(load_case(stem), path),
}
SOURCE_SUFFIX = {"docx-portrait": ".docx", "docx-landscape": ".docx", "xlsx": ".xlsx", "html": ".html"}


def office_sources(stem: str, folder: Path) -> dict[str, Path]:
    """The office files of one seed, by variant name; the seed's own text file as ``txt``."""
    sources = {}
    for variant, make in VARIANTS.items():
        sources[variant] = make(stem, folder / f"{stem}-{variant}{SOURCE_SUFFIX[variant]}")
    (seed,) = (SHARED / "seeds").glob(f"{stem}*.txt")
    sources["txt"] = Path(shutil.copy(seed, folder / f"{stem}-txt.txt"))
    return sources


def convert_to_pdf(command: str, sources: list[Path], folder: Path) -> None:
    """One LibreOffice run for all files, in a private profile (a running LibreOffice or a
    parallel test run keeps its own)."""
    profile = folder / "lo-profile"
    subprocess.run(
        [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, sources)],
        check=True, capture_output=True, timeout=CONVERT_TIMEOUT,
    )


def seed_pdfs(folder: Path) -> dict[tuple[str, str], Path]:
    """Every seed in every variant as a LibreOffice-made PDF: {(stem, variant): path}."""
    command = soffice()
    wanted = {(stem, variant): path for stem in seed_stems() for variant, path in office_sources(stem, folder).items()}
    convert_to_pdf(command, list(wanted.values()), folder)
    pdfs = {key: path.with_suffix(".pdf") for key, path in wanted.items()}
    missing = [path.name for path in pdfs.values() if not path.exists()]
    assert not missing, f"LibreOffice made no PDF of {missing}"
    return pdfs
