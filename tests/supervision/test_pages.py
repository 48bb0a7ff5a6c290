"""The supervision pages render for the roles that may see them, downloads are what they say,
and unit-wide exports are refused to reporters."""

from __future__ import annotations

import datetime as dt
import io

import docx
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from duban.supervision.models import EscalationNotice, SupervisionSettings, UnitContact
from supervision.base import SupervisionTestCase, at

D = dt.date
DAY = D(2020, 7, 28)

# (url name, args builder, personas allowed, note)
PAGES = [
    ("supervision:dashboard", lambda t: [], {"office", "leader", "yy_reporter"}, "驾驶舱"),
    ("supervision:timeline", lambda t: [t.plan.pk], {"office", "leader", "yy_reporter"}, "时间轴"),
    ("supervision:cadence", lambda t: [t.plan.pk], {"office", "leader", "yy_reporter"}, "缺报"),
    (
        "supervision:task",
        lambda t: [t.plan_tasks[0].pk],
        {"office", "leader", "yy_reporter"},
        "任务督办",
    ),
    ("supervision:dispatch", lambda t: [t.plan.pk], {"office", "leader"}, "通报预览"),
    ("supervision:assessment", lambda t: [], {"office", "leader", "yy_reporter"}, "考核排名"),
    ("supervision:inbox", lambda t: [], {"office", "leader", "yy_reporter"}, "消息"),
    ("supervision:escalations", lambda t: [], {"office", "leader", "yy_reporter"}, "督办单"),
    ("supervision:review", lambda t: [], {"office"}, "审核与销号"),
    ("supervision:notifications", lambda t: [], {"office"}, "催办记录"),
    ("supervision:rules", lambda t: [], {"office"}, "预警规则"),
    ("supervision:contact", lambda t: [t.yy_health.pk], {"office"}, "督办联系人"),
]


class PageTests(SupervisionTestCase):
    def test_each_page_for_each_role(self):
        with time_machine.travel(at(DAY), tick=False):
            for name, args, allowed, note in PAGES:
                for persona in ("office", "leader", "yy_reporter"):
                    with self.subTest(page=name, persona=persona):
                        self.client.force_login(getattr(self, persona))
                        response = self.client.get(reverse(name, args=args(self)))
                        self.assertEqual(
                            response.status_code, 200 if persona in allowed else 403, note
                        )

    def test_the_dispatch_downloads_open(self):
        self.client.force_login(self.leader)
        url = reverse("supervision:dispatch-download", args=[self.plan.pk, "docx"])
        response = self.client.get(url, {"day": "2020-07-15"})
        tables = docx.Document(io.BytesIO(response.getvalue())).tables
        self.assertEqual(tables[0].rows[1].cells[1].text, str(len(self.plan_tasks)))
        url = reverse("supervision:dispatch-download", args=[self.plan.pk, "xlsx"])
        workbook = load_workbook(io.BytesIO(self.client.get(url, {"day": "2020-07-15"}).getvalue()))
        self.assertEqual(workbook["总体情况"]["B3"].value, len(self.plan_tasks))

    def test_the_assessment_exports_for_the_office_only(self):
        url = reverse("supervision:assessment")
        query = {"start": "2020-01-01", "end": "2020-12-31", "format": "xlsx"}
        self.client.force_login(self.office)
        workbook = load_workbook(io.BytesIO(self.client.get(url, query).getvalue()))
        self.assertEqual(workbook.sheetnames, ["排名", "得分明细"])
        self.client.force_login(self.yy_reporter)
        self.assertEqual(self.client.get(url, query).status_code, 403)

    def test_the_office_edits_the_rules_and_the_cadence(self):
        self.client.force_login(self.office)
        data = {
            "yellow_days": 10,
            "remind_before_days": 2,
            "escalate_after": 4,
            "email_enabled": "on",
            "inbox_enabled": "on",
            "escalation_issuer": "市医改办",
        }
        self.client.post(reverse("supervision:rules"), data)
        self.assertEqual(SupervisionSettings.current().yellow_days, 10)
        self.client.post(
            reverse("supervision:cadence", args=[self.plan.pk]),
            {"report_cadence": "weekly", "report_day": 5},
        )
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.report_cadence, self.plan.report_day), ("weekly", 5))

    def test_the_office_sets_a_units_head(self):
        self.client.force_login(self.office)
        data = {"head_name": "李四", "head_title": "局长", "email": "", "head_email": "li@x.cn"}
        self.client.post(reverse("supervision:contact", args=[self.yy_health.pk]), data)
        self.assertEqual(UnitContact.objects.get(unit=self.yy_health).head_name, "李四")

    def test_an_escalation_notice_is_only_for_its_unit(self):
        notice = EscalationNotice.objects.create(
            key="k",
            unit=self.yy_health,
            document=self.plan,
            number="督〔2020〕1号",
            issued_on=DAY,
            text="经 3 次催办仍未报送",
        )
        notice.tasks.set(self.plan_tasks[:2])
        url = reverse("supervision:escalation-docx", args=[notice.pk])
        self.client.force_login(self.yy_reporter)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.other_reporter)
        self.assertEqual(self.client.get(url).status_code, 404)


class ReviewRedirectTests(SupervisionTestCase):
    """After a review the page goes back to ``next`` only when it is on this site."""

    def post_review(self, next_url: str):
        report = self.report(self.plan_tasks[0], DAY)
        self.client.force_login(self.office)
        url = reverse("supervision:report-review", args=[report.pk])
        return self.client.post(url, {"status": "accepted", "comment": "", "next": next_url})

    def test_a_local_next_is_followed(self):
        response = self.post_review("/supervision/review/?page=2")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/supervision/review/?page=2")

    def test_another_host_is_refused(self):
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            with self.subTest(target=target):
                response = self.post_review(target)
                self.assertEqual(response["Location"], reverse("supervision:review"))
