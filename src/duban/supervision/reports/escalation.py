"""The printable 督办单 (escalation notice) of a unit: number, addressee, text, tasks with
their source lines, deadline to answer, issuer and date."""

from __future__ import annotations

from duban.ledger.formats import cn_date
from duban.supervision.models import EscalationNotice, SupervisionSettings
from duban.supervision.reports.word import (
    add_body,
    add_centered,
    add_table,
    add_title,
    new_document,
    to_bytes,
)


def addressee(notice: EscalationNotice) -> str:
    contact = getattr(notice.unit, "contact", None)
    if contact is not None and contact.head_name:
        return f"{notice.unit.full_name}{contact.head_title}{contact.head_name}同志："
    return f"{notice.unit.full_name}主要负责同志："


def task_rows(notice: EscalationNotice) -> list[list]:
    rows = []
    tasks = notice.tasks.select_related("document").order_by("document", "order", "pk")
    for n, task in enumerate(tasks, 1):
        status = getattr(task, "supervision", None)
        due = task.effective_due()
        source = f"《{task.document.title}》" + (f"第 {task.seq} 项" if task.seq else "")
        if task.source_line_first:
            source += f"（原文第 {task.source_line_first} 行）"
        rows.append(
            [
                n,
                task.content,
                source,
                cn_date(due) if due else task.due_display(),
                "；".join(status.reasons) if status else task.get_state_display(),
            ]
        )
    return rows


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def escalation_docx(notice: EscalationNotice) -> bytes:
    """The 督办单 in 公文 layout as a .docx: 标题, 文号, 主送单位, 正文 with the task table and
    the deadline to answer, 落款 and 日期."""
    rules = SupervisionSettings.current()
    document = new_document()
    add_title(document, "督 办 单", size=26)
    add_centered(document, notice.number)
    add_body(document, addressee(notice), indent=False)
    for paragraph in notice.text.splitlines():
        if paragraph.strip():
            add_body(document, paragraph.strip())
    if notice.deadline:
        add_body(document, f"请于{chinese_date(notice.deadline)}前登录督办系统书面反馈办理情况。")
    add_table(
        document,
        ["序号", "任务内容", "出处", "完成时限", "督办事由"],
        task_rows(notice),
        widths=[1.2, 6.0, 3.5, 2.3, 3.0],
    )
    add_body(document, "")
    add_body(document, rules.escalation_issuer, indent=False, align_right=True)
    add_body(document, chinese_date(notice.issued_on), indent=False, align_right=True)
    return to_bytes(document)
