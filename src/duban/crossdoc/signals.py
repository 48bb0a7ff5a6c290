"""A closing application is checked against its task's closing checklist when it is filed."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from duban.supervision.models import ClosingRequest


@receiver(post_save, sender=ClosingRequest, dispatch_uid="crossdoc-closing-check")
def closing_filed(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        from duban.crossdoc.services.closing import check_application

        check_application(instance)
