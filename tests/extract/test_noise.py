"""Web-page furniture is told from document text (duban.extract.noise)."""

from __future__ import annotations

import pytest

from duban.extract.noise import is_page_noise, without_noise

FURNITURE = [
    "首页 > 政务公开 > 通知公告",
    "当前位置：首页 > 部门信息",
    "发布时间：2024-03-05 来源：市卫健委 浏览次数：",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "打印   关闭",
    "分享到：",
    "扫一扫在手机打开当前页",
    "相关附件：",
    "上一篇：关于开展爱国卫生月活动的通知",
    "主办单位：某市人民政府办公室  承办单位：某市大数据中心",
    "网站标识码：3311270001  浙ICP备05012345号",
    "||",
]
TEXT = [
    "主办单位：市卫健委",
    "牵头单位：县卫健局",
    "1.推进县域医共体建设，年底前实现全覆盖。",
    "一、深化医疗保障制度改革",
    "完成时限：2024年6月底前",
    "市卫健委提供技术支持，各县区落实。",
    "中",
    "|  |",  # a table row of empty cells (a merged cell left blank), not a row of page buttons
]


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_noise(line):
    assert is_page_noise(line)


@pytest.mark.parametrize("line", TEXT)
def test_document_text_is_kept(line):
    assert not is_page_noise(line)


def test_noise_is_blanked_in_place():
    assert without_noise(["分享到：", "1.推进医改。"]) == ["", "1.推进医改。"]


def test_the_whole_text_and_each_line_agree():
    lines = [*FURNITURE, *TEXT, "", "  首页 › 政务公开"]
    assert without_noise(lines) == ["" if is_page_noise(line) else line for line in lines]
