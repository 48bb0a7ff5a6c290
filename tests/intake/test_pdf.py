"""PDF intake: ruled tables with spans, text around them, pages, encryption, damage."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from builders import build_pdf, expected_rows, sample_gold
from duban.intake import IntakeError
from duban.intake.layout import row_to_line
from duban.intake.readers import read_path

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLE = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")

SPANNED = [
    ["任务分类", "序号", "具体任务", "牵头单位"],
    ["一、组织领导", "", "", ""],
    ["加强领导", "1", "成立领导小组。", "市政府办"],
    ["", "2", "建立协会。", "市卫健委"],
    ["", "3", "落实院长负责制。", "市委组织部"],
]
SPANNED_READ = [
    SPANNED[0],
    SPANNED[1],
    ["加强领导", "1", "成立领导小组。", "市政府办"],
    ["加强领导", "2", "建立协会。", "市卫健委"],
    ["加强领导", "3", "落实院长负责制。", "市委组织部"],
]


def spanned_pdf(path) -> str:
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    data = [[Paragraph(text, STYLE) if text else "" for text in row] for row in SPANNED]
    table = Table(data, colWidths=[90, 40, 200, 90])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("SPAN", (0, 1), (3, 1)),
                ("SPAN", (0, 2), (0, 4)),
            ]
        )
    )
    doc.build([Paragraph("重点任务分解表", STYLE), table, Paragraph("2022年9月14日", STYLE)])
    return str(path)


def test_it_reads_a_ruled_table_with_spans_between_its_text(tmp_path):
    doc = read_path(spanned_pdf(tmp_path / "t.pdf"))
    assert doc.source.format == "pdf"
    assert doc.tables[0].rows == SPANNED_READ
    assert doc.lines == ["重点任务分解表", *map(row_to_line, SPANNED_READ), "2022年9月14日"]
    assert doc.tables[0].lines == [2, 3, 4, 5, 6]


def test_it_reads_a_pdf_whatever_its_name(tmp_path):
    path = spanned_pdf(tmp_path / "t.pdf")
    renamed = tmp_path / "notes.txt"
    renamed.write_bytes(open(path, "rb").read())
    assert read_path(str(renamed)).tables[0].rows == SPANNED_READ


def test_it_keeps_a_table_continued_on_the_next_page_as_a_second_table(tmp_path):
    gold = sample_gold(count=60, per_category=4)
    doc = read_path(str(build_pdf(gold, tmp_path / "long.pdf")))
    assert len(doc.tables) >= 2
    header, *rows = expected_rows(gold)
    assert all(table.rows[0] == header for table in doc.tables)
    read_rows = [row for table in doc.tables for row in table.rows[1:]]
    assert [row[1] for row in read_rows] == [row[1] for row in rows]
    assert all(
        row[0].replace(" ", "") == want[0] for row, want in zip(read_rows, rows, strict=True)
    )


def text_pdf(path, lines, font=FONT, **options) -> str:
    page = canvas.Canvas(str(path), pagesize=A4, **options)
    page.setFont(font, 12)
    for index, line in enumerate(lines):
        page.drawString(72, 760 - 20 * index, line)
    page.save()
    return str(path)


def test_it_reads_text_lines_when_there_is_no_table(tmp_path):
    lines = ["关于印发重点任务的通知", "一、加强组织领导", "（市卫健委牵头）"]
    doc = read_path(text_pdf(tmp_path / "p.pdf", lines))
    assert doc.lines == lines
    assert doc.tables == []


def test_it_refuses_an_encrypted_pdf(tmp_path):
    path = text_pdf(tmp_path / "locked.pdf", ["机密"], encrypt="secret")
    with pytest.raises(IntakeError) as caught:
        read_path(path)
    assert caught.value.reason.startswith("PDF 文件已加密（有密码保护）")


def test_it_reads_a_pdf_with_only_an_owner_password(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    encryption = StandardEncryption("", ownerPassword="owner", canPrint=1)
    doc = read_path(
        text_pdf(tmp_path / "owner.pdf", ["Open to all"], "Helvetica", encrypt=encryption)
    )
    assert doc.lines == ["Open to all"]


def test_it_refuses_a_pdf_without_a_text_layer(tmp_path):
    page = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=A4)
    page.rect(72, 72, 300, 300, fill=1)
    page.save()
    with pytest.raises(IntakeError, match="没有可读取的文字"):
        read_path(str(tmp_path / "scan.pdf"))


CUTS = [(0.3, "first third"), (0.6, "first part"), (0.95, "missing the trailer")]


@pytest.mark.parametrize(("share", "note"), CUTS, ids=[c[1] for c in CUTS])
def test_it_refuses_or_reads_a_truncated_pdf_without_crashing(tmp_path, share, note):
    data = open(spanned_pdf(tmp_path / "t.pdf"), "rb").read()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    try:
        doc = read_path(str(path))
    except IntakeError as exc:
        assert "PDF" in exc.reason
    else:
        assert isinstance(doc.lines, list)


def test_it_refuses_a_pdf_header_with_garbage(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n" + io.BytesIO(bytes(range(256)) * 8).getvalue())
    with pytest.raises(IntakeError, match="PDF"):
        read_path(str(path))


# --- text the width wrapped ------------------------------------------------------------------

LATIN = ParagraphStyle("latin", fontName="Helvetica", fontSize=9, leading=12)
WRAPPED_ROWS = [
    ["序号", "具体任务", "牵头单位", "配合单位"],
    ["1", "建立以DRG付费为主的多元复合医保支付方式，推进按病种付费。", "县卫计局、县公安局、县司法局、各镇办卫生院", "市委编办<br/>市卫健委"],
]
LONG_PARAGRAPH = "各县（市、区）人民政府要按照职责分工，细化工作举措，明确时间节点，" * 3 + "确保各项任务落到实处。"


def wrapped_pdf(path) -> str:
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    data = [[Paragraph(text, STYLE) for text in row] for row in WRAPPED_ROWS]
    english = Paragraph("Hospitals report monthly progress to the health commission", LATIN)
    data.append(["2", english, Paragraph("市医保局", STYLE), ""])
    table = Table(data, colWidths=[30, 150, 60, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    doc.build([Paragraph(LONG_PARAGRAPH, STYLE), Paragraph("短行。", STYLE), table])
    return str(path)


def test_it_joins_the_lines_a_cell_wrapped_and_keeps_the_breaks_written_in_it(tmp_path):
    rows = read_path(wrapped_pdf(tmp_path / "w.pdf")).tables[0].rows
    assert rows[1] == [
        "1",
        "建立以DRG付费为主的多元复合医保支付方式，推进按病种付费。",
        "县卫计局、县公安局、县司法局、各镇办卫生院",  # never 县司 | 法局, 各镇办 | 卫生院
        "市委编办\n市卫健委",  # one name per line, as written
    ]
    assert rows[2][1] == "Hospitals report monthly progress to the health commission"


def test_it_joins_a_paragraph_the_page_width_wrapped(tmp_path):
    lines = read_path(wrapped_pdf(tmp_path / "w.pdf")).lines
    assert lines[:2] == [LONG_PARAGRAPH, "短行。"]


def test_it_keeps_a_line_set_to_the_right_apart_from_the_paragraph_below(tmp_path):
    page = canvas.Canvas(str(tmp_path / "s.pdf"), pagesize=A4)
    page.setFont(FONT, 12)
    page.drawRightString(A4[0] - 72, 700, "某某县人民政府办公室（签章）")
    page.drawString(72, 684, "抄送：县委办公室。")
    page.save()
    assert read_path(str(tmp_path / "s.pdf")).lines == ["某某县人民政府办公室（签章）", "抄送：县委办公室。"]


def test_it_marks_only_a_table_that_opens_the_next_page_as_continuing(tmp_path):
    gold = sample_gold(count=60, per_category=4)
    doc = read_path(str(build_pdf(gold, tmp_path / "long.pdf")))
    assert [table.continues for table in doc.tables] == [False] + [True] * (len(doc.tables) - 1)
    second = SimpleDocTemplate(str(tmp_path / "annex.pdf"), pagesize=A4)
    table = Table([["序号", "具体任务", "牵头单位"], ["1", "任务", "市卫健委"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    annex = Table([["序号", "具体任务", "牵头单位"], ["1", "另一项", "市财政局"]])
    annex.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    second.build([table, PageBreak(), Paragraph("附件2", STYLE), annex])
    assert [t.continues for t in read_path(str(tmp_path / "annex.pdf")).tables] == [False, False]


def test_it_reads_a_merged_cell_the_page_cut_before_its_bottom_line(tmp_path):
    """A spreadsheet prints a merged group cell running on to the next page without its bottom
    line: no closed cell holds the text, which is still the first row's."""
    page = canvas.Canvas(str(tmp_path / "open.pdf"), pagesize=A4)
    page.setFont(FONT, 10)
    xs, ys = [60, 100, 260, 460], [800, 780, 740, 700]
    for x in xs:
        page.line(x, ys[0], x, ys[-1])
    page.line(xs[0], ys[0], xs[-1], ys[0])
    page.line(xs[0], ys[1], xs[-1], ys[1])
    for y in ys[2:]:  # the merged cell of column 1 has no line below it
        page.line(xs[0], y, xs[1], y)
        page.line(xs[2], y, xs[3], y)
    texts = [["序号", "重点任务", "具体内容"], ["1", "深入学习经验", "调整领导小组。"], ["2", "", "推动落实双组长。"]]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            page.drawString(xs[c] + 4, ys[r] - 14, text)
    page.save()
    assert read_path(str(tmp_path / "open.pdf")).tables[0].rows == texts
