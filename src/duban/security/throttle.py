"""Sign-in throttling: too many failures for one username from one address lock that pair out.

The count lives in the AuthEvent table, so every worker process of a deployment sees the same
lock. A successful sign-in does not clear earlier failures: only time does, so a guessed
password cannot reset the counter for the next round of guesses.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from duban.security.models import AuthEvent, AuthEventKind


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind the proxy (DUBAN_BEHIND_PROXY) every request comes from the proxy, so the address
    is the last one of X-Forwarded-For: the one the proxy itself appended (earlier entries are
    whatever the client claimed and are not trusted).
    """
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "DUBAN_BEHIND_PROXY", False) and forwarded.strip():
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def lock_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.DUBAN_LOGIN_LOCK_MINUTES)


def recent_failures(username: str, ip: str | None) -> int:
    since = timezone.now() - lock_window()
    return AuthEvent.objects.filter(
        username=username, ip=ip, kind=AuthEventKind.FAILED, time__gte=since
    ).count()


def is_locked(username: str, ip: str | None) -> bool:
    """Whether ``username`` signing in from ``ip`` has used up its failures in the window."""
    return recent_failures(username or "", ip) >= settings.DUBAN_LOGIN_MAX_FAILURES


def lock_message() -> str:
    return (
        f"登录失败次数过多（{settings.DUBAN_LOGIN_MAX_FAILURES} 次），该账号在此地址已被锁定 "
        f"{settings.DUBAN_LOGIN_LOCK_MINUTES} 分钟，请稍后再试或联系医改办管理员。"
    )


def record_event(kind: str, request, username: str, user=None) -> AuthEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return AuthEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user if getattr(user, "pk", None) else None,
        ip=client_ip(request),
        user_agent=agent[:300],
    )
