"""Who may see, report on and edit which task (every write checked in the service itself)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from duban.ledger.models import ProgressReport, Task, Unit, UnitGroup
from duban.ledger.permissions import (
    can_edit_task,
    can_report,
    get_task_for_user,
    require_office,
    role_of,
)
from duban.ledger.services import (
    edit_task,
    merge_units,
    review_report,
    save_account,
    submit_progress_report,
)
from ledger.base import BaseTestCase, gold, import_extraction

# (persona, task whose lead unit is …, may report?)
REPORT_CASES = [
    ("office", "市卫生健康委", True),
    ("lead_reporter", "市卫生健康委", True),
    ("lead_reporter", "市医保局", False),
    ("lead_reporter", "各级卫生健康部门", True),
    ("other_reporter", "市卫生健康委", False),
    ("other_reporter", "各级财政部门", True),
    ("leader", "市卫生健康委", False),
]


class PermissionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(gold("004"), name="004.txt")

    def task_led_by(self, name: str) -> Task:
        """A task whose only responsible unit is ``name`` (the other assignments removed); for
        a unit group, its members."""
        group = UnitGroup.objects.filter(name=name).first()
        if group is not None:
            task = Task.objects.filter(group_assignments__group=group,
                                       group_assignments__role="lead").order_by("order").first()
            task.assignments.exclude(unit__in=group.members.all()).delete()
            return task
        task = (
            Task.objects.filter(assignments__unit__name=name, assignments__role="lead")
            .order_by("order")
            .first()
        )
        task.assignments.exclude(unit__name=name).delete()
        return task

    def test_it_decides_who_may_report(self):
        for persona, lead, allowed in REPORT_CASES:
            with self.subTest(persona=persona, lead=lead):
                task = self.task_led_by(lead)
                assert can_report(getattr(self, persona), task) is allowed

    def test_it_refuses_a_report_on_another_units_task(self):
        task = self.task_led_by("市医保局")
        with pytest.raises(PermissionDenied):
            submit_progress_report(self.lead_reporter, task, "已完成", percent=100)
        with pytest.raises(PermissionDenied):
            get_task_for_user(self.lead_reporter, task.pk, write=True)
        assert ProgressReport.objects.count() == 0

    def test_it_lets_everyone_signed_in_see_every_task(self):
        task = self.task_led_by("市医保局")
        for persona in ("office", "lead_reporter", "other_reporter", "leader"):
            assert get_task_for_user(getattr(self, persona), task.pk) == task
        assert Task.objects.visible_to(AnonymousUser()).count() == 0
        with pytest.raises(Http404):
            get_task_for_user(AnonymousUser(), task.pk)

    def test_it_keeps_the_leader_read_only(self):
        task = self.task_led_by("市卫生健康委")
        with pytest.raises(PermissionDenied):
            submit_progress_report(self.leader, task, "看过了")
        with pytest.raises(PermissionDenied):
            edit_task(self.leader, task, {"content": "改"})
        with pytest.raises(PermissionDenied):
            require_office(self.leader)
        assert not can_edit_task(self.leader, task)

    def test_it_keeps_task_edits_and_reviews_to_the_office(self):
        task = self.task_led_by("市卫生健康委")
        report = submit_progress_report(self.lead_reporter, task, "推进中", percent=50)
        with pytest.raises(PermissionDenied):
            edit_task(self.lead_reporter, task, {"content": "改"})
        with pytest.raises(PermissionDenied):
            review_report(self.lead_reporter, report, "accepted")
        assert can_edit_task(self.office, task)

    def test_it_reads_roles_from_profiles(self):
        assert role_of(self.office) == "office"
        assert role_of(AnonymousUser()) is None
        stranger = save_account(None, "stranger", "leader")
        stranger.profile.delete()
        stranger.refresh_from_db()
        assert role_of(stranger) is None

    def test_it_follows_the_reporter_when_units_merge(self):
        health_task = self.task_led_by("市卫生健康委")
        twin = Unit.objects.create(name="市卫健委直属", region=self.region)
        moved = save_account(None, "twin-clerk", "reporter", unit=twin, password="pw-12345678")
        assert not can_report(moved, health_task)
        merge_units(self.health, twin, self.office)
        moved.refresh_from_db()
        assert can_report(moved, health_task)
