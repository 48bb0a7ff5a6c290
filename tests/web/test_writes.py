"""Every write endpoint × every role: the office may, a reporter only on its unit's tasks, a
leader never (HTTP 403), and the ledger is unchanged after a refused write."""

from __future__ import annotations

from django.urls import reverse

from duban.ledger.models import ObjectChange, ProgressReport, Unit, UnitAlias
from duban.ledger.services import add_unit_alias, submit_progress_report
from web.base import WebTestCase
from web.docs import task_table_docx


def report_data(t):
    return {"text": "已完成方案起草", "percent": 40, "state": "in_progress"}


def edit_data(t):
    return {
        "content": "改写的任务",
        "deadline_kind": "none",
        "state": "on_track",
        "lead_units": [t.health.pk],
        "participating_units": [t.finance.pk],
        "version": t.own_task.__class__.objects.get(pk=t.own_task.pk).version,
    }


# (endpoint, method, url builder, data builder, roles allowed, note)
WRITES = [
    (
        "task-report",
        "post",
        lambda t: reverse("task-report", args=[t.other_task.pk]),
        report_data,
        {"office"},
        "report on a 市医保局 task",
    ),
    (
        "task-report",
        "get",
        lambda t: reverse("task-report", args=[t.other_task.pk]),
        None,
        {"office"},
        "the report form of a 市医保局 task",
    ),
    (
        "task-report",
        "post",
        lambda t: reverse("task-report", args=[t.own_task.pk]),
        report_data,
        {"office", "lead_reporter", "other_reporter"},
        "report on a task 市卫健委 leads, 财政局 joins",
    ),
    (
        "task-edit",
        "post",
        lambda t: reverse("task-edit", args=[t.own_task.pk]),
        edit_data,
        {"office"},
        "edit even the reporter's own task",
    ),
    (
        "task-edit",
        "get",
        lambda t: reverse("task-edit", args=[t.own_task.pk]),
        None,
        {"office"},
        "the edit form",
    ),
    (
        "report-review",
        "post",
        lambda t: reverse("report-review", args=[t.report.pk]),
        lambda t: {"review_status": "accepted"},
        {"office"},
        "review a report",
    ),
    (
        "import",
        "post",
        lambda t: reverse("import"),
        lambda t: {"file": t.upload()},
        {"office"},
        "upload a document",
    ),
    ("import", "get", lambda t: reverse("import"), None, {"office"}, "the upload form"),
    (
        "import-confirm",
        "post",
        lambda t: reverse("import-confirm", args=["x" * 32]),
        lambda t: {},
        {"office"},
        "confirm an import (office gets 404 for the unknown token)",
    ),
    (
        "import-cancel",
        "post",
        lambda t: reverse("import-cancel", args=["x" * 32]),
        lambda t: {},
        {"office"},
        "cancel an import",
    ),
    (
        "alias-add",
        "post",
        lambda t: reverse("alias-add", args=[t.health.pk]),
        lambda t: {"text": "市卫健委"},
        {"office"},
        "add an alias",
    ),
    (
        "alias-delete",
        "post",
        lambda t: reverse("alias-delete", args=[t.health.pk, t.alias.pk]),
        lambda t: {},
        {"office"},
        "remove an alias",
    ),
    (
        "unit-merge",
        "post",
        lambda t: reverse("unit-merge"),
        lambda t: {"keep": t.health.pk, "drop": t.spare.pk},
        {"office"},
        "merge two units",
    ),
]
PERSONAS = ("office", "lead_reporter", "other_reporter", "leader")


class WriteEndpointTests(WebTestCase):
    def setUp(self):
        self.report = submit_progress_report(self.office, self.own_task, "初始进展", 10)
        self.alias = add_unit_alias(self.office, self.health, "市卫生健康委员会")
        self.spare = Unit.objects.create(name="市卫健委", region=self.region)

    def upload(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("t.docx", task_table_docx())

    def call(self, method, url, data):
        if method == "get":
            return self.client.get(url)
        return self.client.post(url, data)

    def test_every_write_endpoint_for_every_role(self):
        for persona in PERSONAS:
            self.sign_in(persona)
            for endpoint, method, url, data, allowed, note in WRITES:
                with self.subTest(persona=persona, endpoint=endpoint, method=method, note=note):
                    before = ObjectChange.objects.count()
                    response = self.call(method, url(self), data(self) if data else None)
                    if persona in allowed:
                        assert response.status_code in (200, 302, 404), response.status_code
                    else:
                        assert response.status_code == 403
                        assert ObjectChange.objects.count() == before

    def test_it_refuses_anonymous_writes(self):
        for endpoint, method, url, data, _allowed, note in WRITES:
            with self.subTest(endpoint=endpoint, note=note):
                response = self.call(method, url(self), data(self) if data else None)
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("login"))
        assert ProgressReport.objects.count() == 1
        assert UnitAlias.objects.filter(pk=self.alias.pk).exists()

    def test_it_hides_controls_a_role_may_not_use(self):
        # (persona, task attribute, report link shown?, edit link shown?, review form shown?)
        cases = [
            ("office", "own_task", True, True, True),
            ("office", "other_task", True, True, False),
            ("lead_reporter", "own_task", True, False, False),
            ("lead_reporter", "other_task", False, False, False),
            ("other_reporter", "other_task", False, False, False),
            ("leader", "own_task", False, False, False),
        ]
        for persona, attr, report, edit, review in cases:
            with self.subTest(persona=persona, task=attr):
                self.sign_in(persona)
                task = getattr(self, attr)
                page = self.client.get(reverse("task", args=[task.pk])).content.decode()
                assert (reverse("task-report", args=[task.pk]) in page) is report
                assert (reverse("task-edit", args=[task.pk]) in page) is edit
                assert ("提交审核" in page) is review

    def test_it_hides_unit_management_from_non_office(self):
        for persona, shown in (("office", True), ("lead_reporter", False), ("leader", False)):
            with self.subTest(persona=persona):
                self.sign_in(persona)
                units = self.client.get(reverse("units")).content.decode()
                unit = self.client.get(reverse("unit", args=[self.health.pk])).content.decode()
                assert (reverse("unit-merge") in units) is shown
                assert (reverse("alias-add", args=[self.health.pk]) in unit) is shown
