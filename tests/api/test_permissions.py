"""Through the API, each role can do exactly what the web UI lets it do: the office everything,
a unit reporter reads every task but the reports only of its unit's tasks and reports only on
those, a leader reads only (HTTP 403)."""

from __future__ import annotations

import secrets

from django.core.files.uploadedfile import SimpleUploadedFile

from api.base import ApiTestCase
from duban.ledger.models import Document, ObjectChange, ProgressReport


def report_body(t):
    return {"text": "已完成方案起草", "percent": 40, "state": "in_progress"}


def patch_body(t):
    return {"content": "改写的任务", "version": t.own_task.__class__.objects.get(
        pk=t.own_task.pk).version}


def review_body(t):
    return {"status": "accepted", "comment": ""}


def throwaway_document() -> Document:
    return Document.objects.create(title="待删除文件", sha256=secrets.token_hex(32))


def report_on_own(t):
    return t.own_task.reports.first().pk


# (method, path builder, body builder, personas allowed, note)
WRITES = [
    ("POST", lambda t: f"/tasks/{t.own_task.pk}/reports", report_body,
     {"office", "lead_reporter", "other_reporter"}, "report on a task its unit leads or joins"),
    ("POST", lambda t: f"/tasks/{t.other_task.pk}/reports", report_body,
     {"office"}, "report on another unit's task"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", patch_body, {"office"}, "edit a task"),
    ("POST", lambda t: f"/reports/{report_on_own(t)}/review", review_body, {"office"},
     "review a report"),
    ("POST", lambda t: f"/documents/{t.document.pk}/confirm", None, {"office"},
     "confirm a document"),
    ("DELETE", lambda t: f"/documents/{throwaway_document().pk}", None, {"office"},
     "delete a document"),
]
PERSONAS = ["office", "lead_reporter", "other_reporter", "leader"]
SUCCESS = {"POST": {200, 201}, "PATCH": {200}, "DELETE": {204}}

ALL = set(PERSONAS)
# (path builder, note, personas allowed): what each signed-in role may read, as on the web pages
READS = [
    (lambda t: "/tasks", "task list", ALL),
    (lambda t: f"/tasks/{t.other_task.pk}", "another unit's task", ALL),
    (lambda t: f"/tasks/{t.other_task.pk}/reports", "reports of another unit's task",
     {"office", "leader"}),
    (lambda t: f"/tasks/{t.own_task.pk}/reports", "reports of its unit's task", ALL),
    (lambda t: f"/units/{t.finance.pk}/tasks", "another unit's responsibility list", ALL),
    (lambda t: f"/documents/{t.document.pk}/export.xlsx", "ledger export", ALL),
    (lambda t: "/dashboard", "dashboard counts", ALL),
]


class WriteRulesTest(ApiTestCase):
    def test_it_allows_each_write_only_to_the_roles_the_web_allows(self):
        for method, path, body, allowed, note in WRITES:
            for persona in PERSONAS:
                with self.subTest(note=note, persona=persona):
                    self.check_write(method, path(self), body and body(self), persona,
                                     persona in allowed)

    def check_write(self, method, path, body, persona, allowed):
        reports, changes = ProgressReport.objects.count(), ObjectChange.objects.count()
        with self.captureOnCommitCallbacks(execute=False):
            response = self.call(persona, method, path, body)
        if allowed:
            self.assertIn(response.status_code, SUCCESS[method], response.content)
            return
        self.assertEqual(response.status_code, 403, response.content)
        self.assertEqual(response.json()["code"], "forbidden")
        self.assertEqual(ProgressReport.objects.count(), reports)
        self.assertEqual(ObjectChange.objects.count(), changes)

class ReadRulesTest(ApiTestCase):
    def test_it_lets_every_role_read_what_the_web_shows(self):
        for path, note, allowed in READS:
            for persona in PERSONAS:
                with self.subTest(note=note, persona=persona):
                    self.assertEqual(self.get(persona, path(self)).status_code,
                                     200 if persona in allowed else 403)

    def test_it_refuses_anonymous_callers_with_the_error_body(self):
        for path, note, _ in READS:
            with self.subTest(note=note):
                response = self.get(None, path(self))
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["code"], "not_authenticated")

    def test_it_tells_the_caller_whether_it_may_report(self):
        CASES = [("lead_reporter", "own_task", True), ("lead_reporter", "other_task", False),
                 ("leader", "own_task", False), ("office", "other_task", True)]
        for persona, task, expected in CASES:
            with self.subTest(persona=persona, task=task):
                body = self.get(persona, f"/tasks/{getattr(self, task).pk}").json()
                self.assertIs(body["can_report"], expected)

    def test_it_lets_only_the_office_upload_an_import(self):
        for persona in ("lead_reporter", "leader"):
            with self.subTest(persona=persona):
                upload = SimpleUploadedFile("x.txt", "一、任务".encode())
                response = self.client.post(
                    "/api/v1/imports", {"file": upload},
                    HTTP_AUTHORIZATION=f"Bearer {self.tokens[persona]}")
                self.assertEqual(response.status_code, 403)



class StaleEditTests(ApiTestCase):
    """A PATCH made from an old read of the task is refused with 409, not applied."""

    def test_it_refuses_a_stale_version(self):
        path = f"/tasks/{self.own_task.pk}"
        version = self.get("office", path).json()["version"]
        first = self.call("office", "PATCH", path, {"target": "新目标", "version": version})
        self.assertEqual(first.status_code, 200, first.content)
        stale = self.call("office", "PATCH", path, {"target": "旧目标", "version": version})
        self.assertEqual(stale.status_code, 409, stale.content)
        self.assertEqual(stale.json()["code"], "edit_conflict")
        self.own_task.refresh_from_db()
        self.assertEqual(self.own_task.target, "新目标")


class IndicatorValueReadTests(ApiTestCase):
    """Issue 13.3: an indicator's reported values are report data: another unit's task shows
    the indicator, not the value reported on it."""

    def test_it_shows_reported_values_only_to_readers_of_the_task_reports(self):
        from duban.ledger.models import Assignment
        from duban.ledger.services import submit_progress_report

        Assignment.objects.filter(task=self.own_task, unit=self.finance).delete()
        indicator = self.own_task.indicators.get()
        submit_progress_report(self.lead_reporter, self.own_task, "指标进展", 50,
                               indicator_values={str(indicator.pk): 60})
        paths = [f"/tasks/{self.own_task.pk}", f"/tasks/{self.own_task.pk}/indicators",
                 f"/indicators?task={self.own_task.pk}"]
        for persona, shown in (("lead_reporter", True), ("office", True), ("leader", True),
                               ("other_reporter", False)):
            for path in paths:
                with self.subTest(persona=persona, path=path):
                    body = self.get(persona, path).json()
                    rows = body["indicators"] if "indicators" in body else (
                        body["items"] if isinstance(body, dict) else body)
                    value = rows[0]["latest_value"]
                    self.assertEqual(value and float(value), 60 if shown else None)
