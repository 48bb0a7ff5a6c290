"""Web hardening: CSRF tokens in every form, cookie flags, the Content-Security-Policy, sign-in
throttling and its audit, password validation, evidence downloads, the read-only audit admin."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from duban.ledger.models import EvidenceFile, ObjectChange
from duban.ledger.services import submit_progress_report
from duban.security.models import AuthEvent, AuthEventKind
from security.fast import fast_passwords
from web.base import WebTestCase

SRC = Path(__file__).resolve().parents[2] / "src" / "duban"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_have_csrf_tokens_and_no_inline_script(template):
    text = template.read_text(encoding="utf-8")
    for form in POST_FORM.findall(text):
        assert "{% csrf_token %}" in form, f"{template.name}: a POST form without csrf_token"
    assert not INLINE_SCRIPT.search(text), f"{template.name}: inline <script> (CSP forbids it)"
    assert not EVENT_HANDLER.search(text), f"{template.name}: inline event handler attribute"
    assert not JS_URL.search(text), f"{template.name}: javascript: URL"


PASSWORD_CASES = [
    ("12345678901", False, "digits only"),
    ("password123", False, "a common password"),
    ("short-1", False, "shorter than 10"),
    ("weijian2026x", True, "long enough, not common"),
    ("督办-盐城-2026-联络员", True, "Chinese passphrase"),
]


@pytest.mark.parametrize(("password", "ok", "note"), PASSWORD_CASES)
def test_password_validators(password, ok, note):
    try:
        validate_password(password)
    except ValidationError:
        assert not ok, note
    else:
        assert ok, note


def login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=ip)


@fast_passwords
class HeaderTests(WebTestCase):
    def test_csp_forbids_inline_scripts_on_every_page(self):
        self.sign_in("office")
        for url in ["/", "/documents/", f"/tasks/{self.own_task.pk}/", "/units/", "/search/",
                    "/login/"]:
            policy = self.client.get(url)["Content-Security-Policy"]
            script_src = re.search(r"script-src ([^;]*)", policy).group(1)
            self.assertNotIn("unsafe-inline", script_src, url)
            self.assertNotIn("unsafe-eval", script_src, url)
            self.assertIn("frame-ancestors 'none'", policy)

    def test_session_cookie_flags(self):
        response = login(self.client, "office", "pw-office-123")
        cookie = response.cookies["sessionid"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertFalse(cookie["secure"])  # development over plain http

    @override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
    def test_secure_cookies_when_configured(self):
        response = login(self.client, "office", "pw-office-123")
        self.assertTrue(response.cookies["sessionid"]["secure"])

    def test_csrf_enforced_on_sign_in(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(login(client, "office", "pw-office-123").status_code, 403)


@fast_passwords
@override_settings(DUBAN_LOGIN_MAX_FAILURES=3, DUBAN_LOGIN_LOCK_MINUTES=10,
                   DUBAN_LOGIN_LOCK_MAX_MINUTES=30)
class ThrottleTests(WebTestCase):
    """django-axes per username+address, with a wait that grows, and the address taken from
    X-Forwarded-For only when the request comes from a trusted proxy."""

    def events(self, username: str) -> list[str]:
        return list(AuthEvent.objects.filter(username=username).order_by("pk")
                    .values_list("kind", flat=True))

    def fail(self, username: str, times: int, ip: str = "10.0.0.1", **extra):
        for _ in range(times):
            self.client.post("/login/", {"username": username, "password": "wrong-guess"},
                             REMOTE_ADDR=ip, **extra)

    def test_lock_after_failures_then_release(self):
        with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
            for _ in range(2):
                self.assertEqual(login(self.client, "office", "wrong-guess").status_code, 200)
            locked = login(self.client, "office", "wrong-guess")
            self.assertEqual(locked.status_code, 429)
            self.assertContains(locked, "登录失败次数过多", status_code=429)
            response = login(self.client, "office", "pw-office-123")
            self.assertContains(response, "10 分钟", status_code=429)
            self.assertNotIn("_auth_user_id", self.client.session)
            # Another address is not locked out by the failures of this one.
            self.assertEqual(login(Client(), "office", "pw-office-123", ip="10.0.0.2").status_code, 302)
            clock.shift(dt.timedelta(minutes=11))
            self.assertEqual(login(self.client, "office", "pw-office-123").status_code, 302)
        self.assertEqual(self.events("office"),
                         ["failed", "failed", "failed", "locked", "login", "login"])

    def test_the_wait_doubles_with_each_lock_of_the_day(self):
        with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
            self.fail("office", 3)
            self.assertContains(login(self.client, "office", "pw-office-123"), "10 分钟",
                                status_code=429)
            clock.shift(dt.timedelta(minutes=11))
            self.fail("office", 3)
            self.assertContains(login(self.client, "office", "pw-office-123"), "20 分钟",
                                status_code=429)
            clock.shift(dt.timedelta(minutes=11))  # 20 minutes not yet over
            self.assertEqual(login(self.client, "office", "pw-office-123").status_code, 429)
            clock.shift(dt.timedelta(minutes=10))
            self.assertEqual(login(self.client, "office", "pw-office-123").status_code, 302)

    def test_a_neighbour_at_the_same_address_is_not_locked(self):
        """Five wrong passwords for user A from one (NAT) address leave user B there alone."""
        with override_settings(DUBAN_LOGIN_MAX_FAILURES=5):
            self.fail("office", 5, ip="10.7.7.7")
            self.assertEqual(login(Client(), "office", "pw-office-123", ip="10.7.7.7").status_code,
                             429)
            self.assertEqual(login(Client(), "leader", "pw-leader-123", ip="10.7.7.7").status_code,
                             302)

    def test_backend_refuses_while_locked_everywhere(self):
        from django.contrib.auth import authenticate
        from django.test import RequestFactory

        def request():
            return RequestFactory().post("/admin/login/", REMOTE_ADDR="10.9.9.9")

        for _ in range(3):
            self.assertIsNone(authenticate(request(), username="office", password="nope"))
        self.assertIsNone(authenticate(request(), username="office", password="pw-office-123"))
        self.assertEqual(self.events("office")[-1], AuthEventKind.LOCKED)

    @override_settings(DUBAN_BEHIND_PROXY=True)  # as in production
    def test_a_forged_forwarded_for_from_an_untrusted_address_still_locks(self):
        """gunicorn reached directly: rotating X-Forwarded-For changes nothing."""
        for claimed in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:
            self.fail("office", 1, ip="203.0.113.9", HTTP_X_FORWARDED_FOR=claimed)
        response = self.client.post("/login/", {"username": "office", "password": "pw-office-123"},
                                    REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="9.9.9.9")
        self.assertContains(response, "登录失败次数过多", status_code=429)
        self.assertEqual(set(AuthEvent.objects.values_list("ip", flat=True)), {"203.0.113.9"})

    @override_settings(DUBAN_TRUSTED_PROXIES=["127.0.0.1"])
    def test_behind_a_trusted_proxy_the_address_is_the_one_it_appended(self):
        for claimed in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:  # a client rotating a forged header
            self.fail("office", 1, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{claimed}, 10.5.5.5")
        response = self.client.post("/login/", {"username": "office", "password": "pw-office-123"},
                                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.5.5.5")
        self.assertContains(response, "登录失败次数过多", status_code=429)
        self.assertEqual(set(AuthEvent.objects.values_list("ip", flat=True)), {"10.5.5.5"})

    def test_the_office_sees_locked_accounts_and_unlocks_one(self):
        self.fail("leader", 3, ip="10.3.3.3")
        page = Client()
        page.force_login(self.office)
        listing = page.get("/locked/")
        self.assertContains(listing, "leader")
        self.assertContains(listing, "10.3.3.3")
        from axes.models import AccessAttempt

        attempt = AccessAttempt.objects.get(username="leader")
        for persona in (self.leader, self.lead_reporter):
            other = Client()
            other.force_login(persona)
            self.assertEqual(other.get("/locked/").status_code, 403)
            self.assertEqual(other.post(f"/locked/{attempt.pk}/unlock/").status_code, 403)
        response = page.post(f"/locked/{attempt.pk}/unlock/", follow=True)
        self.assertContains(response, "已解除账号“leader”在 10.3.3.3 的登录锁定")
        self.assertNotContains(response, "<td data-label=\"账号\">leader</td>", html=False)
        self.assertEqual(login(Client(), "leader", "pw-leader-123", ip="10.3.3.3").status_code, 302)
        self.assertEqual(self.events("leader")[-2], AuthEventKind.UNLOCKED)

    def test_sign_in_and_out_are_audited_with_actor_and_time(self):
        login(self.client, "leader", "pw-leader-123", ip="10.1.2.3")
        self.client.post("/logout/")
        login(self.client, "leader", "bad-password", ip="10.1.2.3")
        events = list(AuthEvent.objects.filter(username="leader").order_by("pk"))
        self.assertEqual([e.kind for e in events], ["login", "logout", "failed"])
        self.assertEqual(events[0].user, self.leader)
        self.assertEqual(events[0].ip, "10.1.2.3")
        self.assertTrue(all(e.time is not None for e in events))


@fast_passwords
class EvidenceDownloadTests(WebTestCase):
    def setUp(self):
        report = submit_progress_report(self.lead_reporter, self.own_task, "进展", files=[
            ("进展材料 <b>.html", b"<script>alert(1)</script>")])
        self.evidence = EvidenceFile.objects.get(report=report)
        self.url = f"/evidence/{self.evidence.pk}/"

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_download_is_an_attachment_never_rendered(self):
        self.sign_in("other_reporter")  # may see every task, so may read its evidence
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        disposition = response["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"), disposition)
        self.assertIn("filename*=utf-8''", disposition)
        self.assertIn("%E8%BF%9B%E5%B1%95", disposition)  # 进展, RFC 5987 percent-encoded
        self.assertNotIn("<", disposition)
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_missing_evidence_is_404(self):
        self.sign_in("office")
        self.assertEqual(self.client.get("/evidence/999999/").status_code, 404)


@fast_passwords
class AuditAdminTests(WebTestCase):
    def test_audit_logs_cannot_be_changed_from_the_admin(self):
        from django.contrib.auth import get_user_model

        root = get_user_model().objects.create_superuser("root", "r@x.cn", "Root-pass-2026!")
        self.client.force_login(root)
        change = ObjectChange.objects.first()
        login(Client(), "leader", "pw-leader-123")
        event = AuthEvent.objects.first()
        for url in [f"/admin/ledger/objectchange/{change.pk}/change/",
                    f"/admin/security/authevent/{event.pk}/change/"]:
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200, url)  # viewable
            self.assertNotContains(page, 'name="_save"')
            self.assertEqual(self.client.post(url, {}).status_code, 403, url)
            self.assertEqual(self.client.post(url.replace("/change/", "/delete/"), {"post": "yes"})
                             .status_code, 403, url)
        for url in ["/admin/ledger/objectchange/add/", "/admin/security/authevent/add/"]:
            self.assertEqual(self.client.get(url).status_code, 403, url)
        self.assertTrue(ObjectChange.objects.filter(pk=change.pk).exists())
        self.assertTrue(AuthEvent.objects.filter(pk=event.pk).exists())

    def test_admin_edits_of_ledger_rows_are_audited(self):
        from django.contrib.auth import get_user_model

        root = get_user_model().objects.create_superuser("root", "r@x.cn", "Root-pass-2026!")
        self.client.force_login(root)
        region = self.region
        response = self.client.post(f"/admin/ledger/region/{region.pk}/change/",
                                    {"name": "盐城市", "level": region.level, "parent": ""})
        self.assertEqual(response.status_code, 302)
        change = ObjectChange.objects.filter(object_id=region.pk, message="管理后台").first()
        self.assertIsNotNone(change)
        self.assertEqual(change.actor, root)

    def test_admin_inline_rows_are_audited(self):
        from django.contrib.auth import get_user_model

        from duban.ledger.models import UnitAlias

        root = get_user_model().objects.create_superuser("root", "r@x.cn", "Root-pass-2026!")
        self.client.force_login(root)
        unit = self.health
        data = {"name": unit.name, "region": unit.region_id, "kind": unit.kind_id or "",
                "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
                "aliases-0-text": "卫健委（后台）", "aliases-0-region": unit.region_id,
                "aliases-0-unit": unit.pk}
        response = self.client.post(f"/admin/ledger/unit/{unit.pk}/change/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        alias = UnitAlias.objects.get(text="卫健委（后台）")
        change = ObjectChange.objects.get(object_id=alias.pk, action="create", message="管理后台")
        self.assertEqual((change.actor, change.related_id), (root, unit.pk))
