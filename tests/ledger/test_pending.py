"""Uploads kept between preview and confirm: bound to their uploader, tokens checked, stale ones
forgotten."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from duban.ledger.services.pending import discard_pending, discard_stale, load_pending, save_pending

OWNER, OTHER = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
# (token, note): tokens that never reach the file system
BAD_TOKENS = [("", "empty"), ("../../etc", "path traversal"), ("short", "too short"),
              ("a" * 65, "too long"), ("abc/def" * 4, "slash")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_it_keeps_an_upload_for_its_owner_only(media):
    token = save_pending(OWNER, "表.docx", b"bytes", {"tasks": []})
    pending = load_pending(OWNER, token)
    assert (pending.filename, pending.data, pending.preview) == ("表.docx", b"bytes", {"tasks": []})
    assert load_pending(OTHER, token) is None
    discard_pending(token)
    assert load_pending(OWNER, token) is None


@pytest.mark.parametrize(("token", "note"), BAD_TOKENS)
def test_it_refuses_malformed_tokens(media, token, note):
    assert load_pending(OWNER, token) is None, note


def test_it_forgets_stale_uploads(media):
    token = save_pending(OWNER, "a.docx", b"a", {})
    discard_stale(now=time.time() + 2 * 24 * 3600)
    assert load_pending(OWNER, token) is None
