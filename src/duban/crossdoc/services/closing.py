"""The evidence closing (销号) a task needs, derived from the verb of its content: 出台/印发…方案
needs the issued document's 文号, 建成/建设 needs acceptance evidence, 达到X%/不低于 needs the
reported figure to reach the indicator. The rules are in ``reference/closing_evidence.yaml``.
The checklist is checked against what the unit submitted when it applies."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache

from duban.crossdoc.models import ClosingCheck
from duban.ledger.models import Task
from duban.reference import load


@dataclass
class ChecklistItem:
    key: str
    label: str
    requirement: str
    satisfied: bool
    detail: str

    def to_dict(self) -> dict:
        return asdict(self)


@cache
def compiled_rules() -> list[dict]:
    rules = []
    for rule in load("closing_evidence")["rules"]:
        rules.append(rule | {"verb_re": [re.compile(v) for v in rule["verbs"]],
                             "evidence_re": [re.compile(e) for e in rule.get("evidence", [])]})
    return rules


def applicable_rules(content: str) -> list[dict]:
    return [rule for rule in compiled_rules() if any(r.search(content) for r in rule["verb_re"])]


def submitted_texts(task: Task, text: str = "", file_name: str = "") -> list[str]:
    """What the unit has put forward: the application's text and file name, and its progress
    reports' texts and evidence file names."""
    texts = [text, file_name]
    for report in task.reports.prefetch_related("files"):
        texts.append(report.text)
        texts += [f.original_name for f in report.files.all()]
    return [t for t in texts if t]


def indicator_item(rule: dict, task: Task) -> ChecklistItem:
    indicators = list(task.indicators.all())
    if not indicators:
        return ChecklistItem(rule["key"], rule["label"], rule["requirement"], False,
                             "任务写有量化要求，但台账中没有对应指标，请补充指标后核对")
    missing, short = [], []
    for indicator in indicators:
        latest = indicator.latest_value()
        if latest is None:
            missing.append(indicator.text)
        elif not indicator.is_met(latest.value):
            short.append(f"{indicator.text}（实际 {latest.value.normalize():f}{indicator.unit}）")
    if missing:
        detail = "尚未报送实际值：" + "；".join(missing)
    elif short:
        detail = "未达到目标：" + "；".join(short)
    else:
        detail = "各项指标实际值均已达到目标"
    return ChecklistItem(rule["key"], rule["label"], rule["requirement"],
                         not missing and not short, detail)


def evidence_item(rule: dict, submitted: list[str]) -> ChecklistItem:
    for text in submitted:
        for pattern in rule["evidence_re"]:
            match = pattern.search(text)
            if match:
                return ChecklistItem(rule["key"], rule["label"], rule["requirement"], True,
                                     f"已提供：{match.group()}")
    return ChecklistItem(rule["key"], rule["label"], rule["requirement"], False, "尚未提供")


def closing_checklist(task: Task, text: str = "", file_name: str = "",
                      has_file: bool = False) -> list[ChecklistItem]:
    """What closing ``task`` needs, each item checked against what was submitted (an
    application's ``text`` and ``file_name`` and the task's progress reports)."""
    submitted = submitted_texts(task, text, file_name)
    items = []
    for rule in applicable_rules(task.content + "\n" + task.target):
        if rule.get("check") == "indicators":
            items.append(indicator_item(rule, task))
        else:
            items.append(evidence_item(rule, submitted))
    default = load("closing_evidence")["default"]
    has_file = has_file or any(r.files.exists() for r in task.reports.all())
    done = bool(text.strip()) and has_file
    items.append(ChecklistItem(default["key"], default["label"], default["requirement"], done,
                               "已提交" if done else "需填写办结情况并附佐证材料"))
    return items


def check_application(request) -> ClosingCheck:
    """Check a closing application (supervision's ClosingRequest) and keep the result."""
    items = closing_checklist(request.task, request.text, request.evidence_name,
                              has_file=bool(request.evidence))
    check, _ = ClosingCheck.objects.update_or_create(
        request=request, defaults={"items": [i.to_dict() for i in items],
                                   "complete": all(i.satisfied for i in items)})
    return check
