"""Worst files under each intake limit, parsed as the import job parses them.

Builds, in a temporary folder: a 16,384-column × 252-row .xlsx (4.1 M cells) and one of as
many such rows as the unzipped-size limit lets in, a 1,048,000-row .xlsx, a 999-page .pdf and a .pdf of as many pages as the page limit lets in (reportlab), a
.docx with as much text as the unzipped-size limit lets in, and a .txt as large as an upload
may be. Each file is read and extracted in its own process (the job worker's path:
``duban.ledger.services.imports.extract_bytes`` inside the document's time budget), which
prints its wall and CPU time, its peak resident memory (``ru_maxrss``) and how it ended (tasks found,
or the refusal's reason). Target per file (issue 13): ≤ 10 s and ≤ 500 MB.

    .venv/bin/python benchmarks/hostile_bench.py [--keep DIR] [--only NAME…]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0
TARGET_MB = 500.0
UPLOAD_MB = 30

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
              'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def xlsx_bytes(dimension: str, rows) -> bytes:
    """A one-sheet workbook whose sheet XML is streamed from ``rows`` (strings of ``<row>``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>'.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


WIDE_ROW = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"


def wide_xlsx(rows: int = 252) -> bytes:
    """16,384 columns × ``rows`` rows, every cell a number (252 rows: 4.1 M cells)."""
    return xlsx_bytes(f"A1:XFD{rows}", (WIDE_ROW for _ in range(rows)))


def wide_at_limit() -> bytes:
    """As many 16,384-column rows as the unzipped-size limit lets in."""
    from duban.intake import limits

    return wide_xlsx(int(limits.MAX_UNZIPPED_BYTES * 0.97) // len(WIDE_ROW))


def tall_xlsx() -> bytes:
    """1,048,000 rows of one number each (27 MB of sheet XML, under the unzipped limit)."""
    return xlsx_bytes("A1:A1048000", ("<row><c><v>1</v></c></row>" for _ in range(1_048_000)))


def pdf_bytes(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for number in range(pages):
        page.setFont("STSong-Light", 10)
        for line in range(45):
            page.drawString(40, 800 - line * 17,
                            f"{number * 45 + line + 1}. 推进分级诊疗制度建设，完善医保支付方式改革（市卫健委牵头）")
        page.showPage()
    page.save()
    return out.getvalue()


def big_docx() -> bytes:
    """Paragraphs of text until the document XML nears the unzipped-size limit."""
    from duban.intake import limits

    paragraph = ("<w:p><w:r><w:t>推进分级诊疗制度建设，完善医保支付方式改革，"
                 "加强公立医院综合改革。</w:t></w:r></w:p>")
    count = int(limits.MAX_UNZIPPED_BYTES * 0.95) // len(paragraph.encode())
    body = paragraph * count
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>""")
        archive.writestr("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>""")
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def big_txt() -> bytes:
    """A task table of tab-separated rows, as large as an upload may be."""
    lines = ["序号\t工作任务\t牵头单位\t完成时限"]
    size, i = 0, 0
    while size < UPLOAD_MB * 2**20 - 200:
        i += 1
        line = f"{i}\t推进第{i}项改革任务，完善医保支付方式\t市卫健委\t2024年12月底前"
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines).encode()


FILES = {
    "wide.xlsx": wide_xlsx,
    "wide-at-limit.xlsx": wide_at_limit,
    "tall.xlsx": tall_xlsx,
    "pages-999.pdf": lambda: pdf_bytes(999),
    "pages-at-limit.pdf": None,  # filled in main(): as many pages as MAX_PDF_PAGES allows
    "big.docx": big_docx,
    "big.txt": big_txt,
}

CHILD = """
import json, resource, sys, time
import django
django.setup()
from duban.ledger.services.imports import extract_bytes
path = sys.argv[1]
data = open(path, "rb").read()
start, cpu = time.perf_counter(), time.process_time()
try:
    extraction = extract_bytes(data, path.rsplit("/", 1)[-1])
    outcome = f"{len(extraction['tasks'])} tasks"
except ValueError as exc:
    outcome = "refused: " + str(getattr(exc, "reason", exc))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "outcome": outcome},
                 ensure_ascii=False))
"""


def measure(path: Path) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="duban.settings",
               DUBAN_HOME=tempfile.mkdtemp(prefix="duban-hostile-home-"))
    env.pop("DATABASE_URL", None)
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env,
                          capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - wall
    if done.returncode != 0:
        return {"seconds": wall, "cpu": float("nan"), "peak_mb": float("nan"),
                "outcome": f"crashed ({done.returncode}): {done.stderr.strip()[-300:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", help="build (or reuse) the files in this folder")
    parser.add_argument("--only", nargs="*", help="file names to run")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from duban.intake import limits

    FILES["pages-at-limit.pdf"] = lambda: pdf_bytes(limits.MAX_PDF_PAGES)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="duban-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"limits: {limits.MAX_CELLS_READ:,} cells / {limits.MAX_ROWS_READ:,} rows read, "
          f"{limits.MAX_PDF_PAGES} PDF pages, {limits.MAX_UNZIPPED_BYTES // 2**20} MB unzipped, "
          f"{limits.MAX_TEXT_CHARS:,} characters, {limits.DOCUMENT_SECONDS:g} s of CPU per document")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall time grows with it)")
    print(f"{'file':<20} {'size MB':>8} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  ok  outcome")
    failures = 0
    for name, build in FILES.items():
        if args.only and name not in args.only:
            continue
        path = folder / name
        if not path.exists():
            path.write_bytes(build())
        result = measure(path)
        # The budget is CPU time: on a loaded machine the wall time is longer than the work.
        ok = result["cpu"] <= TARGET_SECONDS and result["peak_mb"] <= TARGET_MB
        failures += not ok
        print(f"{name:<20} {path.stat().st_size / 2**20:>8.1f} {result['seconds']:>7.2f} "
              f"{result['cpu']:>6.2f} "
              f"{result['peak_mb']:>8.0f}  {'yes' if ok else 'NO ':<3} {result['outcome'][:110]}",
              flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
