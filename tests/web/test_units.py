"""The unit directory: aliases added and removed, two names of one department merged."""

from __future__ import annotations

from django.urls import reverse

from duban.ledger.models import Unit, UnitAlias
from duban.ledger.services import create_unit
from ledger.base import import_extraction
from web.base import EXTRACTION, WebTestCase


class UnitDirectoryTests(WebTestCase):
    def setUp(self):
        self.sign_in("office")

    def test_it_adds_and_removes_an_alias(self):
        url = reverse("alias-add", args=[self.health.pk])
        self.client.post(url, {"text": "市卫生健康委员会"})
        alias = UnitAlias.objects.get(text="市卫生健康委员会")
        assert alias.unit == self.health
        page = self.client.post(url, {"text": "市卫生健康委员会"}, follow=True).content.decode()
        assert "已被使用" in page
        self.client.post(reverse("alias-delete", args=[self.health.pk, alias.pk]))
        assert not UnitAlias.objects.filter(pk=alias.pk).exists()

    def test_merging_two_names_gives_one_list_with_the_tasks_of_both(self):
        short = create_unit(None, "市卫健委", self.region)
        doc = {
            **EXTRACTION,
            "tasks": [
                {
                    **EXTRACTION["tasks"][0],
                    "content": "简称单位牵头的任务",
                    "lead_units": ["市卫健委"],
                    "participating_units": [],
                }
            ],
        }
        # The kind table already maps 市卫健委 to 市卫生健康委; the test pins the name instead.
        import_extraction(doc, name="short.txt", decisions={"市卫健委": str(short.pk)})
        response = self.client.post(
            reverse("unit-merge"), {"keep": self.health.pk, "drop": short.pk}, follow=True
        )
        assert not Unit.objects.filter(pk=short.pk).exists()
        page = response.content.decode()
        assert "简称单位牵头的任务" in page and "推进DRG付费改革" in page
        assert UnitAlias.objects.filter(unit=self.health, text="市卫健委").exists()

    def test_it_refuses_to_merge_a_unit_with_itself(self):
        page = self.client.post(
            reverse("unit-merge"), {"keep": self.health.pk, "drop": self.health.pk}, follow=True
        ).content.decode()
        assert "请选择两个不同的单位" in page
        assert Unit.objects.filter(pk=self.health.pk).exists()
