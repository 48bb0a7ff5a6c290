"""Issue 13.7 and 13.11: the API contract. A body that is not a JSON object, a token without a
name, a boolean where a number is due and a PATCH without the task's ``version`` are refused
with 422 and a message naming the field; ``cursor`` is described in the schema."""

from __future__ import annotations

from api.base import ApiTestCase

# (method, path builder, body, field the message names, note)
REFUSED = [
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", [None, None], "body", "a list, not an object"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", "text", "body", "a string, not an object"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", 7, "body", "a number, not an object"),
    ("POST", lambda t: "/tokens", [None, None], "body", "a list, not an object"),
    ("POST", lambda t: "/tokens", {}, "name", "no token name"),
    ("POST", lambda t: "/tokens", {"name": "  "}, "name", "a blank token name"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", {"target": "新目标"}, "version",
     "no version: the optimistic lock is required"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", {"target": "x", "version": True}, "version",
     "a boolean version"),
    ("PATCH", lambda t: f"/tasks/{t.own_task.pk}", {"target": "x", "version": "1"}, "version",
     "a string version"),
    ("POST", lambda t: f"/tasks/{t.own_task.pk}/reports", {"text": "进展", "percent": False},
     "percent", "a boolean percent"),
    ("POST", lambda t: f"/tasks/{t.own_task.pk}/reports", {"text": "进展", "percent": "40"},
     "percent", "a string percent"),
    ("POST", lambda t: f"/tasks/{t.own_task.pk}/reports", {"text": "进展", "percent": 40.5},
     "percent", "a fraction where a whole percent is due"),
]


class ContractTests(ApiTestCase):
    def test_it_refuses_malformed_bodies_naming_the_field(self):
        for method, path, body, field, note in REFUSED:
            with self.subTest(note=note):
                reports, version = self.own_task.reports.count(), self.own_task.version
                response = self.call("office", method, path(self), body)
                self.assertEqual(response.status_code, 422, response.content)
                error = response.json()
                self.assertEqual(error["code"], "invalid")
                self.assertIn(field, error["detail"], error)
                self.assertEqual(self.own_task.reports.count(), reports)
                self.own_task.refresh_from_db()
                self.assertEqual(self.own_task.version, version)

    def test_it_accepts_the_well_formed_bodies(self):
        path = f"/tasks/{self.own_task.pk}"
        patched = self.call("office", "PATCH", path, {"target": "新目标", "version": 1})
        self.assertEqual(patched.status_code, 200, patched.content)
        report = self.call("office", "POST", f"{path}/reports", {"text": "进展", "percent": 0})
        self.assertEqual(report.status_code, 201, report.content)
        self.assertEqual(report.json()["percent"], 0)
        token = self.call("office", "POST", "/tokens", {"name": "脚本"})
        self.assertEqual(token.status_code, 201, token.content)

    def test_the_schema_describes_the_cursor(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        for path in ("/api/v1/tasks", "/api/v1/reports", "/api/v1/documents"):
            with self.subTest(path=path):
                parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
                self.assertIn("cursor", parameters)
                self.assertIn("next", parameters["cursor"].get("description", ""))
