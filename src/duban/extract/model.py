"""Task records as the extraction contract (spec/extraction.md) defines them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

NO_TASK_FOUND = ("未找到任务表格或任务清单：文件中既没有任务表格，也没有“牵头单位”“责任单位”等"
                 "责任标注，请确认上传的是任务分工方案或任务分解表")


class ExtractError(ValueError):
    """A document in which no task could be found: carries the path and the reason (in
    Chinese, as the office is shown it)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Deadline:
    text: str | None = None
    kind: str = "none"  # date | year | range | ongoing | none
    start: str | None = None
    due: str | None = None


@dataclass
class Milestone:
    due: str
    text: str


@dataclass
class Indicator:
    text: str
    value: float
    unit: str
    op: str  # >= <= = > <


@dataclass
class Task:
    seq: str | None
    category: str | None
    content: str
    lead_units: list[str] = field(default_factory=list)
    participating_units: list[str] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    milestones: list[Milestone] = field(default_factory=list)
    target: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)  # people named responsible, never units
    doubts: list[str] = field(default_factory=list)  # why the row may be wrong (DOUBTS)
    progress: str | None = None  # a progress column's text (进展情况): for the ledger, not content


DOUBTS = ("units_guessed", "no_deadline", "row_may_continue", "layout_guessed", "fragment_unit")
"""Codes of `Task.doubts` (spec/extraction.md): the import preview explains each."""


@dataclass
class DocumentInfo:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issued_on: str | None = None
    region: str | None = None
    period: dict[str, str] | None = None


@dataclass
class Extraction:
    source: dict[str, str]
    document: DocumentInfo
    tasks: list[Task]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for task in out["tasks"]:
            if task["progress"] is None:
                del task["progress"]  # optional in the contract: only a progress table has it
            for ind in task["indicators"]:
                if float(ind["value"]).is_integer():
                    ind["value"] = int(ind["value"])
        return out
