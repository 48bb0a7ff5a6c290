"""Unit groups (issue 14): group phrases are recognised on import as groups, not units; a group
expands to the member units the office defines (each member gets its own task line and sees the
task in its 责任清单); an undefined group is flagged in the preview and never ranked; existing
group units become groups by migration."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied

from duban.ledger.choices import AssignmentRole
from duban.ledger.models import Assignment, GroupAssignment, Task, Unit, UnitGroup
from duban.ledger.services import create_unit, preview_from_extraction, units_responsibility_list
from duban.ledger.services.groups import is_group_name, set_group_members
from duban.supervision.services.assessment import score_assessment
from ledger.base import BaseTestCase, gold, import_extraction

NAMES = [
    ("各级卫生健康部门", True, "each level's department"),
    ("各成员单位", True, "members of a body"),
    ("盐城市医改领导小组各成员单位", True, "members of a named body"),
    ("各县（市、区）政府", True, "each county's government"),
    ("各区县人民政府", True, "each district's government"),
    ("各有关部门", True, "the departments concerned"),
    ("市卫生健康委", False, "one department"),
    ("县卫计局", False, "one county department"),
    ("市场监管局", False, "市 is part of the word"),
    ("医改领导小组", False, "one body"),
]


@pytest.mark.parametrize(("name", "expected", "note"), NAMES)
def test_group_phrases_are_recognised(name, expected, note):
    assert is_group_name(name) is expected, note


def groups_extraction() -> dict:
    """Seed 004 with one task given to 盐城市医改领导小组各成员单位 and 各有关部门."""
    data = gold("004")
    data["tasks"][0]["participating_units"] = ["盐城市医改领导小组各成员单位", "各有关部门"]
    return data


class GroupImportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(groups_extraction(), name="004.txt")
        cls.first = Task.objects.filter(document=cls.document).order_by("order").first()

    def test_no_group_phrase_becomes_a_unit(self):
        names = set(Unit.objects.values_list("name", flat=True))
        self.assertFalse({n for n in names if is_group_name(n)})
        self.assertTrue(UnitGroup.objects.filter(name="各级卫生健康部门").exists())
        self.assertIn("盐城市医改领导小组各成员单位",
                      self.document.import_summary["undefined_groups"])

    def test_a_each_level_group_expands_to_its_kinds_departments(self):
        group = UnitGroup.objects.get(name="各级卫生健康部门", region=self.region)
        self.assertEqual(list(group.members.all()), [self.health])
        tasks = GroupAssignment.objects.filter(group=group).values_list("task_id", flat=True)
        self.assertTrue(tasks)
        lines = Assignment.objects.filter(task_id__in=tasks, unit=self.health)
        self.assertEqual(lines.count(), len(set(tasks)))
        self.assertTrue(lines.filter(via_group=group).exists())
        own = units_responsibility_list(self.health)
        seen = set(own.lead.values_list("pk", flat=True)) | set(
            own.participating.values_list("pk", flat=True))
        self.assertLessEqual(set(tasks), seen)

    def test_defining_a_group_gives_each_member_its_line(self):
        group = UnitGroup.objects.get(name="盐城市医改领导小组各成员单位")
        self.assertFalse(Assignment.objects.filter(via_group=group).exists())
        with self.assertRaises(PermissionDenied):
            set_group_members(self.lead_reporter, group, [self.finance])
        set_group_members(self.office, group, [self.finance, self.health])
        line = Assignment.objects.get(task=self.first, unit=self.finance)
        self.assertEqual((line.via_group, line.role), (group, AssignmentRole.PARTICIPATING))
        own = units_responsibility_list(self.finance)
        self.assertIn(self.first, own.participating)
        # The lead unit keeps its own (lead) line; the group adds none beside it.
        self.assertEqual(Assignment.objects.filter(task=self.first, unit=self.health).count(), 1)
        set_group_members(self.office, group, [self.health])
        self.assertFalse(Assignment.objects.filter(task=self.first, unit=self.finance).exists())

    def test_an_undefined_group_is_never_ranked(self):
        scores = score_assessment(dt.date(2022, 1, 1), dt.date(2022, 12, 31),
                                  dt.date(2022, 12, 31))
        self.assertTrue(scores)
        self.assertFalse([s for s in scores if is_group_name(s.unit.name)])

    def test_the_preview_flags_the_undefined_groups(self):
        data = groups_extraction()
        preview = preview_from_extraction(data, filename="again.txt", sha256="x")
        self.assertIn("盐城市医改领导小组各成员单位", preview.undefined_groups)
        self.assertNotIn("各级卫生健康部门", preview.undefined_groups)
        self.assertNotIn("各有关部门", preview.unknown_units)
        self.assertIn("undefined_group", preview.tasks[0]["flags"])
        self.assertTrue(preview.needs_decision)


class GroupMigrationTests(BaseTestCase):
    def test_existing_group_units_become_groups(self):
        document = import_extraction(gold("003"), name="003.txt")
        task = Task.objects.filter(document=document).first()
        old = create_unit(None, "各成员单位", self.region)
        generic = create_unit(None, "各级卫生健康部门", self.region)
        Assignment.objects.create(task=task, unit=old, role=AssignmentRole.PARTICIPATING)
        Assignment.objects.create(task=task, unit=generic, role=AssignmentRole.LEAD)
        module = importlib.import_module("duban.supervision.migrations.0005_units_to_groups")
        module.units_to_groups(django_apps)
        self.assertFalse(Unit.objects.filter(pk__in=[old.pk, generic.pk]).exists())
        links = GroupAssignment.objects.filter(task=task).select_related("group")
        self.assertEqual({(g.group.name, g.role) for g in links},
                         {("各成员单位", "participating"), ("各级卫生健康部门", "lead")})
        line = Assignment.objects.get(task=task, unit=self.health)
        self.assertEqual(line.via_group.name, "各级卫生健康部门")


class GroupLedgerTests(BaseTestCase):
    def test_the_ledger_export_names_the_group_not_its_members(self):
        from duban.reports.ledger import ledger_rows

        document = import_extraction(groups_extraction(), name="004.txt")
        group = UnitGroup.objects.get(name="盐城市医改领导小组各成员单位")
        set_group_members(self.office, group, [self.finance])
        header, rows = ledger_rows(document)
        column = header.index("参与单位")
        self.assertIn("盐城市医改领导小组各成员单位", rows[0][column])
        self.assertIn("各有关部门", rows[0][column])
        self.assertNotIn("市财政局", rows[0][column])

    def test_a_new_each_level_group_takes_departments_the_same_document_brings(self):
        data = groups_extraction()
        data["tasks"][1]["lead_units"] = ["各级民政部门"]
        data["tasks"][2]["lead_units"] = ["市民政局"]
        document = import_extraction(data, name="004b.txt")
        group = UnitGroup.objects.get(name="各级民政部门", region=document.region)
        self.assertEqual([u.name for u in group.members.all()], ["市民政局"])
        second = Task.objects.filter(document=document).order_by("order")[1]
        self.assertTrue(second.assignments.filter(unit__name="市民政局", via_group=group).exists())
