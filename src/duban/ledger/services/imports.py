"""Importing a document: extraction → preview with the flags a human must decide → one transaction.

The preview is a plain JSON-ready dict (kept by the web page between upload and confirm, and
editable there); ``confirm_import`` lands the whole document or nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from duban.ledger.choices import DeadlineKind, DocumentStatus
from duban.ledger.formats import cn_date
from duban.ledger.models import (
    Assignment,
    Document,
    GroupAssignment,
    Indicator,
    Milestone,
    Unit,
)
from duban.ledger.services.groups import default_members, find_group, is_group_name
from duban.ledger.services.landing import (
    CREATE,
    ImportFailed,
    clip_char_fields,
    land_tasks,
    parse_date,
)
from duban.ledger.services.units import UnitResolver, get_or_create_region, unit_candidates
from duban.ledger.services.uploads import UploadTooLarge, check_upload_size
from duban.ledger.signals import document_landed

__all__ = [
    "CREATE",
    "DuplicateDocument",
    "ImportFailed",
    "ImportPreview",
    "UploadTooLarge",
    "build_import_preview",
    "confirm_import",
    "document_counts",
    "preview_from_extraction",
]


class DuplicateDocument(ImportFailed):
    """The same file (same sha256) was imported before."""

    def __init__(self, document: Document):
        when = timezone.localtime(document.imported_at)
        super().__init__(f"该文件已于 {cn_date(when)} {when:%H:%M} 导入：《{document.title}》")
        self.document = document


@dataclass
class ImportPreview:
    """What an import would create, and what needs a human decision before it does."""

    filename: str
    sha256: str
    extraction: dict
    duplicate_of: int | None = None
    units: dict[str, dict] = field(default_factory=dict)
    tasks: list[dict] = field(default_factory=list)

    @property
    def unknown_units(self) -> list[str]:
        return [
            name
            for name, info in self.units.items()
            if info["unit_id"] is None and not info.get("group")
        ]

    @property
    def undefined_groups(self) -> list[str]:
        """Group phrases with no member units yet (待定义的单位组)."""
        return [n for n, info in self.units.items() if info.get("group") and not info["members"]]

    @property
    def needs_decision(self) -> bool:
        return bool(
            self.unknown_units or self.undefined_groups or any(t["flags"] for t in self.tasks)
        )

    def to_dict(self) -> dict:
        return {
            "filename": self.filename,
            "sha256": self.sha256,
            "extraction": self.extraction,
            "duplicate_of": self.duplicate_of,
            "units": self.units,
            "tasks": self.tasks,
            "unknown_units": self.unknown_units,
            "undefined_groups": self.undefined_groups,
        }


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_bytes(data: bytes, filename: str) -> dict:
    """Run the extractor on uploaded bytes (through a temporary file keeping the suffix),
    reading and extraction together within the document's time budget."""
    from duban.extract import extract_path
    from duban.intake.budget import time_budget

    suffix = Path(filename).suffix or ".bin"
    with tempfile.TemporaryDirectory() as tmp, time_budget(filename):
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        extraction = extract_path(str(path)).to_dict()
    extraction.setdefault("source", {})["path"] = filename
    return extraction


def build_import_preview(
    path: str | Path | None = None, *, data: bytes | None = None, filename: str | None = None
) -> ImportPreview:
    """Extract a file (a path, or bytes + name) and flag what the office must decide.

    Raises the extractor's ValueError subclasses (IntakeError, ExtractError) on unreadable files.
    """
    filename = filename or Path(path).name
    if data is None:
        check_upload_size(filename, Path(path).stat().st_size)
        data = Path(path).read_bytes()
    check_upload_size(filename, data)
    return preview_from_extraction(
        extract_bytes(data, filename), filename=filename, sha256=sha256_of(data)
    )


def task_flags(task: dict, unknown: set[str], undefined: frozenset[str] = frozenset()) -> list[str]:
    """The flags of one extracted task: unknown_units, undefined_group, no_lead,
    unparsed_deadline."""
    flags = []
    names = {"".join(n.split()) for n in task.get("lead_units", []) + task.get("participating_units", [])}
    if unknown & names:
        flags.append("unknown_units")
    if undefined & names:
        flags.append("undefined_group")
    if not task.get("lead_units"):
        flags.append("no_lead")
    deadline = task.get("deadline") or {}
    if deadline.get("text") and deadline.get("kind", "none") == DeadlineKind.NONE:
        flags.append("unparsed_deadline")
    return flags


def preview_from_extraction(extraction: dict, *, filename: str, sha256: str) -> ImportPreview:
    """The preview of an extraction dict (the contract's JSON shape)."""
    from duban.ledger.models import Region

    region = Region.objects.filter(name=(extraction["document"].get("region") or "")).first()
    units = preview_units(names_in(extraction), region)
    unknown = {n for n, info in units.items() if info["unit_id"] is None and not info.get("group")}
    undefined = frozenset(n for n, info in units.items() if info.get("group") and not info["members"])
    tasks = [
        {
            "index": i,
            "flags": task_flags(task, unknown, undefined),
            "unknown_units": sorted(
                unknown & set(task["lead_units"] + task["participating_units"])
            ),
        }
        for i, task in enumerate(extraction["tasks"])
    ]
    duplicate = Document.objects.filter(sha256=sha256).values_list("pk", flat=True).first()
    return ImportPreview(
        filename=filename,
        sha256=sha256,
        extraction=extraction,
        duplicate_of=duplicate,
        units=units,
        tasks=tasks,
    )


