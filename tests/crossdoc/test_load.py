"""One unit's whole load over two documents that give it the same work (荆门's plan and its
adjustment imported as two documents): deadlines per month, the same work, conflicts."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from crossdoc.base import import_seed
from crossdoc.test_diff import import_built
from duban.crossdoc.services.load import unit_load
from duban.ledger.models import Unit
from ledger.base import BaseTestCase


class UnitLoadTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = import_seed("003", cls.office)
        cls.adjusted = import_built("revised_003", cls.office)
        cls.health = Unit.objects.get(name="市卫健委", region__name="荆门市")

    def test_the_load_counts_every_document_and_month(self):
        load = unit_load(self.health)
        self.assertEqual(load.documents, 2)
        per_document = {doc.pk: sum(1 for t in load.tasks if t.document_id == doc.pk)
                        for doc in (self.plan, self.adjusted)}
        # 003: 市卫健委 is on 29 tasks; the adjustment takes task 2 away, drops task 27
        # (中医药) and adds the evaluation task.
        self.assertEqual(per_document, {self.plan.pk: 29, self.adjusted.pk: 28})
        months = {month: (total, lead) for month, total, lead in load.months}
        self.assertEqual(months["2022-08"], (1, 1))
        self.assertEqual(months["2023-06"], (1, 1))
        self.assertEqual(sum(total for total, _ in months.values()) + load.ongoing,
                         len(load.tasks))

    def test_the_same_work_from_two_documents_and_its_conflicting_deadline(self):
        load = unit_load(self.health)
        pairs = {(p.first.document_id, p.first.seq, p.second.seq) for p in load.same_work}
        # The adjustment inserts a task after 3 and drops 27: old n is new n+1 from 4 to 26.
        on_both = [n for n in [3, *range(5, 11), *range(13, 27), *range(28, 34)]]
        expected = {(self.plan.pk, str(n), str(n + 1 if 4 <= n < 27 else n)) for n in on_both}
        self.assertEqual(pairs, expected)
        (conflict,) = load.conflicts
        self.assertEqual((conflict.first.deadline_text, conflict.second.deadline_text),
                         ("2022年12月底前", "2023年6月底前"))
        self.assertIn("医联体", conflict.first.content)

    def test_the_page_and_the_api(self):
        self.client.force_login(self.leader)
        url = reverse("crossdoc:unit-load", args=[self.health.pk])
        # Neither document states a period: both are in force.
        page = self.client.get(url).content.decode()
        self.assertIn('id="load-documents">2<', page)
        self.assertIn('id="load-conflicts">1<', page)
        self.assertIn("时限不一致", page)
        expired = import_seed("000", self.office)  # its period ended in 2020
        self.assertNotIn(expired.pk, [t.document_id for t in unit_load(
            Unit.objects.get(name="市卫健委", region__name="岳阳市"), timezone.localdate()).tasks])
        page = self.client.get(url + "?all=1").content.decode()
        self.assertIn('id="load-conflicts">1<', page)
        self.assertIn("时限不一致", page)
        body = self.client.get(f"/api/v1/crossdoc/units/{self.health.pk}/load").json()
        self.assertEqual(sum(p["conflicting"] for p in body["same_work"]), 1)
        self.assertEqual(len(body["lead_task_ids"]) + len(body["participating_task_ids"]), 57)
