"""Who is calling: a bearer API token (``Authorization: Bearer dbn_…``) or the web session.

Both end with ``request.user`` set, so the ledger's permission helpers decide the rest exactly
as they do for the web pages.
"""

from __future__ import annotations

from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from duban.api.tokens import user_for_token


def accept(request, user):
    if user is None:
        return None
    request.user = user
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``."""

    def authenticate(self, request, token):
        return accept(request, user_for_token(token))


class TokenHeaderAuth(APIKeyHeader):
    """``X-API-Token: <token>`` for clients that cannot set Authorization."""

    param_name = "X-API-Token"

    def authenticate(self, request, key):
        return accept(request, user_for_token(key or ""))


class SessionUserAuth(SessionAuth):
    """The signed-in web session (CSRF-checked on writes, as ninja's SessionAuth does)."""

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


API_AUTH = [TokenAuth(), TokenHeaderAuth(), SessionUserAuth()]
