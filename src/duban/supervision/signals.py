"""Incremental recompute: a saved report, task or milestone refreshes that task's status.

This is the one place that reads the clock (``timezone.localdate()``): a save happens "now";
the engine itself always takes ``today`` as an argument.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from duban.ledger.models import Document, Milestone, ProgressReport, Task
from duban.ledger.signals import document_landed

# Sent after the commit of a recompute that changed stored statuses (written in bulk, so without
# post_save): cached read-outs of them (the API's dashboard counts) are stale.
statuses_changed = Signal()


def refresh(task_id: int) -> None:
    from duban.supervision.services.status import recompute_tasks

    recompute_tasks(Task.objects.filter(pk=task_id), timezone.localdate())


@receiver(post_save, sender=ProgressReport, dispatch_uid="supervision-report-saved")
def report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(instance.task_id)


@receiver(post_save, sender=Task, dispatch_uid="supervision-task-saved")
def task_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw:
        refresh(instance.pk)


@receiver(post_save, sender=Milestone, dispatch_uid="supervision-milestone-saved")
def milestone_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(instance.task_id)


@receiver(document_landed, sender=Document, dispatch_uid="supervision-document-landed")
def document_imported(sender, document, **kwargs):
    from duban.supervision.services.status import recompute_all

    recompute_all(timezone.localdate(), document=document)
