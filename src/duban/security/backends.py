"""The throttling authentication backend: axes' check, first in AUTHENTICATION_BACKENDS."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class ThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked username+address on every sign-in path that has a request (web page,
    admin, API session). Code on the server that checks a password without a request (a
    management command, a script) has no address to throttle by and passes through to the
    model backend, as with Django's own backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
