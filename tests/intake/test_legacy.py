"""Old Office files (.doc/.wps/.xls): converted through LibreOffice when it is installed.

A stand-in ``soffice`` script on PATH plays LibreOffice: it copies a prepared .docx/.xlsx to
where ``--convert-to … --outdir …`` asks for it.
"""

from __future__ import annotations

import os
import stat

import docx
import openpyxl
import pytest

from duban.intake import IntakeError
from duban.intake.readers import read_path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
WORD = OLE2 + "WordDocument".encode("utf-16-le")
EXCEL = OLE2 + "Workbook".encode("utf-16-le")

FAKE_SOFFICE = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    --convert-to) target="$2"; shift ;;
    --outdir) out="$2"; shift ;;
  esac
  last="$1"; shift
done
mkdir -p "$out"
base=$(basename "$last")
[ -f "{ready}.$target" ] && cp "{ready}.$target" "$out/${{base%.*}}.$target"
exit 0
"""


def install_fake_soffice(tmp_path, monkeypatch) -> None:
    ready = tmp_path / "ready"
    document = docx.Document()
    document.add_paragraph("转换后的文档")
    document.save(str(ready) + ".docx")
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "任务"])
    workbook.save(str(ready) + ".xlsx")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(ready=ready), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/bin:/usr/bin")


CONVERSIONS = [
    (WORD, "通知.doc", "doc", ["转换后的文档"], "Word 97-2003"),
    (WORD, "通知.wps", "wps", ["转换后的文档"], "WPS"),
    (EXCEL, "表.xls", "xls", ["Sheet", "序号\t任务"], "Excel 97-2003"),
]


@pytest.mark.parametrize(
    ("data", "name", "fmt", "lines", "note"), CONVERSIONS, ids=[c[4] for c in CONVERSIONS]
)
def test_it_converts_with_libreoffice(tmp_path, monkeypatch, data, name, fmt, lines, note):
    install_fake_soffice(tmp_path, monkeypatch)
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_path(str(path))
    assert doc.lines == lines
    assert doc.source.format == fmt
    assert doc.source.path == str(path)


def test_it_explains_that_libreoffice_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "通知.doc"
    path.write_bytes(WORD)
    with pytest.raises(IntakeError) as caught:
        read_path(str(path))
    assert "LibreOffice" in caught.value.reason
    assert ".docx" in caught.value.reason


def test_it_reports_a_failed_conversion(tmp_path, monkeypatch):
    install_fake_soffice(tmp_path, monkeypatch)
    (tmp_path / "ready.docx").unlink()
    path = tmp_path / "坏.doc"
    path.write_bytes(WORD)
    with pytest.raises(IntakeError, match="无法转换"):
        read_path(str(path))
