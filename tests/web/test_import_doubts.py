"""The extractor's doubts and leaders in the import: each doubt in plain Chinese, the unsure
rows first, and the leaders (people, not units) kept on the task and shown on its page."""

from __future__ import annotations

import copy

from django.urls import reverse

from duban.ledger.choices import Doubt
from duban.ledger.models import Document, Task
from duban.ledger.services import preview_from_extraction
from duban.ledger.services.pending import save_pending
from web.base import EXTRACTION, WebTestCase


def unsure_extraction() -> dict:
    extraction = copy.deepcopy(EXTRACTION)
    extraction["source"]["sha256"] = "d" * 64
    first, second, third = extraction["tasks"]
    first["leaders"] = ["张三", "李四"]
    first["lead_units"], third["lead_units"] = ["市卫生健康委"], ["市卫生健康委"]
    first["participating_units"] = third["participating_units"] = []
    second["lead_units"], second["participating_units"] = ["市卫生健康委"], []
    third["doubts"] = ["units_guessed", "row_may_continue", "some_new_code"]
    return extraction


class DoubtTests(WebTestCase):
    def setUp(self):
        self.sign_in("office")
        preview = preview_from_extraction(unsure_extraction(), filename="doubt.txt",
                                          sha256="d" * 64)
        self.token = save_pending(self.office, "doubt.txt", b"doubt", preview.to_dict())

    def test_the_preview_shows_doubts_in_plain_chinese_and_unsure_rows_first(self):
        page = self.client.get(reverse("import-preview", args=[self.token])).content.decode()
        assert Doubt.UNITS_GUESSED.label in page and Doubt.ROW_MAY_CONTINUE.label in page
        assert "需核对（some_new_code）" in page
        assert "units_guessed" not in page
        body = page.split("<tbody>")[-1]
        # The third task (doubts) comes before the first two (no doubt, no flag).
        assert body.index("加强公共卫生体系建设") < body.index("推进DRG付费改革")
        assert 'class="unsure"' in body
        assert "责任领导：张三、李四" in page

    def test_leaders_are_kept_on_the_task_and_shown_on_its_page(self):
        # The upload repeats the fixture's document, which a plain confirmation would refuse
        # (crossdoc): without it the upload is a new document.
        Document.objects.filter(pk=self.document.pk).delete()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("import-confirm", args=[self.token]))
        document = Document.objects.exclude(pk=self.document.pk).get()
        task = document.tasks.get(seq="1")
        assert task.leaders == ["张三", "李四"]
        assert Task.objects.filter(document=document, leaders=[]).count() == 2
        page = self.client.get(reverse("task", args=[task.pk])).content.decode()
        assert "责任领导" in page and "张三、李四" in page
