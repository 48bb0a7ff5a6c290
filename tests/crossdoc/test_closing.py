"""The 销号 checklist derived from a task's verb, checked when the lead unit applies."""

from __future__ import annotations

from django.urls import reverse

from duban.crossdoc.models import ClosingCheck
from duban.crossdoc.services.closing import closing_checklist
from duban.ledger.models import Task
from duban.ledger.services import submit_progress_report
from duban.supervision.services.closing import apply_for_closing
from ledger.base import BaseTestCase, import_extraction
from web.base import DATE_DUE, extraction_task

EXTRACTION = {
    "source": {"path": "closing.txt", "format": "txt", "sha256": ""},
    "document": {"title": "销号测试分工表", "issuer": "盐城市医改办", "doc_number": None,
                 "issued_on": "2022-03-01", "region": "盐城市",
                 "period": {"start": "2022-01-01", "end": "2022-12-31"}},
    "tasks": [
        extraction_task("1", "制度建设", "研究制定公立医院薪酬制度改革实施方案并印发实施。",
                        ["市卫生健康委"], [], DATE_DUE),
        extraction_task("2", "能力建设", "按照三级医院标准建设市老年康复医院。",
                        ["市卫生健康委"], [], DATE_DUE),
        extraction_task("3", "支付改革", "DRG付费占医疗机构病种数达到75%。", ["市卫生健康委"], [],
                        DATE_DUE, indicators=[{"text": "DRG付费占医疗机构病种数达到75%",
                                               "value": 75, "unit": "%", "op": ">="}]),
        extraction_task("4", "组织领导", "召开医改领导小组会议。", ["市卫生健康委"], [], DATE_DUE),
    ],
}


class ClosingChecklistTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(EXTRACTION, name="closing.txt")
        cls.tasks = {t.seq: t for t in Task.objects.filter(document=cls.document)}

    def keys(self, seq: str, **submitted) -> dict[str, bool]:
        return {i.key: i.satisfied for i in closing_checklist(self.tasks[seq], **submitted)}

    def test_the_rules_follow_the_verb(self):
        self.assertEqual(self.keys("1"), {"issued_document": False, "report": False})
        self.assertEqual(self.keys("2"), {"acceptance": False, "report": False})
        self.assertEqual(self.keys("3"), {"indicator": False, "report": False})
        self.assertEqual(self.keys("4"), {"report": False})

    def test_evidence_satisfies_its_item(self):
        self.assertEqual(self.keys("1", text="已印发实施方案（盐卫发〔2022〕 15号）",
                                   has_file=True),
                         {"issued_document": True, "report": True})
        self.assertEqual(self.keys("2", text="已完工", file_name="竣工验收报告.pdf",
                                   has_file=True),
                         {"acceptance": True, "report": True})
        task = self.tasks["3"]
        indicator = task.indicators.get()
        submit_progress_report(self.lead_reporter, task, "进展", 60,
                               indicator_values={indicator.pk: "70"})
        item = closing_checklist(task)[0]
        self.assertEqual((item.satisfied, item.detail),
                         (False, "未达到目标：DRG付费占医疗机构病种数达到75%（实际 70%）"))
        submit_progress_report(self.lead_reporter, task, "完成", 100,
                               indicator_values={indicator.pk: "76"})
        self.assertTrue(closing_checklist(task)[0].satisfied)

    def test_an_application_is_checked_when_filed_and_shown_on_the_task_page(self):
        task = self.tasks["1"]
        first = apply_for_closing(self.lead_reporter, task, "方案已起草完毕",
                                  ("方案.docx", b"draft"))
        check = ClosingCheck.objects.get(request=first)
        self.assertFalse(check.complete)
        self.assertEqual([i["key"] for i in check.items if not i["satisfied"]],
                         ["issued_document"])
        first.status = "rejected"
        first.save()
        second = apply_for_closing(self.lead_reporter, task,
                                   "已印发《薪酬制度改革实施方案》，盐卫发〔2022〕15号",
                                   ("印发通知.pdf", b"pdf"))
        self.assertTrue(ClosingCheck.objects.get(request=second).complete)
        self.client.force_login(self.office)
        page = self.client.get(reverse("supervision:task", args=[task.pk])).content.decode()
        self.assertIn("销号材料清单", page)
        self.assertIn("已印发文件的文号", page)
        self.assertIn("材料齐全", page)
        self.assertIn("材料不全：印发文件（尚未提供）", page)

    def test_the_checklist_over_the_api(self):
        from duban.api.tokens import issue_token

        token = issue_token(self.leader, "t")[1]
        response = self.client.get(f"/api/v1/crossdoc/tasks/{self.tasks['2'].pk}/closing-checklist",
                                   HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual([i["key"] for i in response.json()["items"]], ["acceptance", "report"])
