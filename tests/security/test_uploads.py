"""Hostile and broken uploads through the import service: each is read safely or refused with a
clear reason (a ValueError with ``reason``), never crashes, never resolves external entities,
never lets a script through, and never holds a bomb's inflated size in memory."""

from __future__ import annotations

import functools
import time
import tracemalloc

import pytest

from duban.ledger.models import Document, EvidenceFile
from duban.ledger.services import build_import_preview, submit_progress_report
from duban.ledger.services.uploads import UploadTooLarge
from security import hostile
from security.fast import fast_passwords
from web.base import WebTestCase

pytestmark = pytest.mark.django_db
SECRET = "TOP-SECRET-MARKER-7f3a"
MEMORY_CEILING = 64 * 2**20
TIME_CEILING = 10  # seconds, under tracemalloc


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@functools.cache
def bomb(lie: bool) -> bytes:
    return hostile.zip_bomb_docx(lie_about_size=lie)


def gb18030_seed(_):
    return hostile.seed_text().encode("gb18030")


def elf_binary(_):
    return b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8


# (name, file bytes from a secret path, expected outcome, markers that must never appear, note)
CASES = [
    ("bomb.docx", lambda _: bomb(False), "refused", [], "zip bomb declaring its 250 MB"),
    ("liar.docx", lambda _: bomb(True), "refused", [], "zip bomb whose headers claim 1 KB"),
    ("xxe.docx", hostile.xxe_docx, "any", [SECRET], "external entity in document.xml"),
    ("xxe.xlsx", hostile.xxe_xlsx, "any", [SECRET], "external entity in sharedStrings.xml"),
    ("laughs.docx", lambda _: hostile.billion_laughs_docx(), "any", ["hahahahahahahahahaha" * 50],
     "billion laughs entity expansion"),
    ("locked.pdf", lambda _: hostile.encrypted_pdf(), "refused", ["secret plan"], "encrypted PDF"),
    ("cut.pdf", lambda _: hostile.genuine("pdf")[:700], "refused", [], "truncated PDF"),
    ("junk.pdf", lambda _: b"%PDF-1.7\n" + b"\x00garbage obj stream" * 200, "refused", [],
     "PDF header over garbage"),
    ("page.html", lambda _: hostile.scripted_html(), "reads", ["xss-", "alert(", "javascript:"],
     "scripts, event handlers, javascript: links"),
    ("seed.txt", gb18030_seed, "reads", [], "GB18030-encoded plan"),
    ("really-a-pdf.docx", lambda _: hostile.genuine("pdf"), "reads", [], "PDF named .docx"),
    ("really-a-docx.txt", lambda _: hostile.genuine("docx"), "reads", [], "Word file named .txt"),
    ("really-html.xlsx", lambda _: hostile.genuine("html"), "reads", [], "web page named .xlsx"),
    ("program.pdf", elf_binary, "refused", [], "an executable named .pdf"),
    ("empty.docx", lambda _: b"PK\x05\x06" + b"\0" * 18, "refused", [], "empty zip named .docx"),
    ("wide.html", lambda _: hostile.wide_html(), "reads", [], "colspan=999 × 50: columns capped"),
    ("gridbefore.docx", lambda _: hostile.grid_before_docx(), "any", [],
     "gridBefore of a billion columns"),
]


def outcome_of(name: str, data: bytes):
    """("reads", preview) or ("refused", reason); anything else escapes and fails the test."""
    try:
        preview = build_import_preview(data=data, filename=name)
    except ValueError as exc:
        reason = getattr(exc, "reason", str(exc))
        assert reason, f"{name}: refused without a reason"
        return "refused", reason
    return "reads", preview


@pytest.mark.parametrize(("name", "make", "expected", "forbidden", "note"), CASES,
                         ids=[c[0] for c in CASES])
