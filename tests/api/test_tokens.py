"""API tokens: created once in clear, stored hashed, revoked for good; sessions work too."""

from __future__ import annotations

from django.core.management import call_command

from api.base import ApiTestCase
from duban.api.models import ApiToken
from duban.api.tokens import digest_of, issue_token, revoke_token, user_for_token

# (header name, value builder, expected status, note)
HEADERS = [
    ("HTTP_AUTHORIZATION", lambda raw: f"Bearer {raw}", 200, "bearer token"),
    ("HTTP_X_API_TOKEN", lambda raw: raw, 200, "X-API-Token header"),
    ("HTTP_AUTHORIZATION", lambda raw: f"Bearer {raw}x", 401, "altered token"),
    ("HTTP_AUTHORIZATION", lambda raw: "Bearer dbn_", 401, "bare prefix"),
    ("HTTP_AUTHORIZATION", lambda raw: f"Basic {raw}", 401, "wrong scheme"),
]


class TokenTest(ApiTestCase):
    def test_it_accepts_only_the_exact_token(self):
        raw = self.tokens["leader"]
        for header, value, status, note in HEADERS:
            with self.subTest(note=note):
                response = self.client.get("/api/v1/dashboard", **{header: value(raw)})
                self.assertEqual(response.status_code, status)

    def test_it_stores_only_the_digest(self):
        token, raw = issue_token(self.leader, "cli")
        self.assertEqual(token.digest, digest_of(raw))
        self.assertNotIn(raw, str(ApiToken.objects.filter(pk=token.pk).values().get()))

    def test_it_refuses_a_revoked_token(self):
        response = self.call("leader", "POST", "/tokens", {"name": "laptop"})
        self.assertEqual(response.status_code, 201)
        created = response.json()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {created['token']}"}
        self.assertEqual(self.client.get("/api/v1/tasks", **headers).status_code, 200)
        revoked = self.client.delete(f"/api/v1/tokens/{created['id']}", **headers)
        self.assertIsNotNone(revoked.json()["revoked_at"])
        self.assertEqual(self.client.get("/api/v1/tasks", **headers).status_code, 401)
        self.assertEqual(self.get("leader", "/tasks").status_code, 200)

    def test_it_lets_nobody_revoke_another_users_token(self):
        mine = ApiToken.objects.filter(user=self.leader).first()
        response = self.call("lead_reporter", "DELETE", f"/tokens/{mine.pk}")
        self.assertEqual(response.status_code, 404)
        mine.refresh_from_db()
        self.assertIsNone(mine.revoked_at)

    def test_it_notes_when_a_token_was_last_used(self):
        token, raw = issue_token(self.leader)
        self.assertEqual(user_for_token(raw), self.leader)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used)
        revoke_token(self.leader, token)
        self.assertIsNone(user_for_token(raw))

    def test_it_serves_a_signed_in_session(self):
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get("/api/v1/tasks").status_code, 200)

    def test_it_checks_csrf_on_session_writes(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.office)
        response = client.post(f"/api/v1/documents/{self.document.pk}/confirm")
        self.assertEqual(response.status_code, 403)

    def test_the_command_creates_and_revokes(self):
        from io import StringIO

        out = StringIO()
        call_command("api_token", "create", "leader", "--name", "cron", stdout=out)
        raw = out.getvalue().strip().split()[-1]
        self.assertEqual(user_for_token(raw), self.leader)
        token = ApiToken.objects.get(digest=digest_of(raw))
        call_command("api_token", "revoke", str(token.pk), stdout=StringIO())
        self.assertIsNone(user_for_token(raw))
