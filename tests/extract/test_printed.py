"""Fields read from the normalized text given back as the document printed them (duban.extract.printed)."""

from __future__ import annotations

from duban.extract import extract_document
from duban.extract.printed import names_as_printed, traditional_reading
from duban.intake.model import NeutralDocument, Source


def test_a_traditional_text_gives_back_its_own_characters():
    back = traditional_reading(["規範公立醫院收費行爲。（責任單位：市醫保局）"])
    assert back("市医保局") == "市醫保局"
    assert traditional_reading(["规范公立医院收费行为。"]) is None


def test_one_simplified_character_printed_two_ways_keeps_each_where_it_stands():
    # 系 is 係 in 關係 and 系 in 體系; 复 is 複 in 複合 and 復 in 恢復
    back = traditional_reading([
        "1.理順醫保與醫院的關係,健全考覈評價體系。(市醫保局牽頭)",
        "2.推行複合型付費方式,恢復基層服務功能。(市衛健委負責)",
    ])
    assert back("理顺医保与医院的关系，健全考核评价体系。") == "理順醫保與醫院的關係，健全考覈評價體系。"
    assert back("推行复合型付费方式，恢复基层服务功能。") == "推行複合型付費方式，恢復基層服務功能。"


def test_a_field_rebuilt_from_pieces_is_mapped_character_by_character():
    back = traditional_reading(["建立醫療服務價格動態調整機制", "(牽頭單位:市醫保局)"])
    assert back("医保服务价格") == "醫保服務價格"
    assert back(None) is None


def test_unit_names_keep_half_width_brackets_where_the_text_printed_them():
    text = lambda: "推进家庭医生签约。(区卫健局、各街道(乡镇)落实)各乡镇（街道）卫生院"  # noqa: E731
    assert names_as_printed(["区卫健局", "各街道（乡镇）"], text) == ["区卫健局", "各街道(乡镇)"]
    assert names_as_printed(["各乡镇（街道）卫生院"], text) == ["各乡镇（街道）卫生院"]


def test_extraction_of_a_half_width_notice_names_units_as_printed():
    lines = [
        "1.推进社区医院建设,新建社区医院5家。",
        "牵头单位:市卫健委",
        "配合单位:各县(市、区)政府",
        "完成时限:2025年12月底前",
    ]
    doc = NeutralDocument(source=Source(path="x.txt", format="txt", sha256=""), lines=lines)
    task = extract_document(doc).tasks[0]
    assert task.participating_units == ["各县(市、区)政府"]
