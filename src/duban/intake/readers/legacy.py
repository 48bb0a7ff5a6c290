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
from duban.intake.model import IntakeError, NeutralDocument, technical_note
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


def save_as(target: str) -> str:
    """What the office can do instead: re-save the file in the format it would be converted to."""
    programs = "Excel 或 WPS" if target == "xlsx" else "Word 或 WPS"
    return f"请用 {programs} 打开该文件，另存为 .{target} 后上传"


def read_legacy(path: str, data: bytes) -> NeutralDocument:
    """A .doc/.wps/.xls file, through a LibreOffice conversion."""
    fmt = sniff(data, Path(path).name)
    target, reader = CONVERTED.get(fmt, CONVERTED["doc"])
    office = find_office()
    if office is None:
        raise IntakeError(path, f"读取 .{fmt} 文件需要 LibreOffice，本系统未安装：{save_as(target)}")
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
            raise IntakeError(path, f"转换 .{fmt} 文件超时（LibreOffice "
                                    f"{limits.CONVERT_TIMEOUT_SECONDS} 秒内未完成）：{save_as(target)}"
                              ) from exc
        except OSError as exc:
            raise IntakeError(path, f"无法启动 LibreOffice 转换 .{fmt} 文件：{save_as(target)}"
                              + technical_note(exc)) from exc
        result = outdir / f"input.{target}"
        if not result.is_file():
            raise IntakeError(path, f"LibreOffice 无法转换该 .{fmt} 文件（文件可能已损坏）：{save_as(target)}")
        return result.read_bytes()
