"""Forms of the supervision pages: the office's rules, a document's cadence, closing and
review decisions, the period pickers of the dispatch and assessment pages, the office's
催办 / 督办单 and a unit's answer to a 督办单."""

from __future__ import annotations

import datetime as dt

from django import forms

from duban.ledger.choices import ReportCadence, ReviewStatus
from duban.ledger.models import Document
from duban.supervision.choices import Channel
from duban.supervision.models import SupervisionSettings, UnitContact
from duban.supervision.services.assessment import assessment_period
from duban.supervision.services.rules import RULE_FIELDS


class RulesForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label="Webhook 地址", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = SupervisionSettings
        fields = list(RULE_FIELDS)


class CadenceForm(forms.Form):
    report_cadence = forms.ChoiceField(label="报送周期", choices=ReportCadence.choices)
    report_day = forms.IntegerField(
        label="报送日",
        min_value=1,
        max_value=31,
        help_text="每周：星期几（1-7）；每月/每季度：几号",
    )


class DayForm(forms.Form):
    day = forms.DateField(
        label="期次所含日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def day_or(self, default: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("day"):
            return self.cleaned_data["day"]
        return default


class AssessmentForm(forms.Form):
    start = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.ModelChoiceField(
        label="文件", queryset=Document.objects.all(), required=False, empty_label="全部文件"
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期晚于截止日期，请重新选择考核期。")
        return data

    def period(self, today: dt.date) -> tuple[dt.date, dt.date, Document | None]:
        data = self.cleaned_data if self.is_valid() else {}
        default_start, default_end = assessment_period(today)
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        return start, end, data.get("document")


class ApplyClosingForm(forms.Form):
    text = forms.CharField(label="办结情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="佐证材料")


class DecideClosingForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批", coerce=lambda v: v == "yes", choices=[("yes", "同意销号"), ("no", "不同意")]
    )
    comment = forms.CharField(label="意见", required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新打开原因")


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="审核", choices=[(ReviewStatus.ACCEPTED, "采纳"), (ReviewStatus.RETURNED, "退回")]
    )
    comment = forms.CharField(label="意见", required=False)


class ContactForm(forms.ModelForm):
    class Meta:
        model = UnitContact
        fields = ["head_name", "head_title", "email", "head_email"]


MANUAL_CHANNELS = [(Channel.INBOX, Channel.INBOX.label), (Channel.EMAIL, Channel.EMAIL.label),
                   (Channel.WEBHOOK, Channel.WEBHOOK.label)]


class NudgeForm(forms.Form):
    """The office's 催办 / 督办单 form: which units (and tasks), which channels, the text."""

    units = forms.TypedMultipleChoiceField(label="发送单位", coerce=int,
                                           widget=forms.CheckboxSelectMultiple)
    tasks = forms.TypedMultipleChoiceField(label="任务", coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    channels = forms.MultipleChoiceField(label="发送渠道", choices=MANUAL_CHANNELS,
                                         widget=forms.CheckboxSelectMultiple,
                                         initial=[Channel.INBOX, Channel.EMAIL])
    text = forms.CharField(
        label="正文", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="留空则按每个单位的任务自动起草（任务、原文出处、完成时限、尚缺事项）",
    )
    deadline = forms.DateField(label="督办单反馈期限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(choices=[("remind", "发送催办"), ("notice", "签发督办单")])

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(t.unit.pk, t.unit.full_name) for t in targets]
        tasks = {task.pk: task for t in targets for task in t.tasks}
        self.fields["tasks"].choices = [(pk, str(task)) for pk, task in tasks.items()]


class AnswerForm(forms.Form):
    text = forms.CharField(label="反馈内容", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label="附件（可选）", required=False)
