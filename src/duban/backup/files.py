"""The media folder against the database: files no row refers to, and rows whose file is gone.

Every model's FileFields are read (documents' originals, evidence, closing evidence), so a new
file field is covered without a change here. Uploads waiting in the import preview live under
``pending-imports/`` without a row by design and are not counted (they expire after a day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

ROW_LESS_FOLDERS = ("pending-imports",)


@dataclass
class FileReport:
    orphans: list[str] = field(default_factory=list)
    """Files under MEDIA_ROOT that no row refers to."""
    missing: list[tuple[str, int, str]] = field(default_factory=list)
    """(model label, primary key, file name) of rows whose file is not there."""

    @property
    def clean(self) -> bool:
        return not self.orphans and not self.missing


def referenced_files() -> dict[str, tuple[str, int]]:
    """Every stored file name -> (model label, primary key) of the row that holds it."""
    found: dict[str, tuple[str, int]] = {}
    for model in apps.get_models():
        for file_field in [f for f in model._meta.concrete_fields
                           if isinstance(f, models.FileField)]:
            rows = model._default_manager.exclude(**{file_field.name: ""}).values_list(
                "pk", file_field.name)
            for pk, name in rows.iterator():
                found[name] = (model._meta.label, pk)
    return found


def media_names(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    names = set()
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name.split("/", 1)[0] not in ROW_LESS_FOLDERS:
            names.add(name)
    return names


def check_media() -> FileReport:
    """Compare MEDIA_ROOT with the rows that name files in it."""
    root = Path(settings.MEDIA_ROOT)
    on_disk = media_names(root)
    referenced = referenced_files()
    report = FileReport(orphans=sorted(on_disk - set(referenced)))
    report.missing = sorted((label, pk, name) for name, (label, pk) in referenced.items()
                            if name not in on_disk)
    return report


def delete_orphans(names: list[str]) -> int:
    root = Path(settings.MEDIA_ROOT)
    for name in names:
        (root / name).unlink(missing_ok=True)
    return len(names)
