"""The same document again is recognized at preview, whatever its format, and the office's
decision (skip / revision / separate with a reason) is applied and audited."""

from __future__ import annotations

import copy

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from crossdoc.base import BUILDERS, SEEDS, import_seed, seed_in_format
from duban.crossdoc.models import ImportDecision
from duban.crossdoc.services.matching import find_matches, number_key
from duban.crossdoc.services.preview import preview_panel
from duban.ledger.models import Document, ObjectChange, Task
from duban.ledger.services import build_import_preview
from duban.ledger.services.pending import save_pending
from ledger.base import BaseTestCase


class RepeatTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seeds = {stem: import_seed(stem, cls.office) for stem in SEEDS}

    def test_every_seed_in_every_other_format_is_recognized_as_itself(self):
        for stem in SEEDS:
            for fmt in BUILDERS:
                with self.subTest(seed=stem, format=fmt):
                    name, data = seed_in_format(stem, fmt)
                    preview = build_import_preview(data=data, filename=name)
                    self.assertIsNone(preview.duplicate_of)  # not byte-identical
                    matches = preview_panel(preview.to_dict())["matches"]
                    self.assertTrue(matches, f"{stem}.{fmt} not recognized")
                    best = matches[0]
                    self.assertEqual(best["document_id"], self.seeds[stem].pk)
                    self.assertGreaterEqual(best["percent"], 90)
                    self.assertEqual(len(matches), 1, [m["title"] for m in matches])

    def test_task_overlap_alone_recognizes_a_document_with_a_new_title_and_no_number(self):
        name, data = seed_in_format("003", "pdf")
        extraction = build_import_preview(data=data, filename=name).extraction
        extraction = copy.deepcopy(extraction)
        extraction["document"].update(title="关于调整公立医院高质量发展任务的通知",
                                      doc_number=None, issuer="某办公室")
        for task in extraction["tasks"][:3]:
            task["content"] = task["content"] + "（调整）"
        (match,) = find_matches(extraction)
        self.assertEqual(match.document_id, self.seeds["003"].pk)
        self.assertFalse(match.same_number or match.same_title_issuer)
        self.assertGreaterEqual(match.overlap, 0.9)
        self.assertLess(match.identical, match.matched)

    def test_number_alone_recognizes_a_document(self):
        extraction = {"document": {"title": "全新标题", "doc_number": "盐政办发[2022] 58号"},
                      "tasks": [{"content": "完全不同的一项工作", "lead_units": []}]}
        (match,) = find_matches(extraction)
        self.assertTrue(match.same_number)
        self.assertEqual(match.document_id, self.seeds["004"].pk)
        self.assertEqual(number_key("盐政办发〔2022〕58号"), number_key("盐政办发 [2022]58号"))

    def test_a_different_document_is_not_matched(self):
        seed = self.seeds["000"]
        extraction = {"document": {"title": "另一份文件"},
                      "tasks": [{"content": t.content} for t in
                                Task.objects.filter(document=self.seeds["003"])[:2]]}
        self.assertNotIn(seed.pk, [m.document_id for m in find_matches(extraction)])


class DecisionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seed = import_seed("003", cls.office)

    def pending(self, fmt: str = "docx") -> str:
        name, data = seed_in_format("003", fmt)
        preview = build_import_preview(data=data, filename=name)
        return save_pending(self.office, name, data, preview.to_dict())

    def decide(self, token: str, choice: str, reason: str = ""):
        return self.client.post(reverse("crossdoc:import-decide", args=[token]), {
            "choice": choice, "crossdoc-document": self.seed.pk, "crossdoc-reason": reason})

    def decision_audit(self):
        ctype = ContentType.objects.get_for_model(ImportDecision)
        return ObjectChange.objects.filter(object_type=ctype)

    def test_the_preview_page_offers_the_three_choices(self):
        self.client.force_login(self.office)
        token = self.pending("xlsx")
        page = self.client.get(reverse("import-preview", args=[token])).content.decode()
        for text in ("疑似重复", "不导入", "作为该文件的修订版导入", "作为独立文件导入",
                     f"《{self.seed.title}》", "任务重合 100%"):
            self.assertIn(text, page)

    def test_skip_imports_nothing_and_is_audited(self):
        self.client.force_login(self.office)
        response = self.decide(self.pending(), "skip")
        self.assertRedirects(response, reverse("document", args=[self.seed.pk]),
                             fetch_redirect_response=False)
        self.assertEqual(Document.objects.count(), 1)
        decision = ImportDecision.objects.get()
        self.assertEqual((decision.choice, decision.matched), ("skip", self.seed))
        self.assertEqual(self.decision_audit().get().related_id, self.seed.pk)

    def test_separate_needs_a_reason_which_is_audited(self):
        self.client.force_login(self.office)
        token = self.pending()
        self.decide(token, "separate")
        self.assertEqual(Document.objects.count(), 1)
        self.assertFalse(ImportDecision.objects.exists())
        self.decide(token, "separate", "县里单独转发，需单独督办")
        self.assertEqual(Document.objects.count(), 2)
        decision = ImportDecision.objects.get()
        self.assertEqual(decision.reason, "县里单独转发，需单独督办")
        self.assertNotEqual(decision.result, self.seed)
        self.assertIn("县里单独转发", self.decision_audit().get().message)

    def test_revision_of_an_identical_file_changes_nothing(self):
        self.client.force_login(self.office)
        before = list(Task.objects.filter(document=self.seed).values_list("pk", "version"))
        self.decide(self.pending("pdf"), "revision")
        self.assertEqual(Document.objects.count(), 1)
        after = list(Task.objects.filter(document=self.seed).values_list("pk", "version"))
        self.assertEqual(before, after)
        summary = ImportDecision.objects.get().summary
        self.assertEqual((summary["updated"], summary["created"], summary["deleted"]),
                         ([], [], []))
        self.assertEqual(summary["unchanged"], len(before))

    def test_a_reporter_cannot_decide(self):
        token = self.pending()
        self.client.force_login(self.lead_reporter)
        self.assertEqual(self.decide(token, "skip").status_code, 403)

    def test_the_plain_confirmation_does_not_land_a_recognized_repeat(self):
        self.client.force_login(self.office)
        token = self.pending("xlsx")
        response = self.client.post(reverse("import-confirm", args=[token]), follow=True)
        self.assertEqual(Document.objects.count(), 1)
        self.assertContains(response, "作为独立文件导入")
        api = self.client.post(f"/api/v1/imports/{token}/confirm", {"decisions": {}},
                               content_type="application/json")
        self.assertEqual(api.status_code, 409)
        self.assertIn(self.seed.title, api.json()["detail"])
        self.assertEqual(Document.objects.count(), 1)
