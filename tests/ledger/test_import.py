"""Importing an extraction: counts, preview flags, duplicates, all-or-nothing, decisions, audit."""

import copy
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from duban.ledger.models import (
    Assignment,
    Document,
    Indicator,
    Milestone,
    ObjectChange,
    Task,
    Unit,
    UnitAlias,
    UnitGroup,
)
from duban.ledger.services import (
    DuplicateDocument,
    ImportFailed,
    confirm_import,
    create_unit,
    document_counts,
    get_or_create_region,
    preview_from_extraction,
    resolve_unit,
)
from duban.ledger.services import imports as imports_service
from ledger.base import BaseTestCase, gold, import_extraction

COUNT_CASES = [
    ("000", {"tasks": 10, "assignments": 25, "milestones": 64, "indicators": 1}, "倒排表"),
    (
        "001",
        {"tasks": 35, "assignments": 161, "milestones": 0, "indicators": 14},
        "分解表; a unit named as lead and participant is assigned once, as lead",
    ),
    ("003", {"tasks": 34, "assignments": 68, "milestones": 0, "indicators": 3}, "责任分工"),
    ("004", {"tasks": 103, "assignments": 297, "milestones": 0, "indicators": 36}, "通知+分解表"),
]


@pytest.mark.parametrize(("seed", "expected", "note"), COUNT_CASES)
def test_it_lands_the_counts_of_each_gold_file(db, seed, expected, note):
    document = import_extraction(gold(seed), name=f"{seed}.txt")
    assert document_counts(document) == expected, note


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_it_keeps_source_order_and_deadlines(db, seed):
    extraction = gold(seed)
    document = import_extraction(extraction, name=f"{seed}.txt")
    tasks = list(document.tasks.order_by("order"))
    for task, data in zip(tasks, extraction["tasks"], strict=True):
        assert task.content == data["content"]
        assert task.deadline_kind == data["deadline"]["kind"]
        assert (task.deadline_due.isoformat() if task.deadline_due else None) == data["deadline"][
            "due"
        ]
        assert [task.source_line_first, task.source_line_last] == data["source_lines"]


def test_it_fills_the_document_fields(db):
    document = import_extraction(gold("004"), name="004.txt")
    assert document.doc_number == "盐政办发〔2022〕58号"
    assert document.region.name == "盐城市"
    assert document.issued_on.isoformat() == "2022-09-14"
    assert (document.period_start.isoformat(), document.period_end.isoformat()) == (
        "2022-01-01",
        "2022-12-31",
    )
    assert document.original.read().endswith(b"004.txt")


def test_it_makes_each_level_phrases_groups_not_units(db):
    document = import_extraction(gold("004"), name="004.txt")
    assert not Unit.objects.filter(name__startswith="各级").exists()
    group = UnitGroup.objects.get(name="各级医保部门", region=document.region)
    assert group.assignments.exists()
    assert "各级医保部门" in document.import_summary["groups"]


def with_flags(extraction):
    flagged = copy.deepcopy(extraction)
    flagged["tasks"][0]["lead_units"] = []
    flagged["tasks"][1]["deadline"] = {
        "text": "适时推进",
        "kind": "none",
        "start": None,
        "due": None,
    }
    flagged["tasks"][2]["participating_units"] = ["市新设管理局"]
    return flagged


def test_it_flags_what_needs_a_decision(db):
    preview = preview_from_extraction(with_flags(gold("003")), filename="x.txt", sha256="abc")
    assert "no_lead" in preview.tasks[0]["flags"]
    assert "unparsed_deadline" in preview.tasks[1]["flags"]
    assert "unparsed_deadline" not in preview.tasks[0]["flags"]
    assert "市新设管理局" in preview.tasks[2]["unknown_units"]
    assert "市新设管理局" in preview.unknown_units
    assert preview.needs_decision and preview.duplicate_of is None


def test_it_offers_candidates_for_unknown_units(db):
    create_unit(None, "市卫生健康委", get_or_create_region("荆门市"))
    preview = preview_from_extraction(gold("003"), filename="x.txt", sha256="abc")
    assert preview.units["市卫健委"]["unit_id"] is not None
    assert preview.units["市医保局"]["unit_id"] is None