def test_hostile_upload(name, make, expected, forbidden, note, secret_file):
    data = make(secret_file)
    started = time.perf_counter()
    tracemalloc.start()
    try:
        outcome, result = outcome_of(name, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_CEILING + 2 * len(data), f"{note}: peak {peak >> 20} MB"
    assert time.perf_counter() - started < TIME_CEILING, f"{note}: too slow"
    if expected != "any":
        assert outcome == expected, f"{note}: {result}"
    if outcome == "reads":
        assert result.extraction["tasks"], f"{note}: no task read"
        text = repr(result.to_dict())
        for marker in forbidden:
            assert marker not in text, f"{note}: {marker!r} leaked into the preview"
    assert Document.objects.count() == 0


def test_gb18030_reads_like_utf8():
    text = hostile.seed_text()
    utf8 = build_import_preview(data=text.encode("utf-8"), filename="a.txt")
    gb = build_import_preview(data=text.encode("gb18030"), filename="b.txt")
    assert [t["content"] for t in gb.extraction["tasks"]] == [
        t["content"] for t in utf8.extraction["tasks"]]


LIMIT_CASES = [
    (1, 2 * 2**20, True, "2 MB over a 1 MB limit"),
    (1, 2**20, False, "exactly the limit"),
    (3, 2 * 2**20, False, "2 MB under a 3 MB limit"),
]


@pytest.mark.parametrize(("limit_mb", "size", "refused", "note"), LIMIT_CASES)
def test_import_size_limit(settings, limit_mb, size, refused, note):
    settings.DUBAN_MAX_UPLOAD_MB = limit_mb
    data = ("一、总体要求\n" * (size // 19 + 1)).encode("utf-8")[:size]
    try:
        build_import_preview(data=data, filename="big.txt")
    except UploadTooLarge as exc:
        assert refused, note
        assert f"上限为 {limit_mb} MB" in exc.reason and "DUBAN_MAX_UPLOAD_MB" in exc.reason
    except ValueError:
        assert not refused, note  # under the limit: refused for its content, not its size
    else:
        assert not refused, note


@fast_passwords
class EvidenceLimitTests(WebTestCase):
    def test_evidence_over_the_limit_is_refused_and_nothing_kept(self):
        from django.core.exceptions import ValidationError
        from django.test import override_settings

        with override_settings(DUBAN_MAX_UPLOAD_MB=1), self.assertRaises(ValidationError) as ctx:
            submit_progress_report(self.lead_reporter, self.own_task, "进展", files=[
                ("big.pdf", b"x" * (2 * 2**20))])
        self.assertIn("上限为 1 MB", ctx.exception.messages[0])
        self.assertFalse(EvidenceFile.objects.exists())
        self.assertFalse(self.own_task.reports.exists())

    def test_web_upload_form_shows_the_limit(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import override_settings

        self.sign_in("office")
        upload = SimpleUploadedFile("big.docx", b"x" * (2 * 2**20))
        with override_settings(DUBAN_MAX_UPLOAD_MB=1):
            response = self.client.post("/import/", {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "上限为 1 MB")


@fast_passwords
class StreamedLimitTests(WebTestCase):
    """Files over the limit are counted while they stream in and reach the forms without
    their bytes: every form that takes a file refuses them with the limit named, none fails."""

    def test_closing_evidence_over_the_limit_is_refused_with_a_message(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import override_settings

        from duban.supervision.models import ClosingRequest

        self.sign_in("lead_reporter")
        with override_settings(DUBAN_MAX_UPLOAD_MB=1):
            response = self.client.post(
                f"/supervision/tasks/{self.own_task.pk}/closing/",
                {"text": "已办结", "evidence": SimpleUploadedFile("大.pdf", b"x" * (2 * 2**20))},
                follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "上限为 1 MB")
        self.assertFalse(ClosingRequest.objects.exists())

    def test_report_evidence_over_the_limit_is_refused_on_the_form(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import override_settings

        self.sign_in("lead_reporter")
        with override_settings(DUBAN_MAX_UPLOAD_MB=1):
            response = self.client.post(
                f"/tasks/{self.own_task.pk}/report/",
                {"text": "进展", "state": "in_progress",
                 "evidence": SimpleUploadedFile("大.pdf", b"x" * (2 * 2**20))}, follow=True)
        self.assertContains(response, "上限为 1 MB")
        self.assertFalse(self.own_task.reports.filter(text="进展").exists())
