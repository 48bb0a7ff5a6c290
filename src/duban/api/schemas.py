"""Request and response schemas, one per model and verb (field names follow the models)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt

from duban.api.types import Amount, BodyIn, StrictId, Text, not_blank
from duban.ledger.choices import (
    AssignmentRole,
    DeadlineKind,
    DocumentStatus,
    IndicatorOp,
    ProgressState,
    ReportCadence,
    ReviewStatus,
    TaskState,
)


class Row(BaseModel):
    """A list row validated straight from a dict or attributes (no ninja getter per object:
    a page of 200 rows stays cheap)."""

    model_config = ConfigDict(from_attributes=True)


def page_of(item: type[BaseModel], name: str) -> type[BaseModel]:
    """The response schema of a keyset page of ``item`` rows (read from the ``Page`` object's
    attributes by pydantic itself: no per-object getter)."""
    return type(name, (Row,), {
        "__annotations__": {"items": list[item], "next": str | None},
        "next": Field(description="下一页的游标（cursor）：作为 cursor 参数传回即得下一页；"
                                  "null 表示已是最后一页"),
    })


class UnitRef(Row):
    id: int
    name: str
    full_name: str


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    doc_number: str
    issued_on: dt.date | None
    region: str | None = Field(None, alias="region.name")
    period_start: dt.date | None
    period_end: dt.date | None
    status: DocumentStatus
    report_cadence: ReportCadence
    report_day: int
    filename: str
    imported_at: dt.datetime


class UnitOut(Schema):
    id: int
    name: str
    full_name: str
    region: str | None = Field(None, alias="region.name")
    kind: str | None = Field(None, alias="kind.name")
    is_generic: bool
    aliases: list[str]

    @staticmethod
    def resolve_aliases(unit) -> list[str]:
        return [alias.text for alias in unit.aliases.all()]


class AssignmentOut(Schema):
    id: int
    task_id: int
    unit: UnitRef
    role: AssignmentRole
    name_as_written: str


class MilestoneOut(Row):
    id: int
    task_id: int
    due: dt.date | None
    text: str
    order: int
    state: TaskState


class IndicatorOut(Row):
    id: int
    task_id: int
    text: str
    value: Decimal
    unit: str
    op: IndicatorOp
    latest_value: Decimal | None = Field(description="最近一次报送的实际值")


class TaskOut(Row):
    id: int
    document_id: int
    seq: str
    category: str
    content: str
    deadline_text: str
    deadline_kind: DeadlineKind
    deadline_due: dt.date | None
    state: TaskState
    light: str | None
    lead_units: list[UnitRef]
    participating_units: list[UnitRef]


class TaskDetailOut(TaskOut):
    document_title: str
    target: str
    deadline_start: dt.date | None
    source_line_first: int | None
    source_line_last: int | None
    closed_at: dt.datetime | None
    reasons: list[str]
    milestones: list[MilestoneOut]
    indicators: list[IndicatorOut]
    can_report: bool
    version: int = Field(description="send it back in PATCH to be refused (409) if someone edited in between")


class EvidenceOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    size: int
    sha256: str


class IndicatorValueOut(Schema):
    indicator_id: int
    value: Decimal
    reported_on: dt.date


class ReportOut(Schema):
    id: int
    task_id: int
    milestone_id: int | None
    unit: UnitRef
    author: str | None
    text: str
    percent: int | None
    state: ProgressState
    review_status: ReviewStatus
    review_comment: str
    created: dt.datetime
    files: list[EvidenceOut]
    indicator_values: list[IndicatorValueOut]

    @staticmethod
    def resolve_author(report) -> str | None:
        return report.author.get_username() if report.author_id else None

    @staticmethod
    def resolve_files(report) -> list:
        return list(report.files.all())

    @staticmethod
    def resolve_indicator_values(report) -> list:
        return list(report.indicator_values.all())


class ReportIn(BodyIn):
    text: Text(20000, 1)
    percent: StrictInt | None = Field(None, ge=0, le=100, description="完成比例，0–100 的整数")
    state: ProgressState = ProgressState.IN_PROGRESS
    milestone_id: StrictId | None = None
    unit_id: StrictId | None = Field(None, description="医改办代报时的报送单位（默认牵头单位）")
    indicator_values: dict[StrictId, Amount] = Field(
        default_factory=dict, description="指标 id → 实际值"
    )


class ReviewIn(BodyIn):
    status: ReviewStatus
    comment: Text(5000) = ""


class NotificationOut(Schema):
    id: int
    channel: str
    subject: str
    body: str
    link: str
    status: str
    created: dt.datetime
    read_at: dt.datetime | None


class MarkReadIn(BodyIn):
    ids: list[StrictId] | None = Field(None, max_length=1000)


class CountOut(Schema):
    count: int


class ScorePartOut(Schema):
    key: str
    label: str
    weight: Decimal
    points: Decimal
    explanation: str


class UnitScoreOut(Schema):
    unit: UnitRef
    score: Decimal
    rank: int | None = Field(None, description="名次；不参评的单位为空")
    ranked: bool = True
    reason: str = ""
    parts: list[ScorePartOut]


class DashboardOut(Schema):
    total: int
    overdue: int
    states: dict[str, int]
    lights: dict[str, int]
    reports_pending_review: int
    as_of: dt.date


class TokenIn(BodyIn):
    name: Annotated[Text(100, 1), AfterValidator(not_blank)] = Field(
        description="令牌名称（用途），必填")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: dt.datetime
    revoked_at: dt.datetime | None
    last_used: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="明文令牌，仅此一次返回")


class ImportPreviewOut(Schema):
    token: str
    filename: str
    sha256: str
    duplicate_of: int | None
    unknown_units: list[str]
    units: dict[str, dict]
    tasks: list[dict]
    extraction: dict


class ImportJobOut(Schema):
    token: str
    filename: str
    state: str = Field(description="queued 排队中 · parsing 解析中")
    state_label: str


class ImportConfirmIn(BodyIn):
    decisions: dict[Text(100), Text(30)] = Field(
        default_factory=dict, description="未识别单位名称 → 已有单位 id 或 \"create\""
    )


class ImportResultOut(Schema):
    document: DocumentOut
    summary: dict
