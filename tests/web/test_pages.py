"""Every page answers each role as it should (200, or the sign-in page when signed out)."""

from __future__ import annotations

from django.urls import reverse

from web.base import WebTestCase

PERSONAS = ("office", "lead_reporter", "other_reporter", "leader")
# (url name, kwargs builder, what the page must contain, note)
PAGES = [
    ("home", lambda t: {}, "", "home of each role"),
    ("documents", lambda t: {}, "督办测试分工表", "document list"),
    ("document", lambda t: {"pk": t.document.pk}, "深化医保支付方式改革", "document view"),
    ("task", lambda t: {"pk": t.own_task.pk}, "推进DRG付费改革", "task detail"),
    ("units", lambda t: {}, "市卫生健康委", "unit directory"),
    ("unit", lambda t: {"pk": t.health.pk}, "责任清单", "responsibility list"),
    ("search", lambda t: {}, "任务检索", "search page"),
]
HOME_TEXT = {"office": "医改办工作台", "lead_reporter": "责任清单概览",
             "other_reporter": "责任清单概览", "leader": "工作总览"}
QUERIES = [
    ("search", "?q=DRG", "推进DRG付费改革", "Chinese/latin substring of the content"),
    ("search", "?category=医保支付", "推进DRG付费改革", "part of a category"),
    ("search", "?due_from=2022-08-01&due_to=2022-09-30&sort=-due", "推进DRG付费改革", "dates"),
    ("documents", "?sort=-tasks&q=督办", "督办测试分工表", "sorted, filtered"),
    ("units", "?sort=-lead&q=卫生", "市卫生健康委", "sorted, filtered"),
]


class PageTests(WebTestCase):
    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for name, kwargs, _text, note in PAGES:
            with self.subTest(page=name, note=note):
                response = self.client.get(reverse(name, kwargs=kwargs(self)))
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("login"))

    def test_it_shows_every_page_to_every_role(self):
        for persona in PERSONAS:
            self.sign_in(persona)
            for name, kwargs, text, note in PAGES:
                with self.subTest(persona=persona, page=name, note=note):
                    response = self.client.get(reverse(name, kwargs=kwargs(self)))
                    assert response.status_code == 200
                    assert text in response.content.decode()

    def test_it_gives_each_role_its_home(self):
        for persona, text in HOME_TEXT.items():
            with self.subTest(persona=persona):
                self.sign_in(persona)
                assert text in self.client.get(reverse("home")).content.decode()

    def test_it_filters_and_sorts_lists(self):
        self.sign_in("leader")
        for name, query, text, note in QUERIES:
            with self.subTest(page=name, note=note):
                response = self.client.get(reverse(name) + query)
                assert response.status_code == 200
                assert text in response.content.decode()

    def test_it_searches_by_unit(self):
        self.sign_in("office")
        page = self.client.get(reverse("search"), {"unit": self.finance.pk}).content.decode()
        assert "推进DRG付费改革" in page
        assert "段落标签" not in page

    def test_it_filters_the_responsibility_list_by_state_and_document(self):
        self.sign_in("lead_reporter")
        url = reverse("unit", args=[self.health.pk])
        assert "推进DRG付费改革" in self.client.get(url, {"document": self.document.pk}).content.decode()
        assert "推进DRG付费改革" not in self.client.get(url, {"state": "done"}).content.decode()

    def test_it_signs_in_with_the_form(self):
        response = self.client.post(reverse("login"), {"username": "office",
                                                       "password": "pw-office-123"})
        assert response.status_code == 302
        assert "医改办工作台" in self.client.get(reverse("home")).content.decode()

    def test_it_signs_out(self):
        self.sign_in("office")
        response = self.client.post(reverse("logout"))
        assert response.status_code == 302
        assert self.client.get(reverse("home")).status_code == 302

    def test_it_sends_a_reporter_to_its_own_list(self):
        self.sign_in("lead_reporter")
        response = self.client.get(reverse("my-list"))
        assert response["Location"] == reverse("unit", args=[self.health.pk])
