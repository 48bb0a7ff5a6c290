"""Helpers shared by the views: role checks as decorators and the task-list annotations."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from duban.ledger.choices import TaskState
from duban.ledger.models import Assignment, ProgressReport
from duban.ledger.permissions import require_office


def office_required(view):
    """Signed in (else the sign-in page) and the office (else 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_office(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def today():
    return timezone.localdate()


def with_progress(tasks: QuerySet, user) -> QuerySet:
    """Tasks with ``latest_percent`` (latest report stating one, of the reports ``user`` may
    read: none of another unit's task for a reporter), ``is_late`` (逾期, as
    ``supervision.services.counts`` counts it) and their units prefetched."""
    latest = ProgressReport.objects.visible_to(user).filter(task=OuterRef("pk"),
                                                            percent__isnull=False)
    latest = latest.order_by("-created", "-pk").values("percent")[:1]
    assignments = Assignment.objects.select_related("unit__region").order_by("role", "order", "pk")
    late = ExpressionWrapper(Q(state=TaskState.OVERDUE), output_field=BooleanField())
    return tasks.select_related("document").annotate(
        latest_percent=Subquery(latest), is_late=late).prefetch_related(
        Prefetch("assignments", queryset=assignments))
