"""Test-wide set-up: Django settings for the ledger tests (pytest-django).

pytest-django reads DJANGO_SETTINGS_MODULE before this file is imported, so Django is set up
here in ``pytest_configure``, the hook pytest-django documents for settings chosen in code.
"""

import os

import pytest

pytest_plugins = ["browser_fixtures"]


def pytest_configure(config):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    # Parse jobs run inside the request (tests/web/test_import_jobs.py runs the database
    # backend and its worker explicitly).
    os.environ.setdefault("DUBAN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
    from django.conf import settings

    # Sign-ins and demo accounts hash passwords; the production hasher's million PBKDF2 rounds
    # cost a third of a second each and are not what the tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def postgresql_only():
    """Skip a test on SQLite (run-tests runs the database tests again on PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
