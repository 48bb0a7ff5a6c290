"""Crossdoc over the REST API: matches and the decision on a pending upload, diffs, recurring."""

from __future__ import annotations

from api.base import ApiTestCase
from crossdoc.base import import_seed, seed_in_format
from duban.crossdoc.models import ImportDecision
from duban.ledger.models import Document
from duban.ledger.services import build_import_preview
from duban.ledger.services.pending import save_pending


class CrossdocApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seed = import_seed("003", cls.office)

    def pending(self) -> str:
        name, data = seed_in_format("003", "xlsx")
        preview = build_import_preview(data=data, filename=name)
        return save_pending(self.office, name, data, preview.to_dict())

    def test_matches_and_a_skip_decision(self):
        token = self.pending()
        response = self.get("office", f"/crossdoc/imports/{token}/matches")
        self.assertEqual(response.status_code, 200)
        (match,) = response.json()["matches"]
        self.assertEqual((match["document_id"], match["percent"]), (self.seed.pk, 100))
        self.assertEqual(self.get("lead_reporter", f"/crossdoc/imports/{token}/matches")
                         .status_code, 403)
        response = self.call("office", "POST", f"/crossdoc/imports/{token}/decide",
                             {"choice": "skip", "document_id": self.seed.pk})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(ImportDecision.objects.get().choice, "skip")
        self.assertEqual(self.get("office", f"/crossdoc/imports/{token}/matches").status_code,
                         404)

    def test_separate_without_a_reason_is_refused(self):
        token = self.pending()
        response = self.call("office", "POST", f"/crossdoc/imports/{token}/decide",
                             {"choice": "separate", "document_id": self.seed.pk})
        self.assertEqual(response.status_code, 422)
        count = Document.objects.count()
        response = self.call("office", "POST", f"/crossdoc/imports/{token}/decide",
                             {"choice": "separate", "document_id": self.seed.pk,
                              "reason": "另行督办"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Document.objects.count(), count + 1)

    def test_diff_and_export_for_any_signed_in_user(self):
        other = import_seed("000", self.office)
        path = f"/crossdoc/diff?old={self.seed.pk}&new={other.pk}"
        body = self.get("leader", path).json()
        self.assertEqual(body["counts"]["new"] + body["counts"]["carried"], 10)
        self.assertEqual(self.get(None, path).status_code, 401)
        response = self.get("leader", f"/crossdoc/diff.xlsx?old={self.seed.pk}&new={other.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.get("leader", "/crossdoc/recurring").json(), [])