def test_it_flags_a_duplicate_in_the_preview(db):
    document = import_extraction(gold("000"), name="000.txt")
    preview = preview_from_extraction(gold("000"), filename="000.txt", sha256=document.sha256)
    assert preview.duplicate_of == document.pk


def test_it_refuses_the_same_file_twice(db):
    import_extraction(gold("000"), name="000.txt")
    before = (Task.objects.count(), Unit.objects.count(), ObjectChange.objects.count())
    with pytest.raises(DuplicateDocument, match="已于"):
        import_extraction(gold("000"), name="000.txt")
    assert (Task.objects.count(), Unit.objects.count(), ObjectChange.objects.count()) == before


def test_it_changes_nothing_when_an_import_fails_midway(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Indicator.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_extraction(gold("004"), name="004.txt")
    for model in (Document, Task, Assignment, Milestone, Indicator, Unit, ObjectChange):
        assert model.objects.count() == 0, model.__name__
    assert not [p for p in Path(tmp_path).rglob("*") if p.is_file()]


def test_it_rejects_a_decision_for_a_missing_unit(db):
    with pytest.raises(ImportFailed):
        import_extraction(gold("003"), decisions={"市卫健委": 999999})
    assert Document.objects.count() == 0


def test_it_applies_a_decision_and_remembers_the_alias(db):
    region = get_or_create_region("荆门市")
    hospital = create_unit(None, "市人民医院", region)
    extraction = copy.deepcopy(gold("003"))
    extraction["tasks"][0]["participating_units"] = ["市一院"]
    import_extraction(extraction, decisions={"市一院": str(hospital.pk)})
    assert Assignment.objects.filter(unit=hospital).count() == 1
    assert UnitAlias.objects.get(text="市一院").unit == hospital
    assert resolve_unit("市一院", region) == hospital


def test_it_fails_cleanly_on_a_bad_indicator_value(db):
    extraction = copy.deepcopy(gold("003"))
    extraction["tasks"][0]["indicators"] = [{"text": "x", "value": "abc", "unit": "%", "op": ">="}]
    with pytest.raises(ImportFailed):
        import_extraction(extraction)
    assert Task.objects.count() == 0


def test_it_reuses_units_across_documents_of_a_region(db):
    first = import_extraction(gold("003"), name="a.txt")
    renamed = copy.deepcopy(gold("003"))
    for task in renamed["tasks"]:
        task["lead_units"] = [
            "市卫生健康委员会" if n == "市卫健委" else n for n in task["lead_units"]
        ]
    second = import_extraction(renamed, name="b.txt")
    health = Unit.objects.get(region=first.region, kind__name="卫生健康")
    assert Assignment.objects.filter(unit=health, task__document=second).count() == 29
    assert first.region == second.region


class AuditTests(BaseTestCase):
    def test_it_records_who_imported_what(self):
        document = import_extraction(gold("000"), actor=self.office, name="000.txt")
        change = ObjectChange.objects.get(action="import")
        assert change.actor == self.office and change.object_id == document.pk
        assert change.after["tasks"] == 10 and change.after["milestones"] == 64
        task_type = ContentType.objects.get_for_model(Task)
        assert ObjectChange.objects.filter(object_type=task_type, action="create").count() == 10
        assert ObjectChange.objects.for_object(document).count() == 11
        assert document.imported_by == self.office


def test_it_imports_a_file_through_the_extractor(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed = Path(__file__).resolve().parents[2] / "demo" / "seeds"
    path = sorted(seed.glob("000_*.txt"))[0]
    preview = imports_service.build_import_preview(path)
    document = confirm_import(preview, {}, None, path.read_bytes(), path.name)
    assert document.tasks.count() == len(preview.extraction["tasks"]) > 0
    assert document.filename == path.name and document.format == "txt"


def test_it_clips_over_long_cells_instead_of_failing(db):
    extraction = copy.deepcopy(gold("003"))
    task = extraction["tasks"][0]
    task["seq"] = "1" * 50
    task["deadline"]["text"] = "底前" * 200
    task["lead_units"] = ["市" + "很长的单位名称" * 30]
    document = import_extraction(extraction)
    first = document.tasks.get(order=0)
    assert len(first.seq) == 20 and len(first.deadline_text) == 200
    assert len(first.lead_units()[0].name) == 100
