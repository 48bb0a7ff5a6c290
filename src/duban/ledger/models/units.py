"""Regions, units (departments and institutions), their aliases and kinds, and user profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.ledger.choices import RegionLevel, Role
from duban.ledger.models.base import ChangeLoggedModel

LEVEL_PREFIXES = ("市", "县", "区", "省", "州", "旗")


class Region(ChangeLoggedModel):
    """An administrative area (省/市/县) that issues plans and owns units."""

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("级别", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "地区"
        verbose_name_plural = "地区"

    def __str__(self) -> str:
        return self.name


class UnitKind(ChangeLoggedModel):
    """A kind of department (卫生健康, 医保, 财政 …); the same kind exists at every level."""

    name = models.CharField("类别", max_length=50, unique=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "部门类别"
        verbose_name_plural = "部门类别"

    def __str__(self) -> str:
        return self.name


class UnitKindForm(ChangeLoggedModel):
    """One way of writing a department of a kind, without the level prefix (卫健委, 卫生健康委员会)."""

    kind = models.ForeignKey(UnitKind, on_delete=models.CASCADE, related_name="forms")
    text = models.CharField("写法", max_length=50, unique=True)

    class Meta:
        ordering = ["kind", "text"]
        verbose_name = "部门名称写法"
        verbose_name_plural = "部门名称写法"

    def __str__(self) -> str:
        return self.text


class Unit(ChangeLoggedModel):
    """A responsible unit of a region: a department (市卫健委) or an institution (市立医院).

    A generic unit (``各级医保部门``) stands for the department of its kind at every level of its
    region; the tasks assigned to it are also the tasks of each such department.
    """

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    kind = models.ForeignKey(
        UnitKind,
        verbose_name="类别",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
    )
    is_generic = models.BooleanField("泛指", default=False)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name with the region spelled out: 市卫健委 of 岳阳市 -> 岳阳市卫健委."""
        return full_unit_name(self.name, self.region.name if self.region is not None else None)


def full_unit_name(name: str, region: str | None) -> str:
    """A unit's name with its region spelled out (``Unit.full_name`` from plain values, for
    lists read with ``.values()``)."""
    if not region:
        return name
    if name.startswith(LEVEL_PREFIXES) and region.endswith(name[0]):
        return region + name[1:]
    if name.startswith(region):
        return name
    return f"{region}{name}"


class UnitGroup(ChangeLoggedModel):
    """A group phrase of a region's documents (各成员单位, 各县（市、区）政府, 各级X部门): not a
    unit, but the member units the office defines; each member gets its own line of a task
    assigned to the group. Until it has members the group is undefined (flagged on import, and
    never ranked or listed as a unit)."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name="地区",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_groups",
    )
    members = models.ManyToManyField(Unit, verbose_name="成员单位", blank=True,
                                     related_name="groups")

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = "单位组"
        verbose_name_plural = "单位组"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_unit_name(self.name, self.region.name if self.region is not None else None)


class UnitAlias(ChangeLoggedModel):
    """Another name of a unit as documents of ``region`` write it, unique within that region.

    The region is usually the unit's own; after a merge across regions it is the dropped unit's.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField("别名", max_length=100)

    class Meta:
        ordering = ["text"]
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        constraints = [
            models.UniqueConstraint(fields=["region", "text"], name="alias_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.text


class Profile(ChangeLoggedModel):
    """A user's role in the ledger; a reporter belongs to exactly one unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.LEADER)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    display_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    # Which published demo account this is (its key in demo/accounts.yaml, or "seed-demo"); empty
    # for a real account. The mark, not the username, is what the production check and
    # ``remove_demo_accounts`` look for, so a renamed demo account stays a demo account.
    demo_account = models.CharField("演示账号", max_length=150, blank=True, db_index=True)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.REPORTER and self.unit_id is None:
            raise ValidationError({"unit": "责任单位用户必须指定所属单位"})
