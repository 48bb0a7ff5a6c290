"""The change-logged base of every ledger model and the audit row (ObjectChange) services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from duban.ledger.choices import ChangeAction


class ChangeLoggedModel(models.Model):
    """Abstract base: creation and last-change times; services add an ObjectChange per change."""

    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True

    def snapshot(self) -> dict:
        """The concrete field values as a JSON-ready dict (foreign keys as ids)."""
        data = {}
        for field in self._meta.concrete_fields:
            if field.name in {"created", "last_updated"}:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, models.FileField):
                value = value.name if value else None
            data[field.attname] = value
        return data


# Keys of a snapshot that are not model fields (``services.tasks.task_with_units``).
EXTRA_LABELS = {"lead_units": "牵头单位", "participating_units": "参与单位", "units": "责任单位",
                "version": "版本"}


def field_label(model, name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    if model is not None:
        for field in model._meta.concrete_fields:
            if name in (field.name, field.attname):
                return str(field.verbose_name)
    return name


class ObjectChangeQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> ObjectChangeQuerySet:
        """Changes of ``obj`` itself and of the rows that hang off it (its related object)."""
        ctype = ContentType.objects.get_for_model(obj)
        return self.filter(
            Q(object_type=ctype, object_id=obj.pk) | Q(related_type=ctype, related_id=obj.pk)
        )


class ObjectChange(models.Model):
    """One audit row: who changed which object when, with its state before and after."""

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16, choices=ChangeAction.choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(db_index=True)
    object_repr = models.CharField("对象", max_length=200)
    related_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    message = models.CharField("说明", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("修改后", null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = ObjectChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[str]:
        """Names of the fields whose value differs between ``before`` and ``after``."""
        before, after = self.before or {}, self.after or {}
        return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))

    def changed_labels(self) -> list[str]:
        """The changed fields as a person reads them: each field's ``verbose_name`` (办结时间,
        状态), a related row's by its model's name (units: 责任单位)."""
        model = self.object_type.model_class()
        labels = []
        for name in self.changed_fields():
            labels.append(field_label(model, name))
        return list(dict.fromkeys(labels))
