"""HTML intake: rowspan/colspan, running text, page noise, encodings, layout tables."""

from __future__ import annotations

import pytest

from duban.intake.layout import row_to_line
from duban.intake.readers import read_path


def read_html_bytes(tmp_path, data: bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_path(str(path))


TABLES = [
    (
        "<tr><td rowspan=3>加强领导</td><td>1</td><td>甲</td></tr><tr><td>2</td><td>乙</td></tr>"
        "<tr><td>3</td><td>丙</td></tr>",
        [["加强领导", "1", "甲"], ["加强领导", "2", "乙"], ["加强领导", "3", "丙"]],
        "rowspan repeats the text",
    ),
    (
        "<tr><td colspan=3>一、组织领导</td></tr><tr><td>a</td><td>b</td><td>c</td></tr>",
        [["一、组织领导", "", ""], ["a", "b", "c"]],
        "colspan leaves the covered columns empty",
    ),
    (
        "<tr><td rowspan=2 colspan=2>X</td><td>1</td></tr><tr><td>2</td></tr>",
        [["X", "", "1"], ["X", "", "2"]],
        "a block span repeats in its first column only",
    ),
    (
        "<tr><td>1</td><td rowspan=2>中</td></tr><tr><td>2</td></tr>",
        [["1", "中"], ["2", "中"]],
        "rowspan in the last column",
    ),
    (
        "<tr><td rowspan=0>全</td><td>1</td></tr><tr><td>2</td></tr>",
        [["全", "1"], ["全", "2"]],
        "rowspan=0 spans to the end",
    ),
    (
        "<tr><td rowspan=9>多</td><td>1</td></tr><tr><td>2</td></tr>",
        [["多", "1"], ["多", "2"]],
        "rowspan beyond the table stops at its end",
    ),
    (
        "<thead><tr><th>序号</th><th>牵头单位</th></tr></thead><tbody><tr><td>1</td>"
        "<td>市卫健委<br>市财政局</td></tr></tbody>",
        [["序号", "牵头单位"], ["1", "市卫健委\n市财政局"]],
        "thead/tbody and a line break in a cell",
    ),
    (
        '<tr><td colspan="x">a</td><td>b</td></tr>',
        [["a", "b"]],
        "invalid colspan counts as 1",
    ),
]


@pytest.mark.parametrize(("rows_html", "rows", "note"), TABLES, ids=[t[2] for t in TABLES])
def test_it_resolves_spans(tmp_path, rows_html, rows, note):
    doc = read_html_bytes(tmp_path, f"<table>{rows_html}</table>".encode())
    assert doc.tables[0].rows == rows
    assert [doc.lines[n - 1] for n in doc.tables[0].lines] == [row_to_line(r) for r in rows]


PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>标题</title>
<script>document.write("脚本")</script><style>p {color: red}</style></head>
<body><nav>网站导航</nav><div>当前位置：首页 &gt; 政府信息公开</div>
<h1>重点任务分解表</h1><p>各有关单位：<br>现印发给你们。</p>
<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td><p>成立  领导小组。</p></td></tr></table>
<p>2022年9月14日</p><select><option>相关链接</option></select>
<div>打印 <span>关闭</span></div></body></html>"""

PAGE_LINES = [
    "当前位置：首页 > 政府信息公开",
    "重点任务分解表",
    "各有关单位：",
    "现印发给你们。",
    "序号\t任务",
    "1\t成立 领导小组。",
    "2022年9月14日",
    "打印 关闭",
]


def test_it_reads_text_around_tables_without_page_noise(tmp_path):
    doc = read_html_bytes(tmp_path, PAGE.encode("gbk"))
    assert doc.source.format == "html"
    assert doc.lines == PAGE_LINES
    assert doc.tables[0].lines == [5, 6]


ENCODINGS = [
    (PAGE.encode("gbk"), "declared gbk"),
    (PAGE.replace("gbk", "gb2312").encode("gb18030"), "declared gb2312, really GB18030"),
    (PAGE.replace('<meta charset="gbk">', "").encode("gb18030"), "undeclared GB18030"),
    (PAGE.replace("gbk", "utf-8").encode("utf-8"), "UTF-8"),
    (PAGE.replace("gbk", "utf-16").encode("utf-16"), "UTF-16 with BOM"),
    (
        PAGE.replace(
            '<meta charset="gbk">',
            '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">',
        ).encode("gbk"),
        "http-equiv",
    ),
]


@pytest.mark.parametrize(("data", "note"), ENCODINGS, ids=[e[1] for e in ENCODINGS])
def test_it_decodes_pages_in_chinese_encodings(tmp_path, data, note):
    assert read_html_bytes(tmp_path, data).lines == PAGE_LINES


def test_it_reads_a_docx_that_is_really_html(tmp_path):
    doc = read_html_bytes(tmp_path, PAGE.encode("gbk"), name="附件.docx")
    assert doc.source.format == "html"
    assert doc.lines == PAGE_LINES


def test_it_reads_layout_tables_as_running_text(tmp_path):
    page = (
        "<html><body><table><tr><td>栏目</td><td><p>标题</p>"
        "<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>甲</td></tr></table>"
        "<p>落款</p></td></tr></table></body></html>"
    )
    doc = read_html_bytes(tmp_path, page.encode())
    assert doc.lines == ["栏目", "标题", "序号\t任务", "1\t甲", "落款"]
    assert doc.tables[0].rows == [["序号", "任务"], ["1", "甲"]]


def test_it_keeps_preformatted_text(tmp_path):
    doc = read_html_bytes(
        tmp_path, "<html><body><pre>一、任务\n  二、分工</pre></body></html>".encode()
    )
    assert doc.lines == ["一、任务", "  二、分工"]


def test_it_skips_hidden_elements(tmp_path):
    page = (
        '<html><body><p style="display: none">隐藏</p><p hidden>也隐藏</p><p>正文</p></body></html>'
    )
    assert read_html_bytes(tmp_path, page.encode()).lines == ["正文"]


def web_archive(html_text: str, charset: str) -> bytes:
    """What Word's "single file web page" writes: MIME headers, a quoted-printable HTML part."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    archive = MIMEMultipart("related")
    archive.attach(MIMEText(html_text, "html", charset))
    return archive.as_bytes()


ARCHIVES = [
    ("通知.mht", "gb2312", "web archive"),
    ("通知.doc", "utf-8", "Word web page saved as .doc"),
]


@pytest.mark.parametrize(("name", "charset", "note"), ARCHIVES, ids=[a[2] for a in ARCHIVES])
def test_it_reads_the_html_part_of_a_web_archive(tmp_path, name, charset, note):
    page = "<html><body><p>分工表</p><table><tr><td rowspan=2>一</td><td>甲</td></tr><tr><td>乙</td></tr></table></body></html>"
    doc = read_html_bytes(tmp_path, web_archive(page, charset), name=name)
    assert doc.source.format == "mht"
    assert doc.lines == ["分工表", "一\t甲", "一\t乙"]
    assert doc.tables[0].lines == [2, 3]
