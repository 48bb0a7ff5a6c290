"""The API tests' base: the web tests' personas and document, an API token per persona, and
helpers that call the API with a token (or with no credentials at all)."""

from __future__ import annotations

import json

from duban.api.tokens import issue_token
from duban.ledger.services import submit_progress_report
from web.base import WebTestCase

API = "/api/v1"


class ApiTestCase(WebTestCase):
    """Personas with tokens; ``own_task`` carries two progress reports."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tokens = {
            persona: issue_token(getattr(cls, persona), f"{persona} token")[1]
            for persona in ("office", "lead_reporter", "other_reporter", "leader")
        }
        for percent in (20, 40):
            submit_progress_report(cls.lead_reporter, cls.own_task, f"完成{percent}%", percent)

    def call(self, persona: str | None, method: str, path: str, body=None, **extra):
        """Call ``API + path`` as ``persona`` (None: anonymous) with a JSON body if given."""
        if persona is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[persona]}"
        send = getattr(self.client, method.lower())
        if body is not None:
            return send(API + path, data=json.dumps(body), content_type="application/json",
                        **extra)
        return send(API + path, **extra)

    def get(self, persona: str | None, path: str, **extra):
        return self.call(persona, "GET", path, **extra)
