"""Merging two units: assignments, reports, users and aliases move; the audit keeps both states."""

import copy

from duban.ledger.models import Assignment, ObjectChange, Profile, Task, Unit, UnitAlias
from duban.ledger.services import (
    create_unit,
    merge_units,
    resolve_unit,
    save_account,
    units_responsibility_list,
)
from ledger.base import BaseTestCase, gold, import_extraction


def tasks_naming(extraction: dict, names: set[str], role: str | None = None) -> int:
    roles = [role] if role else ["lead", "participating"]
    return sum(
        1 for task in extraction["tasks"] if names & {n for r in roles for n in task[f"{r}_units"]}
    )


class MergeTests(BaseTestCase):
    def test_it_merges_shi_weijianwei_into_shi_weisheng_jiankangwei(self):
        # 000 (岳阳) writes 市卫健委, 004 (盐城) writes 市卫生健康委: two units until merged.
        yueyang = import_extraction(gold("000"), name="000.txt")
        import_extraction(gold("004"), name="004.txt")
        short = Unit.objects.get(name="市卫健委", region=yueyang.region)
        keep = self.health
        merge_units(keep, short, self.office)

        duties = units_responsibility_list(keep)
        direct = tasks_naming(gold("000"), {"市卫健委"}) + tasks_naming(
            gold("004"), {"市卫生健康委"}
        )
        assert Assignment.objects.filter(unit=keep, via_group__isnull=True).count() == direct
        # The list also holds the tasks of the group 各级卫生健康部门 of 盐城市 (its member),
        # where the task does not name 市卫生健康委 itself as participating.
        lead_expected = tasks_naming(gold("000"), {"市卫健委"}, "lead") + sum(
            1 for t in gold("004")["tasks"]
            if "市卫生健康委" in t["lead_units"] or (
                "各级卫生健康部门" in t["lead_units"]
                and "市卫生健康委" not in t["participating_units"])
        )
        assert duties.lead.count() == lead_expected
        assert set(duties.lead.values_list("document__region__name", flat=True)) == {
            "岳阳市",
            "盐城市",
        }
        assert not Unit.objects.filter(pk=short.pk).exists()
        assert resolve_unit("市卫健委", yueyang.region) == keep

    def test_it_records_the_merge(self):
        drop = create_unit(None, "市卫健委办公室", self.region)
        merge_units(self.health, drop, self.office)
        change = ObjectChange.objects.get(action="merge")
        assert change.actor == self.office
        assert change.before["drop"]["name"] == "市卫健委办公室"
        assert "市卫健委办公室" in change.after["aliases"]

    def test_it_keeps_one_assignment_per_task_and_lead_wins(self):
        extraction = copy.deepcopy(gold("003"))
        extraction["tasks"][0]["lead_units"] = ["市卫健委A"]
        extraction["tasks"][0]["participating_units"] = ["市卫健委B"]
        document = import_extraction(extraction, name="003.txt")
        keep = Unit.objects.get(name="市卫健委B")
        drop = Unit.objects.get(name="市卫健委A")
        merge_units(keep, drop, self.office)
        task = Task.objects.get(document=document, order=0)
        assignments = list(Assignment.objects.filter(task=task, unit=keep))
        assert [a.role for a in assignments] == ["lead"]

    def test_it_moves_users_and_aliases(self):
        drop = create_unit(None, "市卫生局", self.region)
        UnitAlias.objects.create(unit=drop, text="卫生局", region=self.region)
        save_account(self.office, "old-clerk", "reporter", unit=drop, password="pw-12345678")
        merge_units(self.health, drop, self.office)
        assert Profile.objects.get(user__username="old-clerk").unit == self.health
        assert set(self.health.aliases.values_list("text", flat=True)) == {"市卫生局", "卫生局"}

    def test_it_refuses_to_merge_a_unit_with_itself(self):
        with self.assertRaises(ValueError):
            merge_units(self.health, self.health, self.office)
