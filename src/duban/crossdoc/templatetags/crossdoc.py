"""Template tags of crossdoc for pages of other apps: the 销号 checklist of a task."""

from __future__ import annotations

from django import template

from duban.crossdoc.models import ClosingCheck
from duban.crossdoc.services.closing import closing_checklist

register = template.Library()


@register.simple_tag
def closing_checklist_of(task) -> dict:
    """The task's closing checklist against what is on file now, and the check made of each
    closing application when it was filed (newest first)."""
    checks = ClosingCheck.objects.filter(request__task=task).select_related("request")
    return {"items": closing_checklist(task), "checks": list(checks)}
