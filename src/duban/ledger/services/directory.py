"""A per-process directory of units and regions, for the hot read paths of the API.

A page of 50 tasks names ~150 units, and a unit's responsibility list needs the generic units
that stand for it (``covering_unit_ids``); both would cost queries with joins on every request
for data that changes a few times a year. The directory holds every unit's name, full name,
kind, region and generic flag, and every region's parent, in memory.

It stays correct across server processes through a version number in the shared cache: any save
or delete of a unit, region or unit kind sets a new version, and a process reloads its copy
when it sees the version moved (it looks once a second; the process that made the change drops
its copy at once). With the per-process memory cache (no ``CACHE_URL``) the
version is that process's own, so other processes notice after ``MAX_AGE`` seconds at most.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from duban.ledger.models import Region, Unit
from duban.ledger.models.units import full_unit_name

VERSION_KEY = "duban-unit-directory-version"
MAX_AGE = 60.0
CHECK_EVERY = 1.0


@dataclass(frozen=True)
class UnitEntry:
    id: int
    name: str
    full_name: str
    kind_id: int | None
    region_id: int | None
    is_generic: bool

    def ref(self) -> dict:
        """What a task row shows of the unit."""
        return {"id": self.id, "name": self.name, "full_name": self.full_name}


@dataclass
class Directory:
    version: str | None
    loaded_at: float
    checked_at: float = 0.0
    units: dict[int, UnitEntry] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)
    generics: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def unit(self, unit_id: int) -> UnitEntry | None:
        return self.units.get(unit_id)

    def region_chain(self, region_id: int) -> list[int]:
        """The region and its parent, grandparent … (guarding against loops)."""
        chain, node = [], region_id
        while node is not None and node not in chain:
            chain.append(node)
            node = self.parents.get(node)
        return chain

    def covering_ids(self, entry: UnitEntry) -> list[int]:
        """As ``covering_unit_ids``: the unit and the generic units of its kind in its region or
        above."""
        if entry.kind_id is None or entry.is_generic or entry.region_id is None:
            return [entry.id]
        ids = [entry.id]
        for region_id in self.region_chain(entry.region_id):
            ids += self.generics.get((entry.kind_id, region_id), [])
        return ids


def load_directory(version: str | None) -> Directory:
    """Two queries: every region's parent, every unit with its region's name."""
    now = time.monotonic()
    directory = Directory(version=version, loaded_at=now, checked_at=now)
    directory.parents = dict(Region.objects.values_list("pk", "parent_id"))
    rows = Unit.objects.order_by().values_list(
        "pk", "name", "region__name", "kind_id", "region_id", "is_generic"
    )
    for pk, name, region_name, kind_id, region_id, is_generic in rows:
        entry = UnitEntry(pk, name, full_unit_name(name, region_name), kind_id, region_id,
                          is_generic)
        directory.units[pk] = entry
        if is_generic and kind_id is not None and region_id is not None:
            directory.generics.setdefault((kind_id, region_id), []).append(pk)
    return directory


_current: Directory | None = None
_lock = threading.Lock()


def unit_directory() -> Directory:
    """The current directory, reloaded when another change set a new version (or it is old).
    The version is asked at most every ``CHECK_EVERY`` seconds: one cache round trip a second,
    not one per request."""
    global _current
    current, now = _current, time.monotonic()
    if current is not None and now - current.checked_at < CHECK_EVERY:
        return current
    version = cache.get(VERSION_KEY)
    if current is not None and now - current.loaded_at < MAX_AGE and current.version == version:
        current.checked_at = now
        return current
    with _lock:
        if _current is current:
            _current = load_directory(version)
        return _current


def forget_directory(*args, **kwargs) -> None:
    """Signal receiver: a unit, region or kind changed. This process drops its copy at once;
    the others when the new version is set, after the commit (so none reloads the old rows
    under the new version)."""
    global _current
    _current = None
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))
