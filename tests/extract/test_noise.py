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


def test_a_page_copied_as_one_line_loses_only_its_furniture_words():
    page = (
        "当前位置：首页 > 通知公告 浏览次数：36 桂溪县卫生健康局关于印发2025年重点任务的通知一、强化基层服务"
        "1.推进乡镇卫生院提档升级，年内完成3家。（牵头单位：县卫健局；配合单位：县财政局）"
        "2.落实家庭医生签约服务。（牵头单位：县卫健局；完成时限：2025年12月底前）"
        "主办单位：桂溪县人民政府 联系电话：0000-1234567"
    )
    (kept,) = without_noise([page])
    assert len(kept) == len(page)
    assert "当前位置" not in kept and "浏览次数" not in kept and "主办单位" not in kept
    assert "1.推进乡镇卫生院提档升级，年内完成3家。（牵头单位：县卫健局；配合单位：县财政局）" in kept
    # a short line with the same words is furniture as a whole
    assert without_noise(["当前位置：首页 > 通知公告 浏览次数：36"]) == [""]
