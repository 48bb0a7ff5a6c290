"""``duban rebuild_search``: recompute every task's search text (after edits made outside the
ledger's services, e.g. in the Django admin or by SQL)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from duban.ledger.services.search import refresh_search_text


class Command(BaseCommand):
    help = "重建全部任务的检索文本"

    def handle(self, *args, **options):
        count = refresh_search_text()
        self.stdout.write(f"已重建 {count} 条任务的检索文本")
