"""Writing and reading a Duban backup archive.

A backup is one ``.tar.gz`` holding:

- ``database.json``: ``dumpdata`` of every installed app, every model, with primary keys
  (content types and permissions included, so ids stored in the audit log stay true);
- ``media/…``: every file under MEDIA_ROOT (original documents, evidence, pending imports);
- ``manifest.json``: format version, creation time, database vendor, the site that wrote it,
  the applied migrations and the sha256 and size of every other member;
- ``manifest.hmac``: HMAC-SHA256 of the manifest's bytes under a key derived from the site's
  SECRET_KEY, so a member changed together with a recomputed manifest is still caught.

Restore checks the signature and the archive against its manifest before touching anything
(an archive of another site, whose key differs, only when told to accept one), migrates the
target database, refuses one that already holds data (unless told to replace it), loads the
dump in one transaction and writes the files back.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.crypto import salted_hmac

from duban.backup.serializer import FORMAT_NAME

FORMAT = "duban-backup/2"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
SIGNATURE_MEMBER = "manifest.hmac"
SIGNING_SALT = "duban.backup.manifest"
SITE_SALT = "duban.backup.site"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written, or an archive cannot (or may not) be restored."""


@dataclass
class RestoreResult:
    objects: int
    files: int


def manifest_signature(manifest_bytes: bytes) -> str:
    """HMAC-SHA256 of the manifest under a key derived from this site's SECRET_KEY."""
    return salted_hmac(SIGNING_SALT, manifest_bytes, algorithm="sha256").hexdigest()


def site_id() -> str:
    """A name of this site that reveals nothing of its key: the same SECRET_KEY, the same id."""
    return salted_hmac(SITE_SALT, b"site", algorithm="sha256").hexdigest()[:16]


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
            "site": site_id(),
            "migrations": applied_migrations(using),
            "files": {
                name: {"sha256": sha256_file(path), "size": path.stat().st_size}
                for name, path in members.items()
            },
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        with tarfile.open(partial, "w:gz") as tar:
            add_bytes(tar, MANIFEST_MEMBER, manifest_bytes)
            add_bytes(tar, SIGNATURE_MEMBER, manifest_signature(manifest_bytes).encode("ascii"))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        partial.replace(target)
    return manifest


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
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


def unpack_verified(archive: Path, into: Path, allow_other_site: bool = False) -> dict:
    """Extract the archive into ``into``, check the manifest's signature and every member
    against the manifest."""
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
    manifest_bytes = manifest_path.read_bytes()
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            raise ValueError("not a manifest")
    except ValueError as exc:
        raise BackupError(f"备份文件的 manifest.json 已损坏：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    check_signature(into, manifest, manifest_bytes, allow_other_site)
    on_disk = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
    listed = set(manifest["files"])
    if on_disk - {MANIFEST_MEMBER, SIGNATURE_MEMBER} != listed:
        raise BackupError("备份文件内容与 manifest 不一致（文件缺失或多余）")
    for name, info in manifest["files"].items():
        if sha256_file(into / name) != info["sha256"]:
            raise BackupError(f"校验失败（sha256 不符）：{name}")
    return manifest


def check_signature(into: Path, manifest: dict, manifest_bytes: bytes,
                    allow_other_site: bool) -> None:
    """Refuse a manifest this site did not sign: a tampered one always, another site's
    unless ``allow_other_site`` (its key is not ours, so its signature cannot be checked)."""
    signature_path = into / SIGNATURE_MEMBER
    if manifest.get("site") != site_id():
        if allow_other_site:
            return
        raise BackupError("该备份来自另一个站点（SECRET_KEY 不同），签名无法核对；"
                          "确认来源可信后可加 --allow-other-site 恢复")
    signature = signature_path.read_text("ascii", errors="replace").strip() if (
        signature_path.exists()) else ""
    if not hmac.compare_digest(signature, manifest_signature(manifest_bytes)):
        raise BackupError("备份清单签名不符：manifest.json 被改动过（或签名缺失），拒绝恢复")


def database_has_data(using: str = "default") -> bool:
    """Whether the database has been used: any user account, document or audit row.

    A freshly migrated database is not empty (content types, permissions and the reference
    rows of data migrations such as the unit kinds), but it has none of these.
    """
    from django.contrib.auth import get_user_model

    from duban.ledger.models import Document, ObjectChange

    return any(model._default_manager.using(using).exists()
               for model in (get_user_model(), Document, ObjectChange))


def restore_backup(archive: str | Path, using: str = "default", replace: bool = False,
                   allow_other_site: bool = False) -> RestoreResult:
    """Restore ``archive`` into the database ``using`` and MEDIA_ROOT.

    The database is migrated first; it must hold no data unless ``replace`` is set (then its
    rows are deleted). The load is one transaction: a failure leaves the database as it was.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = unpack_verified(Path(archive), root, allow_other_site)
        records = read_dump(root / DATABASE_MEMBER)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        missing = {tuple(m) for m in manifest["migrations"]} - {
            tuple(m) for m in applied_migrations(using)}
        if missing:
            raise BackupError(f"备份来自更新的版本，缺少迁移：{sorted(missing)[:5]}")
        if database_has_data(using) and not replace:
            raise BackupError("目标数据库已有数据；请恢复到空数据库，或使用 --replace 覆盖")
        load_database(root / DATABASE_MEMBER, using)
        files = restore_media(root, manifest)
    return RestoreResult(objects=records, files=files)


def read_dump(dump: Path) -> int:
    """How many records the dump holds; BackupError when it is cut short or not a dump."""
    try:
        data = json.loads(dump.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else exc
        raise BackupError(f"备份中的数据库文件 {DATABASE_MEMBER} 不完整或已损坏（{reason}）") from exc
    if not isinstance(data, list):
        raise BackupError(f"备份中的数据库文件 {DATABASE_MEMBER} 不是数据库导出")
    return len(data)


def load_database(dump: Path, using: str) -> None:
    """Empty every table (keeping what migrate recorded) and load the dump, atomically."""
    try:
        with transaction.atomic(using=using):
            empty_database(using)
            call_command("loaddata", str(dump), database=using, verbosity=0)
    except (DeserializationError, DatabaseError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"数据库文件无法载入，数据库未改动：{first_line}") from exc


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
