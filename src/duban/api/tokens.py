"""Issuing, checking and revoking API tokens (the service verbs behind the endpoint and command)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from duban.api.models import ApiToken
from duban.ledger.permissions import is_office

TOKEN_PREFIX = "dbn_"
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# A checked token is trusted for this long by the process that checked it (one query saved per
# request); revoking in this process takes effect at once, in another worker within this time.
CHECKED_SECONDS = 5.0
CHECKED_MAX = 10_000
checked: dict[str, tuple[float, object]] = {}


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the raw token (shown only this once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[: len(TOKEN_PREFIX) + 6], digest=digest_of(raw)
    )
    return token, raw


def user_for_token(raw: str):
    """The active user of a raw token, or None; notes when it was last used (once a minute)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    digest = digest_of(raw)
    hit = checked.get(digest)
    if hit is not None and time.monotonic() - hit[0] < CHECKED_SECONDS:
        return hit[1]
    token = (
        ApiToken.objects.active()
        .select_related("user__profile")
        .filter(digest=digest, user__is_active=True)
        .first()
    )
    if token is None:
        checked.pop(digest, None)
        return None
    if len(checked) >= CHECKED_MAX:
        checked.clear()
    checked[digest] = (time.monotonic(), token.user)
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner or the office may; revoking twice keeps the first time."""
    if actor is not None and token.user_id != actor.pk and not is_office(actor):
        raise PermissionDenied("只能吊销自己的令牌")
    checked.pop(token.digest, None)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
