"""Background jobs of the ledger (django-tasks): run by ``duban db_worker`` beside the web
processes, so that reading a costly document never holds a web worker."""

from __future__ import annotations

from django_tasks import task


@task()
def parse_upload(token: str) -> str:
    """Read and extract the upload kept under ``token`` and store its import preview; the
    memory a large document took is given back before the worker takes the next job."""
    from duban.ledger.services.import_jobs import parse_pending
    from duban.lib.memory import memory_given_back

    with memory_given_back():
        return parse_pending(token)
