"""`duban backup` / `duban restore` round trip: every table's rows and every file's checksum are
the same after restoring into an emptied database and media folder (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from duban.backup.archive import database_has_data, empty_database
from duban.ledger.models import UnitKind
from duban.ledger.services import submit_progress_report
from duban.security.models import AuthEvent
from security.fast import fast_passwords
from web.base import WebTestCase


def table_rows() -> dict[str, list[dict]]:
    """Every model's rows (auto-created many-to-many tables included), ordered by key."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


def file_checksums() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@fast_passwords
class BackupRoundTripTests(WebTestCase):
    def setUp(self):
        submit_progress_report(self.lead_reporter, self.own_task, "进展：已完成方案", percent=40,
                               files=[("方案.docx", b"PK-evidence"), ("图.png", b"\x89PNG..")])
        self.client.post("/login/", {"username": "leader", "password": "pw-leader-123"})
        self.archive = Path(settings.MEDIA_ROOT).parent / f"backup-{self.id()[-20:]}.tar.gz"

    def tearDown(self):
        self.archive.unlink(missing_ok=True)

    def test_round_trip_restores_every_row_and_file(self):
        before_rows, before_files = table_rows(), file_checksums()
        self.assertTrue(AuthEvent.objects.exists())
        self.assertGreaterEqual(len(before_files), 3)  # original + two evidence files
        call_command("backup", str(self.archive), verbosity=0)
        with tarfile.open(self.archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        self.assertIn("database.json", manifest["files"])
        empty_database()
        shutil.rmtree(settings.MEDIA_ROOT)
        # A freshly migrated database holds the rows of data migrations: still "empty".
        UnitKind.objects.create(name="由数据迁移写入的类别")
        self.assertFalse(database_has_data())
        call_command("restore", str(self.archive), verbosity=0)
        self.assertEqual(table_rows(), before_rows)
        self.assertEqual(file_checksums(), before_files)

    def test_restore_refuses_a_database_with_data(self):
        call_command("backup", str(self.archive), verbosity=0)
        with self.assertRaisesMessage(CommandError, "目标数据库已有数据"):
            call_command("restore", str(self.archive), verbosity=0)

    def test_restore_refuses_a_tampered_archive(self):
        call_command("backup", str(self.archive), verbosity=0)
        tampered = self.archive.with_name("tampered.tar.gz")
        with tarfile.open(self.archive) as src, tarfile.open(tampered, "w:gz") as dst:
            for member in src.getmembers():
                data = src.extractfile(member).read()
                if member.name.startswith("media/evidence/"):
                    data += b"!"
                    member.size = len(data)
                import io
                dst.addfile(member, io.BytesIO(data))
        try:
            with self.assertRaisesMessage(CommandError, "校验失败"):
                call_command("restore", str(tampered), "--replace", verbosity=0)
        finally:
            tampered.unlink()


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy ``source`` to ``target`` with ``change(name, data) -> data | None`` applied to each
    member (None leaves the member out)."""
    import io

    with tarfile.open(source) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


def recompute_manifest(manifest: dict, name: str, data: bytes) -> bytes:
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode()


@fast_passwords
class SignedManifestTests(WebTestCase):
    """The manifest is signed with the site's key: a tampered archive with a recomputed
    manifest, an archive of another site and a dump cut short are each refused in one line."""

    def setUp(self):
        self.archive = Path(settings.MEDIA_ROOT).parent / f"signed-{self.id()[-20:]}.tar.gz"
        self.other = self.archive.with_name("changed-" + self.archive.name)
        call_command("backup", str(self.archive), verbosity=0)
        with tarfile.open(self.archive) as tar:
            self.manifest = json.load(tar.extractfile("manifest.json"))
            self.dump = tar.extractfile("database.json").read()

    def tearDown(self):
        self.archive.unlink(missing_ok=True)
        self.other.unlink(missing_ok=True)

    def tampered_dump(self) -> bytes:
        rows = json.loads(self.dump)
        for row in rows:
            if row["model"] == "ledger.task":
                row["fields"]["content"] = "被篡改的任务内容"
        return json.dumps(rows).encode()

    def test_a_recomputed_manifest_without_the_sites_signature_is_refused(self):
        dump = self.tampered_dump()
        manifest = recompute_manifest(self.manifest, "database.json", dump)

        def change(name, data):
            return {"database.json": dump, "manifest.json": manifest}.get(name, data)

        rewrite_archive(self.archive, self.other, change)
        with self.assertRaisesMessage(CommandError, "签名不符"):
            call_command("restore", str(self.other), "--replace", verbosity=0)
        # Without the signature member at all: refused the same way.
        rewrite_archive(self.other, self.archive,
                        lambda name, data: None if name == "manifest.hmac" else data)
        with self.assertRaisesMessage(CommandError, "签名不符"):
            call_command("restore", str(self.archive), "--replace", verbosity=0)

    def test_an_archive_of_another_site_needs_allow_other_site(self):
        task_count = len([r for r in json.loads(self.dump) if r["model"] == "ledger.task"])
        with override_settings(SECRET_KEY="another-site-" + "k" * 60):
            call_command("backup", str(self.other), verbosity=0)
        with self.assertRaisesMessage(CommandError, "另一个站点"):
            call_command("restore", str(self.other), "--replace", verbosity=0)
        call_command("restore", str(self.other), "--replace", "--allow-other-site", verbosity=0)
        from duban.ledger.models import Task
        self.assertEqual(Task.objects.count(), task_count)

    def test_a_dump_cut_short_gives_one_line(self):
        from django.utils.crypto import salted_hmac

        half = self.dump[: len(self.dump) // 2]
        manifest = recompute_manifest(self.manifest, "database.json", half)
        signature = salted_hmac("duban.backup.manifest", manifest,
                                algorithm="sha256").hexdigest().encode()

        def change(name, data):
            return {"database.json": half, "manifest.json": manifest,
                    "manifest.hmac": signature}.get(name, data)

        rewrite_archive(self.archive, self.other, change)
        with self.assertRaises(CommandError) as caught:
            call_command("restore", str(self.other), "--replace", verbosity=0)
        message = str(caught.exception)
        self.assertIn("数据库文件 database.json 不完整或已损坏", message)
        self.assertEqual(len(message.splitlines()), 1)
        self.assertTrue(database_has_data())  # nothing was touched
