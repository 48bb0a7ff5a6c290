"""Test-wide set-up: Django settings for the ledger tests (pytest-django).

pytest-django reads DJANGO_SETTINGS_MODULE before this file is imported, so Django is set up
here in ``pytest_configure``, the hook pytest-django documents for settings chosen in code.
"""

import os

pytest_plugins = ["browser_fixtures"]


def pytest_configure(config):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()
