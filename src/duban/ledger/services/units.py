"""Regions and units: resolving a name as written to a unit, aliases, merging two units.

Resolution (strict first, lenient second): the exact name in the region, then an alias in the
region, then the same department written another way (same kind of the UnitKindForm table,
same generic-ness), else unknown. Units of one plan live in the plan's region.
"""

from __future__ import annotations

import difflib

from django.db import transaction

from duban.ledger.choices import AssignmentRole, ChangeAction, RegionLevel
from duban.ledger.models import (
    Assignment,
    Profile,
    ProgressReport,
    Region,
    Unit,
    UnitAlias,
    UnitKind,
    UnitKindForm,
)
from duban.ledger.services.audit import record_change
from duban.ledger.services.directory import unit_directory
from duban.ledger.services.search import refresh_search_text, refresh_unit_tasks
from duban.ledger.unitnames import kind_and_level, kind_of, levels_agree, parse_unit_name

REGION_SUFFIX_LEVELS = (
    ("省", RegionLevel.PROVINCE),
    ("自治区", RegionLevel.PROVINCE),
    ("县", RegionLevel.COUNTY),
    ("区", RegionLevel.COUNTY),
    ("旗", RegionLevel.COUNTY),
    ("市", RegionLevel.CITY),
    ("州", RegionLevel.CITY),
    ("盟", RegionLevel.CITY),
)


def region_level_for(name: str) -> str:
    """The level a region's name suggests (柞水县 -> county); 市 is taken as a city."""
    for suffix, level in REGION_SUFFIX_LEVELS:
        if name.endswith(suffix):
            return level
    return RegionLevel.CITY


def get_or_create_region(name: str | None, actor=None) -> Region | None:
    if not name:
        return None
    region = Region.objects.filter(name=name).first()
    if region is None:
        region = Region.objects.create(name=name, level=region_level_for(name))
        record_change(actor, ChangeAction.CREATE, region, after=region.snapshot())
    return region


def kind_forms() -> dict[str, int]:
    """Form text -> UnitKind id, from the editable reference table."""
    return dict(UnitKindForm.objects.values_list("text", "kind_id"))


class UnitResolver:
    """Resolves names as written to the units of one region, loading the region once."""

    def __init__(self, region: Region | None):
        self.region = region
        self.forms = kind_forms()
        units = list(Unit.objects.filter(region=region).select_related("region", "kind"))
        self.by_name = {unit.name: unit for unit in units}
        self.by_kind: dict[tuple[int, bool], list[tuple[str | None, Unit]]] = {}
        for unit in sorted(units, key=lambda u: u.pk):
            self.remember_kind(unit)
        aliases = UnitAlias.objects.filter(region=region).select_related("unit")
        self.by_alias = {alias.text: alias.unit for alias in aliases}

    def remember_kind(self, unit: Unit) -> None:
        if unit.kind_id is not None:
            level = kind_and_level(unit.name, self.forms)[1]
            self.by_kind.setdefault((unit.kind_id, unit.is_generic), []).append((level, unit))

    def add(self, unit: Unit) -> None:
        self.by_name[unit.name] = unit
        self.remember_kind(unit)

    def resolve(self, name: str) -> Unit | None:
        text = "".join(name.split())
        found = self.by_name.get(text) or self.by_alias.get(text)
        if found is not None:
            return found
        kind_id, level = kind_and_level(text, self.forms)
        if kind_id is None:
            return None
        same_kind = self.by_kind.get((kind_id, parse_unit_name(text).is_generic), [])
        return next((unit for other, unit in same_kind if levels_agree(level, other)), None)

    def new_unit(self, name: str) -> Unit:
        """An unsaved unit for ``name`` with its kind and generic flag filled in."""
        text = "".join(name.split())
        return Unit(
            name=text,
            region=self.region,
            kind_id=kind_of(text, self.forms),
            is_generic=parse_unit_name(text).is_generic,
        )


def resolve_unit(name: str, region: Region | None) -> Unit | None:
    """The unit ``name`` means in ``region``: exact name, alias, then the same department's kind."""
    return UnitResolver(region).resolve(name)


def unit_candidates(
    name: str, region: Region | None = None, limit: int = 5, pool: list[Unit] | None = None
) -> list[Unit]:
    """Existing units a human might mean by an unknown name: same kind first, then look-alikes.

    ``pool`` (every unit, with region and kind) saves the query when asking for many names.
    """
    kind_id = kind_of(name, kind_forms())
    units = pool if pool is not None else list(Unit.objects.select_related("region", "kind"))
    scored = [(candidate_score(name, kind_id, region, unit), unit) for unit in units]
    ranked = sorted((pair for pair in scored if pair[0] >= 0.9), key=lambda pair: -pair[0])
    return [unit for _, unit in ranked[:limit]]


