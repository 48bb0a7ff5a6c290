"""Django app holding the ``seed-demo`` command (no models)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "duban.demo"
    label = "duban_demo"
    verbose_name = "演示数据"
