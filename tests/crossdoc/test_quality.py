"""Intake quality check: each kind of finding on a notice with an annexed table written for this
test (tests/crossdoc/data/notice_with_annex.txt), the seeds, the preview panel, the printable
checklist and its .docx."""

from __future__ import annotations

import io

import docx
from django.test import SimpleTestCase
from django.urls import reverse

from api.base import ApiTestCase
from crossdoc.base import DATA, SEEDS, seed_path
from duban.crossdoc.services.quality import prose_items, quality_check
from duban.extract import extract_path
from duban.ledger.services import build_import_preview
from duban.ledger.services.pending import save_pending
from ledger.base import BaseTestCase

NOTICE = DATA / "notice_with_annex.txt"
EXPECTED = [
    ("2", "prose_conflict"),
    ("3", "vague_deadline"),
    ("3", "lead_and_participating"),
    ("4", "outside_period"),
    ("5", "no_lead"),
    ("6", "duplicate"),
]


class QualityRulesTests(SimpleTestCase):
    def test_every_kind_of_finding_on_the_notice_and_nothing_else(self):
        extraction = extract_path(str(NOTICE)).to_dict()
        prose = prose_items(NOTICE.read_bytes(), NOTICE.name, 2023)
        self.assertEqual(len(prose), 4)
        findings = quality_check(extraction, prose)
        self.assertEqual([(f.seq, f.code) for f in findings], EXPECTED)
        by_code = {f.code: f for f in findings}
        self.assertIn("市医保局牵头", by_code["prose_conflict"].detail)
        self.assertIn("尽快", by_code["vague_deadline"].detail)
        self.assertIn("2024-06-30", by_code["outside_period"].detail)
        self.assertIn("第 5 项", by_code["duplicate"].detail)

    def test_a_missing_deadline_counts_only_without_a_period(self):
        task = {"seq": "1", "content": "推进某项工作", "lead_units": ["市卫健委"],
                "participating_units": [], "deadline": {"text": None, "kind": "none"}}
        with_period = {"document": {"period": {"start": "2023-01-01", "end": "2023-12-31"}},
                       "tasks": [task]}
        self.assertEqual(quality_check(with_period), [])
        without = {"document": {"period": None}, "tasks": [task]}
        self.assertEqual([f.code for f in quality_check(without)], ["missing_deadline"])

    def test_the_seeds(self):
        counts = {}
        for stem in SEEDS:
            path = seed_path(stem)
            findings = quality_check(extract_path(str(path)).to_dict(),
                                     prose_items(path.read_bytes(), path.name, 2022))
            counts[stem] = sorted({f.code for f in findings})
        # 001 lists lead units again among the 实施单位; 004's task 78 runs to the end of the
        # 十四五 (2025), past the 2022 plan; its prose items agree with its annex.
        self.assertEqual(counts, {"000": [], "001": ["lead_and_participating"], "003": [],
                                  "004": ["outside_period"]})


class ChecklistPageTests(BaseTestCase):
    def test_preview_panel_page_and_docx(self):
        data = NOTICE.read_bytes()
        preview = build_import_preview(data=data, filename=NOTICE.name)
        token = save_pending(self.office, NOTICE.name, data, preview.to_dict())
        self.client.force_login(self.office)
        page = self.client.get(reverse("import-preview", args=[token])).content.decode()
        self.assertIn("核对清单：5 处需发文单位明确", page)  # the prose check is on the full page
        page = self.client.get(reverse("crossdoc:import-checklist", args=[token])).content.decode()
        for label in ("正文与附表责任单位不一致", "完成时限不明确", "同一单位既牵头又参与",
                      "完成时限超出文件执行期", "无牵头单位", "重复任务"):
            self.assertIn(label, page)
        response = self.client.get(reverse("crossdoc:import-checklist-docx", args=[token]))
        document = docx.Document(io.BytesIO(response.getvalue()))
        rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
        self.assertEqual(rows[0], ["序号", "任务内容", "问题", "说明"])
        self.assertEqual([(r[0], r[2]) for r in rows[1:]], [
            ("2", "正文与附表责任单位不一致"), ("3", "完成时限不明确"), ("3", "同一单位既牵头又参与"),
            ("4", "完成时限超出文件执行期"), ("5", "无牵头单位"), ("6", "重复任务")])
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(reverse("crossdoc:import-checklist", args=[token]))
                         .status_code, 403)


class ChecklistApiTests(ApiTestCase):
    def test_the_checklist_over_the_api(self):
        data = NOTICE.read_bytes()
        preview = build_import_preview(data=data, filename=NOTICE.name)
        token = save_pending(self.office, NOTICE.name, data, preview.to_dict())
        body = self.get("office", f"/crossdoc/imports/{token}/checklist").json()
        self.assertEqual([(f["seq"], f["code"]) for f in body], EXPECTED)
