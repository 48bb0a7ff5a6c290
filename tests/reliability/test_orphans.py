"""Orphan files: a crash during an import's confirm leaves no original in media/ without its
row, and ``duban check_files`` lists files without a row and rows without their file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.base import import_extraction
from web.base import EXTRACTION

CRASHING_IMPORT = textwrap.dedent("""
    import json, os, signal, sys
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from duban.ledger.services import confirm_import, preview_from_extraction
    from duban.ledger.services import imports as service

    real_land = service.land_tasks

    def land_then_crash(*args):
        real_land(*args)  # the tasks are written, the transaction is still open
        os.kill(os.getpid(), signal.SIGKILL)

    service.land_tasks = land_then_crash
    extraction = json.loads(sys.argv[1])
    preview = preview_from_extraction(extraction, filename="崩溃.txt", sha256="")
    confirm_import(preview, {}, None, b"original bytes of the crashed import", "崩溃.txt")
""")


def site_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DUBAN_HOME": str(home), "MEDIA_ROOT": str(home / "media"),
            "DJANGO_SETTINGS_MODULE": "duban.settings"}
    return env


def test_kill_9_between_landing_and_commit_leaves_no_file(tmp_path):
    """A real SIGKILL of the importing process after its rows were written and before the
    commit: neither rows nor the original remain, and check_files finds nothing to report."""
    env = site_env(tmp_path)
    crashed = subprocess.run([sys.executable, "-c", CRASHING_IMPORT,
                              json.dumps(EXTRACTION, ensure_ascii=False)],
                             env=env, capture_output=True, text=True, timeout=120)
    assert crashed.returncode == -9, crashed.stderr
    media = tmp_path / "media"
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True
    duban = Path(sys.executable).with_name("duban")
    check = subprocess.run([str(duban), "check_files"], env=env, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "media 与数据库一致" in check.stdout
    count = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from duban.ledger.models import Document, Task; "
         "print(Document.objects.count(), Task.objects.count())"],
        env=env, capture_output=True, text=True, timeout=120)
    assert count.stdout.split() == ["0", "0"], count.stderr


def test_the_original_is_written_only_when_the_import_commits(db, settings, tmp_path,
                                                             django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from duban.ledger.services import confirm_import, preview_from_extraction

    preview = preview_from_extraction(EXTRACTION, filename="原件.txt", sha256="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = confirm_import(preview, {}, None, b"the original", "原件.txt")
        assert document.original.name.endswith("-原件.txt")
        assert not Path(document.original.path).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert Path(document.original.path).read_bytes() == b"the original"


def test_check_files_lists_orphans_and_missing_files(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = import_extraction(EXTRACTION, name="web.txt")
    call_command("check_files", verbosity=0)  # consistent: no error
    stray = tmp_path / "media" / "documents" / "2026" / "left-by-a-crash.docx"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"PK")
    waiting = tmp_path / "media" / "pending-imports" / "tok" / "upload.bin"
    waiting.parent.mkdir(parents=True)
    waiting.write_bytes(b"a preview not yet confirmed")
    with pytest.raises(CommandError, match="孤儿文件 1 个，缺失文件 0 个"):
        call_command("check_files", verbosity=0)
    Path(document.original.path).unlink()
    with pytest.raises(CommandError, match="孤儿文件 0 个，缺失文件 1 个"):
        call_command("check_files", "--delete-orphans", verbosity=0)
    assert not stray.exists() and waiting.exists()
