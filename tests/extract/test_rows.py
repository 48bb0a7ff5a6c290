"""Grid rows to raw rows and tasks (duban.extract.rows, duban.extract.assemble): rows that lost
cells placed by their numbering, a third unit column, a 备注 cell that dates a row, a task text
listing its own points."""

from __future__ import annotations

from duban.extract.assemble import rows_to_tasks
from duban.extract.layout import Cell, Grid
from duban.extract.rows import grid_to_rows


def grid(*rows: list[str]) -> Grid:
    return Grid("table", [[Cell(text, i, i) for text in row] for i, row in enumerate(rows, start=1)])


def tasks(*rows: list[str], year: int | None = 2024):
    found, _ = grid_to_rows(grid(*rows))
    return rows_to_tasks(found, year)


def test_a_row_that_lost_cells_at_both_ends_is_placed_by_the_numbering_of_its_columns():
    found, _ = grid_to_rows(grid(
        ["工作要求", "一级要点", "二级要点", "责任股室"],
        ["一、夯实公开基础", "（一）规范文件管理。", "1.建立规范性文件目录并集中发布。", "办公室牵头，各股室配合"],
        # the group cell merged above and the unit cell cut off: the cells sit in columns 1 and 2
        ["（二）做好依申请公开。", "2.规范登记、审核、答复各环节。"],
    ))
    assert found[1].fields["content"] == "2.规范登记、审核、答复各环节。"
    assert not found[1].fields.get("lead")
    assert found[1].ends_in == "content"


def test_without_whole_rows_above_a_short_row_still_takes_its_leading_merged_cells():
    found, _ = grid_to_rows(grid(
        ["工作要求", "二级要点", "责任股室"],
        ["1.建立规范性文件目录并集中发布。", "办公室"],
    ))
    assert found[0].fields["content"] == "1.建立规范性文件目录并集中发布。"
    assert found[0].fields["lead"] == "办公室"


def test_a_third_unit_column_joins_the_partners():
    got = tasks(
        ["序号", "工作任务", "牵头单位", "参与单位", "责任单位"],
        ["1", "落实林地保护利用规划。", "市林业局", "市自然资源局", "各县（市、区）人民政府"],
    )
    assert got[0].lead_units == ["市林业局"]
    assert got[0].participating_units == ["市自然资源局", "各县（市、区）人民政府"]


def test_a_remark_cell_dates_a_row_where_the_table_has_no_deadline_column():
    got = tasks(
        ["工作任务", "具体要求", "责任单位", "备注"],
        ["规范性文件集中公开", "清理现行有效的规范性文件，形成目录。", "市司法局", "11月底前完成"],
        ["基层政务公开", "公开涉农补贴发放结果。", "各县市区政府", "按季度更新，逐月报送"],
    )
    assert (got[0].deadline.kind, got[0].deadline.due) == ("date", "2024-11-30")
    assert got[1].deadline.kind == "none"  # a remark that is no deadline stays a remark


def test_a_task_text_listing_its_own_points_keeps_its_1_and_the_group_cell_numbers_the_row():
    got = tasks(
        ["工作任务", "具体要求", "责任单位"],
        ["2.基层政务公开提升", "1.公开各领域政府信息。2.公开涉农补贴发放结果。", "各县市区政府"],
    )
    assert got[0].seq == "2"
    assert got[0].content == "1.公开各领域政府信息。2.公开涉农补贴发放结果。"
    assert got[0].category == "基层政务公开提升"


def test_a_group_name_printed_as_a_sentence_keeps_its_wording():
    # the contract cleans a category of breaks, spaces and its number only (seed 000's gold
    # keeps `积极推进“互联网+医疗健康”。`, which is also the content of a row with no task text)
    got = tasks(
        ["类别", "序号", "具体要求", "责任科室"],
        ["一、围绕中心工作抓好主动公开。", "1", "做好重点领域信息更新。", "办公室"],
    )
    assert got[0].category == "围绕中心工作抓好主动公开。"
