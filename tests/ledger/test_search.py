"""Text search: a word is a substring of some field of a task (case-insensitive) or its seq;
every word is required; the search text follows imports, edits, renames and merges."""

from __future__ import annotations

import io

from django.core.management import call_command

from duban.ledger.models import Milestone, Task, TaskSearch, Unit
from duban.ledger.services import edit_task, merge_units, search_tasks, update_unit
from duban.ledger.services.search import query_words, refresh_search_text, word_grams
from ledger.base import BaseTestCase, gold, import_extraction


def task_data(seq, content, lead, participating=(), **extra) -> dict:
    return {"seq": seq, "category": extra.get("category", ""), "content": content,
            "lead_units": list(lead), "participating_units": list(participating),
            "deadline": {"text": None, "kind": "none", "start": None, "due": None},
            "milestones": extra.get("milestones", []), "target": extra.get("target"),
            "indicators": [], "source_lines": [1, 1]}


EXTRACTION = {
    "document": {"title": "协作专项清单", "region": "盐城市",
                 "period": {"start": "2022-01-01", "end": "2022-12-31"}},
    "tasks": [
        task_data("12", "推进DRG付费改革", ["市医保局"], ["市一院"], category="支付改革类",
                  target="覆盖率达到九成",
                  milestones=[{"due": "2022-06-30", "text": "完成信息化平台招标"}]),
        # Content ends with 医 and the target starts with 保: 医保 must not straddle them.
        task_data("1", "加强中医药服务能力建设医", ["市财政局"], target="保障有力"),
    ],
}


def naive_match(task: Task, query: str) -> bool:
    """Every word of the query (``query_words``: 药品集采 is 药品 and 集采) matches."""
    return all(naive_word_match(task, word) for word in query_words(query))


def naive_word_match(task: Task, word: str) -> bool:
    """Today's rule written plainly: any field contains the word, ignoring case, or seq is it."""
    fields = [task.content, task.category, task.target, task.document.title]
    fields += [m.text for m in task.milestones.all()]
    for assignment in task.assignments.all():
        fields += [assignment.unit.name, assignment.name_as_written]
    folded = word.lower()
    return task.seq == word or any(folded in field.lower() for field in fields)


