"""The web tests' base: the ledger personas plus one small imported document.

The document (region 盐城市) has a task led by 市卫生健康委 (``own_task`` of ``lead_reporter``),
one led by 市医保局 (``other_task``: no persona's unit is on it), whose content is a script tag,
and one with no lead unit whose content is a ``<p>`` tag.
"""

from __future__ import annotations

from duban.ledger.models import Task
from ledger.base import BaseTestCase, import_extraction

SCRIPT = "<script>alert(1)</script>"
PARA = "<p>段落标签</p>"


def extraction_task(seq, category, content, lead, participating, deadline, **extra) -> dict:
    return {"seq": seq, "category": category, "content": content, "lead_units": lead,
            "participating_units": participating, "deadline": deadline,
            "milestones": extra.get("milestones", []), "target": extra.get("target"),
            "indicators": extra.get("indicators", []), "source_lines": [1, 1]}


DATE_DUE = {"text": "2022年8月底前", "kind": "date", "start": None, "due": "2022-08-31"}
ONGOING = {"text": "持续推进", "kind": "ongoing", "start": None, "due": None}
EXTRACTION = {
    "source": {"path": "web.txt", "format": "txt", "sha256": ""},
    "document": {"title": "督办测试分工表", "issuer": "盐城市医改办", "doc_number": "盐医改〔2022〕1号",
                 "issued_on": "2022-03-01", "region": "盐城市",
                 "period": {"start": "2022-01-01", "end": "2022-12-31"}},
    "tasks": [
        extraction_task("1", "深化医保支付方式改革", "推进DRG付费改革，付费占比达到75%",
                        ["市卫生健康委"], ["市财政局"], DATE_DUE,
                        indicators=[{"text": "付费占比达到75%", "value": 75, "unit": "%",
                                     "op": ">="}],
                        milestones=[{"due": "2022-06-30", "text": "制定实施方案"}]),
        extraction_task("2", "深化医保支付方式改革", SCRIPT, ["市医保局"], [], DATE_DUE),
        extraction_task("3", "加强公共卫生体系建设", PARA, [], ["市医保局"], ONGOING),
    ],
}


class WebTestCase(BaseTestCase):
    """Personas (office, lead_reporter, other_reporter, leader) and the document's tasks."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(EXTRACTION, name="web.txt")
        tasks = list(Task.objects.filter(document=cls.document).order_by("order"))
        cls.own_task, cls.other_task, cls.para_task = tasks

    def sign_in(self, persona: str):
        self.client.force_login(getattr(self, persona))
