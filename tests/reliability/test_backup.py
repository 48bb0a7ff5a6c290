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
