"""Limits that keep a hostile or broken file from exhausting memory or time during intake.

They are module constants so a deployment (or a test) can change them in one place.
"""

MAX_INPUT_BYTES = 200 * 1024 * 1024
"""Largest file read at all."""

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size of the members of a .docx/.xlsx (zip bomb guard; a
Word document is parsed whole, at about six times its XML size in memory)."""

MAX_ZIP_MEMBERS = 10_000
"""Most members a .docx/.xlsx may hold."""

MAX_PDF_PAGES = 300
"""Most pages of one PDF (a task document has a few dozen; each page costs tens of ms)."""

MAX_SHEET_CELLS = 5_000_000
"""Most cells of the grid built from one worksheet (rows with text × columns with text)."""

MAX_CELL_ELEMENTS = 300_000
"""Most spreadsheet cells of any kind (empty styled ones included) seen in one workbook: the
work of reading is bounded by the cells the file holds, not by its size or declared
dimension. An empty cell costs a few microseconds."""

MAX_CELLS_READ = 100_000
"""Most cells with a value converted to text from one workbook (a 2,000-task table of twenty
columns has 40,000)."""

MAX_ROWS_READ = 50_000
"""Most worksheet rows read from one workbook, empty rows included."""

MAX_TEXT_CHARS = 2_000_000
"""Most characters of a document's text handed to extraction (a task document has tens of
thousands)."""

DOCUMENT_SECONDS = 8.0
"""CPU-time budget for reading and extracting one document (see ``duban.intake.budget``)."""

MAX_TABLE_COLUMNS = 200
"""Most columns kept of a web-page or Word table row (a task table has about ten); spans
beyond are dropped, so a few bytes of ``colspan="999"`` cannot become a million cells."""

CONVERT_TIMEOUT_SECONDS = 120
"""How long LibreOffice may take to convert one .doc/.wps/.xls file."""