def preview_units(names: list[str], region) -> dict[str, dict]:
    """Name as written -> the unit it resolves to, or candidates for a human to pick from."""
    resolver = UnitResolver(region)
    pool = None
    units = {}
    for name in names:
        if is_group_name(name):
            units[name] = preview_group(name, region)
            continue
        unit = resolver.resolve(name)
        candidates = []
        if unit is None:
            if pool is None:
                pool = list(Unit.objects.select_related("region", "kind"))
            candidates = [
                {"id": c.pk, "label": c.full_name} for c in unit_candidates(name, region, pool=pool)
            ]
        units[name] = {
            "unit_id": unit.pk if unit else None,
            "unit_label": unit.full_name if unit else None,
            "candidates": candidates,
        }
    return units


def preview_group(name: str, region) -> dict:
    """A group phrase in the preview: the group it lands in and how many members it has (or
    will start with); none means it is to be defined (待定义的单位组)."""
    group = find_group(name, region)
    members = group.members.count() if group else len(default_members(name, region))
    return {"unit_id": None, "unit_label": None, "candidates": [], "group": True,
            "group_id": group.pk if group else None, "members": members}


def names_in(extraction: dict) -> list[str]:
    """Every unit name of the extraction, once, in order of appearance."""
    names: dict[str, None] = {}
    for task in extraction["tasks"]:
        for name in task.get("lead_units", []) + task.get("participating_units", []):
            names["".join(name.split())] = None
    return list(names)


def confirm_import(
    preview_data: dict | ImportPreview,
    decisions: dict | None,
    actor,
    original_bytes: bytes | None = None,
    filename: str | None = None,
    *,
    status: str = DocumentStatus.CONFIRMED,
) -> Document:
    """Land the previewed document in one transaction; on any error nothing is kept.

    The returned document carries ``import_summary`` (counts and the names of units created).
    ``decisions`` maps an unknown unit name to an existing unit id or ``"create"`` (an unknown
    name without a decision is created). Picking an existing unit records the name as its alias.
    Raises DuplicateDocument when a file with the same sha256 is already in the ledger.
    """
    if isinstance(preview_data, ImportPreview):
        preview_data = preview_data.to_dict()
    sha256 = sha256_of(original_bytes) if original_bytes is not None else preview_data["sha256"]
    filename = filename or preview_data.get("filename") or "document"
    with transaction.atomic():
        document = create_document(
            preview_data["extraction"], actor, sha256, filename, original_bytes, status
        )
        document.import_summary = land_tasks(
            document, preview_data["extraction"]["tasks"], decisions or {}, actor
        )
        document_landed.send(sender=Document, document=document)
    return document


def original_name(filename: str, sha256: str) -> str:
    """Where a document's original is stored: one name per file content (sha256 is unique
    among documents), so the name can be set on the row before the file exists."""
    name = Path(filename).name or "document"
    folder = f"documents/{timezone.now():%Y}/{sha256[:16]}-"
    room = Document._meta.get_field("original").max_length - len(folder)
    if len(name) > room:  # keep the suffix: the download and the reader go by it
        suffix = Path(name).suffix[:10]
        name = Path(name).stem[: room - len(suffix)] + suffix
    return folder + name


def store_original_on_commit(document: Document, data: bytes) -> None:
    """Name the original on the row now and write the file once the row has committed.

    A crash (kill -9, a lost database) before the commit therefore leaves no file behind,
    and a rolled-back import has nothing to delete. Should the write itself fail after the
    commit, ``duban check_files`` lists the row whose file is missing.
    """
    storage = document.original.storage
    name = storage.generate_filename(original_name(document.filename, document.sha256))
    document.original.name = name

    def write() -> None:
        if storage.exists(name):  # left by a deleted document with these very bytes
            storage.delete(name)
        stored = storage.save(name, ContentFile(data), max_length=len(name))
        if stored != name:
            Document.objects.filter(pk=document.pk).update(original=stored)

    transaction.on_commit(write)


def create_document(
    extraction: dict, actor, sha256: str, filename: str, original_bytes: bytes | None, status: str
) -> Document:
    existing = Document.objects.filter(sha256=sha256).first()
    if existing is not None:
        raise DuplicateDocument(existing)
    info = extraction["document"]
    period = info.get("period") or {}
    document = Document(
        title=info.get("title") or Path(filename).stem,
        issuer=info.get("issuer") or "",
        doc_number=info.get("doc_number") or "",
        issued_on=parse_date(info.get("issued_on")),
        region=get_or_create_region(info.get("region"), actor),
        period_start=parse_date(period.get("start")),
        period_end=parse_date(period.get("end")),
        filename=filename,
        format=(extraction.get("source") or {}).get("format", "")[:10],
        sha256=sha256,
        imported_by=actor if getattr(actor, "pk", None) else None,
        status=status,
        report_cadence=settings.DUBAN_REPORT_CADENCE,
        report_day=settings.DUBAN_REPORT_DAY,
    )
    clip_char_fields(document)
    if original_bytes is not None:
        store_original_on_commit(document, original_bytes)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # The same file confirmed at the same moment by another request.
        existing = Document.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        raise DuplicateDocument(existing) from None
    return document


def document_counts(document: Document) -> dict[str, int]:
    """How many tasks, assignments (the units and groups as written; a group's member lines
    are not counted again), milestones and indicators a document holds."""
    written = Assignment.objects.filter(task__document=document, via_group__isnull=True)
    return {
        "tasks": document.tasks.count(),
        "assignments": written.count()
        + GroupAssignment.objects.filter(task__document=document).count(),
        "milestones": Milestone.objects.filter(task__document=document).count(),
        "indicators": Indicator.objects.filter(task__document=document).count(),
    }
