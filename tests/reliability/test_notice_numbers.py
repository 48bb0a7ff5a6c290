"""督办单 numbers under concurrency on PostgreSQL: 12 office threads issuing at once get the
numbers 1…12 of the year, each once (the (year, seq) constraint plus a retry on conflict)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from duban.supervision.choices import Channel
from duban.supervision.models import EscalationNotice
from duban.supervision.services.manual import issue_notice
from reliability.test_concurrency import run_threads

THREADS = 12
pytestmark = [pytest.mark.usefixtures("postgresql_only"), pytest.mark.django_db(transaction=True)]


def test_concurrent_notices_get_distinct_numbers(ledger_world):
    task, office = ledger_world["task"], ledger_world["office"]
    unit = task.assignments.first().unit
    today = timezone.localdate()

    def work():
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            issue_notice(office, unit, [task], [Channel.INBOX], today)
        connection.close()

    assert run_threads([work] * THREADS) == []
    seqs = sorted(EscalationNotice.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS + 1))
    numbers = set(EscalationNotice.objects.values_list("number", flat=True))
    assert numbers == {f"督办〔{today.year}〕{n}号" for n in range(1, THREADS + 1)}
