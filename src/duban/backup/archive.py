"""Writing and reading a Duban backup archive.

A backup is one ``.tar.gz`` holding:

- ``database.json``: ``dumpdata`` of every installed app, every model, with primary keys
  (content types and permissions included, so ids stored in the audit log stay true);
- ``media/…``: every file under MEDIA_ROOT (original documents, evidence, pending imports);
- ``manifest.json``: format version, creation time, database vendor, the applied migrations
  and the sha256 and size of every other member.

Restore checks the archive against its manifest before touching anything, migrates the target
database, refuses one that already holds data (unless told to replace it), loads the dump in
one transaction and writes the files back.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from duban.backup.serializer import FORMAT_NAME

FORMAT = "duban-backup/1"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written, or an archive cannot (or may not) be restored."""


@dataclass
class RestoreResult:
    objects: int
    files: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def applied_migrations(using: str = "default") -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def dump_database(path: Path, using: str = "default") -> None:
    """``dumpdata`` of every model (no natural keys: ids stay exactly as they are), with
    datetimes to the microsecond (duban.backup.serializer)."""
    call_command("dumpdata", database=using, output=str(path), format=FORMAT_NAME, indent=None,
                 verbosity=0)


def create_backup(target: str | Path, using: str = "default") -> dict:
    """Write the backup archive to ``target``; returns its manifest."""
    target = Path(target)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DATABASE_MEMBER
        outer = connections[using].in_atomic_block
        with transaction.atomic(using=using):
            # One snapshot of the database on PostgreSQL (repeatable read for the dump); inside
            # a caller's transaction that transaction's own view is used.
            if connections[using].vendor == "postgresql" and not outer:
                with connections[using].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            dump_database(dump, using)
        members = {DATABASE_MEMBER: dump}
        for path in media_files(media_root):
            members[MEDIA_PREFIX + path.relative_to(media_root).as_posix()] = path
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": connections[using].vendor,
            "migrations": applied_migrations(using),
            "files": {
                name: {"sha256": sha256_file(path), "size": path.stat().st_size}
                for name, path in members.items()
            },
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            add_bytes(tar, MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        partial.replace(target)
    return manifest


def add_bytes(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def safe_member_name(name: str) -> str:
    """Refuse absolute paths and ``..`` in member names (a tampered archive)."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"备份文件中有不安全的路径：{name}")
    return pure.as_posix()


def unpack_verified(archive: Path, into: Path) -> dict:
    """Extract the archive into ``into`` and check every member against the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                safe_member_name(member.name)
                if not member.isfile():
                    raise BackupError(f"备份文件中有非普通文件：{member.name}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    manifest_path = into / MANIFEST_MEMBER
    if not manifest_path.exists():
        raise BackupError("备份文件缺少 manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    on_disk = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
    listed = set(manifest["files"])
    if on_disk - {MANIFEST_MEMBER} != listed:
        raise BackupError("备份文件内容与 manifest 不一致（文件缺失或多余）")
    for name, info in manifest["files"].items():
        if sha256_file(into / name) != info["sha256"]:
            raise BackupError(f"校验失败（sha256 不符）：{name}")
    return manifest


def database_has_data(using: str = "default") -> bool:
    """Whether the database has been used: any user account, document or audit row.

    A freshly migrated database is not empty (content types, permissions and the reference
    rows of data migrations such as the unit kinds), but it has none of these.
    """
    from django.contrib.auth import get_user_model

    from duban.ledger.models import Document, ObjectChange

    return any(model._default_manager.using(using).exists()
               for model in (get_user_model(), Document, ObjectChange))


def restore_backup(archive: str | Path, using: str = "default", replace: bool = False) -> RestoreResult:
    """Restore ``archive`` into the database ``using`` and MEDIA_ROOT.

    The database is migrated first; it must hold no data unless ``replace`` is set (then its
    rows are deleted). The load is one transaction: a failure leaves the database as it was.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = unpack_verified(Path(archive), root)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        missing = {tuple(m) for m in manifest["migrations"]} - {
            tuple(m) for m in applied_migrations(using)}
        if missing:
            raise BackupError(f"备份来自更新的版本，缺少迁移：{sorted(missing)[:5]}")
        if database_has_data(using) and not replace:
            raise BackupError("目标数据库已有数据；请恢复到空数据库，或使用 --replace 覆盖")
        objects = load_database(root / DATABASE_MEMBER, using)
        files = restore_media(root, manifest)
    return RestoreResult(objects=objects, files=files)


def load_database(dump: Path, using: str) -> int:
    """Empty every table (keeping what migrate recorded) and load the dump, atomically."""
    with transaction.atomic(using=using):
        empty_database(using)
        call_command("loaddata", str(dump), database=using, verbosity=0)
    data = json.loads(dump.read_text(encoding="utf-8"))
    return len(data)


def empty_database(using: str = "default") -> None:
    """Delete every row of every table, content types and permissions included.

    Without post_migrate, so content types and permissions then come from the dump with the
    ids the audit log and permission rows refer to. On PostgreSQL, pending deferred foreign-key
    checks of the enclosing transaction are run first (TRUNCATE refuses to run with them).
    """
    postgres = connections[using].vendor == "postgresql"
    if postgres:
        with connections[using].cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", database=using, interactive=False, inhibit_post_migrate=True,
                 verbosity=0)
    if postgres:
        with connections[using].cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_media(root: Path, manifest: dict) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    count = 0
    for name in manifest["files"]:
        if not name.startswith(MEDIA_PREFIX):
            continue
        target = media_root / name[len(MEDIA_PREFIX):]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / name).read_bytes())
        count += 1
    return count
