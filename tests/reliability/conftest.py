"""Fixtures of the reliability tests: the ledger personas and one document, committed (for
tests whose threads or killed connections need rows outside a test transaction).

Django is imported inside the fixtures: this file is loaded before Django is set up.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def ledger_world(settings, tmp_path):
    """office, reporters of the lead unit, and the web tests' document; media in tmp_path."""
    from duban.ledger.choices import Role
    from duban.ledger.models import Task
    from duban.ledger.services import create_unit, get_or_create_region, save_account
    from ledger.base import import_extraction
    from web.base import EXTRACTION

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    region = get_or_create_region("盐城市")
    health = create_unit(None, "市卫生健康委", region)
    create_unit(None, "市财政局", region)
    office = save_account(None, "office", Role.OFFICE, password="pw-office-123")
    reporters = [save_account(None, f"reporter{i}", Role.REPORTER, unit=health)
                 for i in range(2)]
    document = import_extraction(EXTRACTION, name="web.txt")
    task = Task.objects.filter(document=document).order_by("order").first()
    return {"office": office, "reporters": reporters, "task": task, "document": document}
