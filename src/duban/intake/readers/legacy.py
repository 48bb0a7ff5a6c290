"""Old binary Office files (.doc, .wps, .xls): converted by LibreOffice to .docx/.xlsx and then
read like those. Without LibreOffice the file is refused with advice to re-save it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from duban.intake import limits
from duban.intake.layout import make_source
from duban.intake.model import IntakeError, NeutralDocument
from duban.intake.readers.excel import read_xlsx
from duban.intake.readers.sniff import sniff
from duban.intake.readers.word import read_docx

CONVERTED = {"doc": ("docx", read_docx), "wps": ("docx", read_docx), "xls": ("xlsx", read_xlsx)}
OFFICE_COMMANDS = ("soffice", "libreoffice")


def find_office() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    for command in OFFICE_COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    return None


def read_legacy(path: str, data: bytes) -> NeutralDocument:
    """A .doc/.wps/.xls file, through a LibreOffice conversion."""
    fmt = sniff(data, Path(path).name)
    target, reader = CONVERTED.get(fmt, CONVERTED["doc"])
    office = find_office()
    if office is None:
        raise IntakeError(
            path,
            f"reading .{fmt} files needs LibreOffice, which is not installed; "
            f"open the file in Word/WPS and save it as .{target}",
        )
    converted = convert(path, data, fmt, target, office)
    document = reader(path, converted)
    document.source = make_source(path, fmt, data)
    return document


def convert(path: str, data: bytes, fmt: str, target: str, office: str) -> bytes:
    """Run ``soffice --headless --convert-to`` in a private directory and return the result."""
    with tempfile.TemporaryDirectory(prefix="duban-convert-") as tmp:
        source = Path(tmp) / f"input.{fmt}"
        source.write_bytes(data)
        outdir = Path(tmp) / "out"
        command = [
            office,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=limits.CONVERT_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise IntakeError(
                path, f"LibreOffice took too long to convert this .{fmt} file"
            ) from exc
        except OSError as exc:
            raise IntakeError(path, f"could not run LibreOffice: {exc}") from exc
        result = outdir / f"input.{target}"
        if not result.is_file():
            raise IntakeError(path, f"LibreOffice could not convert this .{fmt} file (corrupt?)")
        return result.read_bytes()
