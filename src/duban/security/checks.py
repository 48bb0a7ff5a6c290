"""Production start checks: with DUBAN_ENV=production, Django refuses to start (runserver,
migrate, check; gunicorn through ``duban.wsgi``) while DEBUG is on, the SECRET_KEY is missing or
the development default, an account marked as a demo account exists (E003, found by its mark,
not its username: see ``security.demo``), or any account can sign in with a published demo
password (E004).

They are system checks of level Error, so ``manage.py`` commands stop with a clear message and a
non-zero exit; ``refuse_unsafe_start`` does the same for a WSGI server, which runs no checks.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

REMOVE_DEMO_HINT = "删除演示账号：duban remove_demo_accounts"


def demo_accounts_present() -> list[str]:
    """Usernames of the accounts marked as demo accounts (none when the tables are not there
    yet)."""
    from duban.security.demo import marked_demo_users

    try:
        return sorted(marked_demo_users().values_list("username", flat=True))
    except DatabaseError:
        return []


def demo_passwords_in_use() -> list[str]:
    """Usernames that still sign in with a published demo password."""
    from duban.security.demo import demo_password_users

    try:
        return demo_password_users()
    except DatabaseError:
        return []


def configured_secret_key() -> str:
    try:
        return settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return ""


def secret_key_is_weak(key: str) -> bool:
    return not key or key == settings.DEVELOPMENT_SECRET_KEY or len(key) < 50


def production_errors() -> list[Error]:
    """What forbids a production start, each with its fix."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    if settings.DEBUG:
        errors.append(Error("生产模式（DUBAN_ENV=production）下不能开启 DEBUG",
                            hint="去掉环境变量 DEBUG 或设为 False", id="duban.E001"))
    if secret_key_is_weak(configured_secret_key()):
        errors.append(Error("生产模式下 SECRET_KEY 缺失、过短（少于 50 个字符）或仍是开发默认值",
                            hint="设置环境变量 SECRET_KEY，例如用 "
                                 "python -c 'import secrets; print(secrets.token_urlsafe(64))' 生成",
                            id="duban.E002"))
    present = demo_accounts_present()
    if present:
        errors.append(Error(f"生产模式下存在演示账号：{'、'.join(present)}",
                            hint=REMOVE_DEMO_HINT, id="duban.E003"))
    weak = demo_passwords_in_use()
    if weak:
        errors.append(Error(f"生产模式下以下账号仍可用公开的演示密码登录：{'、'.join(weak)}",
                            hint=f"修改这些账号的密码，或{REMOVE_DEMO_HINT}", id="duban.E004"))
    return errors


@register()
def check_production(app_configs=None, **kwargs) -> list[Error]:
    return production_errors()


def refuse_unsafe_start() -> None:
    """For WSGI servers (gunicorn): print the production errors and exit non-zero if any."""
    errors = production_errors()
    if not errors:
        return
    for error in errors:
        print(f"duban: 拒绝启动：{error.msg}（{error.hint}）[{error.id}]", file=sys.stderr)
    raise SystemExit(3)
