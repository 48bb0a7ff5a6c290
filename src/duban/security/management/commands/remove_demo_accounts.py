"""`duban remove_demo_accounts`: delete the accounts `duban demo` created (before production)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from duban.security.checks import demo_usernames


class Command(BaseCommand):
    help = "删除 duban demo 创建的演示账号（生产环境启动前必须删除）"
    # It must run exactly when the production checks refuse everything else.
    requires_system_checks = []

    def handle(self, *args, **options):
        users = get_user_model().objects.filter(username__in=demo_usernames())
        names = sorted(users.values_list("username", flat=True))
        users.delete()
        self.stdout.write(f"已删除演示账号：{'、'.join(names) if names else '无'}")
