"""The database dropping in the middle of an import leaves nothing half-imported.

On PostgreSQL the import's own connection is terminated (pg_terminate_backend) after its tasks
were written and before the transaction commits; on SQLite the same point raises the
OperationalError a lost database gives. Either way: no document, task or assignment, no audit
row and no stored original file remain.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from django.db import DatabaseError, OperationalError, connection

from duban.ledger.models import Assignment, Document, Milestone, ObjectChange, Task
from duban.ledger.services import confirm_import, preview_from_extraction
from duban.ledger.services import imports as import_service
from web.base import EXTRACTION

pytestmark = pytest.mark.django_db(transaction=True)


def drop_the_database_connection():
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        Task.objects.count()  # the next statement finds the connection gone
    raise OperationalError("server closed the connection unexpectedly")


def test_connection_lost_mid_import_leaves_nothing(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    real_land = import_service.land_tasks
    landed = {}

    def land_then_drop(document, tasks, decisions, actor):
        summary = real_land(document, tasks, decisions, actor)
        landed["tasks"] = Task.objects.filter(document=document).count()
        drop_the_database_connection()
        return summary

    monkeypatch.setattr(import_service, "land_tasks", land_then_drop)
    preview = preview_from_extraction(EXTRACTION, filename="fault.txt", sha256="")
    with pytest.raises(DatabaseError):
        confirm_import(preview, {}, None, b"original bytes", "fault.txt")
    assert landed["tasks"] == len(EXTRACTION["tasks"])  # the drop came after real writes
    connection.close()
    for model in (Document, Task, Assignment, Milestone, ObjectChange):
        assert model.objects.count() == 0, model.__name__
    media = Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True
