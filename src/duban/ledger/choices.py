"""Every enumerated value of the ledger, as TextChoices (never bare strings in code)."""

from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"


class Role(models.TextChoices):
    OFFICE = "office", "医改办"
    REPORTER = "reporter", "责任单位"
    LEADER = "leader", "领导"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONFIRMED = "confirmed", "已确认"


class ReportCadence(models.TextChoices):
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class DeadlineKind(models.TextChoices):
    DATE = "date", "日期"
    YEAR = "year", "年度"
    RANGE = "range", "时段"
    ONGOING = "ongoing", "持续推进"
    NONE = "none", "未注明"


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    ON_TRACK = "on_track", "正常推进"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "逾期"
    # A dated task whose milestone (时间节点) passed undone while its own deadline has not.
    BEHIND = "behind", "节点滞后"
    # An ongoing task (持续推进) judged by its cadence: a report day passed with no report.
    REPORT_LATE = "report_late", "未按期报送"
    DONE = "done", "已办结"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    PARTICIPATING = "participating", "参与单位"


class IndicatorOp(models.TextChoices):
    GE = ">=", "不低于"
    LE = "<=", "不高于"
    EQ = "=", "等于"
    GT = ">", "高于"
    LT = "<", "低于"


class ProgressState(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    BLOCKED = "blocked", "遇到困难"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    RETURNED = "returned", "已退回"


class ChangeAction(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MERGE = "merge", "合并"
    IMPORT = "import", "导入"
    REVIEW = "review", "审核"


class ParseState(models.TextChoices):
    """Where the parse job of an upload stands (duban.ledger.services.import_jobs)."""

    QUEUED = "queued", "排队中"
    PARSING = "parsing", "解析中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Doubt(models.TextChoices):
    """Why the extractor is unsure of a task (``doubts`` in spec/extraction.md), in the words
    the import preview shows the office."""

    UNITS_GUESSED = "units_guessed", "责任单位系推断得出，请核对牵头与配合单位"
    NO_DEADLINE = "no_deadline", "未找到完成时限"
    ROW_MAY_CONTINUE = "row_may_continue", "该行可能与上一行或下一行同属一项任务"
    LAYOUT_GUESSED = "layout_guessed", "表格结构系推断得出，请核对各列内容"
    FRAGMENT_UNIT = "fragment_unit", "单位名称可能不完整（疑为被截断的片段）"

    @classmethod
    def label_of(cls, code: str) -> str:
        """The plain words for a doubt; an unknown code (a newer extractor) as itself."""
        try:
            return cls(code).label
        except ValueError:
            return f"需核对（{code}）"
