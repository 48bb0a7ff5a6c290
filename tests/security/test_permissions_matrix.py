"""The permissions matrix: every route of the site (web pages, supervision, REST API and the
admin) × every role, checked against ONE table (MATRIX). A route without a row fails.

Roles: anonymous, office (医改办), reporter (市卫生健康委, lead unit of ``own_task``), other
reporter (市财政局, not on ``own_task`` nor on any task of ``document``), leader (read-only).

Reads per object (issue 13.3): a reporter reads the reports and evidence of the tasks its unit
is on, and the original and ledger export of documents that name its unit; of other tasks only
the task itself. READS lists the same routes on other objects (``other_report`` on a task no
persona's unit is on, ``finance_document`` naming only 市财政局). A request is *denied* when it gets
401/403, 404 (hidden from that user) or is sent to a sign-in page, *allowed* otherwise; a 5xx
always fails. Each request runs
in a savepoint rolled back afterwards, so writes do not leak into the next case.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from duban.ledger.models import Assignment, UnitGroup
from duban.ledger.services import (
    add_unit_alias,
    preview_from_extraction,
    submit_progress_report,
)
from duban.ledger.services.pending import save_pending
from duban.supervision.models import EscalationNotice
from duban.supervision.services.closing import apply_for_closing
from duban.supervision.services.notices import answer_notice
from ledger.base import import_extraction
from security.fast import fast_passwords
from security.routes import all_routes
from web.base import EXTRACTION, WebTestCase

ROLES = ("anonymous", "office", "lead_reporter", "other_reporter", "leader")
ADMIN = "admin"  # every admin model route: staff only, and no ledger role is staff
ADMIN_ACCESS = "-----"

UPLOAD = {"file": ("upload.txt", "一、重点任务\n1. 推进改革。牵头单位：市卫生健康委".encode())}
NOT_A_DENIAL = {"logout", "admin:logout"}  # signing out sends anyone to the sign-in page

# route key -> (method, kwargs as fixture names, body, access by role)
# access: one character per role in ROLES order: Y allowed, - denied.
#                                                                         anon office rep other leader
MATRIX: dict[str, tuple[str, dict, dict | None, str]] = {
    # sign-in and home (the admin's own sign-in pages are public like the site's)
    "login": ("GET", {}, None, "YYYYY"),
    "admin:login": ("GET", {}, None, "YYYYY"),
    "admin:logout": ("POST", {}, {}, "YYYYY"),
    "logout": ("POST", {}, {}, "YYYYY"),
    "home": ("GET", {}, None, "-YYYY"),
    # documents: every signed-in role reads; exports and originals of documents naming its unit
    "documents": ("GET", {}, None, "-YYYY"),
    "document": ("GET", {"pk": "document"}, None, "-YYYY"),
    "document-xlsx": ("GET", {"pk": "document"}, None, "-YY-Y"),
    "document-csv": ("GET", {"pk": "document"}, None, "-YY-Y"),
    "document-original": ("GET", {"pk": "document"}, None, "-YY-Y"),
    # import: the office only
    "import": ("GET", {}, None, "-Y---"),
    "import-preview": ("GET", {"token": "token"}, None, "-Y---"),
    "import-status": ("GET", {"token": "token"}, None, "-Y---"),
    "import-confirm": ("POST", {"token": "token"}, {}, "-Y---"),
    "import-cancel": ("POST", {"token": "token"}, {}, "-Y---"),
    # tasks: all read; reports by the office and the task's own unit; edits and reviews office
    "task": ("GET", {"pk": "own_task"}, None, "-YYYY"),
    "task-report": ("POST", {"pk": "own_task"}, {}, "-YY--"),
    "task-edit": ("GET", {"pk": "own_task"}, None, "-Y---"),
    "report-review": ("POST", {"pk": "report"}, {}, "-Y---"),
    "evidence": ("GET", {"pk": "evidence"}, None, "-YY-Y"),  # of its own tasks
    # units
    "units": ("GET", {}, None, "-YYYY"),
    "unit-merge": ("POST", {}, {}, "-Y---"),
    "unit": ("GET", {"pk": "unit"}, None, "-YYYY"),
    "unit-groups": ("GET", {}, None, "-YYYY"),
    "unit-group": ("GET", {"pk": "group"}, None, "-YYYY"),
    "alias-add": ("POST", {"pk": "unit"}, {"text": "卫健委别名"}, "-Y---"),
    "alias-delete": ("POST", {"pk": "unit", "alias_pk": "alias"}, {}, "-Y---"),
    "my-list": ("GET", {}, None, "-YYYY"),
    "search": ("GET", {}, None, "-YYYY"),
    # sign-in locks: the office lists and lifts them
    "locked-accounts": ("GET", {}, None, "-Y---"),
    "locked-unlock": ("POST", {"pk": "1"}, {}, "-Y---"),
    # supervision pages
    "supervision:dashboard": ("GET", {}, None, "-YYYY"),
    "supervision:rules": ("GET", {}, None, "-Y---"),
    "supervision:inbox": ("GET", {}, None, "-YYYY"),
    "supervision:notifications": ("GET", {}, None, "-Y---"),  # delivery log: office
    "supervision:escalations": ("GET", {}, None, "-YYYY"),  # a unit sees its own
    "supervision:escalation-docx": ("GET", {"pk": "escalation"}, None, "-YY-Y"),  # addressee
    "supervision:escalation": ("GET", {"pk": "escalation"}, None, "-YY-Y"),
    "supervision:escalation-answer-file": ("GET", {"pk": "answer"}, None, "-YY-Y"),
    "supervision:nudge": ("GET", {}, None, "-Y---"),  # 催办 / 督办单: the office
    "supervision:review": ("GET", {}, None, "-Y---"),
    "supervision:report-review": ("POST", {"pk": "report"}, {}, "-Y---"),
    "supervision:task": ("GET", {"pk": "own_task"}, None, "-YYYY"),
    "supervision:closing-apply": ("POST", {"pk": "own_task"}, {}, "-YY--"),
    "supervision:task-reopen": ("POST", {"pk": "own_task"}, {}, "-Y---"),
    "supervision:closing-decide": ("POST", {"pk": "closing"}, {}, "-Y---"),
    "supervision:timeline": ("GET", {"pk": "document"}, None, "-YYYY"),
    "supervision:cadence": ("GET", {"pk": "document"}, None, "-YYYY"),  # changing it: office
    "supervision:dispatch": ("GET", {"pk": "document"}, None, "-Y--Y"),
    "supervision:dispatch-download": ("GET", {"pk": "document", "fmt": "xlsx"}, None, "-Y--Y"),
    "supervision:contact": ("POST", {"pk": "unit"}, {}, "-Y---"),
    "supervision:assessment": ("GET", {}, None, "-YYYY"),
    # across documents: reading for every signed-in role, deciding and linking for the office
    "crossdoc:index": ("GET", {}, None, "-YYYY"),
    "crossdoc:import-decide": ("POST", {"token": "token"}, {}, "-Y---"),
    "crossdoc:import-diff": ("GET", {"token": "token", "pk": "document"}, None, "-Y---"),
    "crossdoc:import-checklist": ("GET", {"token": "token"}, None, "-Y---"),
    "crossdoc:import-checklist-docx": ("GET", {"token": "token"}, None, "-Y---"),
    "crossdoc:diff": ("GET", {}, None, "-YYYY"),
    "crossdoc:diff-xlsx": ("GET", {}, None, "-----"),  # 404 without the two documents
    "crossdoc:recurring": ("GET", {}, None, "-YYYY"),
    "crossdoc:unit-load": ("GET", {"pk": "unit"}, None, "-YYYY"),
    "crossdoc:unit-load-pick": ("GET", {}, None, "-----"),  # 404 without a unit
    "crossdoc:cascade": ("GET", {}, None, "-YYYY"),
    "crossdoc:cascade-suggest": ("POST", {}, {}, "-Y---"),
    "crossdoc:link": ("POST", {"pk": "own_task"}, {}, "-Y---"),
    # REST API (session auth here; tokens obey the same rules, tested in tests/api)
    "api-v1:openapi-json": ("GET", {}, None, "YYYYY"),
    "api-v1:openapi-view": ("GET", {}, None, "YYYYY"),
    "api-v1:api-root": ("GET", {}, None, "-----"),  # ninja's placeholder: 404 for everyone
    "api-v1:list_documents": ("GET", {}, None, "-YYYY"),
    "api-v1:document_detail": ("GET", {"document_id": "document"}, None, "-YYYY"),
    "api-v1:delete": ("DELETE", {"document_id": "document"}, None, "-Y---"),
    "api-v1:confirm": ("POST", {"document_id": "document"}, {}, "-Y---"),
    "api-v1:export_xlsx": ("GET", {"document_id": "document"}, None, "-YY-Y"),
    "api-v1:export_csv": ("GET", {"document_id": "document"}, None, "-YY-Y"),
    "api-v1:list_tasks": ("GET", {}, None, "-YYYY"),
    "api-v1:list_overdue": ("GET", {}, None, "-YYYY"),
    "api-v1:task_detail": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:patch_task": ("PATCH", {"task_id": "own_task"},
                         {"target": "新目标", "version": 1}, "-Y---"),
    "api-v1:task_assignments": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:task_milestones": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:task_indicators": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:task_reports": ("GET", {"task_id": "own_task"}, None, "-YY-Y"),
    "api-v1:submit_report": ("POST", {"task_id": "own_task"}, {"text": "进展"}, "-YY--"),
    "api-v1:list_units": ("GET", {}, None, "-YYYY"),
    "api-v1:send_reminder": ("POST", {}, {}, "-Y---"),
    "api-v1:send_red_reminders": ("POST", {}, {"channels": ["inbox"]}, "-Y---"),
    "api-v1:issue_notice": ("POST", {}, {}, "-Y---"),
    "api-v1:notice_detail": ("GET", {"notice_id": "escalation"}, None, "-YY-Y"),
    "api-v1:answer": ("POST", {"notice_id": "escalation"}, {"text": "已办理"}, "--Y--"),
    "api-v1:unit_detail": ("GET", {"unit_id": "unit"}, None, "-YYYY"),
    "api-v1:responsibility_list": ("GET", {"unit_id": "unit"}, None, "-YYYY"),
    "api-v1:list_assignments": ("GET", {}, None, "-YYYY"),
    "api-v1:list_milestones": ("GET", {}, None, "-YYYY"),
    "api-v1:list_indicators": ("GET", {}, None, "-YYYY"),
    "api-v1:list_reports": ("GET", {}, None, "-YYYY"),
    "api-v1:report_detail": ("GET", {"report_id": "report"}, None, "-YY-Y"),
    "api-v1:review": ("POST", {"report_id": "report"}, {"status": "accepted"}, "-Y---"),
    "api-v1:dashboard": ("GET", {}, None, "-YYYY"),
    "api-v1:list_notifications": ("GET", {}, None, "-YYYY"),
    "api-v1:notifications_unread": ("GET", {}, None, "-YYYY"),
    "api-v1:notifications_read": ("POST", {}, {}, "-YYYY"),
    "api-v1:assessment_scores": ("GET", {}, None, "-YYYY"),
    "api-v1:upload": ("POST", {}, UPLOAD, "-Y---"),
    "api-v1:preview": ("GET", {"token": "token"}, None, "-Y---"),
    "api-v1:cancel": ("DELETE", {"token": "token"}, None, "-Y---"),
    "api-v1:import_matches": ("GET", {"token": "token"}, None, "-Y---"),
    "api-v1:import_decide": ("POST", {"token": "token"}, {"choice": "skip"}, "-Y---"),
    "api-v1:import_checklist": ("GET", {"token": "token"}, None, "-Y---"),
    "api-v1:diff": ("GET", {}, None, "-YYYY"),  # 422 without old/new: not a denial
    "api-v1:diff_export": ("GET", {}, None, "-YYYY"),
    "api-v1:recurring": ("GET", {}, None, "-YYYY"),
    "api-v1:load": ("GET", {"unit_id": "unit"}, None, "-YYYY"),
    "api-v1:cascade": ("GET", {}, None, "-YYYY"),
    "api-v1:cascade_suggest": ("POST", {}, {}, "-Y---"),
    "api-v1:link": ("POST", {"task_id": "own_task"}, {}, "-Y---"),
    "api-v1:rollup": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:closing_checklist_of": ("GET", {"task_id": "own_task"}, None, "-YYYY"),
    "api-v1:list_tokens": ("GET", {}, None, "-YYYY"),
    "api-v1:create_token": ("POST", {}, {"name": "脚本"}, "-YYYY"),
    "api-v1:delete_token": ("DELETE", {"token_id": "api_token"}, None, "--Y--"),  # owner
}

# The same read routes on other objects: (route, kwargs as fixture names, access by role).
READS: list[tuple[str, dict, str]] = [
    # a task no persona's unit is on: its page for all, its reports and evidence not
    ("task", {"pk": "other_task"}, "-YYYY"),
    ("api-v1:task_detail", {"task_id": "other_task"}, "-YYYY"),
    ("supervision:task", {"pk": "other_task"}, "-YYYY"),
    ("evidence", {"pk": "other_evidence"}, "-Y--Y"),
    ("api-v1:report_detail", {"report_id": "other_report"}, "-Y--Y"),
    ("api-v1:task_reports", {"task_id": "other_task"}, "-Y--Y"),
    # a document naming only 市财政局: its reporter downloads, 市卫生健康委's does not
    ("document", {"pk": "finance_document"}, "-YYYY"),
    ("document-xlsx", {"pk": "finance_document"}, "-Y-YY"),
    ("document-csv", {"pk": "finance_document"}, "-Y-YY"),
    ("document-original", {"pk": "finance_document"}, "-Y-YY"),
    ("api-v1:export_xlsx", {"document_id": "finance_document"}, "-Y-YY"),
    ("api-v1:export_csv", {"document_id": "finance_document"}, "-Y-YY"),
]
FINANCE_EXTRACTION = {**EXTRACTION, "tasks": [
    {**EXTRACTION["tasks"][0], "content": "财政局的任务", "lead_units": ["市财政局"],
     "participating_units": [], "milestones": [], "indicators": []}]}
OTHER_REPORT = "医保局的进展，他人不可见"


def is_admin_model_route(key: str) -> bool:
    """Admin routes other than its sign-in pages: all governed by the ADMIN_ACCESS row."""
    return key.startswith((f"{ADMIN}:", f"{ADMIN}/")) and key not in MATRIX


def admin_url(key: str, pattern: str, kwargs: list[str]) -> str:
    """A URL of an admin route (named: reversed; unnamed: its pattern with values filled in)."""
    if key.startswith(f"{ADMIN}:"):
        return reverse(key, kwargs={k: ("ledger" if k == "app_label" else "1") for k in kwargs})
    path = re.sub(r"<[^>]+>", "1", pattern).replace("(?P<url>.*)$", "no-such-page/")
    return "/" + path


def is_denied(key: str, response) -> bool:
    """401/403, 404 (an object hidden from this user) or a redirect to a sign-in page."""
    if response.status_code in (401, 403, 404):
        return True
    if key in NOT_A_DENIAL:
        return False
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return "/login/" in location


@fast_passwords
class PermissionsMatrixTests(WebTestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The other reporter's unit must not be on own_task (the base makes it participating).
        Assignment.objects.filter(task=cls.own_task, unit=cls.finance).delete()
        cls.report = submit_progress_report(cls.lead_reporter, cls.own_task, "进展",
                                            files=[("材料.pdf", b"%PDF-1.4 x")])
        cls.evidence = cls.report.files.get()
        cls.alias = add_unit_alias(None, cls.health, "卫健委")
        cls.escalation = EscalationNotice.objects.create(
            key="matrix", unit=cls.health, document=cls.document, number="督〔2022〕1号",
            issued_on=dt.date(2022, 9, 1), text="督办事项")
        cls.escalation.tasks.add(cls.own_task)
        cls.answer = answer_notice(cls.lead_reporter, cls.escalation, "已办理",
                                   ("反馈.pdf", b"%PDF-1.4 a"))
        cls.group = UnitGroup.objects.create(name="各成员单位", region=cls.health.region)
        cls.closing = apply_for_closing(cls.lead_reporter, cls.own_task, "已完成",
                                        evidence=("办结.pdf", b"%PDF-1.4 done"))
        cls.other_report = submit_progress_report(cls.office, cls.other_task, OTHER_REPORT, 77,
                                                  files=[("医保.pdf", b"%PDF-1.4 y")])
        cls.other_evidence = cls.other_report.files.get()
        cls.finance_document = import_extraction(FINANCE_EXTRACTION, name="finance.txt")

    def fixture_objects(self) -> dict:
        from duban.api.tokens import issue_token

        preview = preview_from_extraction(EXTRACTION, filename="new.txt", sha256="0" * 64)
        token = save_pending(self.office, "new.txt", b"new file", preview.to_dict())
        api_token, _ = issue_token(self.lead_reporter, "matrix")
        return {"document": self.document.pk, "own_task": self.own_task.pk,
                "report": self.report.pk, "evidence": self.evidence.pk, "unit": self.health.pk,
                "alias": self.alias.pk, "token": token, "escalation": self.escalation.pk,
                "closing": self.closing.pk, "api_token": api_token.pk, "xlsx": "xlsx",
                "answer": self.answer.pk, "group": self.group.pk,
                "other_task": self.other_task.pk, "other_report": self.other_report.pk,
                "other_evidence": self.other_evidence.pk,
                "finance_document": self.finance_document.pk}

    def request(self, role: str, key: str, kwargs: dict | None = None):
        method, row_kwargs, body, _ = MATRIX[key]
        kwargs = row_kwargs if kwargs is None else kwargs
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(getattr(self, role))
        objects = self.fixture_objects()
        url = reverse(key, kwargs={k: objects.get(v, v) for k, v in kwargs.items()})
        if body is UPLOAD:
            name, data = UPLOAD["file"]
            return self.client.post(url, {"file": SimpleUploadedFile(name, data)})
        if key.startswith("api-v1:"):
            return self.client.generic(method, url, data=json.dumps(body or {}),
                                       content_type="application/json")
        return getattr(self.client, method.lower())(url, body or {})

    def test_every_route_has_a_row(self):
        keys = {key for key, _, _ in all_routes() if not is_admin_model_route(key)}
        self.assertEqual(sorted(keys - set(MATRIX)), [], "routes without a row in MATRIX")
        self.assertEqual(sorted(set(MATRIX) - keys), [], "rows for routes that do not exist")

    def test_every_route_by_every_role(self):
        mismatches = []
        for key, (_, _, _, access) in MATRIX.items():
            for role, allowed in zip(ROLES, access, strict=True):
                sid = transaction.savepoint()
                try:
                    response = self.request(role, key)
                finally:
                    transaction.savepoint_rollback(sid)
                denied = is_denied(key, response)
                if response.status_code >= 500 or denied != (allowed == "-"):
                    mismatches.append(f"{key} as {role}: {response.status_code} "
                                      f"(expected {'allowed' if allowed == 'Y' else 'denied'})")
        self.assertEqual(mismatches, [], "\n".join(mismatches))

    def test_every_read_by_object_and_role(self):
        mismatches = []
        for key, kwargs, access in READS:
            for role, allowed in zip(ROLES, access, strict=True):
                response = self.request(role, key, kwargs)
                if response.status_code >= 500 or is_denied(key, response) != (allowed == "-"):
                    mismatches.append(f"{key} {kwargs} as {role}: {response.status_code}")
        self.assertEqual(mismatches, [], "\n".join(mismatches))

    def test_another_units_reports_are_not_shown_web_or_api(self):
        """A reporter reads another unit's task, but none of its reports, in pages and lists."""
        pages = [reverse("task", args=[self.other_task.pk]),
                 reverse("api-v1:list_reports"),
                 reverse("api-v1:list_reports") + f"?task={self.other_task.pk}"]
        for role, shown in (("lead_reporter", False), ("other_reporter", False),
                            ("office", True), ("leader", True)):
            self.client.force_login(getattr(self, role))
            for url in pages:
                with self.subTest(role=role, url=url):
                    text = self.client.get(url).content.decode()
                    self.assertEqual(OTHER_REPORT in text, shown)
                    self.assertEqual("医保.pdf" in text, shown)
        self.client.force_login(self.lead_reporter)
        own = self.client.get(reverse("api-v1:list_reports")).json()["items"]
        self.assertEqual({r["id"] for r in own}, {self.report.pk})
        # Nor its reported percent in the lists (document page, search).
        for url in (reverse("document", args=[self.document.pk]), reverse("search") + "?q=script"):
            for role, shown in (("lead_reporter", False), ("office", True)):
                with self.subTest(role=role, url=url):
                    self.client.force_login(getattr(self, role))
                    self.assertEqual("77%" in self.client.get(url).content.decode(), shown)

    def test_every_write_route_needs_a_csrf_token(self):
        """Signed in as the office, a write without the CSRF token is refused (403)."""
        unprotected = []
        for key, (method, _, _, _) in MATRIX.items():
            if method == "GET":
                continue
            self.client = Client(enforce_csrf_checks=True)
            sid = transaction.savepoint()
            try:
                response = self.request("office", key)
            finally:
                transaction.savepoint_rollback(sid)
            if response.status_code != 403:
                unprotected.append(f"{method} {key}: {response.status_code}")
        self.assertEqual(unprotected, [], "\n".join(unprotected))

    def test_every_admin_route_is_staff_only(self):
        mismatches = []
        for key, pattern, kwargs in all_routes():
            if not is_admin_model_route(key):
                continue
            url = admin_url(key, pattern, kwargs)
            for role, allowed in zip(ROLES, ADMIN_ACCESS, strict=True):
                self.client.logout()
                if role != "anonymous":
                    self.client.force_login(getattr(self, role))
                response = self.client.get(url)
                if response.status_code >= 500 or is_denied(key, response) != (allowed == "-"):
                    mismatches.append(f"{key} ({pattern}) as {role}: {response.status_code}")
        self.assertEqual(mismatches, [], "\n".join(mismatches))