def candidate_score(name: str, kind_id: int | None, region: Region | None, unit: Unit) -> float:
    """Same kind counts most, then same region, then how alike the two names read."""
    same_kind = 1.0 if kind_id is not None and unit.kind_id == kind_id else 0.0
    same_region = 0.5 if region is not None and unit.region_id == region.pk else 0.0
    quick = difflib.SequenceMatcher(None, name, unit.name)
    if same_kind + same_region + quick.real_quick_ratio() < 0.9:
        return 0.0
    return same_kind + same_region + quick.ratio()


@transaction.atomic
def create_unit(
    actor,
    name: str,
    region: Region | None,
    *,
    kind: UnitKind | None = None,
    is_generic: bool | None = None,
) -> Unit:
    """Create a unit; kind and generic flag default to what the name says."""
    unit = UnitResolver(region).new_unit(name)
    if kind is not None:
        unit.kind = kind
    if is_generic is not None:
        unit.is_generic = is_generic
    unit.save()
    record_change(actor, ChangeAction.CREATE, unit, after=unit.snapshot())
    return unit


@transaction.atomic
def update_unit(actor, unit: Unit, **fields) -> Unit:
    """Change a unit's name, region, kind or generic flag, with an audit row."""
    before = unit.snapshot()
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    if unit.name != before["name"]:
        refresh_unit_tasks(unit.pk)
    record_change(actor, ChangeAction.UPDATE, unit, before=before, after=unit.snapshot())
    return unit


@transaction.atomic
def add_unit_alias(actor, unit: Unit, text: str) -> UnitAlias:
    alias = UnitAlias(unit=unit, text="".join(text.split()))
    alias.region_id = unit.region_id
    alias.validate_constraints()
    alias.save()
    record_change(actor, ChangeAction.CREATE, alias, after=alias.snapshot(), related=unit)
    return alias


@transaction.atomic
def delete_unit_alias(actor, alias: UnitAlias) -> None:
    record_change(actor, ChangeAction.DELETE, alias, before=alias.snapshot(), related=alias.unit)
    alias.delete()


def move_assignments(keep: Unit, drop: Unit) -> int:
    """Give ``drop``'s assignments to ``keep``; where both hold a task, lead wins."""
    moved = 0
    for assignment in Assignment.objects.filter(unit=drop):
        existing = Assignment.objects.filter(task_id=assignment.task_id, unit=keep).first()
        if existing is None:
            assignment.unit = keep
            assignment.save(update_fields=["unit", "last_updated"])
        else:
            if assignment.role == AssignmentRole.LEAD and existing.role != AssignmentRole.LEAD:
                existing.role = AssignmentRole.LEAD
                existing.save(update_fields=["role", "last_updated"])
            assignment.delete()
        moved += 1
    return moved


@transaction.atomic
def merge_units(keep: Unit, drop: Unit, actor) -> Unit:
    """Fold ``drop`` into ``keep``: assignments, reports, aliases and users move; its name
    becomes an alias of ``keep`` in its own region; ``drop`` is deleted. One audit row."""
    if keep.pk == drop.pk:
        raise ValueError("不能将单位与自身合并")
    before = {"keep": keep.snapshot(), "drop": drop.snapshot()}
    moved_tasks = list(Assignment.objects.filter(unit=drop).values_list("task_id", flat=True))
    moved = move_assignments(keep, drop)
    refresh_search_text(moved_tasks)
    ProgressReport.objects.filter(unit=drop).update(unit=keep)
    Profile.objects.filter(unit=drop).update(unit=keep)
    alias_texts = [(drop.region_id, drop.name)]
    alias_texts += list(drop.aliases.values_list("region_id", "text"))
    drop.aliases.all().delete()
    drop.delete()
    for region_id, text in alias_texts:
        taken = Unit.objects.filter(region_id=region_id, name=text).exists()
        if not taken and not UnitAlias.objects.filter(region_id=region_id, text=text).exists():
            UnitAlias.objects.create(unit=keep, text=text, region_id=region_id)
    record_change(
        actor,
        ChangeAction.MERGE,
        keep,
        before=before,
        after={
            "keep": keep.snapshot(),
            "aliases": [t for _, t in alias_texts],
            "assignments_moved": moved,
        },
        message=f"合并 {drop.full_name} → {keep.full_name}",
    )
    return keep


def covering_unit_ids(unit: Unit) -> list[int]:
    """``unit`` and the generic units that stand for it: same kind, its region or above."""
    directory = unit_directory()
    entry = directory.unit(unit.pk)
    return directory.covering_ids(entry) if entry is not None else [unit.pk]
