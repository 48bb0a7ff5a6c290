"""The authentication backend: Django's model backend that refuses a locked username+address."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from duban.security.throttle import client_ip, is_locked


class LoginLocked(PermissionDenied):
    """Raised (and turned into a failed sign-in by Django) while a username+address is locked."""


class ThrottledModelBackend(ModelBackend):
    """Every sign-in path (web page, admin, API session) goes through this lock check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is not None and is_locked(username or "", client_ip(request)):
            request.duban_login_locked = True
            raise LoginLocked("login locked")
        return super().authenticate(request, username=username, password=password, **kwargs)
