"""Document fields from the heading, signature and title lines."""

from __future__ import annotations

import pytest

from duban.extract.metadata import document_info, find_period, region_of

NOTICE = """当前位置:首页
盐政办发〔2022〕58号
盐城市人民政府办公室
关于印发2022年全市深化医药卫生体制改革重点工作任务及分工的通知
发布日期:2022-9-14 来源:市司法局办公室
各县(市、区)人民政府:
盐城市人民政府办公室
2022914
附件
2022年全市深化医药卫生体制改革重点任务分解表
序号""".split("\n")


def test_it_reads_a_notice_with_an_annex_table():
    info = document_info(NOTICE, header_line=11)
    assert info.title == "2022年全市深化医药卫生体制改革重点任务分解表"
    assert info.issuer == "盐城市人民政府办公室"
    assert info.doc_number == "盐政办发〔2022〕58号"
    assert info.issued_on == "2022-09-14"
    assert info.region == "盐城市"
    assert info.period == {"start": "2022-01-01", "end": "2022-12-31"}


def test_it_reads_a_chinese_numeral_signature_date():
    lines = ["某某县人民政府办公室", "关于印发方案的通知", "某某县人民政府办公室", "二〇二三年五月十四日"]
    assert document_info(lines, None).issued_on == "2023-05-14"


REGIONS = [
    ("岳阳市深化医药卫生体制改革领导小组", "岳阳市"),
    ("柞水县深化医药卫生体制综合改革试点重点任务分解表", "柞水县"),
    ("陕西省商洛市柞水县人民政府", "柞水县"),
    ("2022年全市深化医药卫生体制改革", None),
    ("雁塔区卫生健康局", "雁塔区"),
    ("云州市人民政府办公室", "云州市"),  # a city ending in 州 is not 云州 + 市
    ("恩施州卫生健康委员会", "恩施州"),
]


@pytest.mark.parametrize(("text", "region"), REGIONS)
def test_it_finds_the_region(text, region):
    assert region_of(text) == region


PERIODS = [
    ("柞水县…重点任务分解表（2017-2020年）", {"start": "2017-01-01", "end": "2020-12-31"}),
    ("岳阳市2020年度公立医院综合改革真抓实干任务倒排表", {"start": "2020-01-01", "end": "2020-12-31"}),
    ("“十四五”卫生健康规划任务分工", {"start": "2021-01-01", "end": "2025-12-31"}),
    ("荆门市推进公立医院高质量发展重点任务责任分工", None),
]


@pytest.mark.parametrize(("title", "period"), PERIODS)
def test_it_finds_the_period(title, period):
    assert find_period(title) == period


def test_it_takes_the_table_title_after_an_annex_label():
    lines = ["附件1：雁塔区2022年深化医改重点任务分工表", "序号\t工作任务\t牵头单位\t配合单位"]
    info = document_info(lines, header_line=2)
    assert info.title == "雁塔区2022年深化医改重点任务分工表"
    assert info.region == "雁塔区"


def test_it_takes_the_issuer_from_the_signature_below_the_table():
    lines = ["某区2024年重点工作任务台账", "序号\t工作任务\t责任单位\t完成时限", "1\t推进改革。\t区卫健局\t2024年",
             "", "柳河区卫生健康局", "2024年1月26日"]
    assert document_info(lines, header_line=2).issuer == "柳河区卫生健康局"


def test_a_signature_date_above_an_annex_title_is_not_part_of_it():
    lines = ["某办公室", "2024年2月20日", "", "某区2024年改革任务倒排表", "序号\t重点任务\t牵头单位\t6月"]
    assert document_info(lines, header_line=5).title == "某区2024年改革任务倒排表"


def test_it_takes_the_issuer_from_the_notice_title_when_no_line_names_it():
    lines = ["鹤城市人民政府办公室关于印发鹤城市2025年深化医改重点工作任务的通知",
             "各县（市、区）人民政府：", "（一）推进医共体建设。（市卫健委牵头）"]
    assert document_info(lines, header_line=None).issuer == "鹤城市人民政府办公室"


def test_a_title_without_an_issuing_body_gives_no_issuer():
    lines = ["关于印发2025年深化医改重点工作任务的通知", "（一）推进医共体建设。（市卫健委牵头）"]
    assert document_info(lines, header_line=None).issuer is None


@pytest.mark.parametrize("heading", ["二、重点任务", "（一）重点工作任务", "三．工作要点"])
def test_a_numbered_heading_is_no_title(heading):
    lines = [heading, "（一）推进医共体建设。（市卫健委牵头）"]
    assert document_info(lines, header_line=None).title is None


CITING = [
    (
        [
            "某县人民政府办公室",
            "某政办发〔2023〕9号",
            "关于印发2023年全县防汛重点工作任务分工的通知",
            "根据《省人民政府办公厅关于做好2023年防汛工作的通知》（某政办〔2023〕12号）精神，现将任务分工印发给你们。",
        ],
        ("关于印发2023年全县防汛重点工作任务分工的通知", "某政办发〔2023〕9号"),
        "its own 文号 above the title, the upstream one cited below",
    ),
    (
        [
            "关于转发《省卫生健康委关于做好2023年医改重点工作的通知》的通知",
            "现将《省卫生健康委关于做好2023年医改重点工作的通知》（某卫发〔2023〕3号）转发给你们，并提出以下分工。",
        ],
        ("关于转发《省卫生健康委关于做好2023年医改重点工作的通知》的通知", None),
        "a forwarding notice: the forwarded notice's 文号 is not its own",
    ),
    (
        [
            "按照《国务院办公厅关于印发深化医药卫生体制改革2022年重点工作任务的通知》（国办发〔2022〕14号）要求，制定本分工。",
            "某市2022年深化医改重点任务分工",
        ],
        ("某市2022年深化医改重点任务分工", None),
        "a cited notice before the title is neither title nor 文号",
    ),
]


@pytest.mark.parametrize(("head", "expected", "note"), CITING, ids=[c[2] for c in CITING])
def test_the_title_and_doc_number_are_the_documents_own_not_a_cited_notices(head, expected, note):
    """Issue 12, item 6."""
    from duban.extract import extract_document
    from duban.intake.model import NeutralDocument, Source

    items = ["一、加强组织领导。（县应急局牵头，县水利局配合）", "二、完善预案体系。（县水利局负责）"]
    doc = NeutralDocument(Source("n.txt", "txt", "0"), [*head, *items])
    info = extract_document(doc).document
    assert (info.title, info.doc_number) == expected, note


@pytest.mark.parametrize(
    ("raw", "title"),
    [("2021年政务公开工作重点任务台账|", "2021年政务公开工作重点任务台账"), ("全州健康扶贫实施方案.docx", "全州健康扶贫实施方案")],
)
def test_a_title_loses_the_debris_of_a_copy(raw, title):
    assert document_info([raw, "序号\t工作任务\t责任单位", "1\t推进医共体建设\t县卫健局"], 2).title == title


def test_a_header_line_of_glued_words_is_no_title():
    lines = ["主题：", "健康惠民", "实事内容工作任务责任单位进展情况", "一季度二季度三季度四季度", "为老年人开展健康体检。"]
    assert document_info(lines, 3).title is None
