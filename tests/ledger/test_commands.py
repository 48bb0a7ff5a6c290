"""The `duban import` and `duban demo` management commands."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from duban.ledger.models import Document, Task, Unit

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def seed(prefix: str) -> str:
    return str(next(SEEDS.glob(f"{prefix}_*.txt")))


def test_it_imports_files_and_prints_a_summary(db, media):
    out, _ = run("import", seed("000"), seed("003"))
    assert Document.objects.count() == 2
    assert "岳阳市2020年度公立医院综合改革真抓实干任务倒排表" in out and "新建单位" in out
    assert Task.objects.count() > 0 and Unit.objects.count() > 0


def test_it_changes_nothing_on_a_dry_run(db, media):
    out, _ = run("import", "--dry-run", seed("001"))
    assert "新单位" in out
    assert Document.objects.count() == Unit.objects.count() == 0


def test_it_reports_a_duplicate_and_keeps_going(db, media):
    run("import", seed("000"))
    with pytest.raises(CommandError):
        run("import", seed("000"), seed("003"))
    assert Document.objects.count() == 2


def test_it_reports_an_unreadable_file(db, media, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(empty), stdout=io.StringIO(), stderr=err)
    assert "empty.txt" in err.getvalue()
    assert Document.objects.count() == 0


def test_it_sets_up_the_demo_idempotently(db, media):
    out, _ = run("demo")
    assert Document.objects.count() == 4
    assert "duban-office-2026" in out
    user = authenticate(username="weijian", password="duban-weijian-2026")
    assert user.profile.unit.name == "市卫生健康委"
    assert user.profile.unit.region.name == "盐城市"
    assert authenticate(username="office", password="duban-office-2026").is_staff
    again, _ = run("demo")
    assert "跳过" in again and Document.objects.count() == 4
