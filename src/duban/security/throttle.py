"""Sign-in throttling with django-axes, and the sign-in audit.

Axes counts failures per username *and* address together (``AXES_LOCKOUT_PARAMETERS``), so a
colleague behind the same NAT address is never locked by someone else's typing, and keeps the
count in the database, so every web process sees the same lock. A lock is a delay, not a
hard lock: it expires after ``cool_off``, which starts short and doubles with each further
lock of the same username and address within a day (DUBAN_LOGIN_LOCK_MINUTES, up to
DUBAN_LOGIN_LOCK_MAX_MINUTES). The office sees the locked accounts and can lift a lock
(``locked_accounts``, ``unlock``).

The client's address is REMOTE_ADDR unless the request comes from one of
DUBAN_TRUSTED_PROXIES: only then is X-Forwarded-For read, from its right end, skipping the
trusted proxies, so a client cannot choose its own address by sending the header itself.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from duban.security.models import AuthEvent, AuthEventKind

DAY = dt.timedelta(days=1)


@cache
def trusted_networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def is_trusted_proxy(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    networks = trusted_networks(tuple(getattr(settings, "DUBAN_TRUSTED_PROXIES", ())))
    return any(ip in network for network in networks)


def valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the request came from (also axes' AXES_CLIENT_IP_CALLABLE).

    X-Forwarded-For is believed only when REMOTE_ADDR is a trusted proxy, and then only as far
    as the chain of trusted proxies goes: the first address from the right that is not one of
    them is the client (the entries left of it are whatever the client claimed).
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not is_trusted_proxy(hop):
            return valid_ip(hop) or remote
    return remote


def username_of(request) -> str:
    from axes.helpers import get_client_username

    credentials = getattr(request, "axes_credentials", None)
    return (get_client_username(request, credentials) or "") if request is not None else ""


def recent_failures(username: str, ip: str | None, since: dt.timedelta = DAY) -> int:
    return AuthEvent.objects.filter(username=username, ip=ip, kind=AuthEventKind.FAILED,
                                    time__gte=timezone.now() - since).count()


def failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: DUBAN_LOGIN_MAX_FAILURES, read when asked."""
    return settings.DUBAN_LOGIN_MAX_FAILURES


def cool_off_for(failures: int) -> dt.timedelta:
    """How long a username+address waits after ``failures`` failures within a day: the base
    wait for the first lock, doubled for each further lock, up to the maximum."""
    locks = max(1, -(-failures // settings.DUBAN_LOGIN_MAX_FAILURES))
    minutes = settings.DUBAN_LOGIN_LOCK_MINUTES * 2 ** min(locks - 1, 16)
    return dt.timedelta(minutes=min(minutes, settings.DUBAN_LOGIN_LOCK_MAX_MINUTES))


def cool_off(request=None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: the wait for this request's username and address."""
    if request is None:
        return dt.timedelta(minutes=settings.DUBAN_LOGIN_LOCK_MINUTES)
    return cool_off_for(recent_failures(username_of(request), client_ip(request)))


def minutes_text(delta: dt.timedelta) -> str:
    return f"{max(1, round(delta.total_seconds() / 60))} 分钟"


def lock_message(delta: dt.timedelta) -> str:
    return (f"登录失败次数过多（{settings.DUBAN_LOGIN_MAX_FAILURES} 次），该账号在此地址暂停登录 "
            f"{minutes_text(delta)}；再次失败后等待时间加倍。请稍后再试，或请医改办在“登录锁定”页解锁。")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, with the wait, as 429."""
    from django.contrib.auth.forms import AuthenticationForm

    return render(request, "web/login.html", {"form": AuthenticationForm(request),
                                              "locked_message": lock_message(cool_off(request)),
                                              "next": request.POST.get("next", "")},
                  status=429)


@dataclass
class LockedAccount:
    id: int
    username: str
    ip: str | None
    failures: int
    until: dt.datetime | None


def locked_accounts() -> list[LockedAccount]:
    """Username+address pairs locked now (failures at the limit, wait not yet over)."""
    from axes.models import AccessAttempt

    now = timezone.now()
    attempts = (AccessAttempt.objects.filter(
        failures_since_start__gte=settings.DUBAN_LOGIN_MAX_FAILURES,
        expiration__expires_at__gt=now).select_related("expiration")
        .order_by("-attempt_time"))
    return [LockedAccount(a.pk, a.username or "", a.ip_address, a.failures_since_start,
                          a.expiration.expires_at) for a in attempts]


def unlock(actor, attempt_id: int, request=None) -> LockedAccount | None:
    """Lift one lock (the office); recorded in the sign-in log as 管理员解锁."""
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return None
    lifted = LockedAccount(attempt.pk, attempt.username or "", attempt.ip_address,
                           attempt.failures_since_start, None)
    attempt.delete()
    AuthEvent.objects.create(kind=AuthEventKind.UNLOCKED, username=lifted.username[:150],
                             user=actor, ip=lifted.ip,
                             user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300]
                                         if request is not None else ""))
    return lifted


def record_event(kind: str, request, username: str, user=None) -> AuthEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return AuthEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user if getattr(user, "pk", None) else None,
        ip=client_ip(request),
        user_agent=agent[:300],
    )
