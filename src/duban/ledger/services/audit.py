"""Writing the audit log: every service records what it changed as ObjectChange rows."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from duban.ledger.models import ObjectChange

ENCODER = DjangoJSONEncoder()


def actor_name(actor) -> str:
    if actor is None:
        return "系统"
    return actor.get_username() if hasattr(actor, "get_username") else str(actor)


def jsonable(data: dict | None) -> dict | None:
    """Round-trip through the JSON encoder so dates and decimals compare equal after saving."""
    if data is None:
        return None
    import json

    return json.loads(ENCODER.encode(data))


def build_change(
    actor,
    action: str,
    obj: models.Model,
    *,
    before=None,
    after=None,
    related: models.Model | None = None,
    message: str = "",
) -> ObjectChange:
    """An unsaved ObjectChange for ``obj`` (for bulk writes)."""
    return ObjectChange(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=related.pk if related is not None else None,
        message=message[:300],
        before=jsonable(before),
        after=jsonable(after),
    )


def record_change(actor, action: str, obj: models.Model, **kwargs) -> ObjectChange:
    """Save one audit row for ``obj``; see ``build_change`` for the arguments."""
    change = build_change(actor, action, obj, **kwargs)
    change.save()
    return change


def record_changes(changes: Iterable[ObjectChange]) -> None:
    ObjectChange.objects.bulk_create(list(changes), batch_size=500)
