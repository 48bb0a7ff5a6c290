"""Limits that keep a hostile or broken file from exhausting memory or time during intake.

They are module constants so a deployment (or a test) can change them in one place.
"""

MAX_INPUT_BYTES = 200 * 1024 * 1024
"""Largest file read at all."""

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""Largest total uncompressed size of the members of a .docx/.xlsx (zip bomb guard)."""

MAX_ZIP_MEMBERS = 10_000
"""Most members a .docx/.xlsx may hold."""

MAX_PDF_PAGES = 1_000
"""Most pages read from one PDF."""

MAX_SHEET_CELLS = 5_000_000
"""Most cells (rows × columns of the used range) read from one worksheet."""

MAX_TABLE_COLUMNS = 200
"""Most columns kept of a web-page or Word table row (a task table has about ten); spans
beyond are dropped, so a few bytes of ``colspan="999"`` cannot become a million cells."""

CONVERT_TIMEOUT_SECONDS = 120
"""How long LibreOffice may take to convert one .doc/.wps/.xls file."""
