"""Documents of our own in layouts the seeds do not have, with hand-checked answers.

- label_lines: numbered items with 牵头单位/责任单位/完成时限 lines, web-page noise around;
- prose_parens: items ending with a unit parenthesis (roles, 排在第一位的为牵头部门, 按职责分工负责);
- markdown_reordered: a markdown table whose columns come in another order;
- tab_rows_synonyms: tab rows with header synonyms (重点领域, 具体任务, 主责单位, 协同部门, 时间节点);
- prose_levels_2024: a 2024 notice, 一、/（一）/1. levels, unit parentheses with 牵头/配合/负责;
- web_noise_labels_paren: a web page around items ending `（责任单位：…；完成时限：…）`, 股室 units;
- label_blocks: unnumbered blocks of 任务内容/牵头单位/配合单位/完成时限 lines;
- markdown_milestones: a 倒排表 as markdown rows with 3月/6月/9月/12月 milestone columns;
- county_units_duty: one 责任单位 column with roles inside, district units, varied deadlines;
- prose_wrapped_web: a web page around prose items whose lines and parentheses wrap;
- tab_rows_continued: tab rows with empty cells, rows continued on an unnumbered row below,
  heading lines between rows;
- cell_per_line_category: one cell per line, 序号 then a 重点任务 group column merged down,
  `/` in a unit column;
- tab_led_noise: tab-led cells with empty merged cells, web-page noise around;
- prose_and_annex: a web notice whose prose items are repeated by an annexed table;
- prose_subitems: （1） items under （一） headings, 牵头负责/会同/主办协办 wording;
- prose_mixed_numbering: ① items, an intro paragraph under a heading, an unnumbered item
  after a heading, unit parentheses on their own line or broken over two, time notes;
- tab_quarter_milestones: a 推进表 with 一季度…四季度 milestone columns and a deadline column.
- prose_title_issuer: a web notice whose issuer is named only in its title, items ending
  `（X牵头，Y配合，Z负责落实）` and `（X、Y按职责分工负责）`;
- markdown_task_columns: a markdown table with two task columns (工作任务, 主要内容) and a
  责任单位 column beside 牵头单位;
- label_blocks_numbered: `1.任务内容：…` items followed by 牵头单位/配合单位/完成时限 lines.
- space_aligned_rows: a table whose cells are apart by runs of spaces (a PDF's text laid out
  by position), under a notice whose lines hold double spaces too.
- prose_unit_headings: a 职责分工 section of unit headings (`（一）县城市管理局`), each over its
  duty paragraph; the 保障措施 items after it name no unit and are no tasks;
- prose_covering_sentences: `以上工作由X负责，Y配合。` / `上述工作由…` after the items they cover,
  a paragraph right under its heading;
- prose_unit_duty_list: a line naming one unit over its 责任清单 (`…主要承担以下工作：`), the
  issuer's signature and date above it;
- prose_subject_clauses_one_line: a whole excerpt on one line, a 职责分工 item whose clauses
  open with their units (`X负责…，Y负责…`), campaign stages after it;
- prose_subitems_one_line: `1.` heading with `(1)` `(2)` items glued on one line, each closing
  with `（X牵头负责）`, the last cut;
- markdown_rows_broken: a 公开目录 as markdown rows whose second cell held a line break (`| 类别 |`
  / the name / `|` / the rest), the header repeated, 公开内容 and 公开责任 columns, time limits in
  working days, the last row cut;
- progress_glued_header: a progress table of paragraph cells under a glued header and a glued
  quarter sub-header, the group name glued onto the first task text, `区卫健局，各平台、镇街`;
- paragraph_cells_spaced_header: paragraph cells under a spaced header cell (`主 要 工 作 任 务`),
  the copy cut inside the last row's text;
- paragraph_cells_excerpt: a unit's rows copied out of a longer numbered table (2, 41, 42),
  group headings without rows back to back, 主要责任单位 / 协同配合单位, a list grouped by commas;
- paragraph_cells_shared_units: items numbered inside one content cell sharing the unit cell
  after the last, a one-word unit cell, the last unit cell cut at `按职责分工落`;
- pipe_cut_items: flattened pipe rows over three task levels whose merged cells were dropped,
  rows numbered in their task cells, one cell holding two items, the copy cut inside the second;
- spaced_three_units: cells apart by single spaces with merged cells shown as extra spaces,
  words of a cell broken by a space, three unit columns, the copy cut in the last unit cell;
- traditional_catalogue: a disclosure catalogue in traditional script with pinyin notes, its
  header row broken over two lines, relative time limits, the copy cut after a row's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duban.extract import extract_path

DATA = Path(__file__).parent / "data"
DOCUMENTS = sorted(DATA.glob("*.txt"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_it_matches_the_checked_answer(path: Path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = extract_path(str(path)).to_dict()
    assert got["document"] == expected["document"]
    for task, answer in zip(got["tasks"], expected["tasks"], strict=False):
        task.pop("source_lines")
        for name in OPTIONAL:
            if name not in answer:
                task.pop(name, None)  # an answer written before the field existed leaves it out
    assert got["tasks"] == expected["tasks"]


OPTIONAL = ("leaders", "doubts", "progress")
