"""Vertical cascade on 响水县's re-issue of 盐城's plan (tests/crossdoc/data/county_004):
suggestion accuracy, a person's corrections, the gap report against the expected answers and
progress rolled up."""

from __future__ import annotations

from django.urls import reverse

from api.base import ApiTestCase
from crossdoc.base import import_seed
from crossdoc.test_diff import case, import_built
from duban.crossdoc.models import LinkStatus, TaskLink
from duban.crossdoc.services.cascade import (
    cascade_report,
    confirm_link,
    suggest_links,
    suggestions,
    upper_progress,
)
from duban.ledger.models import Task
from duban.ledger.services import submit_progress_report
from ledger.base import BaseTestCase


class CascadeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city = import_seed("004", cls.office)
        cls.county = import_built("county_004", cls.office)
        _, cls.expected = case("county_004")
        cls.gold = {link["lower_seq"]: link["upper_seq"] for link in cls.expected["links"]}

    def test_suggestions_reach_the_accuracy_targets(self):
        found = suggestions(self.county, self.city, k=3)
        self.assertEqual(len(found), 93)
        top1 = sum(s.best is not None and s.best.seq == self.gold[s.lower.seq] for s in found)
        top3 = sum(self.gold[s.lower.seq] in [t.seq for t, _ in s.candidates] for s in found)
        print(f"cascade suggestions: top-1 {top1}/93, top-3 {top3}/93")
        self.assertGreaterEqual(top1 / 93, 0.90)
        self.assertGreaterEqual(top3 / 93, 0.98)

    def corrected_links(self):
        """Suggest, then correct the wrong suggestions as the office would."""
        suggest_links(self.office, self.county, self.city)
        upper = {t.seq: t for t in Task.objects.filter(document=self.city)}
        corrections = 0
        for link in TaskLink.objects.filter(lower__document=self.county).select_related(
                "lower", "upper"):
            if link.upper.seq != self.gold[link.lower.seq]:
                confirm_link(self.office, link.lower, upper[self.gold[link.lower.seq]])
                corrections += 1
        return corrections

    def test_the_gap_report_after_corrections_is_exactly_the_expected_one(self):
        self.corrected_links()
        report = cascade_report(self.county, self.city)
        self.assertEqual([t.seq for t in report.unlinked_upper],
                         self.expected["upper_without_lower"])
        self.assertEqual(report.unlinked_lower, [])
        self.assertEqual([low.seq for low, _ in report.later_deadlines],
                         self.expected["later_deadlines"])
        self.assertEqual([low.seq for low, *_ in report.lower_targets],
                         self.expected["lower_targets"])
        pairs = {(low.seq, up.seq) for low, up, *_ in report.lower_targets}
        self.assertTrue(all(self.gold[low] == up for low, up in pairs))

    def test_a_person_confirms_and_corrects_and_progress_rolls_up(self):
        suggest_links(self.office, self.county, self.city)
        lower = Task.objects.get(document=self.county, seq="1")
        upper = Task.objects.get(document=self.city, seq="1")
        wrong = Task.objects.get(document=self.city, seq="2")
        confirm_link(self.office, lower, wrong)
        self.assertEqual(TaskLink.objects.get(lower=lower, status=LinkStatus.CONFIRMED).upper,
                         wrong)
        confirm_link(self.office, lower, upper)
        self.assertEqual(list(TaskLink.objects.filter(lower=lower).exclude(
            status=LinkStatus.REJECTED).values_list("upper__seq", flat=True)), ["1"])
        # Suggesting again leaves a person's decision alone.
        suggest_links(self.office, self.county, self.city)
        self.assertEqual(TaskLink.objects.get(lower=lower, upper=upper).status,
                         LinkStatus.CONFIRMED)
        submit_progress_report(self.office, lower, "已调整领导小组", percent=60)
        rollup = upper_progress(upper)
        self.assertEqual((rollup.lower, rollup.percent), ([lower], 60))
        confirm_link(self.office, lower, None)
        self.assertEqual(upper_progress(upper).lower, [])

    def test_the_cascade_page(self):
        self.corrected_links()
        self.client.force_login(self.office)
        url = reverse("crossdoc:cascade") + f"?lower={self.county.pk}&upper={self.city.pk}"
        page = self.client.get(url).content.decode()
        self.assertIn('id="gap-unlinked">10<', page)
        self.assertIn('id="gap-later">5<', page)
        self.assertIn('id="gap-targets">5<', page)
        lower = Task.objects.get(document=self.county, seq="2")
        upper = Task.objects.get(document=self.city, seq="3")
        response = self.client.post(reverse("crossdoc:link", args=[lower.pk]),
                                    {"upper": "", "next": url})
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertFalse(TaskLink.objects.filter(lower=lower, upper=upper).exclude(
            status=LinkStatus.REJECTED).exists())
        self.client.force_login(self.lead_reporter)
        self.assertEqual(self.client.post(reverse("crossdoc:link", args=[lower.pk]),
                                          {"upper": upper.pk}).status_code, 403)


class CascadeApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city = import_seed("004", cls.office)
        cls.county = import_built("county_004", cls.office)

    def test_suggest_link_report_and_rollup(self):
        query = f"?lower={self.county.pk}&upper={self.city.pk}"
        self.assertEqual(self.call("lead_reporter", "POST", "/crossdoc/cascade/suggest" + query)
                         .status_code, 403)
        written = self.call("office", "POST", "/crossdoc/cascade/suggest" + query).json()
        self.assertEqual(written, {"written": 93})
        body = self.get("leader", "/crossdoc/cascade" + query).json()
        self.assertEqual(len(body["unlinked_upper_ids"]), 10)
        self.assertEqual((len(body["later_deadlines"]), len(body["lower_targets"])), (5, 5))
        lower = Task.objects.get(document=self.county, seq="1")
        upper = Task.objects.get(document=self.city, seq="1")
        response = self.call("office", "POST", f"/crossdoc/links/{lower.pk}",
                             {"upper_id": upper.pk})
        self.assertEqual(response.json()["status"], "confirmed")
        rollup = self.get("leader", f"/crossdoc/tasks/{upper.pk}/rollup").json()
        self.assertEqual(rollup["lower_ids"], [lower.pk])
        self.assertEqual(self.get("leader", f"/crossdoc/cascade?lower={self.city.pk}"
                                            f"&upper={self.city.pk}").status_code, 422)
