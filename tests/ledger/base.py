"""The ledger's test base: named personas and the gold extractions as import fixtures.

Personas (Healthchecks-style, no factories):
- ``office``: 医改办 administrator of 盐城市;
- ``lead_reporter``: reporter of 市卫生健康委 (lead unit of many 004 tasks);
- ``other_reporter``: reporter of 市财政局, a unit unrelated to the lead unit's own tasks;
- ``leader``: read-only 分管领导.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from duban.ledger.choices import Role
from duban.ledger.models import Region
from duban.ledger.services import (
    confirm_import,
    create_unit,
    get_or_create_region,
    preview_from_extraction,
    save_account,
)

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = {path.name[:3]: path for path in sorted(FIXTURES.glob("*.json"))}


def gold(seed: str) -> dict:
    """The hand-checked extraction of seed ``seed`` ('000', '001', '003', '004')."""
    return json.loads(GOLD[seed].read_text(encoding="utf-8"))


def import_extraction(extraction: dict, actor=None, name: str = "doc.txt", decisions=None):
    """Land an extraction dict as the import service would after a confirmed preview, its
    original written as after a commit (inside a test's transaction too)."""
    data = json.dumps(extraction, ensure_ascii=False).encode() + name.encode()
    preview = preview_from_extraction(extraction, filename=name, sha256="")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return confirm_import(preview, decisions or {}, actor, data, name)


class BaseTestCase(TestCase):
    """A test case with the four personas, media files in a temporary folder."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="duban-media-")
        cls._media_override = override_settings(
            MEDIA_ROOT=cls._media, EXPORT_CACHE_DIR=str(Path(cls._media) / "export-cache"))
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.region = get_or_create_region("盐城市")
        cls.health = create_unit(None, "市卫生健康委", cls.region)
        cls.finance = create_unit(None, "市财政局", cls.region)
        cls.office = save_account(None, "office", Role.OFFICE, password="pw-office-123")
        cls.lead_reporter = save_account(
            None, "weijian", Role.REPORTER, password="pw-lead-123", unit=cls.health
        )
        cls.other_reporter = save_account(
            None, "caizheng", Role.REPORTER, password="pw-other-123", unit=cls.finance
        )
        cls.leader = save_account(None, "leader", Role.LEADER, password="pw-leader-123")

    def region_named(self, name: str) -> Region:
        return Region.objects.get(name=name)
