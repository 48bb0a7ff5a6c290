"""Who may do what, in one place: roles, reporting rights, task fetch-with-permission.

- office (医改办): everything: import, edit, review, units and users.
- reporter: sees every task's text, units, deadline and light (so that units can coordinate),
  but the reports and evidence only of the tasks its unit is on (lead or participating,
  directly or through a generic unit of its kind, 各级X部门, in its region or above), and the
  original and ledger export only of documents that name its unit; reports only on its tasks.
- leader: sees everything, writes nothing.
A superuser without a profile counts as office.

Reads are decided by the ``visible_to(user)`` querysets (``Task``, ``ProgressReport``,
``EvidenceFile``) and ``Document.objects.files_visible_to(user)``; single objects are fetched
with the ``get_..._for_user`` helpers below, which raise PermissionDenied.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban.ledger.choices import Role
from duban.ledger.models import Document, EvidenceFile, ProgressReport, Task, Unit


def role_of(user) -> str | None:
    """The ledger role of ``user`` or None (anonymous, or signed in without a profile)."""
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.role
    return Role.OFFICE if user.is_superuser else None


def is_office(user) -> bool:
    return role_of(user) == Role.OFFICE


def reads_all(user) -> bool:
    """The office and leaders read every report, evidence file, original and export."""
    return role_of(user) in (Role.OFFICE, Role.LEADER)


def require_office(user) -> None:
    """Raise PermissionDenied unless ``user`` is the office (医改办)."""
    if not is_office(user):
        raise PermissionDenied("仅医改办可以执行此操作")


def reporter_unit(user) -> Unit | None:
    """The unit a reporter reports for (None for other roles)."""
    if role_of(user) != Role.REPORTER:
        return None
    return user.profile.unit


def reportable_unit_ids(user) -> list[int]:
    """The units whose assignments a reporter may report on: its own and its generic ones."""
    from duban.ledger.services.units import covering_unit_ids

    unit = reporter_unit(user)
    return covering_unit_ids(unit) if unit is not None else []


def can_report(user, task: Task) -> bool:
    """Office always; a reporter on tasks of its unit; a leader never."""
    role = role_of(user)
    if role == Role.OFFICE:
        return True
    if role != Role.REPORTER:
        return False
    unit_ids = reportable_unit_ids(user)
    return task.assignments.filter(unit_id__in=unit_ids).exists()


def can_edit_task(user, task: Task | None = None) -> bool:
    """Editing a task, its units and milestones is the office's."""
    return is_office(user)


def get_task_for_user(user, pk: int, write: bool = False, reports: bool = False) -> Task:
    """The task ``pk`` if ``user`` may see it; with ``write=True`` also may report on it; with
    ``reports=True`` also may read its reports and evidence.

    404 for a task that does not exist or is not visible, PermissionDenied (403) for a write
    or a read of reports the user has no right to. Editing the task itself additionally needs
    ``require_office``.
    """
    task = get_object_or_404(Task.objects.visible_to(user).select_related("document"), pk=pk)
    if write and not can_report(user, task):
        raise PermissionDenied("无权报送或修改此任务")
    if reports and not can_read_reports(user, task):
        raise PermissionDenied("本单位未承担此任务，无权查看其进展报送")
    return task


def can_read_reports(user, task: Task) -> bool:
    """Office and leaders always; a reporter on the tasks its unit is on."""
    return Task.objects.reports_visible_to(user).filter(pk=task.pk).exists()


def get_report_for_user(user, pk: int) -> ProgressReport:
    """The progress report ``pk`` (404 if none) if ``user`` may read it, else PermissionDenied."""
    report = get_object_or_404(ProgressReport, pk=pk)
    if not ProgressReport.objects.visible_to(user).filter(pk=pk).exists():
        raise PermissionDenied("无权查看其他单位任务的进展报送")
    return report


def get_evidence_for_user(user, pk: int) -> EvidenceFile:
    """The evidence file ``pk`` (404 if none) if ``user`` may read it, else PermissionDenied."""
    evidence = get_object_or_404(EvidenceFile, pk=pk)
    if not EvidenceFile.objects.visible_to(user).filter(pk=pk).exists():
        raise PermissionDenied("无权下载其他单位任务的佐证材料")
    return evidence


def get_document_files_for_user(user, pk: int) -> Document:
    """The document ``pk`` (404 if none) if ``user`` may download its original and ledger
    export (office, leaders, and reporters of a unit the document names), else
    PermissionDenied."""
    document = get_object_or_404(Document, pk=pk)
    if not Document.objects.files_visible_to(user).filter(pk=pk).exists():
        raise PermissionDenied("该文件未列明本单位，无权下载原件或台账")
    return document
