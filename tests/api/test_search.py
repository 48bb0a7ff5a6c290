"""The task list's text search (``q``): the ledger's rules, other filters on top, keyset pages."""

from __future__ import annotations

from api.base import ApiTestCase
from duban.ledger.models import Task


class TaskSearchApiTest(ApiTestCase):
    def ids(self, query: str) -> list[int]:
        response = self.get("office", f"/tasks?{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return [item["id"] for item in response.json()["items"]]

    def test_it_finds_words_in_any_field(self):
        cases = [
            ("q=DRG", [self.own_task.pk], "content"),
            ("q=drg", [self.own_task.pk], "content, other case"),
            ("q=实施方案", [self.own_task.pk], "milestone"),
            ("q=市医保局", [self.other_task.pk, self.para_task.pk], "unit"),
            ("q=督办测试", [self.own_task.pk, self.other_task.pk, self.para_task.pk], "title"),
            ("q=医保 付费", [self.own_task.pk], "every word"),
            ("q=3", [self.para_task.pk], "seq, whole"),
            ("q=不存在的词", [], "nothing"),
        ]
        for query, expected, note in cases:
            with self.subTest(note):
                assert self.ids(query) == expected

    def test_it_combines_with_other_filters(self):
        assert self.ids(f"q=医保&unit={self.health.pk}") == [self.own_task.pk]
        assert self.ids(f"q=医保&unit={self.health.pk}&role=participating") == []
        assert self.ids("q=医保&document=999999") == []
        state = Task.objects.get(pk=self.own_task.pk).state
        same_state = Task.objects.filter(document=self.document, state=state)
        assert self.ids(f"q=医保&state={state}") == sorted(same_state.values_list("pk", flat=True))
        assert self.ids(f"q=DRG&state={state}") == [self.own_task.pk]

    def test_it_pages_search_results_by_id(self):
        first = self.get("office", "/tasks?q=改革&limit=1").json()
        assert [item["id"] for item in first["items"]] == [self.own_task.pk]
        second = self.get("office", f"/tasks?q=改革&limit=1&cursor={first['next']}").json()
        assert [item["id"] for item in second["items"]] == [self.other_task.pk]
        assert second["next"] is None