class SearchCase(BaseTestCase):
    """The small document above, imported."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hospital = Unit.objects.create(name="市人民医院", region=cls.region)
        cls.document = import_extraction(
            EXTRACTION, name="search.txt", decisions={"市一院": str(cls.hospital.pk)})
        cls.drg, cls.tcm = cls.document.tasks.order_by("order")

    def found(self, q: str) -> set[int]:
        return set(search_tasks(q).values_list("pk", flat=True))


class SearchTests(SearchCase):

    def test_it_finds_a_word_in_each_field(self):
        cases = [
            ("付费改革", {self.drg.pk}, "content"),
            ("支付改革", {self.drg.pk}, "category"),
            ("九成", {self.drg.pk}, "target"),
            ("信息化平台", {self.drg.pk}, "milestone"),
            ("市医保局", {self.drg.pk}, "unit name"),
            ("人民医院", {self.drg.pk}, "unit name, not as written"),
            ("市一院", {self.drg.pk}, "name as written"),
            ("协作专项", {self.drg.pk, self.tcm.pk}, "document title"),
            ("中医药", {self.tcm.pk}, "content of the other task"),
        ]
        for word, expected, note in cases:
            with self.subTest(note):
                assert self.found(word) == expected

    def test_it_requires_every_word(self):
        assert self.found("协作 付费") == {self.drg.pk}
        assert self.found("协作 财政局") == {self.tcm.pk}
        assert self.found("付费 财政局") == set()

    def test_it_ignores_case_of_latin_letters(self):
        for word in ("DRG", "drg", "Drg", "rg付"):
            with self.subTest(word):
                assert self.found(word) == {self.drg.pk}

    def test_it_finds_single_characters(self):
        assert self.found("九") == {self.drg.pk}
        assert self.found("障") == {self.tcm.pk}
        assert self.found("清") == {self.drg.pk, self.tcm.pk}
        assert self.found("d") == {self.drg.pk}
        assert self.found("鑫") == set()

    def test_a_word_does_not_straddle_two_fields(self):
        assert self.found("医保") == {self.drg.pk}  # via 市医保局 only
        assert self.found("设医保") == set()

    def test_seq_matches_whole(self):
        assert self.found("12") == {self.drg.pk}
        assert self.found("1") == {self.tcm.pk}
        assert self.found("2") == set()

    def test_a_long_word_is_found_in_any_word_order(self):
        assert self.found("付费改革") == {self.drg.pk}
        assert self.found("改革付费") == {self.drg.pk}  # 改革 and 付费, in the other order
        assert self.found("付费 革改") == set()  # a word typed apart still needs its order

    def test_a_query_finds_its_words_in_the_other_order(self):
        edit_task(self.office, self.drg, {"content": "做好集采药品落地使用"})
        assert self.found("药品集采") == {self.drg.pk}
        assert self.found("集采药品") == {self.drg.pk}

    def test_a_place_prefixed_unit_name_stays_whole(self):
        assert query_words("市医保局") == ["市医保局"]
        assert query_words("药品集采 DRG") == ["药品", "集采", "DRG"]

    def test_it_follows_a_task_edit(self):
        edit_task(self.office, self.drg, {"content": "完善家庭医生签约服务"})
        assert self.found("家庭医生") == {self.drg.pk}
        assert self.found("付费改革") == set()

    def test_it_follows_a_unit_edit_of_the_task(self):
        edit_task(self.office, self.tcm, lead_units=[self.hospital])
        assert self.found("人民医院") == {self.drg.pk, self.tcm.pk}
        assert self.found("财政局") == set()

    def test_it_follows_a_unit_rename(self):
        update_unit(self.office, self.hospital, name="市第一人民医院")
        assert self.found("第一人民") == {self.drg.pk}

    def test_it_follows_a_merge(self):
        finance = Unit.objects.get(name="市财政局", region=self.region)
        merge_units(self.hospital, finance, self.office)
        assert self.found("人民医院") == {self.drg.pk, self.tcm.pk}
        assert self.found("财政局") == {self.tcm.pk}  # still the name as written

    def test_refresh_picks_up_rows_written_in_bulk(self):
        Milestone.objects.bulk_create([Milestone(task=self.tcm, text="建成名医工作室")])
        assert self.found("名医") == set()
        assert refresh_search_text([self.tcm.pk]) == 1
        assert self.found("名医") == {self.tcm.pk}

    def test_the_rebuild_command_fills_missing_rows(self):
        TaskSearch.objects.all().delete()
        assert self.found("协作") == set()
        out = io.StringIO()
        call_command("rebuild_search", stdout=out)
        assert "2" in out.getvalue()
        assert self.found("协作") == {self.drg.pk, self.tcm.pk}

    def test_word_grams(self):
        assert word_grams("医") == ["医"]
        assert word_grams("医保") == ["医保"]
        assert word_grams("公立医院") == ["公立", "医院"]
        assert word_grams("信息化") == ["信息", "息化"]


class SearchAgreesWithSubstringsTest(BaseTestCase):
    """On real documents, the index answers exactly what plain substring matching does."""

    WORDS = ["医保", "支付方式", "分级诊疗", "公立医院", "家庭医生", "药品", "绩效考核", "医共体",
             "信息化", "人才", "中医药", "公共卫生", "DRG", "drg", "集中采购", "薪酬", "医",
             "3", "12", "市卫健委", "各级", "年底前", "%", "_", "盐城", "2022", "（", "，", "。"]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_extraction(gold("004"), name="004.txt")
        import_extraction(gold("003"), name="003.txt")

    def test_it_matches_substring_semantics(self):
        tasks = list(Task.objects.select_related("document").prefetch_related(
            "milestones", "assignments__unit"))
        contents = " ".join(task.content for task in tasks[::7])
        sampled = [contents[i : i + n] for n in (2, 3, 5) for i in range(0, len(contents), 97)]
        words = self.WORDS + [word for word in sampled if word.split() == [word]]
        for word in words:
            with self.subTest(word=word):
                expected = {task.pk for task in tasks if naive_match(task, word)}
                assert set(search_tasks(word).values_list("pk", flat=True)) == expected


def test_seed_demo_fills_the_search_text(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed-demo", "--regions", "1", "--counties", "1", "--tasks", "60",
                 "--reports", "60", "--seed", "3", "--today", "2026-06-15", stdout=io.StringIO())
    assert TaskSearch.objects.count() == Task.objects.count() == 60
    tasks = list(Task.objects.select_related("document").prefetch_related(
        "milestones", "assignments__unit"))
    for word in ("医保", "卫生健康", "省", tasks[0].content[3:7], tasks[-1].document.title[-4:]):
        expected = {task.pk for task in tasks if naive_match(task, word)}
        assert expected, word
        assert set(search_tasks(word).values_list("pk", flat=True)) == expected, word


class AdminEditsTests(SearchCase):
    """Edits made in the Django admin (milestone inlines, a document's title, a unit's name)
    reach the search text once the admin has saved the related rows."""

    def save_in_admin(self, model, obj):
        from types import SimpleNamespace

        from django.contrib import admin
        from django.test import RequestFactory

        request = RequestFactory().post("/")
        request.user = self.office
        form = SimpleNamespace(instance=obj, save_m2m=lambda: None)
        admin.site._registry[model].save_related(request, form, [], True)

    def test_a_milestone_reworded_in_the_task_form(self):
        Milestone.objects.filter(task=self.drg).update(text="完成远程会诊平台建设")
        self.save_in_admin(Task, self.drg)
        self.assertEqual(self.found("远程会诊"), {self.drg.pk})

    def test_a_document_retitled(self):
        type(self.document).objects.filter(pk=self.document.pk).update(title="紧密型医共体清单")
        self.save_in_admin(type(self.document), self.document)
        self.assertEqual(self.found("紧密型"), {self.drg.pk, self.tcm.pk})

    def test_a_unit_renamed(self):
        unit = Unit.objects.get(assignments__task=self.tcm)
        Unit.objects.filter(pk=unit.pk).update(name="市财政综合局")
        self.save_in_admin(Unit, unit)
        self.assertEqual(self.found("财政综合"), {self.tcm.pk})
