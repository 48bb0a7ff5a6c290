"""Issue 13.11: the ledger export is built once per document version and then streamed from
the cached file; any change the export shows (a task edit, a report, a review, a state set by
the status engine in bulk, an assignment, a unit's name) gives a new version and a rebuild."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from django.conf import settings
from django.urls import reverse

from duban.ledger.models import Assignment, Task, Unit
from duban.ledger.services import edit_task, review_report, submit_progress_report
from duban.reports import cache
from web.base import WebTestCase


def bump_state(t):
    Task.objects.filter(pk=t.own_task.pk).update(state="done")  # as status_store's bulk write


# (change, note): each must move the document's version
CHANGES = [
    (lambda t: edit_task(t.office, Task.objects.get(pk=t.own_task.pk), {"target": "新目标"},
                         expected_version=Task.objects.get(pk=t.own_task.pk).version),
     "a task edit"),
    (lambda t: submit_progress_report(t.office, t.own_task, "新的进展", 60), "a new report"),
    (lambda t: review_report(t.office, t.own_task.reports.first(), "accepted", ""), "a review"),
    (bump_state, "a state written in bulk"),
    (lambda t: Assignment.objects.filter(task=t.para_task).delete(), "an assignment removed"),
    (lambda t: Unit.objects.filter(pk=t.health.pk).update(name="市卫健委（更名）"),
     "a unit renamed"),
]


class ExportCacheTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        submit_progress_report(cls.office, cls.own_task, "方案已起草", 40)

    def counted(self):
        """Patch the builders to count how often an export is really built."""
        calls = []

        def counting(fmt, build):
            def wrapper(document, reads):
                calls.append(fmt)
                return build(document, reads)
            return wrapper

        builders = {fmt: counting(fmt, build) for fmt, build in cache.BUILDERS.items()}
        return calls, mock.patch.dict(cache.BUILDERS, builders)

    def test_the_second_request_streams_the_cached_file(self):
        self.sign_in("office")
        calls, patch = self.counted()
        with patch:
            for name in ("document-xlsx", "api-v1:export_xlsx", "document-csv",
                         "api-v1:export_csv"):
                response = self.client.get(reverse(name, args=[self.document.pk]))
                self.assertTrue(response.streaming)
                self.assertTrue(response.getvalue())
        self.assertEqual(calls, ["xlsx", "csv"])  # web and API share each built file
        files = sorted(p.name for p in Path(settings.EXPORT_CACHE_DIR).glob("ledger-*"))
        self.assertEqual(len(files), 2)

    def test_every_change_the_export_shows_gives_a_new_version(self):
        seen = {cache.ledger_version(self.document)}
        for change, note in CHANGES:
            with self.subTest(note=note):
                change(self)
                version = cache.ledger_version(self.document)
                self.assertNotIn(version, seen)
                seen.add(version)

    def test_a_new_version_rebuilds_and_drops_the_old_file(self):
        old = cache.ledger_file(self.document, "xlsx", self.office)
        self.assertEqual(cache.ledger_file(self.document, "xlsx", self.office), old)
        submit_progress_report(self.office, self.own_task, "又一次进展", 70)
        new = cache.ledger_file(self.document, "xlsx", self.office)
        self.assertNotEqual(new, old)
        self.assertFalse(old.exists())
        self.assertTrue(new.exists())

    def test_a_reporter_sees_the_progress_of_its_own_tasks_only(self):
        submit_progress_report(self.office, self.other_task, "医保局的进展", 30)
        for persona, shown in (("lead_reporter", {"方案已起草"}), ("office", {"方案已起草",
                                                                            "医保局的进展"})):
            with self.subTest(persona=persona):
                self.sign_in(persona)
                response = self.client.get(reverse("document-csv", args=[self.document.pk]))
                text = response.getvalue().decode("utf-8-sig")
                self.assertEqual({t for t in ("方案已起草", "医保局的进展") if t in text}, shown)
                self.assertIn("<script>alert(1)</script>", text)  # the task itself is shown
