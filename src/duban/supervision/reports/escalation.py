"""The printable 督办单 (escalation notice) of a unit: number, addressee, tasks, deadline to
answer, issuer and date."""

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
    for n, task in enumerate(notice.tasks.all().order_by("order", "pk"), 1):
        status = getattr(task, "supervision", None)
        due = task.effective_due()
        rows.append(
            [
                n,
                task.content,
                cn_date(due) if due else task.due_display(),
                task.get_state_display(),
                "；".join(status.reasons) if status else "",
            ]
        )
    return rows


def escalation_docx(notice: EscalationNotice) -> bytes:
    """The 督办单 as a .docx."""
    rules = SupervisionSettings.current()
    document = new_document()
    add_title(document, "督 办 单", size=26)
    add_centered(document, notice.number)
    add_body(document, addressee(notice), indent=False)
    add_body(
        document,
        f"{notice.text}。根据《{notice.document.title}》，以下任务请贵单位主要"
        "负责同志亲自督促落实，并于收到本督办单之日起 5 个工作日内书面反馈办理情况。",
    )
    add_table(
        document,
        ["序号", "任务内容", "完成时限", "状态", "说明"],
        task_rows(notice),
        widths=[1.2, 7.5, 2.5, 1.8, 3.0],
    )
    add_body(document, "")
    add_body(document, rules.escalation_issuer, indent=False, align_right=True)
    add_body(
        document,
        f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日",
        indent=False,
        align_right=True,
    )
    return to_bytes(document)
