"""`duban remove_demo_accounts`: delete the accounts marked as demo accounts (`duban demo`,
`duban seed-demo`), renamed or not, before production."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from duban.security.demo import marked_demo_users


class Command(BaseCommand):
    help = "删除 duban demo 创建的演示账号（生产环境启动前必须删除）"
    # It must run exactly when the production checks refuse everything else.
    requires_system_checks = []

    def handle(self, *args, **options):
        users = marked_demo_users()
        names = sorted(users.values_list("username", flat=True))
        users.delete()
        self.stdout.write(f"已删除演示账号：{'、'.join(names) if names else '无'}")
