"""The import flow in the browser's place: upload → preview with flags → confirm; refusals."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.ledger.models import Document, Task, Unit, UnitAlias
from web.base import WebTestCase
from web.docs import task_table_docx

NO_LEAD_ROWS = (("1", "建立健全督办工作机制", "", "市卫生健康委", "视情况而定"),)
FRAGMENT_ROWS = (("1", "提升基层服务能力", "市卫生健康委", "卫生院", "2022年12月底前"),)
# (what is uploaded, the error shown, note)
REFUSALS = [
    (b"", "空文件", "empty file"),
    (b"\x00\x01\x02 not a document \xff" * 20, "无法读取该文件：不支持该文件格式", "unreadable bytes"),
    ("普通通知正文，没有任务。".encode(), "无法读取该文件：未找到任务表格或任务清单",
     "text without tasks"),
]


class ImportFlowTests(WebTestCase):
    def setUp(self):
        self.sign_in("office")

    def upload(self, data: bytes, name: str = "分工表.docx"):
        return self.client.post(reverse("import"), {"file": SimpleUploadedFile(name, data)})

    def preview_url(self, response) -> str:
        assert response.status_code == 302, response.content.decode()[:2000]
        return response["Location"]

    def test_it_previews_every_task_with_its_flags(self):
        page = self.client.get(self.preview_url(self.upload(task_table_docx()))).content.decode()
        for text in (
            "全面推进DRG付费改革",
            "市医保局",
            "2022年8月底前",
            "DRG付费占医疗机构病种数达到75%",
            "持续推进",
            "未知单位",
            "新建单位“市督办测试中心”",
            "含未知单位",
        ):
            assert text in page, text
        assert Document.objects.count() == 1

    def test_it_flags_a_task_without_lead_and_an_unparsed_deadline(self):
        response = self.upload(task_table_docx(rows=NO_LEAD_ROWS))
        page = self.client.get(self.preview_url(response)).content.decode()
        assert "无牵头单位" in page
        assert "时限未识别" in page
        assert 'name="lead-0"' in page and 'name="due-0"' in page

    def test_a_piece_of_a_unit_name_is_never_offered_as_a_new_unit_by_default(self):
        """`卫生院` alone is a name cut from its neighbour (issue 12, item 5): the office picks what
        it means; confirming without a choice lands nothing, choosing 新建 on purpose does."""
        url = self.preview_url(self.upload(task_table_docx(rows=FRAGMENT_ROWS)))
        page = self.client.get(url).content.decode()
        select = page.split('aria-label="卫生院">')[1].split("</select>")[0]
        assert select.lstrip().startswith('<option value="" selected>请选择：“卫生院”疑为被截断的单位名称片段')
        form = {f"unit-{i}": "create" for i in range(page.count('name="unit-'))}
        index = page.split('aria-label="卫生院"')[0].rsplit('name="unit-', 1)[1].split('"')[0]
        response = self.client.post(url + "confirm/", form | {f"unit-{index}": ""}, follow=True)
        assert "疑为被截断的单位名称片段" in response.content.decode()
        assert not Unit.objects.filter(name="卫生院").exists()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url + "confirm/", form, follow=True)
        assert Unit.objects.filter(name="卫生院").exists()

    def test_the_office_fixes_flagged_tasks_before_confirming(self):
        url = self.preview_url(self.upload(task_table_docx(rows=NO_LEAD_ROWS)))
        response = self.client.post(url + "confirm/", {"lead-0": self.finance.full_name,
                                                       "due-0": "not-a-date"}, follow=True)
        assert "导入失败，未做任何更改" in response.content.decode()
        assert Document.objects.count() == 1
        self.client.post(url + "confirm/", {"lead-0": self.finance.full_name, "due-0": "2022-10-31"})
        task = Task.objects.exclude(document=self.document).get()
        assert [u.pk for u in task.lead_units()] == [self.finance.pk]
        assert (task.deadline_text, str(task.deadline_due)) == ("视情况而定", "2022-10-31")

    def test_it_lands_the_document_on_confirm_with_the_chosen_units(self):
        uploaded = task_table_docx()  # built once: a rebuilt .docx carries another zip timestamp
        url = self.preview_url(self.upload(uploaded))
        token = url.rstrip("/").rsplit("/", 1)[1]
        units_before = Unit.objects.count()
        page = self.client.get(url).content.decode()
        names = ["市督办测试中心", "市医保局", "市卫生健康委", "市财政局", "市人社局"]
        decisions = {f"unit-{i}": "create" for i in range(len(names))}
        # Map the preview's first unknown name to an existing unit (recorded as its alias).
        first = page.split('name="unit-0" aria-label="')[1].split('"')[0]
        decisions["unit-0"] = str(self.finance.pk)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("import-confirm", args=[token]), decisions,
                                        follow=True)
        document = Document.objects.exclude(pk=self.document.pk).get()
        assert document.tasks.count() == 3
        assert "已导入《2022年全市深化医药卫生体制改革重点任务分工表》" in response.content.decode()
        assert UnitAlias.objects.filter(text=first, unit=self.finance).exists()
        assert Unit.objects.count() > units_before
        assert document.original.read() == uploaded

    def test_it_refuses_the_same_file_twice(self):
        # One set of bytes: two builds of the .docx a second apart differ in their zip timestamps.
        data = task_table_docx()
        url = self.preview_url(self.upload(data))
        self.client.post(url + "confirm/")
        response = self.upload(data)
        assert response.status_code == 200
        assert "该文件已导入过" in response.content.decode()
        assert Document.objects.count() == 2

    def test_it_refuses_unreadable_uploads_and_changes_nothing(self):
        for data, error, note in REFUSALS:
            with self.subTest(note=note):
                response = self.upload(data, "x.docx" if data.startswith(b"\x00") else "x.txt")
                assert response.status_code == 200
                assert error in response.content.decode()
        assert Document.objects.count() == 1

    def test_a_failed_confirm_changes_nothing(self):
        url = self.preview_url(self.upload(task_table_docx()))
        counts = (Document.objects.count(), Task.objects.count(), Unit.objects.count())
        response = self.client.post(url + "confirm/", {"unit-0": "999999"}, follow=True)
        assert "导入失败，未做任何更改" in response.content.decode()
        assert (Document.objects.count(), Task.objects.count(), Unit.objects.count()) == counts

    def test_it_cancels_a_preview(self):
        url = self.preview_url(self.upload(task_table_docx()))
        self.client.post(url + "cancel/")
        assert self.client.get(url).status_code == 404
        assert Document.objects.count() == 1

    def test_another_office_user_cannot_open_my_preview(self):
        from duban.ledger.services import save_account

        url = self.preview_url(self.upload(task_table_docx()))
        self.client.force_login(save_account(None, "office2", "office", password="pw-office2-1"))
        assert self.client.get(url).status_code == 404
        assert self.client.post(url + "confirm/").status_code == 404
