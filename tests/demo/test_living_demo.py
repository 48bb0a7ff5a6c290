"""The living demo (``duban demo``) on a fixed day: the seeds placed in the present with a year
of supervision, every status present, and every count of every page agreeing with one another.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings

from duban.ledger.choices import DeadlineKind, ReviewStatus, TaskState
from duban.ledger.models import Document, ProgressReport, Task, overdue_q
from duban.supervision.choices import Light
from duban.supervision.models import ClosingRequest, EscalationNotice, Reminder
from duban.supervision.services.assessment import assessment_period, score_assessment
from duban.supervision.services.counts import status_counts
from duban.supervision.services.dashboard import dashboard_data
from duban.supervision.services.dispatch import build_dispatch
from duban.web.views.home import leader_context, office_context, reporter_context

DAY = dt.date(2026, 12, 5)
MOMENT = dt.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(MOMENT, tick=False)
class LivingDemo(TestCase):
    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="duban-demo-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.out = io.StringIO()
        call_command("demo", "--url", "http://127.0.0.1:8765/", stdout=cls.out)
        cls.counts = status_counts(DAY)

    def test_the_demo_prints_the_address_it_was_given(self):
        self.assertIn("http://127.0.0.1:8765/", self.out.getvalue())
        self.assertNotIn("127.0.0.1:8000", self.out.getvalue())

    def test_every_seed_is_placed_in_the_present(self):
        for document in Document.objects.all():
            self.assertIsNotNone(document.demo_year_shift, document.title)
            due = [t.effective_due() for t in document.tasks.all() if t.effective_due()]
            self.assertLessEqual(min(due).year, DAY.year, document.title)
            self.assertGreaterEqual(max(due), DAY, document.title)
        # The source text keeps its own year: only the dates were moved.
        plan = Document.objects.get(title__startswith="2022年全市")
        self.assertEqual(plan.demo_year_shift, 4)
        self.assertEqual(plan.period_end, dt.date(2026, 12, 31))
        dated = plan.tasks.exclude(deadline_text="").first()
        self.assertIn("2022", dated.deadline_text + plan.title)

    def test_the_dashboard_shows_every_light_and_the_key_states(self):
        self.assertTrue(all(self.counts.lights[light] for light in Light.values), self.counts)
        for state in (TaskState.DUE_SOON, TaskState.DONE, TaskState.OVERDUE, TaskState.ON_TRACK):
            self.assertGreater(self.counts.states[state], 0, state)
        self.assertLess(self.counts.red, self.counts.total / 3)

    def test_a_history_of_supervision_is_there(self):
        reports = ProgressReport.objects.all()
        self.assertGreater(reports.filter(review_status=ReviewStatus.ACCEPTED).count(), 100)
        self.assertGreater(reports.filter(review_status=ReviewStatus.RETURNED).count(), 5)
        pending = reports.filter(review_status=ReviewStatus.PENDING)
        self.assertTrue(pending.filter(files__isnull=False).exists())
        self.assertEqual(EscalationNotice.objects.count(), 1)
        self.assertTrue(Reminder.objects.exists())
        self.assertTrue(ClosingRequest.objects.filter(status="pending").exists())
        reopened = Task.objects.filter(closed_at__isnull=True, closing_requests__status="approved")
        self.assertEqual(reopened.count(), 1)
        # Every report's day is in the past, none in the future.
        self.assertFalse(reports.filter(created__gt=MOMENT).exists())

    def test_every_count_on_every_page_agrees(self):
        counts = self.counts
        self.assertEqual(Task.objects.filter(overdue_q(DAY)).count(), counts.overdue)
        users = get_user_model().objects
        office = office_context(users.get(username="office"))
        self.assertEqual(office["overdue_count"], counts.overdue)
        leader = leader_context(users.get(username="leader"))
        self.assertEqual(leader["overdue_count"], counts.overdue)
        self.assertEqual({v: n for v, _, n in leader["states"]}, counts.states)
        self.assertEqual(sum(d.n_overdue for d in leader["documents"]), counts.overdue)
        dashboard = dashboard_data(DAY)
        self.assertEqual({s["value"]: s["count"] for s in dashboard["states"]}, counts.states)
        self.assertEqual(dashboard["lights"], counts.lights)
        self.client.force_login(get_user_model().objects.get(username="office"))
        api = self.client.get("/api/v1/dashboard").json()
        self.assertEqual((api["overdue"], api["states"], api["lights"]),
                         (counts.overdue, counts.states, counts.lights))
        dispatch = [build_dispatch(d, DAY, DAY) for d in Document.objects.all()]
        for state in TaskState.values:
            self.assertEqual(sum(r.counts.get(state, 0) for r in dispatch), counts.states[state],
                             state)
        self.assertEqual(sum(r.lights.get(Light.RED, 0) for r in dispatch), counts.red)
        reporter = get_user_model().objects.get(username="weijian")
        mine = reporter_context(reporter)
        self.assertEqual(mine["overdue_count"], mine["counts"].overdue)

    def test_the_dashboard_ranks_the_period_of_the_assessment_page(self):
        dashboard = dashboard_data(DAY)
        start, end = assessment_period(DAY)
        self.assertEqual(dashboard["ranking_period"], (start, end))
        ranked = [s for s in score_assessment(start, end, DAY) if s.ranked]
        self.assertTrue(ranked)
        self.assertEqual([(s.unit.pk, s.score) for s in dashboard["ranking"]],
                         [(s.unit.pk, s.score) for s in ranked[:10]])
        self.client.force_login(get_user_model().objects.get(username="leader"))
        page = self.client.get("/supervision/assessment/").content.decode()
        self.assertIn("考核期 2026年1月1日 至 2026年12月31日", page)

    def test_no_ongoing_or_undated_task_is_called_overdue(self):
        ongoing = Task.objects.filter(deadline_kind=DeadlineKind.ONGOING)
        self.assertFalse(ongoing.filter(state=TaskState.OVERDUE).exists())
        undated = Task.objects.filter(deadline_kind=DeadlineKind.NONE).first()
        self.assertEqual(undated.due_display(), "未注明，按文件期限 2026年12月31日")
        self.client.force_login(get_user_model().objects.get(username="leader"))
        page = self.client.get(f"/documents/{undated.document_id}/").content.decode()
        self.assertIn("未注明，按文件期限 2026年12月31日", page)
        self.assertNotIn("（未注明）", page)
        self.assertIn("演示数据：日期已整体平移", page)

    def test_running_it_again_changes_nothing(self):
        before = (ProgressReport.objects.count(), Reminder.objects.count(),
                  list(Document.objects.values_list("demo_year_shift", flat=True)))
        out = io.StringIO()
        call_command("demo", stdout=out)
        after = (ProgressReport.objects.count(), Reminder.objects.count(),
                 list(Document.objects.values_list("demo_year_shift", flat=True)))
        self.assertEqual(before, after)
        self.assertIn("跳过", out.getvalue())
