"""Documents after import: confirming a draft, deleting a wrong import; unit display names."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from duban.ledger.models import Document, ObjectChange, ProgressReport, Region, Task, Unit
from duban.ledger.services import (
    confirm_document,
    delete_document,
    submit_progress_report,
)
from ledger.base import BaseTestCase, gold, import_extraction


class DocumentTests(BaseTestCase):
    def test_it_deletes_a_document_with_its_tasks_and_files(self):
        document = import_extraction(gold("003"), actor=self.office, name="003.txt")
        task = document.tasks.first()
        report = submit_progress_report(self.office, task, "x", files=[("a.txt", b"a")])
        stored = [Path(document.original.path), Path(report.files.get().file.path)]
        with self.captureOnCommitCallbacks(execute=True):
            delete_document(self.office, document)
        assert not Document.objects.exists() and not Task.objects.exists()
        assert not ProgressReport.objects.exists()
        assert not any(path.exists() for path in stored)
        change = ObjectChange.objects.get(action="delete")
        assert change.before["tasks"] == 34 and change.actor == self.office
        assert Unit.objects.filter(name="市卫健委").exists()

    def test_it_keeps_deleting_and_confirming_to_the_office(self):
        document = import_extraction(gold("000"), name="000.txt")
        for persona in (self.lead_reporter, self.leader):
            with pytest.raises(PermissionDenied):
                delete_document(persona, document)
            with pytest.raises(PermissionDenied):
                confirm_document(persona, document)
        assert Document.objects.count() == 1

    def test_it_confirms_a_draft(self):
        document = import_extraction(gold("000"), name="000.txt")
        Document.objects.filter(pk=document.pk).update(status="draft")
        document.refresh_from_db()
        confirm_document(self.office, document)
        assert document.status == "confirmed"
        assert ObjectChange.objects.get(action="update").before["status"] == "draft"


FULL_NAME_CASES = [
    ("市卫健委", "岳阳市", "岳阳市卫健委", "level prefix replaced by the region"),
    ("县卫计局", "柞水县", "柞水县卫计局", "county prefix"),
    ("各级医保部门", "盐城市", "盐城市各级医保部门", "generic unit"),
    ("盐城市第一人民医院", "盐城市", "盐城市第一人民医院", "name already spelled out"),
    ("委编办", "盐城市", "盐城市委编办", "unprefixed name"),
    ("市卫健委", None, "市卫健委", "unit without a region"),
]


@pytest.mark.parametrize(("name", "region", "expected", "note"), FULL_NAME_CASES)
def test_it_spells_out_the_full_name(name, region, expected, note):
    unit = Unit(name=name, region=Region(name=region) if region else None)
    assert unit.full_name == expected, note
