"""Production mode (DUBAN_ENV=production): `check --deploy` is clean with a proper environment;
DEBUG on, a missing/default/short SECRET_KEY or demo accounts stop manage.py commands and the
WSGI application (gunicorn) with a clear message and a non-zero exit."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from duban.security.checks import production_errors

SRC = Path(__file__).resolve().parents[2] / "src"
STRONG_KEY = secrets.token_urlsafe(64)
DEV_KEY = "duban-development-key-change-me-in-production-0123456789"
# Variables of the test process that a production environment would not have (the browser
# tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for playwright).
LEAKED = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_django(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m django ARGS`` (or ``-c`` code) with a production environment on SQLite."""
    base = {k: v for k, v in os.environ.items() if k not in LEAKED}
    base |= {"DUBAN_ENV": "production", "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(SRC),
             "DJANGO_SETTINGS_MODULE": "duban.settings", "ALLOWED_HOSTS": "duban.example.cn"}
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "django", *args]
    return subprocess.run(command, env=base | env, capture_output=True, text=True, timeout=120)


# (environment, expected exit 0?, text expected in the output, note)
CASES = [
    ({"SECRET_KEY": STRONG_KEY}, True, "no issues", "a proper production environment"),
    ({"SECRET_KEY": STRONG_KEY, "DEBUG": "true"}, False, "duban.E001", "DEBUG on"),
    ({}, False, "duban.E002", "SECRET_KEY missing"),
    ({"SECRET_KEY": DEV_KEY}, False, "duban.E002", "the development default key"),
    ({"SECRET_KEY": "short-secret"}, False, "duban.E002", "a short key"),
]


@pytest.mark.parametrize(("env", "ok", "text", "note"), CASES, ids=[c[3] for c in CASES])
def test_check_deploy(tmp_path, env, ok, text, note):
    result = run_django(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert (result.returncode == 0) is ok, output
    assert text in output, output


def test_wsgi_application_refuses_to_start(tmp_path):
    result = run_django(tmp_path, {"SECRET_KEY": STRONG_KEY, "DEBUG": "1"}, "-c",
                        "import duban.wsgi")
    assert result.returncode == 3, result.stderr
    assert "拒绝启动" in result.stderr and "DEBUG" in result.stderr


def test_wsgi_application_starts_when_safe(tmp_path):
    result = run_django(tmp_path, {"SECRET_KEY": STRONG_KEY}, "-c", "import duban.wsgi")
    assert result.returncode == 0, result.stderr


def test_production_settings_are_secure(tmp_path):
    code = ("from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, "
            "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)")
    result = run_django(tmp_path, {"SECRET_KEY": STRONG_KEY}, "-c",
                        "import django; django.setup(); " + code)
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "Lax"]


OFFICE = {"username": "office", "password": "duban-office-2026", "role": "office",
          "name": "医改办管理员", "staff": True}


def demo_office():
    """The demo ``office`` account as ``duban demo`` creates it (marked in the database)."""
    from duban.demo.management.commands.demo import Command

    return Command().save_demo_account(OFFICE)


@pytest.mark.django_db
@override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=STRONG_KEY)
def test_demo_accounts_block_production():
    assert production_errors() == []
    user = demo_office()
    assert user.profile.demo_account == "office"
    errors = production_errors()
    assert [e.id for e in errors] == ["duban.E003", "duban.E004"]
    assert "office" in errors[0].msg and "remove_demo_accounts" in errors[0].hint


@pytest.mark.django_db
@override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=STRONG_KEY)
def test_a_renamed_demo_account_still_blocks_production():
    """Issue 13.4: renaming ``office`` keeps the mark and the published password."""
    user = demo_office()
    user.username = "zhangsan"
    user.save()
    errors = {e.id: e.msg for e in production_errors()}
    assert "zhangsan" in errors["duban.E003"]
    assert "zhangsan" in errors["duban.E004"]


@pytest.mark.django_db
@override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=STRONG_KEY)
def test_a_demo_password_on_any_demo_name_blocks_production():
    """An unmarked account under a published demo name with its published password (made by
    hand, or by an older version) can sign in with a published password: E004."""
    get_user_model().objects.create_user("leader", password="duban-leader-2026")
    assert [e.id for e in production_errors()] == ["duban.E004"]
    get_user_model().objects.filter(username="leader").delete()
    get_user_model().objects.create_user("leader", password="a-real-password-9876")
    assert production_errors() == []


@pytest.mark.django_db
def test_remove_demo_accounts_command():
    from django.core.management import call_command

    user = demo_office()
    user.username = "renamed-office"
    user.save()
    get_user_model().objects.create_user("someone-else")
    get_user_model().objects.create_user("leader")  # a real account that happens to be so named
    call_command("remove_demo_accounts", verbosity=0)
    names = sorted(get_user_model().objects.values_list("username", flat=True))
    assert names == ["leader", "someone-else"]
