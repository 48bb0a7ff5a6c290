"""Editing tasks (audited), a unit's responsibility list, and search."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from duban.ledger.models import ObjectChange, Task, Unit
from duban.ledger.services import edit_task, search_tasks, units_responsibility_list
from ledger.base import BaseTestCase, gold, import_extraction


class TaskTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(gold("004"), name="004.txt")
        cls.jingmen = import_extraction(gold("003"), name="003.txt")

    def test_it_audits_a_task_edit(self):
        task = self.document.tasks.order_by("order").first()
        medical = Unit.objects.get(name="市医保局", region=self.region)
        edit_task(
            self.office,
            task,
            {"deadline_due": dt.date(2022, 10, 31), "deadline_kind": "date"},
            lead_units=[medical],
        )
        task.refresh_from_db()
        assert task.deadline_due == dt.date(2022, 10, 31)
        assert [u.name for u in task.lead_units()] == ["市医保局"]
        change = ObjectChange.objects.get(action="update", object_id=task.pk)
        assert change.before["deadline_due"] is None
        assert change.after["deadline_due"] == "2022-10-31"
        assert change.after["lead_units"] == [medical.pk]
        assert set(change.changed_fields()) >= {"deadline_due", "deadline_kind", "lead_units"}

    def test_it_refuses_fields_that_are_not_editable(self):
        task = self.document.tasks.first()
        with pytest.raises(ValidationError):
            edit_task(self.office, task, {"document_id": self.jingmen.pk})

    def test_it_lists_a_units_lead_and_participating_tasks(self):
        duties = units_responsibility_list(self.health)
        lead_ids = set(duties.lead.values_list("pk", flat=True))
        part_ids = set(duties.participating.values_list("pk", flat=True))
        assert lead_ids and part_ids and not lead_ids & part_ids
        generic_tasks = set(Task.objects.filter(
            group_assignments__group__name="各级卫生健康部门").values_list("pk", flat=True))
        assert generic_tasks <= lead_ids | part_ids
        jingmen_health = Unit.objects.get(name="市卫健委", region=self.jingmen.region)
        assert not lead_ids & set(
            units_responsibility_list(jingmen_health).lead.values_list("pk", flat=True)
        )

    def test_it_filters_the_responsibility_list(self):
        filtered = units_responsibility_list(self.health, {"document": self.jingmen})
        assert filtered.lead.count() == filtered.participating.count() == 0
        dated = units_responsibility_list(self.health, {"due_to": dt.date(2022, 12, 31)})
        assert all(t.deadline_due <= dt.date(2022, 12, 31) for t in dated.lead)

    def test_it_searches_tasks(self):
        cases = [
            ({"q": "DRG"}, lambda t: "DRG" in t.content, "a word of the content"),
            ({"q": "公立医院 薪酬"}, lambda t: "公立医院" in t.content + t.category, "every word"),
            (
                {"q": "市医保局"},
                lambda t: any(u.name == "市医保局" for u in t.units.all()),
                "a unit's name",
            ),
            (
                {"category": "深入学习三明医改经验"},
                lambda t: t.category == "深入学习三明医改经验",
                "category",
            ),
            (
                {"due_from": dt.date(2022, 8, 1), "due_to": dt.date(2022, 8, 31)},
                lambda t: t.deadline_due.month == 8,
                "due range",
            ),
        ]
        for kwargs, check, note in cases:
            with self.subTest(note):
                found = list(search_tasks(**kwargs))
                assert found, note
                assert all(check(task) for task in found), note

    def test_it_searches_by_unit_including_generic_units(self):
        found = set(search_tasks(unit=self.finance).values_list("pk", flat=True))
        group_tasks = Task.objects.filter(group_assignments__group__name="各级财政部门")
        assert set(group_tasks.values_list("pk", flat=True)) <= found

    def test_it_finds_nothing_for_a_missing_word(self):
        assert search_tasks("不存在的词语xyz").count() == 0
