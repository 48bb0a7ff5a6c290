"""Forms of the web pages: filters (GET) and the writes (POST) the views hand to ledger services."""

from __future__ import annotations

from django import forms

from duban.ledger.choices import DeadlineKind, ProgressState, ReviewStatus, TaskState
from duban.ledger.models import Document, Region, Unit
from duban.ledger.services.import_jobs import PASTED_FILENAME, pasted_bytes
from duban.ledger.services.tasks import MAX_REPORT_CHARS
from duban.ledger.services.uploads import check_upload_size

UPLOAD_SUFFIXES = (".txt", ".docx", ".xlsx", ".html", ".htm", ".pdf", ".doc", ".wps")


class DateInput(forms.DateInput):
    input_type = "date"


class ImportUploadForm(forms.Form):
    """A file, or text pasted from a web page (kept as the document's original, UTF-8 .txt)."""

    file = forms.FileField(label="文件", required=False,
                           help_text="支持 .docx .xlsx .pdf .html .txt（.doc/.wps 需安装 LibreOffice）")
    text = forms.CharField(label="或粘贴文本", required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10, "placeholder":
                               "从政府网站复制的通知或分工表，直接粘贴在此"}),
                           help_text="粘贴的文本按 UTF-8 文本文件（.txt）保存为该文件的原件")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload_size(upload.name, upload)
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        if text.strip():
            check_upload_size(PASTED_FILENAME, len(text.encode("utf-8")))
        return text

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if has_file and has_text:
            raise forms.ValidationError("请上传文件或粘贴文本，二者选其一")
        if not has_file and not has_text and not self.errors:
            raise forms.ValidationError("请选择要上传的文件，或粘贴文本")
        return data

    def original(self) -> tuple[str, bytes]:
        """(file name, bytes) of what was submitted: the upload, or the pasted text."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name, upload.read()
        return PASTED_FILENAME, pasted_bytes(self.cleaned_data["text"])


class TaskFilterForm(forms.Form):
    """Filters of a responsibility list: document, state, deadline range."""

    document = forms.ModelChoiceField(Document.objects.all(), label="文件", required=False,
                                      empty_label="全部文件")
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部状态"), *TaskState.choices])
    due_from = forms.DateField(label="时限自", required=False, widget=DateInput)
    due_to = forms.DateField(label="时限至", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            self.add_error("due_to", "“时限至”早于“时限自”")
        return data

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out and its error shown on the page
        (``web/partials/form_errors.html``), never silently ignored."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}


class SearchForm(TaskFilterForm):
    """Search across all tasks: words, unit, category plus the list filters."""

    q = forms.CharField(label="关键词", required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "任务内容、类别、单位…"}))
    unit = forms.ModelChoiceField(Unit.objects.select_related("region"), label="责任单位",
                                  required=False, empty_label="全部单位")
    category = forms.CharField(label="类别", required=False)

    field_order = ["q", "unit", "category", "document", "state", "due_from", "due_to"]


class ProgressReportForm(forms.Form):
    """A progress report: text, percent, state, one field per indicator, evidence files."""

    text = forms.CharField(label="进展情况", widget=forms.Textarea, max_length=MAX_REPORT_CHARS)
    percent = forms.IntegerField(label="完成比例（%）", required=False, min_value=0, max_value=100)
    state = forms.ChoiceField(label="进展状态", choices=ProgressState.choices,
                              initial=ProgressState.IN_PROGRESS)
    milestone = forms.ChoiceField(label="时间节点", required=False)
    evidence = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        milestones = list(task.milestones.all())
        if milestones:
            self.fields["milestone"].choices = [("", "（整项任务）")] + [
                (m.pk, f"{m.due or ''} {m.text[:30]}") for m in milestones]
        else:
            del self.fields["milestone"]
        self.indicators = list(task.indicators.all())
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.text}（目标 {indicator}）", required=False, max_digits=20,
                decimal_places=4)

    def indicator_fields(self):
        return [self[f"indicator_{ind.pk}"] for ind in self.indicators]

    def indicator_values(self) -> dict[int, object]:
        return {ind.pk: self.cleaned_data.get(f"indicator_{ind.pk}") for ind in self.indicators}

    def chosen_milestone(self):
        pk = self.cleaned_data.get("milestone")
        return self.task.milestones.filter(pk=pk).first() if pk else None


class ReviewForm(forms.Form):
    review_status = forms.ChoiceField(label="审核结果", choices=[
        (ReviewStatus.ACCEPTED, ReviewStatus.ACCEPTED.label),
        (ReviewStatus.RETURNED, ReviewStatus.RETURNED.label)])
    review_comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea)


class TaskEditForm(forms.Form):
    """The office edits a task's text, deadline and units. Its state is the status engine's
    (duban.supervision) and closing is 销号, so neither is edited here."""

    seq = forms.CharField(label="序号", required=False, max_length=20)
    category = forms.CharField(label="类别", required=False, max_length=300)
    content = forms.CharField(label="任务内容", widget=forms.Textarea)
    deadline_text = forms.CharField(label="完成时限（原文）", required=False, max_length=200)
    deadline_kind = forms.ChoiceField(label="时限类型", choices=DeadlineKind.choices)
    deadline_start = forms.DateField(label="开始日期", required=False, widget=DateInput)
    deadline_due = forms.DateField(label="截止日期", required=False, widget=DateInput)
    target = forms.CharField(label="年度目标", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_units = forms.ModelMultipleChoiceField(
        Unit.objects.select_related("region"), label="牵头单位", required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}))
    participating_units = forms.ModelMultipleChoiceField(
        Unit.objects.select_related("region"), label="参与单位", required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}))

    # The optimistic lock (issue 13.7): an edit must say which version it was made from.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    FIELDS = ("seq", "category", "content", "deadline_text", "deadline_kind", "deadline_start",
              "deadline_due", "target")

    VERSION_MISSING = ("缺少有效的任务版本号（version），无法确认您修改的是最新内容："
                       "请重新打开编辑页面后再提交。")

    def clean(self):
        data = super().clean()
        if self.has_error("version"):
            # A hidden field's own error would not be shown; say it above the form.
            self.errors.pop("version")
            self.add_error(None, self.VERSION_MISSING)
        start, due = data.get("deadline_start"), data.get("deadline_due")
        if start and due and start > due:
            self.add_error("deadline_start", "开始日期晚于截止日期，请检查。")
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class AliasForm(forms.Form):
    text = forms.CharField(label="别名", max_length=100)


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(Unit.objects.select_related("region"), label="保留单位")
    drop = forms.ModelChoiceField(Unit.objects.select_related("region"), label="并入（将被删除）")

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("drop"):
            raise forms.ValidationError("请选择两个不同的单位")
        return data


class UnitChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class GroupForm(forms.Form):
    """A unit group the office defines: its name, region and member units."""

    name = forms.CharField(label="单位组名称", max_length=100)
    region = forms.ModelChoiceField(Region.objects.all(), label="地区", required=False,
                                    empty_label="（不限地区）")
    members = UnitChoice(Unit.objects.select_related("region"), label="成员单位", required=False,
                         widget=forms.CheckboxSelectMultiple)


class MembersForm(forms.Form):
    members = UnitChoice(Unit.objects.select_related("region"), label="成员单位", required=False,
                         widget=forms.CheckboxSelectMultiple)
