"""Revision and year-over-year diffs against the expected answers of tests/crossdoc/data, the
.xlsx export, a revision applied to the ledger as a delta, and tasks recurring every year."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from builders import build_docx
from crossdoc.base import DATA, import_seed, seed_in_format
from duban.crossdoc.services.diff import (
    CARRIED,
    DROPPED,
    NEW,
    diff_documents,
    diff_records,
)
from duban.crossdoc.services.export import diff_xlsx
from duban.crossdoc.services.records import from_document, from_extraction
from duban.crossdoc.services.recurring import recurring_tasks
from duban.crossdoc.services.revision import apply_revision
from duban.ledger.choices import TaskState
from duban.ledger.models import ObjectChange, ProgressReport, Task
from duban.ledger.services import build_import_preview, confirm_import, submit_progress_report
from ledger.base import BaseTestCase


def case(name: str) -> tuple[dict, dict]:
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    expected = json.loads((DATA / f"{name}_expected.json").read_text(encoding="utf-8"))
    return data, expected


def built(name: str) -> tuple[str, bytes]:
    data, _ = case(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = build_docx(data, Path(tmp) / f"{name}.docx")
        return path.name, path.read_bytes()


def extraction_of(name: str) -> dict:
    filename, data = built(name)
    return build_import_preview(data=data, filename=filename).extraction


def import_built(name: str, actor=None):
    filename, data = built(name)
    return confirm_import(build_import_preview(data=data, filename=filename), {}, actor, data,
                          filename)


class RevisionDiffTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seed = import_seed("003", cls.office)

    def test_the_revised_notice_diff_lists_every_change_and_nothing_else(self):
        _, expected = case("revised_003")
        diff = diff_records(from_document(self.seed), from_extraction(extraction_of("revised_003")))
        carried = {item.old.seq: item.changed for item in diff.of_kind(CARRIED)}
        self.assertEqual(len(carried), 33)
        for seq, changed in carried.items():
            with self.subTest(seq=seq):
                self.assertEqual(changed, expected["changed"].get(seq, []))
        self.assertEqual([i.old.seq for i in diff.of_kind(DROPPED)], expected["dropped"])
        self.assertEqual([i.new.content for i in diff.of_kind(NEW)], expected["new"])
        self.assertEqual(diff.counts["changed"], len(expected["changed"]))
        self.assertEqual(diff.field_counts(), {"content": 3, "lead": 2, "participating": 2,
                                               "deadline": 3, "milestones": 0, "target": 1})

    def test_the_same_document_in_another_format_has_no_change(self):
        for fmt in ("pdf", "xlsx", "html"):
            name, data = seed_in_format("003", fmt)
            extraction = build_import_preview(data=data, filename=name).extraction
            diff = diff_records(from_document(self.seed), from_extraction(extraction))
            self.assertEqual(diff.counts, {"new": 0, "carried": 34, "dropped": 0, "changed": 0,
                                           "unchanged": 34}, fmt)

    def test_the_revision_applied_keeps_reports_and_audits_deadlines(self):
        tasks = {t.seq: t for t in Task.objects.filter(document=self.seed)}
        submit_progress_report(self.office, tasks["1"], "已成立领导小组", percent=50)
        submit_progress_report(self.office, tasks["27"], "已开展中医药工作", percent=20)
        ids_before = {seq: t.pk for seq, t in tasks.items()}
        summary = apply_revision(self.office, self.seed, extraction_of("revised_003"))
        self.assertEqual(len(summary["updated"]), 10)
        self.assertEqual(len(summary["created"]), 1)
        self.assertEqual(summary["dropped_kept"], [ids_before["27"]])
        self.assertEqual(summary["deleted"], [])
        self.assertEqual(sorted(summary["deadline_changed"]),
                         sorted(ids_before[s] for s in ("1", "4", "21")))
        first = Task.objects.get(pk=ids_before["1"])
        self.assertEqual((first.deadline_text, str(first.deadline_due)),
                         ("2022年10月底前", "2022-10-31"))
        self.assertEqual(ProgressReport.objects.filter(task=first).count(), 1)
        audit = ObjectChange.objects.filter(
            object_type=ContentType.objects.get_for_model(Task), object_id=first.pk,
            message__startswith="修订调整完成时限")
        self.assertEqual(audit.get().message, "修订调整完成时限：2022年8月底前 → 2022年10月底前")
        second = Task.objects.get(pk=ids_before["2"])
        self.assertEqual([u.name for u in second.lead_units()], ["市民政局"])
        # Applying the same revision again changes nothing.
        again = apply_revision(self.office, self.seed, extraction_of("revised_003"))
        self.assertEqual((again["updated"], again["created"]), ([], []))

    def test_the_export_writes_every_cell_as_text(self):
        extraction = extraction_of("revised_003")
        extraction["tasks"][0]["content"] = "=HYPERLINK(\"x\")" + extraction["tasks"][0]["content"]
        diff = diff_records(from_document(self.seed), from_extraction(extraction))
        sheet = load_workbook(io.BytesIO(diff_xlsx(diff, "原", "新")))["逐项比对"]
        self.assertEqual(sheet["A2"].value, "类型")
        values = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value]
        self.assertTrue(all(c.data_type == "s" for c in values))
        self.assertTrue(any(str(c.value).startswith("=HYPERLINK") for c in values))
        kinds = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
        self.assertEqual((kinds.count("变更"), kinds.count("新增"), kinds.count("删除")),
                         (10, 1, 1))


class YearOverYearTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.last_year = import_seed("000", cls.office)
        cls.this_year = import_built("next_year_000", cls.office)

    def test_next_years_plan_is_carried_over_new_and_dropped(self):
        _, expected = case("next_year_000")
        diff = diff_documents(self.last_year, self.this_year)
        carried = {item.old.content: sorted(item.changed) for item in diff.of_kind(CARRIED)}
        self.assertEqual(carried, expected["carried"])
        self.assertEqual([i.old.content for i in diff.of_kind(DROPPED)], expected["dropped"])
        self.assertEqual([i.new.content for i in diff.of_kind(NEW)], expected["new"])

    def test_tasks_recurring_every_year_unclosed_are_listed(self):
        _, expected = case("next_year_000")
        closed = Task.objects.filter(document=self.last_year).order_by("order")[0]
        closed.state, closed.closed_at = TaskState.DONE, timezone.now()
        closed.save()
        groups = recurring_tasks()
        found = {g.tasks[0].content for g in groups}
        self.assertEqual(found, set(expected["carried"]) - {closed.content})
        self.assertTrue(all(g.years == [2020, 2021] for g in groups))

    def test_the_diff_page_and_its_excel(self):
        self.client.force_login(self.leader)
        query = f"?old={self.last_year.pk}&new={self.this_year.pk}"
        page = self.client.get(reverse("crossdoc:diff") + query).content.decode()
        self.assertIn('id="count-new">2<', page)
        self.assertIn('id="count-dropped">2<', page)
        self.assertIn("时间节点", page)
        response = self.client.get(reverse("crossdoc:diff-xlsx") + query)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.getvalue()))["逐项比对"]
        self.assertEqual(sheet.max_row, 2 + 8 + 2 + 2)
        page = self.client.get(reverse("crossdoc:recurring")).content.decode()
        self.assertIn("2020、2021", page)
