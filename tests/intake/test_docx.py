"""Word .docx intake: document order, merged cells, nested tables, safety limits."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from duban.intake import IntakeError, limits
from duban.intake.layout import row_to_line
from duban.intake.readers import read_path


def save(document, tmp_path, name="doc.docx") -> str:
    path = tmp_path / name
    document.save(str(path))
    return str(path)


def fill(table, rows):
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text


def merged_document():
    """A heading row spanning all columns, a category merged down three rows, a unit cell
    merged across two columns."""
    document = docx.Document()
    document.add_paragraph("重点任务分解表")
    table = document.add_table(rows=5, cols=4)
    fill(
        table,
        [
            ["任务分类", "序号", "具体任务", "牵头单位"],
            ["一、组织领导", "", "", ""],
            ["加强领导", "1", "成立领导小组。", "市政府办"],
            ["", "2", "建立协会。", "市卫健委"],
            ["", "3", "落实院长负责制。\n全面推开。", "市委组织部"],
        ],
    )
    table.cell(1, 0).merge(table.cell(1, 3))
    table.cell(2, 0).merge(table.cell(4, 0))
    table.cell(3, 2).merge(table.cell(3, 3))
    document.add_paragraph("抄送：市委办公室\n市人大办公室")
    return document


MERGED_ROWS = [
    ["任务分类", "序号", "具体任务", "牵头单位"],
    ["一、组织领导", "", "", ""],
    ["加强领导", "1", "成立领导小组。", "市政府办"],
    ["加强领导", "2", "建立协会。\n市卫健委", ""],
    ["加强领导", "3", "落实院长负责制。\n全面推开。", "市委组织部"],
]


def test_it_resolves_merged_cells_and_keeps_document_order(tmp_path):
    doc = read_path(save(merged_document(), tmp_path))
    assert doc.source.format == "docx"
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == MERGED_ROWS
    assert doc.lines[0] == "重点任务分解表"
    assert doc.lines[1:6] == [row_to_line(row) for row in MERGED_ROWS]
    assert doc.lines[-2:] == ["抄送：市委办公室", "市人大办公室"]
    assert doc.tables[0].lines == [2, 3, 4, 5, 6]


def test_it_prints_a_row_on_one_line_with_breaks_as_spaces(tmp_path):
    doc = read_path(save(merged_document(), tmp_path))
    assert doc.lines[5] == "加强领导\t3\t落实院长负责制。 全面推开。\t市委组织部"


def test_it_keeps_two_consecutive_tables_apart(tmp_path):
    document = docx.Document()
    for first in ("1", "2"):
        table = document.add_table(rows=2, cols=2)
        fill(table, [["序号", "任务"], [first, f"任务{first}"]])
    doc = read_path(save(document, tmp_path))
    assert [t.rows for t in doc.tables] == [
        [["序号", "任务"], ["1", "任务1"]],
        [["序号", "任务"], ["2", "任务2"]],
    ]
    assert [t.lines for t in doc.tables] == [[1, 2], [3, 4]]


def test_it_flattens_a_nested_table_into_its_cell(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "责任单位"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    fill(inner, [["牵头", "市卫健委"], ["配合", "市财政局"]])
    doc = read_path(save(document, tmp_path))
    assert doc.tables[0].rows == [["责任单位", "牵头 市卫健委\n配合 市财政局"]]


def test_it_skips_deleted_text_and_keeps_inserted_text(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("2022年")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>8月</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>12月底前</w:t></w:r></w:ins>'
        )
    )
    doc = read_path(save(document, tmp_path))
    assert doc.lines == ["2022年12月底前"]


def rewrite_member(path: str, member: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def test_it_never_resolves_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    path = save(document, tmp_path)
    doctype = f'<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()

    def inject(xml: bytes) -> bytes:
        head, _, body = xml.partition(b"?>")
        return head + b"?>" + doctype + body.replace(b"PLACEHOLDER", b"&xxe;")

    rewrite_member(path, "word/document.xml", inject)
    try:
        doc = read_path(path)
    except IntakeError:
        return
    assert "SECRET-VALUE" not in doc.text


def test_it_refuses_a_zip_bomb(tmp_path, monkeypatch):
    path = save(merged_document(), tmp_path)
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(IntakeError, match="文件过大：解压后"):
        read_path(path)


TRUNCATIONS = [(0.5, "half"), (0.9, "most"), (0.1, "a tenth")]


@pytest.mark.parametrize(("share", "note"), TRUNCATIONS, ids=[t[1] for t in TRUNCATIONS])
def test_it_refuses_a_truncated_docx(tmp_path, share, note):
    buffer = io.BytesIO()
    merged_document().save(buffer)
    data = buffer.getvalue()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: int(len(data) * share)])
    with pytest.raises(IntakeError, match="docx"):
        read_path(str(path))


def test_it_refuses_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-word/>")
    with pytest.raises(IntakeError, match="docx"):
        read_path(str(path))


NUMBERING = f"""<w:numbering {nsdecls("w")}>
<w:abstractNum w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%1"/></w:lvl>
</w:abstractNum>
<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
<w:num w:numId="92"><w:abstractNumId w:val="91"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def number(paragraph, num_id: int, level: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def numbered_document():
    """Headings 一、/（一） and a 序号 column drawn by Word's automatic numbering; the second
    table restarts its numbers through a start override."""
    document = docx.Document()
    part = document.part.numbering_part.element
    for child in parse_xml(NUMBERING):
        part.append(child)
    for text, level in [
        ("加强组织领导", 0),
        ("成立领导小组", 1),
        ("建立协会", 1),
        ("深化改革", 0),
        ("推进医保", 1),
    ]:
        number(document.add_paragraph(text), 90, level)
    for num_id in (91, 92):
        table = document.add_table(rows=3, cols=2)
        for r, task in enumerate(["甲", "乙", "丙"]):
            number(table.cell(r, 0).paragraphs[0], num_id)
            table.cell(r, 1).text = task
    return document


def test_it_draws_automatic_numbers(tmp_path):
    doc = read_path(save(numbered_document(), tmp_path))
    assert doc.lines[:5] == [
        "一、加强组织领导",
        "（一）成立领导小组",
        "（二）建立协会",
        "二、深化改革",
        "（一）推进医保",
    ]
    assert [row[0] for row in doc.tables[0].rows] == ["1", "2", "3"]
    assert [row[0] for row in doc.tables[1].rows] == ["1", "2", "3"]


FORMATTED = [
    ("chineseCounting", 11, "十一"),
    ("chineseCountingThousand", 20, "二十"),
    ("chineseLegalSimplified", 3, "叁"),
    ("ideographTraditional", 2, "乙"),
    ("decimalEnclosedCircle", 3, "③"),
    ("upperRoman", 14, "XIV"),
    ("lowerLetter", 27, "aa"),
    ("decimalFullWidth", 12, "１２"),
    ("unknownFormat", 5, "5"),
]


@pytest.mark.parametrize(("fmt", "n", "shown"), FORMATTED)
def test_it_formats_counters_as_word_does(fmt, n, shown):
    from duban.intake.readers.wordnum import FORMATS

    assert FORMATS.get(fmt, str)(n) == shown
